import { randomUUID } from 'node:crypto'
import { HttpResponse } from 'msw'
import { describe, expect, it } from 'vitest'
import { CONSENT_API, textSha256, useFakeConsentApi } from '../test-support/fake-consent-api.js'
import { CLIENT_ID, type IdTokenScript, ISSUER } from '../test-support/fake-provider.js'
import { rejection } from '../test-support/rejection.js'
import { useFakeProvider } from '../test-support/setup.js'
import type { EidClient } from './client.js'
import { CONSENT_WITHDRAWN_EVENT } from './consents.js'
import {
  EidConsentError,
  EidProviderError,
  EidResponseError,
  EidTokenError,
  type TokenCheck,
} from './errors/index.js'
import { MemoryReplayGuard } from './replay-guard.js'

const nowSec = () => Math.floor(Date.now() / 1000)

describe('consents API', () => {
  const fake = useFakeProvider()
  const api = useFakeConsentApi(fake)

  const tokenRequests = () =>
    fake
      .provider()
      .requests.filter(
        (r) => r.url.pathname === '/token' && r.body?.get('grant_type') === 'client_credentials',
      )

  async function expectConsentError(promise: Promise<unknown>, reason: string, status: number | undefined) {
    const error = await rejection(promise)
    expect(error).toBeInstanceOf(EidConsentError)
    const { code, reason: actual, status: actualStatus } = error as EidConsentError
    expect({ code, reason: actual, status: actualStatus }).toEqual({
      code: 'ERR_EID_CONSENT',
      reason,
      status,
    })
  }

  async function expectResponseInvalid(promise: Promise<unknown>, status?: number) {
    const error = await rejection(promise)
    expect(error).toBeInstanceOf(EidResponseError)
    const { code, endpoint } = error as EidResponseError
    expect({ code, endpoint }).toEqual({ code: 'ERR_EID_RESPONSE_INVALID', endpoint: 'consent_api' })
    if (status !== undefined) expect((error as EidResponseError).status).toBe(status)
    return error as EidResponseError
  }

  it('lists this client’s consents as typed records', async () => {
    const eid = await fake.client()
    const consents = await eid.consents.list()
    expect(consents.map((c) => c.id)).toEqual(['cst_1', 'cst_2'])
    const first = consents[0]!
    const wire = api().records.get('cst_1')!
    expect(first).toEqual({
      id: 'cst_1',
      subject: 'sub-0001',
      clientId: CLIENT_ID,
      purpose: 'Khám bệnh có BHYT',
      attributes: ['health_insurance'],
      status: 'active',
      method: 'web',
      textShown: wire.text_shown,
      grantedAt: wire.granted_at,
      receipt: wire.receipt,
    })
    expect('withdrawnAt' in first).toBe(false)
  })

  it('authenticates with a client-credentials token of scope "consents", cached between calls', async () => {
    const eid = await fake.client()
    await eid.consents.list()
    await eid.consents.get('cst_1')
    const tokens = tokenRequests()
    expect(tokens).toHaveLength(1)
    expect(tokens[0]?.body?.get('scope')).toBe('consents')
    expect(tokens[0]?.body?.get('client_assertion_type')).toBe(
      'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
    )
    const { requests } = api()
    expect(requests).toHaveLength(2)
    expect(requests[0]?.authorization).toMatch(/^Bearer \S+$/)
    expect(requests[1]?.authorization).toBe(requests[0]?.authorization)
  })

  it('sends the subject and status filters as sub and status', async () => {
    const eid = await fake.client()
    await eid.consents.revoke('cst_2')
    const withdrawn = await eid.consents.list({ subject: 'sub-0002', status: 'withdrawn' })
    expect(withdrawn.map((c) => [c.id, c.status])).toEqual([['cst_2', 'withdrawn']])
    const last = api().requests.at(-1)!
    expect(last.method).toBe('GET')
    expect(last.url.pathname).toBe('/consent-api/consents')
    expect(Object.fromEntries(last.url.searchParams)).toEqual({ sub: 'sub-0002', status: 'withdrawn' })
    await expect(eid.consents.list({ subject: 'sub-0001', status: 'withdrawn' })).resolves.toEqual([])
  })

  it('sends no query string without a filter', async () => {
    const eid = await fake.client()
    await eid.consents.list({})
    expect(api().requests[0]?.url.href).toBe(`${CONSENT_API}/consents`)
  })

  it('gets one consent by id', async () => {
    const eid = await fake.client()
    const record = await eid.consents.get('cst_2')
    expect(record).toMatchObject({ id: 'cst_2', subject: 'sub-0002', attributes: ['vaccination'] })
    expect(api().requests[0]).toMatchObject({ method: 'GET', url: new URL(`${CONSENT_API}/consents/cst_2`) })
  })

  it('revokes a consent with DELETE and returns the withdrawn record', async () => {
    const eid = await fake.client()
    const record = await eid.consents.revoke('cst_1')
    expect(record.status).toBe('withdrawn')
    expect(record.withdrawnAt).toBeTypeOf('number')
    expect(record.withdrawnAt).toBeGreaterThanOrEqual(record.grantedAt)
    expect(api().requests[0]).toMatchObject({
      method: 'DELETE',
      url: new URL(`${CONSENT_API}/consents/cst_1`),
    })
    expect(api().records.get('cst_1')?.status).toBe('withdrawn')
  })

  it('maps 404 to EidConsentError not_found', async () => {
    const eid = await fake.client()
    await expectConsentError(eid.consents.get('cst_missing'), 'not_found', 404)
    await expectConsentError(eid.consents.revoke('cst_missing'), 'not_found', 404)
  })

  it('maps 403 (another client’s consent) to EidConsentError forbidden', async () => {
    const eid = await fake.client()
    await expectConsentError(eid.consents.get('cst_other'), 'forbidden', 403)
    await expectConsentError(eid.consents.revoke('cst_other'), 'forbidden', 403)
    expect(api().records.get('cst_other')?.status).toBe('active')
  })

  it('maps 409 (already withdrawn) to EidConsentError already_withdrawn', async () => {
    const eid = await fake.client()
    await eid.consents.revoke('cst_1')
    await expectConsentError(eid.consents.revoke('cst_1'), 'already_withdrawn', 409)
  })

  it('refuses an HTML body with ERR_EID_RESPONSE_INVALID', async () => {
    const eid = await fake.client()
    api().state.respond = () => HttpResponse.html('<html><body>Maintenance</body></html>')
    const error = await expectResponseInvalid(eid.consents.list(), 200)
    expect(error.message).not.toContain('Maintenance')
  })

  it('refuses a body labelled JSON that does not parse with ERR_EID_RESPONSE_INVALID', async () => {
    const eid = await fake.client()
    api().state.respond = () =>
      new HttpResponse('{"consents": [', { headers: { 'content-type': 'application/json' } })
    await expectResponseInvalid(eid.consents.get('cst_1'), 200)
  })

  it('refuses a 5xx answer with ERR_EID_RESPONSE_INVALID and the status', async () => {
    const eid = await fake.client()
    api().state.respond = () => HttpResponse.json({ error: 'server_error' }, { status: 503 })
    await expectResponseInvalid(eid.consents.list(), 503)
    expect(api().count()).toBe(1)
  })

  it('refuses a list without the consents array with ERR_EID_RESPONSE_INVALID', async () => {
    const eid = await fake.client()
    api().state.respond = () => HttpResponse.json([{ id: 'cst_1' }])
    await expectResponseInvalid(eid.consents.list())
  })

  it.each([
    ['without a receipt', { receipt: undefined }],
    ['with an unknown attribute', { attributes: ['passport'] }],
    ['with an unknown status', { status: 'paused' }],
    ['with granted_at as a string', { granted_at: '2026-01-01' }],
    ['with an empty id', { id: '' }],
  ])('refuses a malformed record (%s) with ERR_EID_RESPONSE_INVALID', async (_, change) => {
    const eid = await fake.client()
    const malformed = { ...api().records.get('cst_1'), ...change }
    api().state.respond = (request) =>
      HttpResponse.json(
        new URL(request.url).pathname.endsWith('/consents') ? { consents: [malformed] } : malformed,
      )
    await expectResponseInvalid(eid.consents.get('cst_1'))
    await expectResponseInvalid(eid.consents.list())
  })

  it.each([
    'a/b',
    '..',
    '../admin',
    '%2e%2e',
    'cst_1/../cst_other',
    'cst_1?x=1',
    'cst_1#x',
    '',
    ' cst_1',
    'x'.repeat(129),
  ])('refuses the id %j without any request', async (id) => {
    const eid = await fake.client()
    await expectConsentError(eid.consents.get(id), 'not_found', undefined)
    await expectConsentError(eid.consents.revoke(id), 'not_found', undefined)
    expect(api().count()).toBe(0)
    expect(tokenRequests()).toHaveLength(0)
  })

  it('refuses a non-string id without any request', async () => {
    const eid = await fake.client()
    await expectConsentError(eid.consents.get(42 as unknown as string), 'not_found', undefined)
    expect(api().count()).toBe(0)
  })

  it('maps a 401 to ERR_EID_PROVIDER invalid_token and gets a new token for the next call', async () => {
    const eid = await fake.client()
    await eid.consents.list()
    api().state.respond = () => {
      api().state.respond = undefined
      return new HttpResponse(null, {
        status: 401,
        headers: { 'www-authenticate': 'Bearer error="invalid_token"' },
      })
    }
    const error = await rejection(eid.consents.list())
    expect(error).toBeInstanceOf(EidProviderError)
    expect(error).toMatchObject({
      code: 'ERR_EID_PROVIDER',
      error: 'invalid_token',
      status: 401,
      endpoint: 'consent_api',
    })
    expect(tokenRequests()).toHaveLength(1)
    await eid.consents.list()
    expect(tokenRequests()).toHaveLength(2)
    const { requests } = api()
    expect(requests.at(-1)?.authorization).not.toBe(requests[0]?.authorization)
  })

  it('throws EidConsentError unavailable when discovery has no consent_api_endpoint', async () => {
    fake.provider().state.discovery = (doc) => HttpResponse.json({ ...doc, consent_api_endpoint: undefined })
    const eid = await fake.client()
    await expectConsentError(eid.consents.list(), 'unavailable', undefined)
    expect(api().count()).toBe(0)
  })
})

describe('verifyConsentReceipt', () => {
  const fake = useFakeProvider()
  const api = useFakeConsentApi(fake)

  const receiptClaims = (overrides: Record<string, unknown> = {}) => ({
    iss: ISSUER,
    aud: CLIENT_ID,
    sub: 'sub-0001',
    consent_id: 'cst_9',
    client_id: CLIENT_ID,
    purpose: 'Mở tài khoản',
    attributes: ['identity', 'phone'],
    method: 'app',
    text_sha256: textSha256('Tôi đồng ý'),
    iat: nowSec() - 3600,
    ...overrides,
  })

  async function expectRejected(eid: EidClient, jwt: string, check: TokenCheck) {
    const error = await rejection(eid.verifyConsentReceipt(jwt))
    expect(error).toBeInstanceOf(EidTokenError)
    const { code, token, check: actual, message } = error as EidTokenError
    expect({ code, token, check: actual }).toEqual({
      code: 'ERR_EID_TOKEN_INVALID',
      token: 'consent_receipt',
      check,
    })
    expect(message).not.toContain(jwt)
    expect(message).not.toContain('sub-0001')
  }

  it('verifies the receipt of a listed record', async () => {
    const eid = await fake.client()
    const [record] = await eid.consents.list({ subject: 'sub-0001' })
    const receipt = await eid.verifyConsentReceipt(record!.receipt)
    expect(receipt).toEqual({
      consentId: 'cst_1',
      subject: 'sub-0001',
      clientId: CLIENT_ID,
      purpose: record!.purpose,
      attributes: ['health_insurance'],
      method: 'web',
      textSha256: textSha256(record!.textShown),
      grantedAt: record!.grantedAt,
    })
    // A receipt is a document, not an event: verifying it again is fine.
    await expect(eid.verifyConsentReceipt(record!.receipt)).resolves.toEqual(receipt)
  })

  it('verifies a receipt older than a day (no maximum age)', async () => {
    const eid = await fake.client()
    const jwt = await fake.provider().sign(receiptClaims({ iat: nowSec() - 86_400 * 400 }), {
      header: { typ: 'consent-receipt+jwt' },
    })
    await expect(eid.verifyConsentReceipt(jwt)).resolves.toMatchObject({ consentId: 'cst_9', method: 'app' })
  })

  it('rejects a wrong typ', async () => {
    const eid = await fake.client()
    const jwt = await fake.provider().sign(receiptClaims(), { header: { typ: 'JWT' } })
    await expectRejected(eid, jwt, 'format')
  })

  it('rejects a receipt without typ', async () => {
    const eid = await fake.client()
    await expectRejected(eid, await fake.provider().sign(receiptClaims()), 'format')
  })

  it('rejects a receipt for another client', async () => {
    const eid = await fake.client()
    const jwt = await fake.provider().sign(receiptClaims({ client_id: 'other-bank' }), {
      header: { typ: 'consent-receipt+jwt' },
    })
    await expectRejected(eid, jwt, 'claims')
  })

  it('rejects a receipt addressed to another audience', async () => {
    const eid = await fake.client()
    const jwt = await fake.provider().sign(receiptClaims({ aud: 'other-bank', client_id: 'other-bank' }), {
      header: { typ: 'consent-receipt+jwt' },
    })
    await expectRejected(eid, jwt, 'aud')
  })

  it('rejects a receipt with a malformed text_sha256 or unknown attribute', async () => {
    const eid = await fake.client()
    const header = { typ: 'consent-receipt+jwt' }
    await expectRejected(
      eid,
      await fake.provider().sign(receiptClaims({ text_sha256: 'abc' }), { header }),
      'claims',
    )
    await expectRejected(
      eid,
      await fake.provider().sign(receiptClaims({ attributes: ['passport'] }), { header }),
      'claims',
    )
  })

  it('rejects a tampered receipt', async () => {
    const eid = await fake.client()
    const receipt = api().records.get('cst_1')!.receipt
    const [header, payload, signature] = receipt.split('.') as [string, string, string]
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString())
    claims.attributes = ['health_insurance', 'address']
    const forged = `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`
    await expectRejected(eid, forged, 'signature')
  })
})

describe('verifySecurityEvent', () => {
  const fake = useFakeProvider()
  const SUB = 'citizen-sub-4412'

  const withdrawal = (overrides: Record<string, unknown> = {}) => ({
    consent_id: 'cst_1',
    attributes: ['health_insurance'],
    purpose: 'Khám bệnh có BHYT',
    withdrawn_at: nowSec() - 5,
    ...overrides,
  })

  const setClaims = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
    iss: ISSUER,
    aud: CLIENT_ID,
    iat: nowSec(),
    jti: randomUUID(),
    sub: SUB,
    events: { [CONSENT_WITHDRAWN_EVENT]: withdrawal() },
    ...overrides,
  })

  const sign = (claims: Record<string, unknown>, script: IdTokenScript = {}) =>
    fake.provider().sign(claims, { ...script, header: { typ: 'secevent+jwt', ...script.header } })

  async function expectRejected(eid: EidClient, jwt: string, check: TokenCheck) {
    const error = await rejection(eid.verifySecurityEvent(jwt))
    expect(error).toBeInstanceOf(EidTokenError)
    const { code, token, check: actual, message } = error as EidTokenError
    expect({ code, token, check: actual }).toEqual({
      code: 'ERR_EID_TOKEN_INVALID',
      token: 'security_event',
      check,
    })
    expect(message).not.toContain(jwt)
    expect(message).not.toContain(SUB)
  }

  it('finding 3: a replayed consent event is refused for as long as it verifies, even when the provider clock runs ahead', async () => {
    // maxAgeSec is a day; with the provider 30 s ahead the event verifies until 86,460 s after it arrives.
    let t = nowSec()
    const clock = () => t
    const eid = await fake.client({}, { now: clock, replayGuard: new MemoryReplayGuard({ now: clock }) })
    const jwt = await sign(
      setClaims({ iat: t + 30, events: { [CONSENT_WITHDRAWN_EVENT]: withdrawal({ withdrawn_at: t }) } }),
    )
    await expect(eid.verifySecurityEvent(jwt)).resolves.toMatchObject({ consentId: 'cst_1' })
    t += 86_400 + 30 + 15
    await expectRejected(eid, jwt, 'jti')
    t += 20
    await expectRejected(eid, jwt, 'iat')
  })

  it('verifies a consent-withdrawal event', async () => {
    const eid = await fake.client()
    const claims = setClaims()
    const event = await eid.verifySecurityEvent(await sign(claims))
    expect(event).toEqual({
      type: CONSENT_WITHDRAWN_EVENT,
      eventId: claims.jti,
      consentId: 'cst_1',
      subject: SUB,
      attributes: ['health_insurance'],
      purpose: 'Khám bệnh có BHYT',
      withdrawnAt: withdrawal().withdrawn_at,
    })
  })

  it('takes the subject from the event when the SET has no sub, and purpose may be absent', async () => {
    const eid = await fake.client()
    const { sub: _, ...claims } = setClaims({
      events: { [CONSENT_WITHDRAWN_EVENT]: { ...withdrawal({ subject: SUB }), purpose: undefined } },
    })
    const event = await eid.verifySecurityEvent(await sign(claims))
    expect(event.subject).toBe(SUB)
    expect(event.purpose).toBeUndefined()
  })

  it('accepts typ application/secevent+jwt', async () => {
    const eid = await fake.client()
    const jwt = await sign(setClaims(), { header: { typ: 'application/secevent+jwt' } })
    await expect(eid.verifySecurityEvent(jwt)).resolves.toMatchObject({ consentId: 'cst_1' })
  })

  it('R44: rejects a bad signature (one bit altered)', async () => {
    const eid = await fake.client()
    await expectRejected(eid, await sign(setClaims(), { signing: 'tamper' }), 'signature')
  })

  it('R44: rejects a SET signed by another key', async () => {
    const eid = await fake.client()
    await expectRejected(eid, await sign(setClaims(), { signing: 'other-key' }), 'signature')
  })

  it('R44: rejects alg none and HS256 with the public key', async () => {
    const eid = await fake.client()
    await expectRejected(eid, await sign(setClaims(), { signing: 'none' }), 'alg')
    await expectRejected(eid, await sign(setClaims(), { signing: 'hs256-public-key' }), 'alg')
  })

  it('R44: rejects a wrong aud', async () => {
    const eid = await fake.client()
    await expectRejected(eid, await sign(setClaims({ aud: 'other-bank' })), 'aud')
    await expectRejected(eid, await sign(setClaims({ aud: [CLIENT_ID, 'other-bank'] })), 'aud')
  })

  it('R44: rejects a wrong iss', async () => {
    const eid = await fake.client()
    await expectRejected(eid, await sign(setClaims({ iss: 'https://evil.test' })), 'iss')
  })

  it('R44: rejects a replayed jti', async () => {
    const eid = await fake.client()
    const jwt = await sign(setClaims())
    await expect(eid.verifySecurityEvent(jwt)).resolves.toMatchObject({ consentId: 'cst_1' })
    await expectRejected(eid, jwt, 'jti')
  })

  it('R44: rejects a SET without jti', async () => {
    const eid = await fake.client()
    const { jti: _, ...claims } = setClaims()
    await expectRejected(eid, await sign(claims), 'jti')
  })

  it('R44: rejects an unknown event type', async () => {
    const eid = await fake.client()
    const events = { 'urn:dinhdanh:secevent:consent-granted': withdrawal() }
    await expectRejected(eid, await sign(setClaims({ events })), 'events')
  })

  it('R44: rejects two event types, even if one is known', async () => {
    const eid = await fake.client()
    const events = {
      [CONSENT_WITHDRAWN_EVENT]: withdrawal(),
      'https://schemas.openid.net/secevent/risc/event-type/account-disabled': {},
    }
    await expectRejected(eid, await sign(setClaims({ events })), 'events')
  })

  it('R44: rejects a SET without events, or with an empty events object', async () => {
    const eid = await fake.client()
    const { events: _, ...claims } = setClaims()
    await expectRejected(eid, await sign(claims), 'events')
    await expectRejected(eid, await sign(setClaims({ events: {} })), 'events')
  })

  it('R44: rejects a SET without the typ header', async () => {
    const eid = await fake.client()
    await expectRejected(eid, await fake.provider().sign(setClaims()), 'format')
  })

  it('R44: rejects a logout token presented as a security event (wrong typ)', async () => {
    const eid = await fake.client()
    await expectRejected(eid, await sign(setClaims(), { header: { typ: 'logout+jwt' } }), 'format')
  })

  it('R44: rejects a malformed event member', async () => {
    const eid = await fake.client()
    const events = { [CONSENT_WITHDRAWN_EVENT]: withdrawal({ attributes: 'health_insurance' }) }
    await expectRejected(eid, await sign(setClaims({ events })), 'events')
  })

  it('R44: rejects a SET older than a day', async () => {
    const eid = await fake.client()
    await expectRejected(eid, await sign(setClaims({ iat: nowSec() - 2 * 86_400 })), 'iat')
  })

  it('R44: rejects a SET with no subject at all', async () => {
    const eid = await fake.client()
    const { sub: _, ...claims } = setClaims()
    await expectRejected(eid, await sign(claims), 'sub')
  })

  it('R44: a SET rejected for another reason does not burn its jti', async () => {
    const eid = await fake.client()
    const jti = randomUUID()
    const malformed = { [CONSENT_WITHDRAWN_EVENT]: withdrawal({ withdrawn_at: 'yesterday' }) }
    await expectRejected(eid, await sign(setClaims({ jti, events: malformed })), 'events')
    const { sub: _, ...noSubject } = setClaims({ jti })
    await expectRejected(eid, await sign(noSubject), 'sub')
    const event = await eid.verifySecurityEvent(await sign(setClaims({ jti })))
    expect(event.eventId).toBe(jti)
  })

  it('R44: a valid SET with another jti passes after a rejected one, and a valid SET verified twice fails', async () => {
    const eid = await fake.client()
    const malformed = { [CONSENT_WITHDRAWN_EVENT]: { consent_id: 'cst_1' } }
    await expectRejected(eid, await sign(setClaims({ events: malformed })), 'events')
    const jwt = await sign(setClaims())
    await expect(eid.verifySecurityEvent(jwt)).resolves.toMatchObject({ type: CONSENT_WITHDRAWN_EVENT })
    await expectRejected(eid, jwt, 'jti')
  })
})

import { createHash, randomUUID } from 'node:crypto'
import { type Persona, personas } from '@dinhdanh/testing'
import { editJson, type MockEid, type SignOptions } from '@dinhdanh/testing/msw'
import * as jose from 'jose'
import { HttpResponse } from 'msw'
import { beforeEach, describe, expect, it } from 'vitest'
import { rejection } from '../test-support/rejection.js'
import { CITIZEN, CLIENT_ID, ISSUER, REDIRECT_URI, useMockEid } from '../test-support/use-mock-eid.js'
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
const CONSENT_API = `${ISSUER}/consent-api`
const OTHER_CLIENT = 'other-bank'
const OTHER_REDIRECT_URI = 'https://other-bank.test/auth/callback'
/** SHA-256 (base64url) of the consent text, as in `text_sha256` of a receipt. */
const textSha256 = (text: string) => createHash('sha256').update(text).digest('base64url')

/**
 * A citizen consents at the kit's authorization endpoint (as in a sign-in, without the token exchange):
 * the kit records the consent, which its consent API then lists. Returns the consent id.
 */
async function grantConsent(
  eid: MockEid,
  consent: { clientId: string; redirectUri: string; who: Persona; scope: string; purpose: string },
): Promise<string> {
  eid.signInAs(consent.who)
  const url = new URL(`${ISSUER}/authorize`)
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: consent.clientId,
    redirect_uri: consent.redirectUri,
    scope: `openid ${consent.scope}`,
    purpose: consent.purpose,
    code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    code_challenge_method: 'S256',
    state: 'st',
  }).toString()
  await eid.authorize(url)
  const record = eid.consentRecords().at(-1)
  if (!record) throw new Error('the kit recorded no consent')
  return record.id
}

describe('consents API', () => {
  const fake = useMockEid({
    otherClients: [
      {
        clientId: OTHER_CLIENT,
        clientSecret: 'other-bank-secret-0123456789',
        redirectUris: [OTHER_REDIRECT_URI],
      },
    ],
  })
  /** Two consents of this client (two citizens) and one of another client, made before each test. */
  const ids = { first: '', second: '', other: '' }
  const SECOND = personas.teen16
  const subjectOf = (who: Persona) => fake.eid().subjectOf(who.personalId)
  beforeEach(async () => {
    const eid = fake.eid()
    const own = { clientId: CLIENT_ID, redirectUri: REDIRECT_URI }
    ids.first = await grantConsent(eid, {
      ...own,
      who: CITIZEN,
      scope: 'health_insurance',
      purpose: 'Khám bệnh có BHYT',
    })
    ids.second = await grantConsent(eid, { ...own, who: SECOND, scope: 'vaccination', purpose: 'Tiêm chủng' })
    ids.other = await grantConsent(eid, {
      clientId: OTHER_CLIENT,
      redirectUri: OTHER_REDIRECT_URI,
      who: CITIZEN,
      scope: 'health_insurance',
      purpose: 'Khám bệnh có BHYT',
    })
    eid.signInAs(CITIZEN)
  })
  const apiRequests = () => fake.eid().requests('consent_api')
  const recordOf = (id: string) =>
    fake
      .eid()
      .consentRecords()
      .find((record) => record.id === id)

  const tokenRequests = () =>
    fake
      .eid()
      .requests('token')
      .filter((r) => r.form?.get('grant_type') === 'client_credentials')

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
    // Newest first, as the provider lists them; the other client's consent is not there.
    expect(consents.map((c) => c.id)).toEqual([ids.second, ids.first])
    const first = consents[1]!
    const kept = recordOf(ids.first)!
    expect(first).toEqual({
      id: ids.first,
      subject: subjectOf(CITIZEN),
      clientId: CLIENT_ID,
      purpose: 'Khám bệnh có BHYT',
      attributes: ['health_insurance'],
      status: 'active',
      method: kept.method,
      textShown: kept.textShown,
      grantedAt: kept.grantedAt,
      receipt: expect.any(String),
    })
    expect(jose.decodeProtectedHeader(first.receipt).typ).toBe('consent-receipt+jwt')
    expect(jose.decodeJwt(first.receipt)).toMatchObject({ consent_id: ids.first, sub: subjectOf(CITIZEN) })
    expect('withdrawnAt' in first).toBe(false)
  })

  it('authenticates with a client-credentials token of scope "consents", cached between calls', async () => {
    const eid = await fake.client()
    await eid.consents.list()
    await eid.consents.get(ids.first)
    const tokens = tokenRequests()
    expect(tokens).toHaveLength(1)
    expect(tokens[0]?.form?.get('scope')).toBe('consents')
    expect(tokens[0]?.form?.get('client_assertion_type')).toBe(
      'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
    )
    const requests = apiRequests()
    expect(requests).toHaveLength(2)
    expect(requests[0]?.headers.get('authorization')).toMatch(/^Bearer \S+$/)
    expect(requests[1]?.headers.get('authorization')).toBe(requests[0]?.headers.get('authorization'))
  })

  it('sends the subject and status filters as sub and status', async () => {
    const eid = await fake.client()
    await eid.consents.revoke(ids.second)
    const withdrawn = await eid.consents.list({ subject: subjectOf(SECOND), status: 'withdrawn' })
    expect(withdrawn.map((c) => [c.id, c.status])).toEqual([[ids.second, 'withdrawn']])
    const last = apiRequests().at(-1)!
    expect(last.method).toBe('GET')
    expect(last.url.pathname).toBe('/consent-api/consents')
    expect(Object.fromEntries(last.url.searchParams)).toEqual({ sub: subjectOf(SECOND), status: 'withdrawn' })
    await expect(eid.consents.list({ subject: subjectOf(CITIZEN), status: 'withdrawn' })).resolves.toEqual([])
  })

  it('sends no query string without a filter', async () => {
    const eid = await fake.client()
    await eid.consents.list({})
    expect(apiRequests()[0]?.url.href).toBe(`${CONSENT_API}/consents`)
  })

  it('gets one consent by id', async () => {
    const eid = await fake.client()
    const record = await eid.consents.get(ids.second)
    expect(record).toMatchObject({ id: ids.second, subject: subjectOf(SECOND), attributes: ['vaccination'] })
    expect(apiRequests()[0]).toMatchObject({
      method: 'GET',
      url: new URL(`${CONSENT_API}/consents/${ids.second}`),
    })
  })

  it('revokes a consent with DELETE and returns the withdrawn record', async () => {
    const eid = await fake.client()
    const record = await eid.consents.revoke(ids.first)
    expect(record.status).toBe('withdrawn')
    expect(record.withdrawnAt).toBeTypeOf('number')
    expect(record.withdrawnAt).toBeGreaterThanOrEqual(record.grantedAt)
    expect(apiRequests()[0]).toMatchObject({
      method: 'DELETE',
      url: new URL(`${CONSENT_API}/consents/${ids.first}`),
    })
    expect(recordOf(ids.first)?.status).toBe('withdrawn')
  })

  it('maps 404 to EidConsentError not_found', async () => {
    const eid = await fake.client()
    await expectConsentError(eid.consents.get('c_missing'), 'not_found', 404)
    await expectConsentError(eid.consents.revoke('c_missing'), 'not_found', 404)
  })

  it('maps 403 (another client’s consent) to EidConsentError forbidden', async () => {
    const eid = await fake.client()
    await expectConsentError(eid.consents.get(ids.other), 'forbidden', 403)
    await expectConsentError(eid.consents.revoke(ids.other), 'forbidden', 403)
    expect(recordOf(ids.other)?.status).toBe('active')
  })

  it('maps 409 (already withdrawn) to EidConsentError already_withdrawn', async () => {
    const eid = await fake.client()
    await eid.consents.revoke(ids.first)
    await expectConsentError(eid.consents.revoke(ids.first), 'already_withdrawn', 409)
  })

  it('refuses an HTML body with ERR_EID_RESPONSE_INVALID', async () => {
    const eid = await fake.client()
    fake
      .eid()
      .tamper.nextResponse('consent_api', () => HttpResponse.html('<html><body>Maintenance</body></html>'))
    const error = await expectResponseInvalid(eid.consents.list(), 200)
    expect(error.message).not.toContain('Maintenance')
  })

  it('refuses a body labelled JSON that does not parse with ERR_EID_RESPONSE_INVALID', async () => {
    const eid = await fake.client()
    fake
      .eid()
      .tamper.nextResponse(
        'consent_api',
        () => new HttpResponse('{"consents": [', { headers: { 'content-type': 'application/json' } }),
      )
    await expectResponseInvalid(eid.consents.get(ids.first), 200)
  })

  it('refuses a 5xx answer with ERR_EID_RESPONSE_INVALID and the status', async () => {
    const eid = await fake.client()
    fake
      .eid()
      .tamper.nextResponse('consent_api', () => HttpResponse.json({ error: 'server_error' }, { status: 503 }))
    await expectResponseInvalid(eid.consents.list(), 503)
    expect(apiRequests()).toHaveLength(1)
  })

  it('refuses a list without the consents array with ERR_EID_RESPONSE_INVALID', async () => {
    const eid = await fake.client()
    fake.eid().tamper.nextResponse('consent_api', () => HttpResponse.json([{ id: ids.first }]))
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
    // The kit's own record, one field changed, in a list or alone.
    fake.eid().tamper.nextResponse(
      'consent_api',
      editJson((body) => {
        const list = body.consents as Record<string, unknown>[] | undefined
        return list ? { consents: [{ ...list[0], ...change }] } : { ...body, ...change }
      }),
      { persist: true },
    )
    await expectResponseInvalid(eid.consents.get(ids.first))
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
    expect(apiRequests()).toHaveLength(0)
    expect(tokenRequests()).toHaveLength(0)
  })

  it('refuses a non-string id without any request', async () => {
    const eid = await fake.client()
    await expectConsentError(eid.consents.get(42 as unknown as string), 'not_found', undefined)
    expect(apiRequests()).toHaveLength(0)
  })

  it('maps a 401 to ERR_EID_PROVIDER invalid_token and gets a new token for the next call', async () => {
    const eid = await fake.client()
    await eid.consents.list()
    fake.eid().tamper.nextResponse(
      'consent_api',
      () =>
        new HttpResponse(null, {
          status: 401,
          headers: { 'www-authenticate': 'Bearer error="invalid_token"' },
        }),
    )
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
    const requests = apiRequests()
    expect(requests.at(-1)?.headers.get('authorization')).not.toBe(requests[0]?.headers.get('authorization'))
  })

  it('throws EidConsentError unavailable when discovery has no consent_api_endpoint', async () => {
    fake.eid().tamper.nextResponse(
      'discovery',
      editJson(({ consent_api_endpoint: _, ...doc }) => doc),
    )
    const eid = await fake.client()
    await expectConsentError(eid.consents.list(), 'unavailable', undefined)
    expect(apiRequests()).toHaveLength(0)
  })
})

describe('verifyConsentReceipt', () => {
  const fake = useMockEid()
  const sign = (claims: Record<string, unknown>, options: SignOptions = {}) =>
    fake.eid().keys.sign(claims, options)

  const receiptClaims = (overrides: Record<string, unknown> = {}) => ({
    iss: ISSUER,
    aud: CLIENT_ID,
    sub: 'citizen-sub-0001',
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
    expect(message).not.toContain('citizen-sub-0001')
  }

  it('verifies the receipt of a listed record', async () => {
    const eid = await fake.client()
    const subject = fake.eid().subjectOf(CITIZEN.personalId)
    const consentId = await grantConsent(fake.eid(), {
      clientId: CLIENT_ID,
      redirectUri: REDIRECT_URI,
      who: CITIZEN,
      scope: 'health_insurance',
      purpose: 'Khám bệnh có BHYT',
    })
    const [record] = await eid.consents.list({ subject })
    const receipt = await eid.verifyConsentReceipt(record!.receipt)
    expect(receipt).toEqual({
      consentId,
      subject,
      clientId: CLIENT_ID,
      purpose: record!.purpose,
      attributes: ['health_insurance'],
      method: record!.method,
      textSha256: textSha256(record!.textShown),
      grantedAt: record!.grantedAt,
    })
    // A receipt is a document, not an event: verifying it again is fine.
    await expect(eid.verifyConsentReceipt(record!.receipt)).resolves.toEqual(receipt)
  })

  it('verifies a receipt older than a day (no maximum age)', async () => {
    const eid = await fake.client()
    const jwt = await sign(receiptClaims({ iat: nowSec() - 86_400 * 400 }), {
      header: { typ: 'consent-receipt+jwt' },
    })
    await expect(eid.verifyConsentReceipt(jwt)).resolves.toMatchObject({ consentId: 'cst_9', method: 'app' })
  })

  it('rejects a wrong typ', async () => {
    const eid = await fake.client()
    const jwt = await sign(receiptClaims(), { header: { typ: 'JWT' } })
    await expectRejected(eid, jwt, 'format')
  })

  it('rejects a receipt without typ', async () => {
    const eid = await fake.client()
    await expectRejected(eid, await sign(receiptClaims()), 'format')
  })

  it('rejects a receipt for another client', async () => {
    const eid = await fake.client()
    const jwt = await sign(receiptClaims({ client_id: 'other-bank' }), {
      header: { typ: 'consent-receipt+jwt' },
    })
    await expectRejected(eid, jwt, 'claims')
  })

  it('rejects a receipt addressed to another audience', async () => {
    const eid = await fake.client()
    const jwt = await sign(receiptClaims({ aud: 'other-bank', client_id: 'other-bank' }), {
      header: { typ: 'consent-receipt+jwt' },
    })
    await expectRejected(eid, jwt, 'aud')
  })

  it('rejects a receipt with a malformed text_sha256 or unknown attribute', async () => {
    const eid = await fake.client()
    const header = { typ: 'consent-receipt+jwt' }
    await expectRejected(eid, await sign(receiptClaims({ text_sha256: 'abc' }), { header }), 'claims')
    await expectRejected(eid, await sign(receiptClaims({ attributes: ['passport'] }), { header }), 'claims')
  })

  it('rejects a tampered receipt', async () => {
    const eid = await fake.client()
    const receipt = await fake.eid().mintConsentReceipt({
      sub: 'citizen-sub-0001',
      attributes: ['health_insurance'],
      purpose: 'Khám bệnh có BHYT',
    })
    await expect(eid.verifyConsentReceipt(receipt)).resolves.toMatchObject({
      attributes: ['health_insurance'],
    })
    const [header, payload, signature] = receipt.split('.') as [string, string, string]
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString())
    claims.attributes = ['health_insurance', 'address']
    const forged = `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`
    await expectRejected(eid, forged, 'signature')
  })
})

describe('verifySecurityEvent', () => {
  const fake = useMockEid()
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

  const sign = (claims: Record<string, unknown>, options: SignOptions = {}) =>
    fake.eid().keys.sign(claims, { ...options, header: { typ: 'secevent+jwt', ...options.header } })

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
    await expectRejected(eid, await sign(setClaims(), { breakWith: 'bad_signature' }), 'signature')
  })

  it('R44: rejects a SET signed by another key', async () => {
    const eid = await fake.client()
    await expectRejected(eid, await sign(setClaims(), { breakWith: 'unknown_key' }), 'signature')
  })

  it('R44: rejects alg none and HS256 with the public key', async () => {
    const eid = await fake.client()
    await expectRejected(eid, await sign(setClaims(), { breakWith: 'alg_none' }), 'alg')
    await expectRejected(eid, await sign(setClaims(), { breakWith: 'hs256_public_key' }), 'alg')
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
    await expectRejected(eid, await fake.eid().keys.sign(setClaims()), 'format')
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

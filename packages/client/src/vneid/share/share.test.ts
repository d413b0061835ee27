import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import {
  type FakeGateway,
  SHARE_APP_LINK_BASE,
  SHARE_CALLBACK_URL,
  SHARED_DATA,
  startFakeGateway,
  WEBHOOK_SECRET,
} from '../../../test-support/fake-share-gateway.js'
import {
  NEEDS_NODE_22,
  pkcs1Supported,
  RP_KEYS,
  RP_PRIVATE_PEM,
  VNEID_CLIENT_ID,
  VNEID_SECRET,
  vneidOptions,
} from '../../../test-support/mock-vneid.js'
import { eidRejection } from '../../../test-support/rejection.js'
import { createClient, type EidError } from '../../index.js'
import { sealVneidEnvelope } from '../envelope.js'
import { shareUnsupported } from './api.js'
import type { ShareTransaction } from './transaction.js'

let gateway: FakeGateway
beforeAll(async () => {
  gateway = await startFakeGateway()
})
afterAll(() => gateway.close())
beforeEach(() => {
  gateway.requests.length = 0
  gateway.results({ json: { txnId: 'txn-1', status: 'PENDING' } })
})

const shareOptions = (extra: Record<string, unknown> = {}) => ({
  endpoints: gateway.endpoints,
  appLinkBase: SHARE_APP_LINK_BASE,
  callbackUrl: SHARE_CALLBACK_URL,
  webhookSecret: WEBHOOK_SECRET,
  poll: { initialMs: 20, maxMs: 40 },
  ...extra,
})
const client = (share: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) =>
  createClient(vneidOptions({ share: shareOptions(share), ...extra }))

const request = {
  personalId: '001090012345',
  attributes: ['identity', 'id_card', 'portrait'] as const,
  purpose: 'Mở tài khoản thanh toán',
}

/** Asserts an error leaks nothing of the exchange. */
function expectNothingLeaked(error: EidError) {
  for (const secret of [
    VNEID_SECRET,
    WEBHOOK_SECRET,
    '001090012345',
    'txn-1',
    'Nguyễn',
    SHARED_DATA.portrait.data,
  ]) {
    expect(error.message).not.toContain(secret)
  }
}

const approved = (patch: Record<string, unknown> = {}) => ({
  json: {
    txnId: 'txn-1',
    status: 'APPROVED',
    citizenPid: '001090012345',
    consentId: 'consent-7',
    data: SHARED_DATA,
    ...patch,
  },
})

async function started(share: Record<string, unknown> = {}) {
  const eid = await client(share)
  const transaction = await eid.share.start(request)
  gateway.requests.length = 0
  return { eid, transaction }
}

describe('eid.share options', () => {
  it('without share options, every method says what to add (ERR_EID_CONFIG)', async () => {
    const eid = await createClient(vneidOptions())
    const error = await eidRejection(eid.share.start(request))
    expect(error.code).toBe('ERR_EID_CONFIG')
    expect(error.message).toContain('share')
    expect(error.message).toContain('endpoints')
    expect(() => eid.share.parseCallback(`${SHARE_CALLBACK_URL}/txn-1`)).toThrow(/share/)
    expect((await eidRejection(eid.share.verifyWebhook('{}', {}))).code).toBe('ERR_EID_CONFIG')
    expect(gateway.requests).toEqual([])
  })

  it('on a standard OpenID Connect client, every method is ERR_EID_UNSUPPORTED', async () => {
    const share = shareUnsupported()
    expect((await eidRejection(share.start(request))).code).toBe('ERR_EID_UNSUPPORTED')
    expect((await eidRejection(share.result('{}'))).code).toBe('ERR_EID_UNSUPPORTED')
    expect((await eidRejection(share.verifyWebhook('{}', {}))).message).toContain('profile "vneid"')
    expect(() => share.parseCallback('https://bank.test/cb/x')).toThrow(/VNeID profile/)
  })

  it('refuses bad share options, naming each', async () => {
    const error = await eidRejection(
      client({
        endpoints: { start: 'http://gateway.example/start', result: 'https://other.example/result' },
        appLinkBase: 'not a url',
        webhookSecret: 'short',
        poll: { initialMs: 5000, maxMs: 1000 },
        headers: { signature: 'X Signature' },
      }),
    )
    expect(error.code).toBe('ERR_EID_CONFIG')
    for (const path of [
      'share.appLinkBase',
      'share.webhookSecret',
      'share.poll',
      'share.headers.signature',
    ]) {
      expect(error.message).toContain(path)
    }
    expect(error.message).not.toContain('short')
    const origins = await eidRejection(
      client({ endpoints: { start: 'https://a.example/start', result: 'https://b.example/result' } }),
    )
    expect(origins.message).toContain('share.endpoints.result')
    const plain = await eidRejection(
      client({ endpoints: { start: 'http://a.example/start', result: 'http://a.example/result' } }),
    )
    expect(plain.message).toContain('share.endpoints.start: expected https')
  })
})

describe('eid.share.start', () => {
  it('sends the wire of docs/vneid-share.md and returns a plain-JSON transaction', async () => {
    gateway.answer = () => ({ json: { txnId: 'txn-1', expiresIn: 120 } })
    const now = 1_750_000_000
    const eid = await createClient(vneidOptions({ share: shareOptions() }), { now: () => now })
    const transaction = await eid.share.start(request)
    expect(transaction).toEqual({
      txnId: 'txn-1',
      personalId: '001090012345',
      attributes: ['identity', 'id_card', 'portrait'],
      purpose: 'Mở tài khoản thanh toán',
      appLink: `${SHARE_APP_LINK_BASE}/txn-1`,
      qrPayload: `${SHARE_APP_LINK_BASE}/txn-1`,
      startedAt: now,
      expiresAt: now + 120,
    })
    expect(JSON.parse(JSON.stringify(transaction))).toEqual(transaction)
    const [sent] = gateway.requests
    expect(sent?.method).toBe('POST')
    expect(sent?.path).toBe('/vneid/share/start')
    expect(sent?.headers.authorization).toBe(
      `Basic ${Buffer.from(`${VNEID_CLIENT_ID}:${VNEID_SECRET}`).toString('base64')}`,
    )
    expect(sent?.headers['x-request-id']).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    )
    expect(sent?.headers['x-request-time']).toBe(new Date(now * 1000).toISOString())
    expect(sent?.headers['content-type']).toBe('application/json')
    expect(JSON.parse(sent?.body ?? '')).toEqual({
      citizenPid: '001090012345',
      attributes: ['identity', 'id_card', 'portrait'],
      purpose: 'Mở tài khoản thanh toán',
      callbackUrl: SHARE_CALLBACK_URL,
    })
  })

  it('a fresh request id each time; 300 s when expiresIn is absent; expiresIn as a numeric string', async () => {
    const eid = await client({ appLinkBase: `${SHARE_APP_LINK_BASE}/` })
    gateway.answer = () => ({ json: { txnId: 'a.b~c_d-1' } })
    const first = await eid.share.start(request)
    expect(first.expiresAt - first.startedAt).toBe(300)
    expect(first.appLink).toBe(`${SHARE_APP_LINK_BASE}/a.b~c_d-1`)
    gateway.answer = () => ({ json: { txnId: 'txn-2', expiresIn: '90' } })
    const second = await eid.share.start(request)
    expect(second.expiresAt - second.startedAt).toBe(90)
    const ids = gateway.requests.map((r) => r.headers['x-request-id'])
    expect(new Set(ids).size).toBe(2)
  })

  it('refuses bad arguments before sending anything (ERR_EID_CONFIG, no values echoed)', async () => {
    const eid = await client()
    const bad = [
      { ...request, personalId: '001090012346x' },
      { ...request, personalId: '999090012345' },
      { ...request, personalId: 1090012345 },
      { ...request, attributes: ['identity', 'bank_account'] },
      { ...request, attributes: [] },
      { ...request, attributes: ['portrait', 'portrait'] },
      { ...request, attributes: 'identity' },
      { ...request, purpose: '' },
      { ...request, purpose: '   ' },
      { ...request, purpose: 'x'.repeat(201) },
      { ...request, purpose: undefined },
      undefined,
    ]
    for (const args of bad) {
      const error = await eidRejection(eid.share.start(args as never))
      expect(error.code, JSON.stringify(args)).toBe('ERR_EID_CONFIG')
      expect(error.message).not.toContain('999090012345')
    }
    expect(gateway.requests).toEqual([])
    await expect(eid.share.start({ ...request, purpose: 'x'.repeat(200) })).resolves.toBeDefined()
  })

  it('refuses a purpose with bidi, zero-width, control or line-break characters (ERR_EID_CONFIG, security review #16)', async () => {
    const eid = await client()
    const hidden = [
      'Mở tài khoản\u202Eđiều khoản\u202C', // right-to-left override … pop
      'Mở tài \u2066khoản\u2069', // left-to-right isolate … pop
      'Mở\u200Btài khoản', // zero-width space
      'Mở tài\u200Dkhoản', // zero-width joiner
      '\uFEFFMở tài khoản', // byte order mark
      'Mở tài khoản\u00AD', // soft hyphen
      'Mở tài khoản\nChuyển toàn bộ số dư', // line feed
      'Mở tài khoản\r\nx',
      'Mở\ttài khoản',
      'Mở tài khoản\u2028x', // line separator
      'Mở tài khoản\u2029x', // paragraph separator
      'Mở tài khoản\u0000',
      'Mở tài khoản\u0085x', // next line (C1 control)
    ]
    for (const purpose of hidden) {
      const error = await eidRejection(eid.share.start({ ...request, purpose }))
      expect(error.code, JSON.stringify(purpose)).toBe('ERR_EID_CONFIG')
      expect(error.message).toContain('purpose')
    }
    expect(gateway.requests).toEqual([])
    // Vietnamese with its diacritics (precomposed or combining marks) and punctuation stays accepted.
    await expect(
      eid.share.start({ ...request, purpose: 'Mở tài khoản thanh toán (eKYC) – Ngân hàng Sen Vàng' }),
    ).resolves.toBeDefined()
    await expect(
      eid.share.start({ ...request, purpose: 'Mo\u031Bu\u0309 ta\u0300i khoa\u0309n' }),
    ).resolves.toBeDefined()
  })

  it('maps the gateway’s refusals and malformed answers to typed errors', async () => {
    const eid = await client()
    const cases: [Parameters<FakeGateway['results']>[0], string][] = [
      [
        { status: 400, json: { error: 'invalid_request', error_description: 'callbackUrl not registered' } },
        'ERR_EID_PROVIDER',
      ],
      [{ status: 401, json: { error: 'invalid_client' } }, 'ERR_EID_PROVIDER'],
      [{ json: { txnId: '../admin', expiresIn: 300 } }, 'ERR_EID_RESPONSE_INVALID'],
      [{ json: { txnId: '..', expiresIn: 300 } }, 'ERR_EID_RESPONSE_INVALID'],
      [{ json: { txnId: '.', expiresIn: 300 } }, 'ERR_EID_RESPONSE_INVALID'],
      [{ json: { txnId: '', expiresIn: 300 } }, 'ERR_EID_RESPONSE_INVALID'],
      [{ json: { txnId: 'x'.repeat(129), expiresIn: 300 } }, 'ERR_EID_RESPONSE_INVALID'],
      [{ json: { txnId: 'a b', expiresIn: 300 } }, 'ERR_EID_RESPONSE_INVALID'],
      [{ json: { txnId: 'a%2F', expiresIn: 300 } }, 'ERR_EID_RESPONSE_INVALID'],
      [{ json: { txnId: 42, expiresIn: 300 } }, 'ERR_EID_RESPONSE_INVALID'],
      [{ json: { txnId: 'txn-1', expiresIn: -5 } }, 'ERR_EID_RESPONSE_INVALID'],
      [{ json: { txnId: 'txn-1', expiresIn: 1.5 } }, 'ERR_EID_RESPONSE_INVALID'],
      [{ json: { txnId: 'txn-1', expiresIn: '5 minutes' } }, 'ERR_EID_RESPONSE_INVALID'],
      [{ json: [{ txnId: 'txn-1' }] }, 'ERR_EID_RESPONSE_INVALID'],
      [
        { text: '<html>Bad gateway</html>', contentType: 'text/html', status: 502 },
        'ERR_EID_RESPONSE_INVALID',
      ],
      [{ text: '{"txnId":', contentType: 'application/json' }, 'ERR_EID_RESPONSE_INVALID'],
      [{ text: `{"txnId":"txn-1","pad":"${'x'.repeat(1_100_000)}"}` }, 'ERR_EID_RESPONSE_INVALID'],
    ]
    for (const [answer, code] of cases) {
      gateway.answer = () => answer
      const error = await eidRejection(eid.share.start(request))
      expect(error.code, JSON.stringify(answer).slice(0, 80)).toBe(code)
      expectNothingLeaked(error)
    }
  })

  it('an envelope answer without an envelopeKey is ERR_EID_UNSUPPORTED', async () => {
    const eid = await client()
    gateway.answer = () => ({ json: sealVneidEnvelope(RP_KEYS.publicKey, { txnId: 'txn-1', expiresIn: 60 }) })
    expect((await eidRejection(eid.share.start(request))).code).toBe('ERR_EID_UNSUPPORTED')
  })

  it.skipIf(!pkcs1Supported)(
    `opens an envelope answer with the configured envelopeKey ${NEEDS_NODE_22}`,
    async () => {
      const eid = await client({}, { envelopeKey: RP_PRIVATE_PEM })
      gateway.answer = () => ({
        json: sealVneidEnvelope(RP_KEYS.publicKey, { txnId: 'txn-9', expiresIn: 60 }),
      })
      expect((await eid.share.start(request)).txnId).toBe('txn-9')
    },
  )
})

describe('eid.share.check', () => {
  it('pending, refused and expired are states; the request carries only the txnId, with the wire headers', async () => {
    const { eid, transaction } = await started()
    for (const status of ['PENDING', 'REFUSED', 'EXPIRED', 'pending'] as const) {
      gateway.results({ json: { txnId: 'txn-1', status } })
      expect(await eid.share.check(transaction)).toEqual({ status: status.toLowerCase(), txnId: 'txn-1' })
    }
    const sent = gateway.requests[0]
    expect(sent?.path).toBe('/vneid/share/result')
    expect(JSON.parse(sent?.body ?? '')).toEqual({ txnId: 'txn-1' })
    expect(sent?.headers.authorization).toMatch(/^Basic /)
    expect(sent?.headers['x-request-id']).toBeTruthy()
  })

  it('approved: the typed citizen, card and portrait; the consent id; what was not ticked is missing', async () => {
    const { eid, transaction } = await started()
    gateway.results(approved())
    const state = await eid.share.check(transaction)
    expect(state.status).toBe('approved')
    if (state.status !== 'approved') return
    expect(state.result).toMatchObject({
      txnId: 'txn-1',
      personalId: '001090012345',
      consentId: 'consent-7',
      missing: [],
      unavailable: [],
    })
    expect(state.result.citizen?.fullName).toBe('Nguyễn Văn An')
    expect(state.result.attributes.idCard?.kind).toBe('CC')
    expect(state.result.attributes.portrait).toEqual({
      mediaType: 'image/svg+xml',
      base64: SHARED_DATA.portrait.data,
      byteLength: Buffer.from(SHARED_DATA.portrait.data, 'base64').length,
      dataUrl: `data:image/svg+xml;base64,${SHARED_DATA.portrait.data}`,
    })
    const { portrait: _, ...withoutPortrait } = SHARED_DATA
    gateway.results(approved({ data: withoutPortrait, consentId: undefined }))
    const partial = await eid.share.check(transaction)
    if (partial.status !== 'approved') throw new Error('expected approved')
    expect(partial.result.attributes.portrait).toBeUndefined()
    expect(partial.result.missing).toEqual(['portrait'])
    expect(partial.result.consentId).toBeUndefined()
  })

  it('accepts the transaction as JSON (from a session store); refuses a tampered one without a request', async () => {
    const { eid, transaction } = await started()
    expect((await eid.share.check(JSON.stringify(transaction))).status).toBe('pending')
    gateway.requests.length = 0
    for (const bad of [
      undefined,
      '{',
      { ...transaction, txnId: '../x' },
      { ...transaction, personalId: '123' },
      { ...transaction, attributes: ['bank_account'] },
      { ...transaction, expiresAt: 'soon' },
    ]) {
      expect((await eidRejection(eid.share.check(bad as never))).code).toBe('ERR_EID_CONFIG')
    }
    expect(gateway.requests).toEqual([])
  })

  it('unknown (or another relying party’s) transaction, already fetched: typed errors', async () => {
    const { eid, transaction } = await started()
    gateway.results({ status: 404, json: { error: 'unknown_transaction' } })
    const unknown = await eidRejection(eid.share.check(transaction))
    expect(unknown).toMatchObject({ code: 'ERR_EID_SHARE_UNKNOWN', reason: 'unknown' })
    expectNothingLeaked(unknown)
    gateway.results({ status: 410, json: { error: 'already_fetched' } })
    expect(await eidRejection(eid.share.check(transaction))).toMatchObject({
      code: 'ERR_EID_SHARE_ALREADY_FETCHED',
      reason: 'already_fetched',
    })
    gateway.results({ status: 401, json: { error: 'invalid_client' } })
    expect((await eidRejection(eid.share.check(transaction))).code).toBe('ERR_EID_PROVIDER')
  })

  it('data about another citizen is ERR_EID_CITIZEN_MISMATCH, whichever claim says so', async () => {
    const { eid, transaction } = await started()
    const other = '079301000123'
    for (const answer of [
      approved({ citizenPid: other }),
      approved({ citizenPid: other, data: {} }),
      approved({ data: { ...SHARED_DATA, id_card: { ...SHARED_DATA.id_card, number: other } } }),
      approved({ data: { ...SHARED_DATA, personal_id: '001090012346' } }),
    ]) {
      gateway.results(answer)
      const error = await eidRejection(eid.share.check(transaction))
      expect(error.code).toBe('ERR_EID_CITIZEN_MISMATCH')
      expectNothingLeaked(error)
    }
    gateway.results(approved({ citizenPid: other, data: {} }))
    expect(await eidRejection(eid.share.check(transaction))).toMatchObject({
      code: 'ERR_EID_CITIZEN_MISMATCH',
      operation: 'share',
    })
  })

  it('refuses malformed answers: wrong types, another transaction, a bad portrait, a huge body', async () => {
    const { eid, transaction } = await started()
    const cases: [unknown, string][] = [
      [{ json: { txnId: 'txn-2', status: 'PENDING' } }, 'ERR_EID_RESPONSE_INVALID'],
      [{ json: { txnId: 'txn-1', status: 'DONE' } }, 'ERR_EID_RESPONSE_INVALID'],
      [{ json: { txnId: 'txn-1', status: 1 } }, 'ERR_EID_RESPONSE_INVALID'],
      [{ json: { txnId: 'txn-1' } }, 'ERR_EID_RESPONSE_INVALID'],
      [approved({ data: [SHARED_DATA] }), 'ERR_EID_RESPONSE_INVALID'],
      [approved({ citizenPid: undefined }), 'ERR_EID_RESPONSE_INVALID'],
      [approved({ citizenPid: 1090012345 }), 'ERR_EID_RESPONSE_INVALID'],
      [approved({ consentId: 7 }), 'ERR_EID_RESPONSE_INVALID'],
      [
        approved({
          data: { ...SHARED_DATA, portrait: { media_type: 'image/png', data: SHARED_DATA.portrait.data } },
        }),
        'ERR_EID_ATTRIBUTE_INVALID',
      ],
      [
        approved({ data: { ...SHARED_DATA, portrait: 'data:image/png;base64,AAAA' } }),
        'ERR_EID_ATTRIBUTE_INVALID',
      ],
      [
        approved({
          data: {
            ...SHARED_DATA,
            portrait: { media_type: 'image/jpeg', data: `/9j/${'A'.repeat(280_000)}` },
          },
        }),
        'ERR_EID_ATTRIBUTE_INVALID',
      ],
      [
        { text: `{"txnId":"txn-1","status":"PENDING","pad":"${'x'.repeat(1_100_000)}"}` },
        'ERR_EID_RESPONSE_INVALID',
      ],
    ]
    for (const [answer, code] of cases) {
      gateway.results(answer as never)
      const error = await eidRejection(eid.share.check(transaction))
      expect(error.code, JSON.stringify(answer).slice(0, 120)).toBe(code)
      expectNothingLeaked(error)
    }
  })

  it.skipIf(!pkcs1Supported)(`opens an approved answer sent as an envelope ${NEEDS_NODE_22}`, async () => {
    const eid = await client({}, { envelopeKey: RP_PRIVATE_PEM })
    gateway.results(approved())
    const transaction = await eid.share.start(request)
    gateway.results({ json: sealVneidEnvelope(RP_KEYS.publicKey, approved().json) })
    const state = await eid.share.check(transaction)
    expect(state.status === 'approved' && state.result.citizen?.personalId).toBe('001090012345')
    gateway.results({ json: { data: 'AAAA', key: 'BBBB' } })
    expect((await eidRejection(eid.share.check(transaction))).code).toBe('ERR_EID_RESPONSE_INVALID')
  })
})

describe('eid.share.result', () => {
  it('polls until approved and returns the typed result', async () => {
    const { eid, transaction } = await started()
    const pending = { json: { txnId: 'txn-1', status: 'PENDING' } }
    let calls = 0
    gateway.answer = () => (++calls < 4 ? pending : approved())
    const result = await eid.share.result(transaction)
    expect(result.attributes.idCard?.number).toBe('001090012345')
    expect(gateway.requests).toHaveLength(4)
  })

  it('refused and expired end the wait with typed errors', async () => {
    const { eid, transaction } = await started()
    gateway.results(
      { json: { txnId: 'txn-1', status: 'PENDING' } },
      { json: { txnId: 'txn-1', status: 'REFUSED' } },
    )
    const refused = await eidRejection(eid.share.result(transaction))
    expect(refused).toMatchObject({ code: 'ERR_EID_SHARE_REFUSED', reason: 'refused' })
    expectNothingLeaked(refused)
    gateway.results({ json: { txnId: 'txn-1', status: 'EXPIRED' } })
    expect((await eidRejection(eid.share.result(transaction))).code).toBe('ERR_EID_SHARE_EXPIRED')
    gateway.results({ status: 404, json: { error: 'unknown_transaction' } })
    expect((await eidRejection(eid.share.result(transaction))).code).toBe('ERR_EID_SHARE_UNKNOWN')
  })

  it('stops at the transaction’s expiry: one last look, then ERR_EID_SHARE_EXPIRED, and no more requests', async () => {
    const eid = await client()
    gateway.answer = (r) =>
      r.path.endsWith('/start')
        ? { json: { txnId: 'txn-1', expiresIn: 1 } }
        : { json: { txnId: 'txn-1', status: 'PENDING' } }
    const transaction = await eid.share.start(request)
    const error = await eidRejection(eid.share.result(transaction), 30_000)
    expect(error.code).toBe('ERR_EID_SHARE_EXPIRED')
    const count = gateway.requests.length
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(gateway.requests).toHaveLength(count)
    // A transaction already past its expiry gets one look only.
    gateway.requests.length = 0
    const past: ShareTransaction = { ...transaction, expiresAt: transaction.startedAt - 1 }
    expect((await eidRejection(eid.share.result(past))).code).toBe('ERR_EID_SHARE_EXPIRED')
    expect(gateway.requests).toHaveLength(1)
  })

  it('stops when the signal fires: at once when already aborted, and between looks', async () => {
    const { eid, transaction } = await started({ poll: { initialMs: 60_000, maxMs: 60_000 } })
    const aborted = AbortSignal.abort()
    expect((await eidRejection(eid.share.result(transaction, { signal: aborted }))).code).toBe(
      'ERR_EID_ABORTED',
    )
    expect(gateway.requests).toEqual([])
    const controller = new AbortController()
    gateway.answer = () => {
      setImmediate(() => controller.abort())
      return { json: { txnId: 'txn-1', status: 'PENDING' } }
    }
    const error = await eidRejection(eid.share.result(transaction, { signal: controller.signal }), 30_000)
    expect(error.code).toBe('ERR_EID_ABORTED')
    expect(gateway.requests).toHaveLength(1)
  })
})

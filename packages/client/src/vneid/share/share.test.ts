import { citizenWithPersona, claimsFor } from '@dinhdanh/testing'
import { createFakeClock, editJson, type MockVneidClient, type MockVneidOptions } from '@dinhdanh/testing/msw'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import {
  mockVneidFor,
  NEEDS_NODE_22,
  pkcs1Supported,
  RP_KEYS,
  RP_PRIVATE_PEM,
  VNEID_CLIENT_ID,
  VNEID_SECRET,
  vneidOptions,
} from '../../../test-support/mock-vneid.js'
import { eidRejection } from '../../../test-support/rejection.js'
import { SHARE_CALLBACK_URL, SHARED_DATA, WEBHOOK_SECRET } from '../../../test-support/share-inputs.js'
import { createClient, type EidError } from '../../index.js'
import { sealVneidEnvelope } from '../envelope.js'
import { shareUnsupported } from './api.js'
import type { ShareTransaction } from './transaction.js'

// The share gateway is the msw kit's (mockVneid, issue #11: one in-process provider): the happy path runs on
// its own transactions and controls (vneid.share.approve, refuse, expire); the hostile and odd answers are
// scripted with vneid.tamper.nextResponse('shareStart' | 'shareResult', ...), after the kit handled the
// request. What the SDK sent is read from vneid.requests('shareStart' | 'shareResult').

/** The relying party's share registration at the kit: its callback URL, exactly. */
const SHARE_CLIENT: Partial<MockVneidClient> = { shareCallbackUris: [SHARE_CALLBACK_URL] }

const server = setupServer()
let vneid = mockVneidFor(SHARE_CLIENT)
/** A fresh kit whose relying party is registered with `client` laid over {@link SHARE_CLIENT}. */
function useKit(client: Partial<MockVneidClient> = {}, kit: Pick<MockVneidOptions, 'clock'> = {}) {
  vneid = mockVneidFor({ ...SHARE_CLIENT, ...client }, kit)
  server.resetHandlers(...vneid.handlers)
}
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
beforeEach(() => useKit())
afterEach(() => server.resetHandlers())
afterAll(() => server.close())

const shareOptions = (extra: Record<string, unknown> = {}) => ({
  endpoints: vneid.share.endpoints,
  appLinkBase: vneid.share.appLinkBase,
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
/** The synthetic citizen the kit shares for {@link request}. */
const citizen = citizenWithPersona(request.personalId)
if (!citizen) throw new Error('expected a synthetic citizen for the request')

/** What a test scripts the gateway to answer instead of the kit: JSON (`json`), or raw text with a type. */
interface Scripted {
  status?: number
  json?: unknown
  text?: string
  contentType?: string
}
const scripted = (answer: Scripted) => () =>
  new Response(answer.text ?? JSON.stringify(answer.json ?? {}), {
    status: answer.status ?? 200,
    headers: { 'content-type': answer.contentType ?? 'application/json' },
  })
/** The next start is answered with `answer`. */
const startAnswers = (answer: Scripted) => vneid.tamper.nextResponse('shareStart', scripted(answer))
/** The result endpoint answers each of `answers` in turn (the last one repeated), until `tamper.clear()`. */
function resultAnswers(...answers: Scripted[]) {
  let i = 0
  vneid.tamper.nextResponse(
    'shareResult',
    () => scripted(answers[Math.min(i++, answers.length - 1)] as Scripted)(),
    { persist: true },
  )
}
/** Runs `spy` on each result request (after the kit answered it), keeping the kit's answer. */
function onEachResult(spy: (count: number) => void) {
  let count = 0
  vneid.tamper.nextResponse(
    'shareResult',
    (original) => {
      spy(++count)
      return original
    },
    { persist: true },
  )
}

/** Asserts an error leaks nothing of the exchange. */
function expectNothingLeaked(error: EidError, txnId = 'txn-1') {
  for (const secret of [
    VNEID_SECRET,
    WEBHOOK_SECRET,
    '001090012345',
    txnId,
    'Nguyễn',
    citizen?.fullName.split(' ')[0] ?? '',
    SHARED_DATA.portrait.data,
  ]) {
    expect(error.message).not.toContain(secret)
  }
}

const approved = (txnId: string, patch: Record<string, unknown> = {}) => ({
  json: {
    txnId,
    status: 'APPROVED',
    citizenPid: '001090012345',
    consentId: 'consent-7',
    data: SHARED_DATA,
    ...patch,
  },
})

/** A transaction the kit started (its own txnId), and the client that started it. */
async function started(share: Record<string, unknown> = {}) {
  const eid = await client(share)
  const transaction = await eid.share.start(request)
  return { eid, transaction, txnId: transaction.txnId }
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
    expect(vneid.requests()).toEqual([])
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
    const now = 1_750_000_000
    // The kit's clock is the client's: it checks X-Request-Time against it (within 5 minutes).
    useKit({ shareTtlSec: 120 }, { clock: createFakeClock(now) })
    const eid = await createClient(vneidOptions({ share: shareOptions() }), { now: () => now })
    const transaction = await eid.share.start(request)
    const [kept] = vneid.share.transactions()
    const txnId = kept?.txnId ?? ''
    expect(txnId).toMatch(/^[\w-]{32}$/)
    expect(transaction).toEqual({
      txnId,
      personalId: '001090012345',
      attributes: ['identity', 'id_card', 'portrait'],
      purpose: 'Mở tài khoản thanh toán',
      appLink: `${vneid.share.appLinkBase}/${txnId}`,
      qrPayload: `${vneid.share.appLinkBase}/${txnId}`,
      startedAt: now,
      expiresAt: now + 120,
    })
    expect(JSON.parse(JSON.stringify(transaction))).toEqual(transaction)
    expect(vneid.requests()).toHaveLength(1)
    const [sent] = vneid.requests('shareStart')
    expect(sent?.method).toBe('POST')
    expect(sent?.url.href).toBe(vneid.share.endpoints.start)
    expect(sent?.url.pathname).toBe('/vneid/share/start')
    expect(sent?.headers.get('authorization')).toBe(
      `Basic ${Buffer.from(`${VNEID_CLIENT_ID}:${VNEID_SECRET}`).toString('base64')}`,
    )
    expect(sent?.headers.get('x-request-id')).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    )
    expect(sent?.headers.get('x-request-time')).toBe(new Date(now * 1000).toISOString())
    expect(sent?.headers.get('content-type')).toBe('application/json')
    expect(sent?.json).toEqual({
      citizenPid: '001090012345',
      attributes: ['identity', 'id_card', 'portrait'],
      purpose: 'Mở tài khoản thanh toán',
      callbackUrl: SHARE_CALLBACK_URL,
    })
    expect(kept).toMatchObject({
      clientId: VNEID_CLIENT_ID,
      callbackUrl: SHARE_CALLBACK_URL,
      status: 'PENDING',
    })
  })

  it('a fresh request id each time; 300 s when expiresIn is absent; expiresIn as a numeric string', async () => {
    const eid = await client({ appLinkBase: `${vneid.share.appLinkBase}/` })
    vneid.tamper.nextResponse(
      'shareStart',
      editJson(({ expiresIn: _, ...body }) => ({ ...body, txnId: 'a.b~c_d-1' })),
    )
    const first = await eid.share.start(request)
    expect(first.expiresAt - first.startedAt).toBe(300)
    expect(first.appLink).toBe(`${vneid.share.appLinkBase}/a.b~c_d-1`)
    vneid.tamper.nextResponse(
      'shareStart',
      editJson((body) => ({ ...body, expiresIn: '90' })),
    )
    const second = await eid.share.start(request)
    expect(second.expiresAt - second.startedAt).toBe(90)
    const ids = vneid.requests('shareStart').map((r) => r.headers.get('x-request-id'))
    expect(ids).toHaveLength(2)
    expect(new Set(ids).size).toBe(2)
    // The kit refuses a request id used twice: both starts were taken.
    expect(vneid.share.transactions()).toHaveLength(2)
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
    expect(vneid.requests()).toEqual([])
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
    expect(vneid.requests()).toEqual([])
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
    const cases: [Scripted, string][] = [
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
      startAnswers(answer)
      const error = await eidRejection(eid.share.start(request))
      expect(error.code, JSON.stringify(answer).slice(0, 80)).toBe(code)
      expectNothingLeaked(error)
    }
    expect(vneid.requests('shareStart')).toHaveLength(cases.length)
  })

  it('an envelope answer without an envelopeKey is ERR_EID_UNSUPPORTED', async () => {
    // A relying party registered with a key: the kit seals its answers (the dialect's envelope).
    useKit({ publicKey: RP_KEYS.publicKey })
    const eid = await client()
    expect((await eidRejection(eid.share.start(request))).code).toBe('ERR_EID_UNSUPPORTED')
    expect(vneid.requests('shareStart')).toHaveLength(1)
  })

  it.skipIf(!pkcs1Supported)(
    `opens an envelope answer with the configured envelopeKey ${NEEDS_NODE_22}`,
    async () => {
      const eid = await client({}, { envelopeKey: RP_PRIVATE_PEM })
      startAnswers({ json: sealVneidEnvelope(RP_KEYS.publicKey, { txnId: 'txn-9', expiresIn: 60 }) })
      expect((await eid.share.start(request)).txnId).toBe('txn-9')
    },
  )
})

describe('eid.share.check', () => {
  it('pending, refused and expired are states; the request carries only the txnId, with the wire headers', async () => {
    const { eid, transaction, txnId } = await started()
    // PENDING and REFUSED from the kit itself (the citizen refuses in the app), then scripted answers.
    expect(await eid.share.check(transaction)).toEqual({ status: 'pending', txnId })
    vneid.share.refuse(txnId)
    expect(await eid.share.check(transaction)).toEqual({ status: 'refused', txnId })
    for (const status of ['PENDING', 'REFUSED', 'EXPIRED', 'pending'] as const) {
      vneid.tamper.nextResponse('shareResult', scripted({ json: { txnId, status } }))
      expect(await eid.share.check(transaction)).toEqual({ status: status.toLowerCase(), txnId })
    }
    const [sent] = vneid.requests('shareResult')
    expect(sent?.method).toBe('POST')
    expect(sent?.url.pathname).toBe('/vneid/share/result')
    expect(sent?.json).toEqual({ txnId })
    expect(sent?.headers.get('authorization')).toMatch(/^Basic /)
    expect(sent?.headers.get('x-request-id')).toBeTruthy()
  })

  it('approved: the typed citizen, card and portrait; the consent id; what was not ticked is missing', async () => {
    const { eid, transaction, txnId } = await started()
    vneid.share.approve(txnId)
    const state = await eid.share.check(transaction)
    expect(state.status).toBe('approved')
    if (state.status !== 'approved') return
    const [kept] = vneid.share.transactions()
    expect(kept?.consentId).toBeTruthy()
    expect(state.result).toMatchObject({
      txnId,
      personalId: '001090012345',
      consentId: kept?.consentId,
      missing: [],
      unavailable: [],
    })
    const shared = claimsFor(citizen, ['identity', 'id_card', 'portrait']) as {
      id_card: { number: string; kind: string }
      portrait: { media_type: string; data: string }
    }
    expect(state.result.citizen?.fullName).toBe(citizen.fullName)
    expect(state.result.attributes.idCard?.kind).toBe('CC')
    expect(state.result.attributes.idCard?.number).toBe(shared.id_card.number)
    expect(shared.portrait.media_type).toBe('image/svg+xml')
    expect(state.result.attributes.portrait).toEqual({
      mediaType: 'image/svg+xml',
      base64: shared.portrait.data,
      byteLength: Buffer.from(shared.portrait.data, 'base64').length,
      dataUrl: `data:image/svg+xml;base64,${shared.portrait.data}`,
    })
    // The citizen ticks identity and id_card only; this gateway sends no consent id.
    const other = await eid.share.start(request)
    vneid.share.approve(other.txnId, { attributes: ['identity', 'id_card'] })
    vneid.tamper.nextResponse(
      'shareResult',
      editJson(({ consentId: _, ...body }) => body),
    )
    const partial = await eid.share.check(other)
    if (partial.status !== 'approved') throw new Error('expected approved')
    expect(partial.result.attributes.portrait).toBeUndefined()
    expect(partial.result.attributes.idCard?.number).toBe(shared.id_card.number)
    expect(partial.result.missing).toEqual(['portrait'])
    expect(partial.result.consentId).toBeUndefined()
  })

  it('accepts the transaction as JSON (from a session store); refuses a tampered one without a request', async () => {
    const { eid, transaction } = await started()
    expect((await eid.share.check(JSON.stringify(transaction))).status).toBe('pending')
    const sent = vneid.requests().length
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
    expect(vneid.requests()).toHaveLength(sent)
  })

  it('unknown (or another relying party’s) transaction, already fetched: typed errors', async () => {
    const { eid, transaction, txnId } = await started()
    // A txnId the kit never started (as another relying party's): 404 unknown_transaction.
    const unknown = await eidRejection(eid.share.check({ ...transaction, txnId: 'txn-1' }))
    expect(unknown).toMatchObject({ code: 'ERR_EID_SHARE_UNKNOWN', reason: 'unknown' })
    expectNothingLeaked(unknown)
    expectNothingLeaked(unknown, txnId)
    // Approved data is given once: the second look gets 410 already_fetched.
    vneid.share.approve(txnId)
    expect((await eid.share.check(transaction)).status).toBe('approved')
    expect(await eidRejection(eid.share.check(transaction))).toMatchObject({
      code: 'ERR_EID_SHARE_ALREADY_FETCHED',
      reason: 'already_fetched',
    })
    // A wrong client secret: 401 invalid_client.
    const wrongSecret = await client(
      {},
      { clientAuth: { method: 'client_secret_post', secret: 'not-the-client-secret-0123456789' } },
    )
    expect((await eidRejection(wrongSecret.share.check(transaction))).code).toBe('ERR_EID_PROVIDER')
    expect(vneid.requests('shareResult')).toHaveLength(4)
  })

  it('data about another citizen is ERR_EID_CITIZEN_MISMATCH, whichever claim says so', async () => {
    const { eid, transaction, txnId } = await started()
    const other = '079301000123'
    for (const answer of [
      approved(txnId, { citizenPid: other }),
      approved(txnId, { citizenPid: other, data: {} }),
      approved(txnId, { data: { ...SHARED_DATA, id_card: { ...SHARED_DATA.id_card, number: other } } }),
      approved(txnId, { data: { ...SHARED_DATA, personal_id: '001090012346' } }),
    ]) {
      vneid.tamper.nextResponse('shareResult', scripted(answer))
      const error = await eidRejection(eid.share.check(transaction))
      expect(error.code).toBe('ERR_EID_CITIZEN_MISMATCH')
      expectNothingLeaked(error, txnId)
    }
    vneid.tamper.nextResponse('shareResult', scripted(approved(txnId, { citizenPid: other, data: {} })))
    expect(await eidRejection(eid.share.check(transaction))).toMatchObject({
      code: 'ERR_EID_CITIZEN_MISMATCH',
      operation: 'share',
    })
  })

  it('refuses malformed answers: wrong types, another transaction, a bad portrait, a huge body', async () => {
    const { eid, transaction, txnId } = await started()
    const cases: [Scripted, string][] = [
      [{ json: { txnId: 'txn-2', status: 'PENDING' } }, 'ERR_EID_RESPONSE_INVALID'],
      [{ json: { txnId, status: 'DONE' } }, 'ERR_EID_RESPONSE_INVALID'],
      [{ json: { txnId, status: 1 } }, 'ERR_EID_RESPONSE_INVALID'],
      [{ json: { txnId } }, 'ERR_EID_RESPONSE_INVALID'],
      [approved(txnId, { data: [SHARED_DATA] }), 'ERR_EID_RESPONSE_INVALID'],
      [approved(txnId, { citizenPid: undefined }), 'ERR_EID_RESPONSE_INVALID'],
      [approved(txnId, { citizenPid: 1090012345 }), 'ERR_EID_RESPONSE_INVALID'],
      [approved(txnId, { consentId: 7 }), 'ERR_EID_RESPONSE_INVALID'],
      [
        approved(txnId, {
          data: { ...SHARED_DATA, portrait: { media_type: 'image/png', data: SHARED_DATA.portrait.data } },
        }),
        'ERR_EID_ATTRIBUTE_INVALID',
      ],
      [
        approved(txnId, { data: { ...SHARED_DATA, portrait: 'data:image/png;base64,AAAA' } }),
        'ERR_EID_ATTRIBUTE_INVALID',
      ],
      [
        approved(txnId, {
          data: {
            ...SHARED_DATA,
            portrait: { media_type: 'image/jpeg', data: `/9j/${'A'.repeat(280_000)}` },
          },
        }),
        'ERR_EID_ATTRIBUTE_INVALID',
      ],
      [
        { text: `{"txnId":"${txnId}","status":"PENDING","pad":"${'x'.repeat(1_100_000)}"}` },
        'ERR_EID_RESPONSE_INVALID',
      ],
    ]
    for (const [answer, code] of cases) {
      vneid.tamper.nextResponse('shareResult', scripted(answer))
      const error = await eidRejection(eid.share.check(transaction))
      expect(error.code, JSON.stringify(answer).slice(0, 120)).toBe(code)
      expectNothingLeaked(error, txnId)
    }
    expect(vneid.requests('shareResult')).toHaveLength(cases.length)
  })

  it.skipIf(!pkcs1Supported)(`opens an approved answer sent as an envelope ${NEEDS_NODE_22}`, async () => {
    const eid = await client({}, { envelopeKey: RP_PRIVATE_PEM })
    const transaction = await eid.share.start(request)
    const { txnId } = transaction
    resultAnswers({ json: sealVneidEnvelope(RP_KEYS.publicKey, approved(txnId).json) })
    const state = await eid.share.check(transaction)
    expect(state.status === 'approved' && state.result.citizen?.personalId).toBe('001090012345')
    resultAnswers({ json: { data: 'AAAA', key: 'BBBB' } })
    expect((await eidRejection(eid.share.check(transaction))).code).toBe('ERR_EID_RESPONSE_INVALID')
  })
})

describe('eid.share.result', () => {
  it('polls until approved and returns the typed result', async () => {
    const { eid, transaction, txnId } = await started()
    // The citizen approves in the app while the SDK polls: after the kit answered the third look PENDING.
    onEachResult((count) => {
      if (count === 3) vneid.share.approve(txnId)
    })
    const result = await eid.share.result(transaction)
    expect(result.attributes.idCard?.number).toBe('001090012345')
    expect(result.citizen?.fullName).toBe(citizen.fullName)
    expect(vneid.requests('shareResult')).toHaveLength(4)
  })

  it('refused and expired end the wait with typed errors', async () => {
    const { eid, transaction, txnId } = await started()
    // The citizen refuses in the app after the first look (PENDING).
    onEachResult((count) => {
      if (count === 1) vneid.share.refuse(txnId)
    })
    const refused = await eidRejection(eid.share.result(transaction))
    expect(refused).toMatchObject({ code: 'ERR_EID_SHARE_REFUSED', reason: 'refused' })
    expectNothingLeaked(refused, txnId)
    expect(vneid.requests('shareResult')).toHaveLength(2)
    const expiring = await eid.share.start(request)
    vneid.share.expire(expiring.txnId)
    expect((await eidRejection(eid.share.result(expiring))).code).toBe('ERR_EID_SHARE_EXPIRED')
    expect((await eidRejection(eid.share.result({ ...transaction, txnId: 'txn-1' }))).code).toBe(
      'ERR_EID_SHARE_UNKNOWN',
    )
  })

  it('stops at the transaction’s expiry: one last look, then ERR_EID_SHARE_EXPIRED, and no more requests', async () => {
    const eid = await client()
    // The gateway gives 1 s; the kit itself keeps the transaction PENDING (300 s).
    vneid.tamper.nextResponse(
      'shareStart',
      editJson((body) => ({ ...body, expiresIn: 1 })),
    )
    const transaction = await eid.share.start(request)
    expect(transaction.expiresAt - transaction.startedAt).toBe(1)
    const error = await eidRejection(eid.share.result(transaction), 30_000)
    expect(error.code).toBe('ERR_EID_SHARE_EXPIRED')
    const count = vneid.requests('shareResult').length
    expect(count).toBeGreaterThan(0)
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(vneid.requests('shareResult')).toHaveLength(count)
    // A transaction already past its expiry gets one look only.
    const past: ShareTransaction = { ...transaction, expiresAt: transaction.startedAt - 1 }
    expect((await eidRejection(eid.share.result(past))).code).toBe('ERR_EID_SHARE_EXPIRED')
    expect(vneid.requests('shareResult')).toHaveLength(count + 1)
  })

  it('stops when the signal fires: at once when already aborted, and between looks', async () => {
    const { eid, transaction } = await started({ poll: { initialMs: 60_000, maxMs: 60_000 } })
    const aborted = AbortSignal.abort()
    expect((await eidRejection(eid.share.result(transaction, { signal: aborted }))).code).toBe(
      'ERR_EID_ABORTED',
    )
    expect(vneid.requests('shareResult')).toEqual([])
    const controller = new AbortController()
    onEachResult(() => setImmediate(() => controller.abort()))
    const error = await eidRejection(eid.share.result(transaction, { signal: controller.signal }), 30_000)
    expect(error.code).toBe('ERR_EID_ABORTED')
    expect(vneid.requests('shareResult')).toHaveLength(1)
  })
})

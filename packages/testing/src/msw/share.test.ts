import { createClient, type EidClient } from '@dinhdanh/client'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { citizenWithPersona, personas } from '../personas.js'
import { portraitSvg } from '../population/portrait.js'
import { createFakeClock } from './fake-clock.js'
import { editJson } from './tamper.js'
import { mockVneid } from './vneid-dialect.js'

const ISSUER = 'https://sso.vneid.test'
const REDIRECT_URI = 'https://bank.test/auth/vneid/callback'
const CALLBACK = 'https://bank.test/callback/vneid'
const OTHER_CALLBACK = 'https://other.test/callback/vneid'
const SECRET = 'bank-secret-0123456789abcdef'
const OTHER_SECRET = 'other-secret-0123456789abcdef'
const CITIZEN = personas.level2Adult.personalId
const PURPOSE = 'Mở tài khoản thanh toán'
const EKYC = ['identity', 'id_card', 'portrait'] as const

const vneid = mockVneid({
  issuer: ISSUER,
  clients: [
    { clientId: 'bank', clientSecret: SECRET, redirectUris: [REDIRECT_URI], shareCallbackUris: [CALLBACK] },
    { clientId: 'other-bank', clientSecret: OTHER_SECRET, shareCallbackUris: [OTHER_CALLBACK] },
  ],
})
const server = setupServer(...vneid.handlers)

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterEach(() => {
  vneid.reset()
  server.resetHandlers()
})
afterAll(() => server.close())

function shareClient(
  clientId = 'bank',
  secret = SECRET,
  callbackUrl = CALLBACK,
  kit = vneid,
  now?: () => number,
): Promise<EidClient> {
  return createClient(
    {
      profile: 'vneid',
      issuer: kit.issuer,
      endpoints: kit.endpoints,
      clientId,
      clientAuth: { method: 'client_secret_post', secret },
      redirectUri: REDIRECT_URI,
      share: {
        endpoints: kit.share.endpoints,
        appLinkBase: kit.share.appLinkBase,
        callbackUrl,
        poll: { initialMs: 10, maxMs: 20 },
      },
    },
    now ? { now } : {},
  )
}

const startEkyc = (eid: EidClient, personalId: string = CITIZEN) =>
  eid.share.start({ personalId, attributes: EKYC, purpose: PURPOSE })

describe('mockVneid share: the whole flow with the SDK', () => {
  it('start → the citizen approves → callback → result with the citizen, id card and portrait, once', async () => {
    const eid = await shareClient()
    const transaction = await startEkyc(eid)
    expect(transaction.appLink).toBe(`${ISSUER}/share/${transaction.txnId}`)
    expect(vneid.share.transactions()).toEqual([
      expect.objectContaining({
        txnId: transaction.txnId,
        clientId: 'bank',
        citizenPid: CITIZEN,
        attributes: [...EKYC],
        purpose: PURPOSE,
        callbackUrl: CALLBACK,
        status: 'PENDING',
        fetched: false,
      }),
    ])
    expect(await eid.share.check(transaction)).toEqual({ status: 'pending', txnId: transaction.txnId })

    const callback = vneid.share.approve(transaction.txnId)
    expect(callback).toBe(`${CALLBACK}/${encodeURIComponent(`${transaction.txnId}|APPROVED`)}`)
    expect(eid.share.parseCallback(callback)).toEqual({ txnId: transaction.txnId, status: 'approved' })

    const result = await eid.share.result(transaction)
    const citizen = citizenWithPersona(CITIZEN)!
    expect(result.personalId).toBe(CITIZEN)
    expect(result.citizen).toMatchObject({ personalId: CITIZEN, fullName: citizen.fullName })
    expect(result.attributes.idCard?.number).toBe(citizen.idCard?.number)
    const portrait = result.attributes.portrait!
    expect(portrait.mediaType).toBe('image/svg+xml')
    expect(Buffer.from(portrait.base64, 'base64').toString('utf8')).toBe(portraitSvg(citizen))
    expect(result.missing).toEqual([])
    const [state] = vneid.share.transactions()
    expect(result.consentId).toBe(state?.consentId)
    expect(result.consentId).toMatch(/^c_/)
    expect(state).toMatchObject({ status: 'APPROVED', granted: [...EKYC], fetched: true })

    await expect(eid.share.result(transaction)).rejects.toMatchObject({
      code: 'ERR_EID_SHARE_ALREADY_FETCHED',
    })
  })

  it('the citizen ticks only some attributes: the others are missing', async () => {
    const eid = await shareClient()
    const transaction = await startEkyc(eid)
    vneid.share.approve(transaction.txnId, { attributes: ['identity', 'phone'] })
    const result = await eid.share.result(transaction)
    expect(result.citizen?.personalId).toBe(CITIZEN)
    expect(result.attributes.idCard).toBeUndefined()
    expect(result.attributes.portrait).toBeUndefined()
    expect(result.missing).toEqual(['id_card', 'portrait'])
  })

  it('refused: the callback says REFUSED and result() throws ERR_EID_SHARE_REFUSED', async () => {
    const eid = await shareClient()
    const transaction = await startEkyc(eid)
    const callback = vneid.share.refuse(transaction.txnId)
    expect(eid.share.parseCallback(callback)).toEqual({ txnId: transaction.txnId, status: 'refused' })
    expect(await eid.share.check(transaction)).toEqual({ status: 'refused', txnId: transaction.txnId })
    await expect(eid.share.result(transaction)).rejects.toMatchObject({ code: 'ERR_EID_SHARE_REFUSED' })
  })

  it('expired by expire(): result() throws ERR_EID_SHARE_EXPIRED', async () => {
    const eid = await shareClient()
    const transaction = await startEkyc(eid)
    vneid.share.expire(transaction.txnId)
    await expect(eid.share.result(transaction)).rejects.toMatchObject({ code: 'ERR_EID_SHARE_EXPIRED' })
  })

  it('expired by the clock: past shareTtlSec the result answers EXPIRED', async () => {
    const clock = createFakeClock()
    const timed = mockVneid({
      issuer: ISSUER,
      clients: [{ clientId: 'bank', clientSecret: SECRET, shareTtlSec: 60 }],
      clock,
    })
    server.use(...timed.handlers)
    const eid = await shareClient('bank', SECRET, CALLBACK, timed, clock.now)
    const transaction = await startEkyc(eid)
    expect(transaction.expiresAt - transaction.startedAt).toBe(60)
    clock.advance(59)
    expect((await eid.share.check(transaction)).status).toBe('pending')
    clock.advance(1)
    expect((await eid.share.check(transaction)).status).toBe('expired')
    expect(() => timed.share.approve(transaction.txnId)).toThrow(/EXPIRED/)
  })

  it('autoAnswer: every transaction started is answered at once, until reset()', async () => {
    const eid = await shareClient()
    vneid.share.autoAnswer('approve', { attributes: ['identity'] })
    const approved = await eid.share.result(await startEkyc(eid))
    expect(approved.citizen?.personalId).toBe(CITIZEN)
    expect(approved.missing).toEqual(['id_card', 'portrait'])
    vneid.share.autoAnswer('refuse')
    await expect(eid.share.result(await startEkyc(eid))).rejects.toMatchObject({
      code: 'ERR_EID_SHARE_REFUSED',
    })
    vneid.share.autoAnswer('expire')
    await expect(eid.share.result(await startEkyc(eid))).rejects.toMatchObject({
      code: 'ERR_EID_SHARE_EXPIRED',
    })
    vneid.reset()
    expect(vneid.share.transactions()).toEqual([])
    expect((await eid.share.check(await startEkyc(eid))).status).toBe('pending')
  })
})

describe('mockVneid share: what the gateway refuses', () => {
  it('an unknown transaction: ERR_EID_SHARE_UNKNOWN', async () => {
    const eid = await shareClient()
    const transaction = await startEkyc(eid)
    vneid.reset() // the kit forgets it, as a gateway that never saw it
    await expect(eid.share.check(transaction)).rejects.toMatchObject({ code: 'ERR_EID_SHARE_UNKNOWN' })
  })

  it("another relying party's transaction answers as unknown, and is not used up by the attempt", async () => {
    const other = await shareClient('other-bank', OTHER_SECRET, OTHER_CALLBACK)
    const theirs = await startEkyc(other)
    vneid.share.approve(theirs.txnId)
    const eid = await shareClient()
    await expect(eid.share.result(theirs)).rejects.toMatchObject({ code: 'ERR_EID_SHARE_UNKNOWN' })
    expect((await other.share.result(theirs)).citizen?.personalId).toBe(CITIZEN)
  })

  it('a callback URL the client did not register: ERR_EID_PROVIDER invalid_request, nothing started', async () => {
    const eid = await shareClient('bank', SECRET, 'https://bank.test/elsewhere')
    await expect(startEkyc(eid)).rejects.toMatchObject({ code: 'ERR_EID_PROVIDER', error: 'invalid_request' })
    expect(vneid.share.transactions()).toEqual([])
  })

  it('a wrong client secret: ERR_EID_PROVIDER invalid_client', async () => {
    const eid = await shareClient('bank', 'not-the-secret-0123456789')
    await expect(startEkyc(eid)).rejects.toMatchObject({ code: 'ERR_EID_PROVIDER', error: 'invalid_client' })
  })

  it('the controls refuse what the app cannot do', async () => {
    const eid = await shareClient()
    expect(() => vneid.share.approve('no-such-transaction')).toThrow(RangeError)
    const transaction = await startEkyc(eid)
    expect(() => vneid.share.approve(transaction.txnId, { attributes: ['phone'] })).toThrow(/refuse/)
    vneid.share.refuse(transaction.txnId)
    expect(() => vneid.share.approve(transaction.txnId)).toThrow(/REFUSED/)
    expect(() => vneid.share.expire(transaction.txnId)).toThrow(/REFUSED/)
    const locked = await startEkyc(eid, personas.locked.personalId)
    expect(() => vneid.share.approve(locked.txnId)).toThrow(/no active e-ID account/)
    vneid.share.autoAnswer('approve')
    const stillPending = await startEkyc(eid, personas.toddler4NoAccount.personalId)
    expect((await eid.share.check(stillPending)).status).toBe('pending')
  })
})

describe('mockVneid share: requests() and tamper cover the share endpoints', () => {
  it("requests('shareStart') and requests('shareResult') list what the SDK sent, the JSON body parsed", async () => {
    const eid = await shareClient()
    const transaction = await startEkyc(eid)
    await eid.share.check(transaction)
    expect(vneid.requests().map((request) => request.endpoint)).toEqual(['shareStart', 'shareResult'])
    const [start] = vneid.requests('shareStart')
    expect(start?.method).toBe('POST')
    expect(start?.url.href).toBe(vneid.share.endpoints.start)
    expect(start?.headers.get('authorization')).toBe(
      `Basic ${Buffer.from(`bank:${SECRET}`).toString('base64')}`,
    )
    expect(start?.json).toEqual({
      citizenPid: CITIZEN,
      attributes: [...EKYC],
      purpose: PURPOSE,
      callbackUrl: CALLBACK,
    })
    expect(start?.form).toBeUndefined()
    const [result] = vneid.requests('shareResult')
    expect(result?.url.href).toBe(vneid.share.endpoints.result)
    expect(result?.json).toEqual({ txnId: transaction.txnId })
    vneid.reset()
    expect(vneid.requests()).toEqual([])
  })

  it('tamper.nextResponse replaces the next share answer once, after the kit handled the request', async () => {
    const eid = await shareClient()
    vneid.tamper.nextResponse('shareStart', () => new Response('<h1>502</h1>', { status: 502 }))
    await expect(startEkyc(eid)).rejects.toMatchObject({ code: 'ERR_EID_RESPONSE_INVALID', status: 502 })
    // The kit started the transaction all the same; the next start is answered as usual.
    expect(vneid.share.transactions()).toHaveLength(1)
    const transaction = await startEkyc(eid)
    vneid.share.approve(transaction.txnId)
    vneid.tamper.nextResponse(
      'shareResult',
      editJson((body) => ({ ...body, status: 'DONE' })),
    )
    await expect(eid.share.check(transaction)).rejects.toMatchObject({ code: 'ERR_EID_RESPONSE_INVALID' })
    // The kit gave the approved data (once) before the answer was replaced: it is fetched now.
    await expect(eid.share.check(transaction)).rejects.toMatchObject({
      code: 'ERR_EID_SHARE_ALREADY_FETCHED',
    })
  })

  it('{ persist: true } keeps a share tampering on until tamper.clear()', async () => {
    const eid = await shareClient()
    const transaction = await startEkyc(eid)
    vneid.tamper.nextResponse(
      'shareResult',
      () => Response.json({ error: 'server_error' }, { status: 503 }),
      { persist: true },
    )
    for (let attempt = 0; attempt < 2; attempt++) {
      await expect(eid.share.check(transaction)).rejects.toMatchObject({ code: 'ERR_EID_PROVIDER' })
    }
    vneid.tamper.clear()
    expect(await eid.share.check(transaction)).toEqual({ status: 'pending', txnId: transaction.txnId })
    expect(vneid.requests('shareResult')).toHaveLength(3)
  })
})

/**
 * Sharing by transaction (docs/vneid-share.md), the whole flow over loopback HTTP: the real mock provider
 * in process, a relying party (a tiny HTTP server for the callback and the webhook) using the real
 * @dinhdanh/client by its package name, and the citizen approving on the mock's phone simulator. Then
 * parity: the msw kit gives the same data for the same citizen.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createClient, type EidClient, type ShareCallback, type ShareResult } from '@dinhdanh/client'
import { createMockIdp, type MockIdp } from '@dinhdanh/mock-idp'
import { citizenWithPersona, personas, portraitSvg } from '@dinhdanh/testing'
import { mockVneid } from '@dinhdanh/testing/msw'
import { setupServer } from 'msw/node'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { openShareOnPhone } from './support/phone-share.js'

const SECRET = 'share-bank-secret-0123456789'
const WEBHOOK_SECRET = 'a-webhook-secret-of-at-least-32-characters'
const CITIZEN = personas.level2Adult.personalId
const EKYC = ['identity', 'id_card', 'portrait'] as const
const PURPOSE = 'Mở tài khoản thanh toán'

/** What the relying party's server received: callbacks (parsed by the SDK) and raw webhooks. */
const callbacks: ShareCallback[] = []
const webhooks: { body: Buffer; headers: IncomingHttpHeaders }[] = []
let rp: Server
let rpOrigin: string
let idp: MockIdp
let eid: EidClient

beforeAll(async () => {
  rp = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      if (req.method === 'POST' && req.url === '/webhooks/vneid-share') {
        webhooks.push({ body: Buffer.concat(chunks), headers: req.headers })
        res.writeHead(204).end()
      } else if (req.method === 'GET' && req.url?.startsWith('/callback/vneid/')) {
        callbacks.push(eid.share.parseCallback(req.url))
        res.writeHead(200, { 'content-type': 'text/plain' }).end('callback received')
      } else res.writeHead(404).end()
    })
  })
  await new Promise<void>((resolve) => rp.listen(0, '127.0.0.1', resolve))
  rpOrigin = `http://127.0.0.1:${(rp.address() as AddressInfo).port}`
  idp = await createMockIdp({
    port: 0,
    store: 'memory',
    logLevel: 'silent',
    clients: [
      {
        client_id: 'ekyc-bank',
        client_name: 'Ngân hàng Thử',
        dialect: 'vneid',
        encrypt: false,
        client_secret: SECRET,
        redirect_uris: [`${rpOrigin}/auth/callback`],
        share_callback_uris: [`${rpOrigin}/callback/vneid`],
        share_webhook_uri: `${rpOrigin}/webhooks/vneid-share`,
        share_webhook_secret: WEBHOOK_SECRET,
      },
    ],
  })
  eid = await createClient({
    profile: 'vneid',
    issuer: idp.url,
    endpoints: {
      authorization: `${idp.url}/vneid/authorize`,
      token: `${idp.url}/vneid/token`,
      userinfo: `${idp.url}/vneid/userinfo`,
    },
    clientId: 'ekyc-bank',
    clientAuth: { method: 'client_secret_post', secret: SECRET },
    redirectUri: `${rpOrigin}/auth/callback`,
    share: {
      endpoints: { start: `${idp.url}/vneid/share/start`, result: `${idp.url}/vneid/share/result` },
      appLinkBase: `${idp.url}/share`,
      callbackUrl: `${rpOrigin}/callback/vneid`,
      webhookSecret: WEBHOOK_SECRET,
    },
  })
})
afterAll(async () => {
  await idp?.close()
  rp?.closeAllConnections()
  await new Promise<void>((resolve) => (rp ? rp.close(() => resolve()) : resolve()))
})

/** The webhook delivery about `txnId`, once it arrived. */
async function webhookOf(txnId: string) {
  await vi.waitFor(() => expect(webhooks.some((w) => w.body.includes(txnId))).toBe(true), { timeout: 10_000 })
  return webhooks.find((w) => w.body.includes(txnId))!
}

/** The mock provider's result of the whole flow, kept for the parity check. */
let viaMockIdp: ShareResult<typeof EKYC> | undefined

describe('share by transaction: @dinhdanh/client against the mock provider, over loopback', () => {
  it('start → the citizen approves on the phone → callback → result (citizen, id card, portrait) once → signed webhook', async () => {
    const transaction = await eid.share.start({ personalId: CITIZEN, attributes: EKYC, purpose: PURPOSE })
    expect(transaction.appLink).toBe(`${idp.url}/share/${transaction.txnId}`)

    const { tab, page } = await openShareOnPhone(idp.url, idp.adminToken, transaction.appLink, CITIZEN)
    expect(page.status).toBe(200)
    expect(page.html).toContain(PURPOSE)
    const offered = [...page.html.matchAll(/name="attributes" value="([a-z_]+)"/g)].map(([, name]) => name)
    expect(offered).toEqual([...EKYC])
    expect(page.html).not.toMatch(/\bchecked\b/) // nothing pre-ticked: the citizen ticks
    const landed = await tab.submit(page, `/phone/share/`, { decision: 'approve', attributes: [...EKYC] })
    // The browser lands on the relying party's callback, which the SDK reads (advisory only).
    expect(landed.url.origin).toBe(rpOrigin)
    expect(landed.html).toBe('callback received')
    expect(callbacks.at(-1)).toEqual({ txnId: transaction.txnId, status: 'approved' })

    const result = await eid.share.result(transaction, { signal: AbortSignal.timeout(10_000) })
    const citizen = citizenWithPersona(CITIZEN)!
    expect(result.personalId).toBe(CITIZEN)
    expect(result.citizen).toMatchObject({ personalId: CITIZEN, fullName: citizen.fullName })
    expect(result.attributes.idCard?.number).toBe(citizen.idCard?.number)
    const portrait = result.attributes.portrait!
    expect(portrait.mediaType).toBe('image/svg+xml')
    expect(Buffer.from(portrait.base64, 'base64').equals(Buffer.from(portraitSvg(citizen), 'utf8'))).toBe(
      true,
    )
    expect(result.missing).toEqual([])
    expect(result.consentId).toEqual(expect.any(String))
    viaMockIdp = result
    await expect(eid.share.result(transaction)).rejects.toMatchObject({
      code: 'ERR_EID_SHARE_ALREADY_FETCHED',
    })

    // The webhook: verified over its raw body, bound to the transaction; a tampered copy is refused.
    const delivery = await webhookOf(transaction.txnId)
    const event = await eid.share.verifyWebhook(delivery.body, delivery.headers)
    const state = eid.share.matchWebhookEvent(event, transaction)
    expect(state.status).toBe('approved')
    if (state.status === 'approved') {
      expect(state.result.consentId).toBe(result.consentId)
      expect(state.result.attributes.portrait?.base64).toBe(portrait.base64)
    }
    const tampered = Buffer.from(delivery.body.toString('utf8').replace('"APPROVED"', '"REFUSED"'))
    expect(tampered.equals(delivery.body)).toBe(false)
    await expect(eid.share.verifyWebhook(tampered, delivery.headers)).rejects.toMatchObject({
      code: 'ERR_EID_WEBHOOK_INVALID',
      reason: 'signature',
    })
  })

  it('the citizen refuses on the phone → callback says refused → result() throws ERR_EID_SHARE_REFUSED', async () => {
    const transaction = await eid.share.start({ personalId: CITIZEN, attributes: EKYC, purpose: PURPOSE })
    const { tab, page } = await openShareOnPhone(idp.url, idp.adminToken, transaction.appLink, CITIZEN)
    const landed = await tab.submit(page, `/phone/share/`, { decision: 'refuse' })
    expect(landed.url.origin).toBe(rpOrigin)
    expect(callbacks.at(-1)).toEqual({ txnId: transaction.txnId, status: 'refused' })
    await expect(eid.share.result(transaction)).rejects.toMatchObject({ code: 'ERR_EID_SHARE_REFUSED' })
    const delivery = await webhookOf(transaction.txnId)
    const event = await eid.share.verifyWebhook(delivery.body, delivery.headers)
    expect(event).toMatchObject({ txnId: transaction.txnId, status: 'refused' })
  })
})

describe('parity: the msw kit shares what the mock provider shares', () => {
  it('the same citizen and ticked attributes give the same citizen, id card, portrait and missing list', async () => {
    expect(viaMockIdp).toBeDefined()
    const vneid = mockVneid({
      issuer: 'https://sso.vneid.parity.test',
      clients: [{ clientId: 'ekyc-bank', clientSecret: SECRET }],
    })
    const server = setupServer(...vneid.handlers)
    server.listen({ onUnhandledRequest: 'error' })
    try {
      const kitClient = await createClient({
        profile: 'vneid',
        issuer: vneid.issuer,
        endpoints: vneid.endpoints,
        clientId: 'ekyc-bank',
        clientAuth: { method: 'client_secret_post', secret: SECRET },
        redirectUri: 'https://bank.parity.test/auth/callback',
        share: {
          endpoints: vneid.share.endpoints,
          appLinkBase: vneid.share.appLinkBase,
          callbackUrl: 'https://bank.parity.test/callback/vneid',
        },
      })
      const transaction = await kitClient.share.start({
        personalId: CITIZEN,
        attributes: EKYC,
        purpose: PURPOSE,
      })
      vneid.share.approve(transaction.txnId, { attributes: [...EKYC] })
      const viaMsw = await kitClient.share.result(transaction)
      const comparable = ({
        personalId,
        citizen,
        attributes,
        missing,
        unavailable,
      }: ShareResult<typeof EKYC>) => ({
        personalId,
        citizen,
        attributes,
        missing,
        unavailable,
      })
      expect(comparable(viaMsw)).toEqual(comparable(viaMockIdp!))
    } finally {
      server.close()
    }
  })
})

import { constants, generateKeyPairSync, privateDecrypt, publicEncrypt, randomUUID } from 'node:crypto'
import { createClient, type EidClient } from '@dinhdanh/client'
import { HttpResponse, http } from 'msw'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { personas } from '../personas.js'
import { mockVneid } from './vneid-dialect.js'

const pkcs1DecryptSupported = (() => {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  try {
    const sealed = publicEncrypt(
      { key: publicKey, padding: constants.RSA_PKCS1_PADDING },
      Buffer.from('probe'),
    )
    return privateDecrypt({ key: privateKey, padding: constants.RSA_PKCS1_PADDING }, sealed).length === 5
  } catch {
    return false
  }
})()

const ISSUER = 'https://sso.vneid.test'
const REDIRECT_URI = 'https://bank.test/auth/vneid/callback'
const CALLBACK = 'https://bank.test/callback/vneid'
const WEBHOOK_URL = 'https://bank.test/webhooks/vneid-share'
const SECRET = 'bank-secret-0123456789abcdef'
const WEBHOOK_SECRET = 'a-webhook-secret-of-at-least-32-characters'
const CITIZEN = personas.level2Adult.personalId
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 })

const vneid = mockVneid({
  issuer: ISSUER,
  clients: [
    {
      clientId: 'bank',
      clientSecret: SECRET,
      shareCallbackUris: [CALLBACK],
      shareWebhook: { url: WEBHOOK_URL, secret: WEBHOOK_SECRET },
    },
    { clientId: 'bank-encrypted', clientSecret: SECRET, publicKey: rsa.publicKey },
  ],
})
const server = setupServer(...vneid.handlers)

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterEach(() => {
  vneid.reset()
  server.resetHandlers()
})
afterAll(() => server.close())

function shareClient(clientId = 'bank', envelopeKey?: string): Promise<EidClient> {
  return createClient({
    profile: 'vneid',
    issuer: vneid.issuer,
    endpoints: vneid.endpoints,
    clientId,
    clientAuth: { method: 'client_secret_post', secret: SECRET },
    redirectUri: REDIRECT_URI,
    ...(envelopeKey !== undefined && { envelopeKey }),
    share: {
      endpoints: vneid.share.endpoints,
      appLinkBase: vneid.share.appLinkBase,
      callbackUrl: CALLBACK,
      webhookSecret: WEBHOOK_SECRET,
    },
  })
}

const request = { personalId: CITIZEN, attributes: ['identity', 'portrait'] as const, purpose: 'eKYC' }

describe('mockVneid share: the signed webhook', () => {
  it('approved: delivered with fetch to the webhook URL, verified and matched by the SDK; the fetch is not used up', async () => {
    const eid = await shareClient()
    const transaction = await eid.share.start(request)
    vneid.share.approve(transaction.txnId)
    // The relying party's webhook route, here an msw handler: raw body first, then the verification.
    const received: unknown[] = []
    server.use(
      http.post(WEBHOOK_URL, async ({ request: delivery }) => {
        received.push(await eid.share.verifyWebhook(await delivery.text(), delivery.headers))
        return new HttpResponse(null, { status: 204 })
      }),
    )
    const delivery = vneid.share.webhook(transaction.txnId)
    expect(delivery.url).toBe(WEBHOOK_URL)
    expect(delivery.headers['x-signature']).toMatch(/^[0-9a-f]{64}$/)
    expect((await delivery.send()).status).toBe(204)
    const [event] = received as Awaited<ReturnType<EidClient['share']['verifyWebhook']>>[]
    expect(event).toMatchObject({ eventId: delivery.eventId, txnId: transaction.txnId, status: 'approved' })
    const state = eid.share.matchWebhookEvent(event!, transaction)
    expect(state.status === 'approved' && state.result.citizen?.personalId).toBe(CITIZEN)
    expect(state.status === 'approved' && state.result.attributes.portrait?.mediaType).toBe('image/svg+xml')
    // The webhook carries the same data as the one-time fetch, which is still there.
    expect((await eid.share.result(transaction)).consentId).toBe(
      state.status === 'approved' ? state.result.consentId : 'none',
    )
  })

  it('refused: the event says refused', async () => {
    const eid = await shareClient()
    const transaction = await eid.share.start(request)
    vneid.share.refuse(transaction.txnId)
    const delivery = vneid.share.webhook(transaction.txnId)
    await expect(eid.share.verifyWebhook(delivery.body, delivery.headers)).resolves.toMatchObject({
      txnId: transaction.txnId,
      status: 'refused',
    })
  })

  it('a tampered body, another secret, an old timestamp and a replay are refused with their reason', async () => {
    const eid = await shareClient()
    const transaction = await eid.share.start(request)
    vneid.share.approve(transaction.txnId)
    const delivery = vneid.share.webhook(transaction.txnId)
    const tampered = delivery.body.replace(CITIZEN, personas.teen16.personalId)
    expect(tampered).not.toBe(delivery.body)
    await expect(eid.share.verifyWebhook(tampered, delivery.headers)).rejects.toMatchObject({
      code: 'ERR_EID_WEBHOOK_INVALID',
      reason: 'signature',
    })
    const misSigned = vneid.share.webhook(transaction.txnId, {
      secret: 'another-secret-of-at-least-32-characters',
    })
    await expect(eid.share.verifyWebhook(misSigned.body, misSigned.headers)).rejects.toMatchObject({
      reason: 'signature',
    })
    const old = vneid.share.webhook(transaction.txnId, { timestamp: Math.floor(Date.now() / 1000) - 3600 })
    await expect(eid.share.verifyWebhook(old.body, old.headers)).rejects.toMatchObject({
      reason: 'timestamp',
    })
    await eid.share.verifyWebhook(delivery.body, delivery.headers)
    await expect(eid.share.verifyWebhook(delivery.body, delivery.headers)).rejects.toMatchObject({
      reason: 'replayed',
    })
  })

  it('request() builds the delivery for a fetch-style app; a pending transaction has no webhook yet', async () => {
    const eid = await shareClient()
    const transaction = await eid.share.start(request)
    expect(() => vneid.share.webhook(transaction.txnId)).toThrow(/answered/)
    vneid.share.refuse(transaction.txnId)
    const built = vneid.share.webhook(transaction.txnId).request('https://bank.test/hooks')
    expect(built.url).toBe('https://bank.test/hooks')
    expect(built.method).toBe('POST')
    const event = await eid.share.verifyWebhook(await built.text(), built.headers)
    expect(event.status).toBe('refused')
  })
})

/** A POST to a share endpoint as a correct relying party sends it; `headers` replace, `undefined` removes. */
async function post(
  path: 'start' | 'result',
  body: unknown,
  headers: Record<string, string | undefined> = {},
) {
  const all: Record<string, string | undefined> = {
    authorization: `Basic ${Buffer.from(`bank:${SECRET}`).toString('base64')}`,
    'x-request-id': randomUUID(),
    'x-request-time': new Date().toISOString(),
    'content-type': 'application/json',
    ...headers,
  }
  const response = await fetch(vneid.share.endpoints[path], {
    method: 'POST',
    headers: Object.fromEntries(Object.entries(all).filter((entry): entry is [string, string] => !!entry[1])),
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })
  return { status: response.status, json: (await response.json()) as Record<string, unknown> }
}

const startBody = { citizenPid: CITIZEN, attributes: ['identity'], purpose: 'eKYC', callbackUrl: CALLBACK }

describe('mockVneid share: the wire, as the mock provider checks it', () => {
  it('answers a correct start with { txnId, expiresIn }', async () => {
    const { status, json } = await post('start', startBody)
    expect(status).toBe(200)
    expect(json).toEqual({ txnId: expect.stringMatching(/^[A-Za-z0-9_-]{32}$/), expiresIn: 300 })
  })

  it('refuses a request without Basic auth, with a bad or reused request id, an old request time, not JSON', async () => {
    expect(await post('start', startBody, { authorization: undefined })).toMatchObject({
      status: 401,
      json: { error: 'invalid_client' },
    })
    expect((await post('start', startBody, { 'x-request-id': 'not-a-uuid' })).status).toBe(400)
    const id = randomUUID()
    expect((await post('start', startBody, { 'x-request-id': id })).status).toBe(200)
    expect(await post('start', startBody, { 'x-request-id': id })).toMatchObject({
      status: 400,
      json: { error: 'invalid_request', error_description: expect.stringContaining('already used') },
    })
    const old = new Date(Date.now() - 3600_000).toISOString()
    expect((await post('start', startBody, { 'x-request-time': old })).status).toBe(400)
    expect((await post('start', startBody, { 'content-type': 'text/plain' })).status).toBe(400)
    expect((await post('start', '{not json')).status).toBe(400)
    expect(vneid.share.transactions()).toHaveLength(1)
  })

  it('names the bad fields of a body, never their values', async () => {
    const { status, json } = await post('start', { ...startBody, citizenPid: '12345', attributes: ['x'] })
    expect(status).toBe(400)
    expect(json.error_description).toContain('check citizenPid, attributes')
    expect(json.error_description).not.toContain('12345')
    expect((await post('result', { txnId: '../x' })).status).toBe(400)
    expect(await post('result', { txnId: 'unknown' })).toMatchObject({
      status: 404,
      json: { error: 'unknown_transaction' },
    })
  })

  it('encryption on: the answers are envelopes; errors stay plain', async () => {
    const basic = `Basic ${Buffer.from(`bank-encrypted:${SECRET}`).toString('base64')}`
    const started = await post('start', startBody, { authorization: basic })
    expect(started.status).toBe(200)
    expect(Object.keys(started.json).sort()).toEqual(['data', 'key'])
    const unknown = await post('result', { txnId: 'unknown' }, { authorization: basic })
    expect(unknown.json).toMatchObject({ error: 'unknown_transaction' })
  })

  it.skipIf(!pkcs1DecryptSupported)(
    'encryption on: the SDK with the envelope key starts and reads the result (needs Node 22+)',
    async () => {
      const pem = rsa.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString()
      const eid = await shareClient('bank-encrypted', pem)
      const transaction = await eid.share.start(request)
      vneid.share.approve(transaction.txnId)
      const result = await eid.share.result(transaction)
      expect(result.citizen?.personalId).toBe(CITIZEN)
      expect(result.attributes.portrait?.mediaType).toBe('image/svg+xml')
    },
  )
})

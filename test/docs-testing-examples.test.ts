import { createClient, type EidClient, type Jwk } from '@dinhdanh/client'
import { personas } from '@dinhdanh/testing'
import { createFakeClock, mockEid } from '@dinhdanh/testing/msw'
import { exportJWK, generateKeyPair } from 'jose'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'

const ISSUER = 'https://eid.test'
const REDIRECT_URI = 'https://bank.test/auth/callback'

// The bank's client key: the private half signs client assertions, the kit knows the public half.
const keys = await generateKeyPair('ES256', { extractable: true })
const publicJwk = { ...(await exportJWK(keys.publicKey)), kid: 'bank-1', alg: 'ES256' }
const privateJwk = { ...(await exportJWK(keys.privateKey)), kid: 'bank-1', alg: 'ES256' } as Jwk

const eid = mockEid({
  issuer: ISSUER,
  clients: [{ clientId: 'bank', jwks: { keys: [publicJwk] }, redirectUris: [REDIRECT_URI] }],
})
const server = setupServer(...eid.handlers)

describe('unit tests against the in-process e-ID', () => {
  let client: EidClient

  beforeAll(async () => {
    // Any request no handler answers fails the test: nothing leaks to a real provider.
    server.listen({ onUnhandledRequest: 'error' })
    client = await createClient({
      issuer: ISSUER,
      clientId: 'bank',
      clientAuth: { method: 'private_key_jwt', privateJwk },
      redirectUri: REDIRECT_URI,
    })
  })
  afterEach(() => eid.reset()) // forget the citizen, scenarios, codes, tokens and consents
  afterAll(() => server.close())

  // What the browser does: follow the authorization URL; the kit answers at once with the callback.
  async function signIn(eidClient: EidClient, level: 1 | 2 = 2) {
    const { url, transaction } = await eidClient.signIn({ level, attributes: ['age_over_18'] as const })
    const callback = (await fetch(url, { redirect: 'manual' })).headers.get('location') ?? ''
    return eidClient.completeSignIn(callback, transaction)
  }

  it('signs a level-2 adult in', async () => {
    eid.signInAs(personas.level2Adult)
    const result = await signIn(client)
    expect(result.level).toBe(2)
    expect(result.citizen?.fullName).toBe('Nguyễn Văn An')
    expect(result.attributes.ageOver18).toBe(true)
    expect(result.subject).toBe(eid.subjectOf(personas.level2Adult.personalId))
  })

  it('reports an attribute the citizen did not tick as missing', async () => {
    eid.signInAs(personas.level2Adult, { grant: [] })
    const result = await signIn(client)
    expect(result.missing).toEqual(['age_over_18'])
  })

  // Each ID-token scenario is one-shot: the next token is broken, the one after is fine.
  for (const [scenario, check] of [
    ['wrong_iss', 'iss'],
    ['wrong_aud', 'aud'],
    ['wrong_nonce', 'nonce'],
    ['expired', 'exp'],
    ['bad_signature', 'signature'],
    ['alg_none', 'alg'],
  ] as const) {
    it(`${scenario}: refuses the ID token (check ${check})`, async () => {
      eid.signInAs(personas.level2Adult)
      eid.useScenario(scenario)
      await expect(signIn(client)).rejects.toMatchObject({ code: 'ERR_EID_TOKEN_INVALID', check })
    })
  }

  it('level_too_low: a level-1 token for a level-2 request', async () => {
    eid.signInAs(personas.level2Adult)
    eid.useScenario('level_too_low')
    await expect(signIn(client, 2)).rejects.toMatchObject({ code: 'ERR_EID_LEVEL_TOO_LOW' })
  })

  it('consent_denied: the citizen refuses', async () => {
    eid.signInAs(personas.level2Adult)
    eid.useScenario('consent_denied')
    await expect(signIn(client)).rejects.toMatchObject({ code: 'ERR_EID_ACCESS_DENIED' })
  })

  it('source_unavailable: the attribute is reported, the sign-in succeeds', async () => {
    eid.signInAs(personas.level2Adult)
    eid.useScenario('source_unavailable', { source: 'population' })
    const result = await signIn(client)
    // identity comes from the population register too, so it is reported as well
    expect(result.unavailable).toContainEqual({
      attribute: 'age_over_18',
      reason: 'source_unavailable',
      source: 'population',
    })
  })

  it('server_error: the token endpoint answers 503', async () => {
    eid.signInAs(personas.level2Adult)
    eid.useScenario('server_error', { endpoint: 'token', status: 503 })
    await expect(signIn(client)).rejects.toMatchObject({ code: 'ERR_EID_RESPONSE_INVALID' })
  })

  it('slow: a timeout becomes ERR_EID_NETWORK', async () => {
    const impatient = await createClient({
      issuer: ISSUER,
      clientId: 'bank',
      clientAuth: { method: 'private_key_jwt', privateJwk },
      redirectUri: REDIRECT_URI,
      http: { timeoutMs: 100 },
    })
    eid.signInAs(personas.level2Adult)
    eid.useScenario('slow', { endpoint: 'token', delayMs: 400 })
    await expect(signIn(impatient)).rejects.toMatchObject({ code: 'ERR_EID_NETWORK' })
  })

  it('verifies a back-channel logout token', async () => {
    const sub = eid.subjectOf(personas.level2Adult.personalId)
    const token = await eid.mintLogoutToken({ sub, sid: 'sid-1' })
    await expect(client.verifyLogoutToken(token)).resolves.toEqual({ sub, sid: 'sid-1' })
  })

  it('verifies a consent-withdrawal event', async () => {
    const sub = eid.subjectOf(personas.level2Adult.personalId)
    const event = await eid.mintConsentWithdrawnEvent({ consentId: 'c_1', sub, attributes: ['phone'] })
    await expect(client.verifySecurityEvent(event)).resolves.toMatchObject({
      consentId: 'c_1',
      subject: sub,
      attributes: ['phone'],
    })
  })

  it('refuses a logout token that is an hour old (fake clock)', async () => {
    const clock = createFakeClock()
    const timed = mockEid({
      issuer: ISSUER,
      clients: [{ clientId: 'bank', jwks: { keys: [publicJwk] } }],
      clock,
    })
    server.use(...timed.handlers) // this test only: server.resetHandlers() drops them
    const timedClient = await createClient(
      {
        issuer: ISSUER,
        clientId: 'bank',
        clientAuth: { method: 'private_key_jwt', privateJwk },
        redirectUri: REDIRECT_URI,
      },
      { now: clock.now },
    )
    const token = await timed.mintLogoutToken({ sub: 'someone' })
    clock.advance(3600)
    await expect(timedClient.verifyLogoutToken(token)).rejects.toMatchObject({
      code: 'ERR_EID_TOKEN_INVALID',
    })
    server.resetHandlers()
  })
})

import { mockVneid } from '@dinhdanh/testing/msw'

describe('eKYC: sharing by transaction with the in-process VNeID', () => {
  const CALLBACK = 'https://bank.test/callback/vneid'
  const SECRET = 'bank-secret-0123456789abcdef'
  const WEBHOOK_SECRET = 'a-webhook-secret-of-at-least-32-characters'
  const vneid = mockVneid({
    issuer: 'https://sso.vneid.test',
    clients: [
      {
        clientId: 'bank',
        clientSecret: SECRET,
        shareCallbackUris: [CALLBACK],
        shareWebhook: { url: 'https://bank.test/webhooks/vneid-share', secret: WEBHOOK_SECRET },
      },
    ],
  })
  const shareServer = setupServer(...vneid.handlers)
  const citizen = personas.level2Adult.personalId
  let bank: EidClient

  beforeAll(async () => {
    shareServer.listen({ onUnhandledRequest: 'error' })
    bank = await createClient({
      profile: 'vneid',
      issuer: vneid.issuer,
      endpoints: vneid.endpoints,
      clientId: 'bank',
      clientAuth: { method: 'client_secret_post', secret: SECRET },
      redirectUri: 'https://bank.test/auth/callback',
      share: {
        endpoints: vneid.share.endpoints,
        appLinkBase: vneid.share.appLinkBase,
        callbackUrl: CALLBACK,
        webhookSecret: WEBHOOK_SECRET,
      },
    })
  })
  afterEach(() => vneid.reset()) // forget the transactions and autoAnswer
  afterAll(() => shareServer.close())

  it('the citizen approves in the app: the data, with the portrait, once', async () => {
    const transaction = await bank.share.start({
      personalId: citizen,
      attributes: ['identity', 'id_card', 'portrait'] as const,
      purpose: 'Mở tài khoản thanh toán',
    })
    const callbackUrl = vneid.share.approve(transaction.txnId) // where the app sends the browser
    expect(bank.share.parseCallback(callbackUrl)).toEqual({ txnId: transaction.txnId, status: 'approved' })
    const result = await bank.share.result(transaction)
    expect(result.citizen?.fullName).toBe('Nguyễn Văn An')
    expect(result.attributes.idCard?.number).toBe(citizen)
    expect(result.attributes.portrait?.mediaType).toBe('image/svg+xml')
    await expect(bank.share.result(transaction)).rejects.toMatchObject({
      code: 'ERR_EID_SHARE_ALREADY_FETCHED',
    })
  })

  it('the citizen refuses, or lets the transaction expire', async () => {
    const request = { personalId: citizen, attributes: ['identity'] as const, purpose: 'eKYC' }
    vneid.share.autoAnswer('refuse') // every transaction started from now on
    await expect(bank.share.result(await bank.share.start(request))).rejects.toMatchObject({
      code: 'ERR_EID_SHARE_REFUSED',
    })
    vneid.share.autoAnswer(undefined)
    const expiring = await bank.share.start(request)
    vneid.share.expire(expiring.txnId)
    await expect(bank.share.result(expiring)).rejects.toMatchObject({ code: 'ERR_EID_SHARE_EXPIRED' })
  })

  it('the signed webhook verifies; a tampered copy does not', async () => {
    const transaction = await bank.share.start({
      personalId: citizen,
      attributes: ['identity'],
      purpose: 'eKYC',
    })
    vneid.share.approve(transaction.txnId)
    const delivery = vneid.share.webhook(transaction.txnId) // or await delivery.send() to your route
    const event = await bank.share.verifyWebhook(delivery.body, delivery.headers)
    expect(bank.share.matchWebhookEvent(event, transaction).status).toBe('approved')
    const tampered = delivery.body.replace('"APPROVED"', '"REFUSED"')
    await expect(bank.share.verifyWebhook(tampered, delivery.headers)).rejects.toMatchObject({
      code: 'ERR_EID_WEBHOOK_INVALID',
      reason: 'signature',
    })
  })
})

import { eidAuth, requireSignIn } from '@dinhdanh/express'
import { signInThroughApp } from '@dinhdanh/testing/msw'
import express from 'express'

describe('an Express app, signed in through its own routes', () => {
  const BASE_URL = 'https://bank.test'
  let app: express.Express

  beforeAll(async () => {
    server.listen({ onUnhandledRequest: 'error' })
    const client = await createClient({
      issuer: ISSUER,
      clientId: 'bank',
      clientAuth: { method: 'private_key_jwt', privateJwk },
      redirectUri: `${BASE_URL}/auth/callback`,
    })
    app = express()
    app.use(
      eidAuth({ client, baseUrl: BASE_URL, session: { secret: 'a-test-secret-of-at-least-32-characters' } }),
    )
    app.get('/accounts', requireSignIn({ level: 2 }), (req, res) => {
      res.json({ name: req.eid.citizen?.fullName, level: req.eid.level })
    })
  })
  afterEach(() => eid.reset())
  afterAll(() => server.close())

  it('signs in, then the provider logs the citizen out over the back channel', async () => {
    eid.signInAs(personas.level2Adult)
    const { agent, location } = await signInThroughApp(app, {
      loginPath: '/auth/login?returnTo=/accounts&level=2',
    })
    expect(location).toBe('/accounts')
    const accounts = await agent.fetch('/accounts')
    expect(await accounts.json()).toEqual({ name: 'Nguyễn Văn An', level: 2 })

    const sub = eid.subjectOf(personas.level2Adult.personalId)
    const logout = await agent.fetch('/auth/backchannel-logout', {
      method: 'POST',
      body: new URLSearchParams({ logout_token: await eid.mintLogoutToken({ sub }) }),
    })
    expect(logout.status).toBe(200)
    const after = await agent.fetch('/accounts')
    expect(after.status).toBe(302) // signed out: sent to the provider to sign in again
  })
})

import { createMockIdp, type MockIdp } from '@dinhdanh/mock-idp'

describe('integration: the real mock provider', () => {
  const CALLBACK = 'http://127.0.0.1:9/bank/callback' // never requested: we stop at its URL
  let idp: MockIdp
  let client: EidClient

  beforeAll(async () => {
    idp = await createMockIdp({
      port: 0,
      store: 'memory',
      autoApprove: true, // no screens for an authorization with login_hint (or after autoApproveAs)
      logLevel: 'silent',
      clients: [
        {
          client_id: 'bank',
          redirect_uris: [CALLBACK],
          grant_types: ['authorization_code', 'refresh_token'],
          token_endpoint_auth_method: 'private_key_jwt',
          token_endpoint_auth_signing_alg: 'ES256',
          jwks: { keys: [{ ...publicJwk, use: 'sig' }] },
        },
      ],
    })
    client = await createClient({
      issuer: idp.url,
      clientId: 'bank',
      clientAuth: { method: 'private_key_jwt', privateJwk },
      redirectUri: CALLBACK,
    })
  })
  afterAll(() => idp?.close())

  // A browser in twenty lines: follow redirects, keep the provider's cookies, stop at the callback.
  async function followToCallback(url: string): Promise<string> {
    const cookies = new Map<string, string>()
    let current = new URL(url)
    for (let hop = 0; hop < 20; hop++) {
      const cookie = [...cookies].map(([name, value]) => `${name}=${value}`).join('; ')
      const response = await fetch(current, { redirect: 'manual', headers: cookie ? { cookie } : {} })
      for (const header of response.headers.getSetCookie()) {
        const [pair = ''] = header.split(';')
        const at = pair.indexOf('=')
        cookies.set(pair.slice(0, at), pair.slice(at + 1))
      }
      const location = response.headers.get('location')
      if (location === null) throw new Error(`expected a redirect, got HTTP ${response.status}`)
      current = new URL(location, current)
      if (current.href.startsWith(CALLBACK)) return current.href
    }
    throw new Error('too many redirects')
  }

  it('signs in the citizen named by login_hint', async () => {
    const { url, transaction } = await client.signIn({
      level: 2,
      attributes: ['age_over_18'] as const,
      loginHint: personas.level2Adult.personalId,
    })
    const result = await client.completeSignIn(await followToCallback(url), transaction)
    expect(result.citizen?.fullName).toBe('Nguyễn Văn An')
  })

  it('signs in as autoApproveAs without a login_hint', async () => {
    const settings = await fetch(`${idp.url}/__admin/settings`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${idp.adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ autoApproveAs: personas.teen16.personalId }),
    })
    expect(settings.ok).toBe(true)
    const { url, transaction } = await client.signIn({ level: 1, attributes: ['age_over_18'] as const })
    const result = await client.completeSignIn(await followToCallback(url), transaction)
    expect(result.attributes.ageOver18).toBe(false)
  })
})

import { MemorySessionStore, RedisSessionStore } from '@dinhdanh/express'
import { testSessionStore } from '@dinhdanh/testing/conformance'

// A fake clock makes the expiry tests instant.
testSessionStore('MemorySessionStore', async () => {
  let now = Date.now()
  return {
    store: new MemorySessionStore({ now: () => now }),
    now: () => now,
    advanceTime: (ms) => {
      now += ms
    },
  }
})

// In CI, with a Redis service (REDIS_URL=redis://localhost:6379): Redis expires keys on its own clock.
if (process.env.REDIS_URL) {
  const url = process.env.REDIS_URL
  testSessionStore('RedisSessionStore', async () => ({
    store: new RedisSessionStore({ url, prefix: `test:${crypto.randomUUID()}:` }),
  }))
}

import { readFileSync } from 'node:fs'

// Not in the guide: keeps it honest. Every ```ts block of docs/testing.md marked as proved by this file
// must appear here verbatim, so an edit to either one alone fails this test.
describe('docs/testing.md', () => {
  it('shows exactly the code of this file', () => {
    const guide = readFileSync(new URL('../docs/testing.md', import.meta.url), 'utf8')
    const source = readFileSync(new URL(import.meta.url), 'utf8')
    const blocks = [
      ...guide.matchAll(/<!-- proved by test\/docs-testing-examples\.test\.ts -->\n```ts\n([\s\S]*?)```/g),
    ]
    expect(blocks.length).toBeGreaterThanOrEqual(7)
    for (const [, code = ''] of blocks) expect(source).toContain(code)
  })
})

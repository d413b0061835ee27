import { randomUUID } from 'node:crypto'
import { personas } from '@dinhdanh/testing'
import type { SessionStore } from '@dinhdanh/web'
import { MemorySessionStore } from '@dinhdanh/web'
import { generateKeyPair, SignJWT } from 'jose'
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type Browser,
  confirmProviderLogout,
  type EidView,
  type Harness,
  type Page,
  sessionCookieOf,
  signIn,
  startHarness,
} from './testing/harness.js'

const BACKCHANNEL_LOGOUT_EVENT = 'http://schemas.openid.net/event/backchannel-logout'

let h: Harness

beforeAll(async () => {
  h = await startHarness({ main: {}, other: {} })
})
afterAll(() => h?.close())

async function status(browser: Browser): Promise<EidView> {
  return (await browser.get(new URL('/status', h.sites.main!.origin))).json<EidView>()
}

/** Ends the browser's provider session at the provider itself (not through the app): its "sign out?" page. */
async function endProviderSession(browser: Browser): Promise<Page> {
  const page = await browser.follow(h.sites.main!.client.signOutUrl())
  expect(page.status).toBe(200)
  return confirmProviderLogout(browser, page)
}

/** The logout tokens delivered since `from` to a site's back-channel route. */
function logoutTokensSince(from: number, origin = h.sites.main!.origin): string[] {
  return h.deliveries
    .slice(from)
    .filter((delivery) => delivery.url.href === `${origin}/auth/backchannel-logout`)
    .map((delivery) => new URLSearchParams(delivery.body).get('logout_token') ?? '')
}

const modes: [string, () => SessionStore | undefined][] = [
  ['cookie sessions (remembered in this process)', () => undefined],
  ['a memory session store', () => new MemorySessionStore()],
]

describe.each(modes)('back-channel logout with %s', (_mode, makeStore) => {
  it('ends the app session when the provider session ends (the provider POSTs a logout token)', async () => {
    const store = makeStore()
    h.sites.main!.start(store ? { session: { secret: 'z'.repeat(40), store } } : {})
    await h.signInAs(personas.level2Adult.personalId)
    const browser = h.browser()
    await signIn(browser, h.sites.main!, 'returnTo=/status')
    expect((await status(browser)).isSignedIn).toBe(true)

    const from = h.deliveries.length
    await endProviderSession(browser)
    const [token] = logoutTokensSince(from)
    expect(token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/)

    expect((await status(browser)).isSignedIn).toBe(false)
    const me = await browser.get(new URL('/me', h.sites.main!.origin))
    expect(me.status).toBe(302)
    expect(me.location?.origin).toBe(h.idp.url)
    if (store instanceof MemorySessionStore) expect(store.size).toBe(0)
  })

  it('ends only the provider session named by sid: the same citizen signed in from another browser stays', async () => {
    const store = makeStore()
    h.sites.main!.start(store ? { session: { secret: 'z'.repeat(40), store } } : {})
    await h.signInAs(personas.level2Adult.personalId)
    const laptop = h.browser()
    const phone = h.browser()
    await signIn(laptop, h.sites.main!, 'returnTo=/status')
    await signIn(phone, h.sites.main!, 'returnTo=/status')
    expect((await status(laptop)).subject).toBe((await status(phone)).subject)

    await endProviderSession(laptop)
    expect((await status(laptop)).isSignedIn).toBe(false)
    expect((await status(phone)).isSignedIn).toBe(true)
  })

  it('RP-initiated logout through the app reaches the provider, whose logout token also kills copies of the cookie', async () => {
    const store = makeStore()
    h.sites.main!.start(store ? { session: { secret: 'z'.repeat(40), store } } : {})
    await h.signInAs(personas.level2Adult.personalId)
    const browser = h.browser()
    const origin = h.sites.main!.origin
    await signIn(browser, h.sites.main!, 'returnTo=/status')
    const stolen = browser.cookieHeader(new URL('/status', origin)) ?? ''
    const csrf =
      /name="_csrf" value="([^"]+)"/.exec((await browser.get(new URL('/csrf', origin))).body)?.[1] ?? ''

    const from = h.deliveries.length
    const logout = await browser.post(new URL('/auth/logout', origin), { _csrf: csrf })
    expect(logout.location?.pathname).toBe('/session/end')
    const providerPage = await browser.follow(logout)
    const done = await confirmProviderLogout(browser, providerPage)
    expect(done.url.href).toBe(`${origin}/`)
    expect(done.body).toBe('home')
    expect(logoutTokensSince(from)).toHaveLength(1)

    const copy = await request(h.sites.main!.address).get('/status').set('cookie', stolen)
    expect(copy.body.isSignedIn).toBe(false)
  })
})

describe('when the app fails to apply a genuine logout token', () => {
  it('a failing store goes to the app’s error handler (5xx), not a 400 "did not verify"', async () => {
    const store = new MemorySessionStore()
    const failure = new Error('store down')
    store.deleteByProviderSession = async () => {
      throw failure
    }
    const test = h.sites.main!.start({ session: { secret: 'z'.repeat(40), store } })
    await h.signInAs(personas.level2Adult.personalId)
    const browser = h.browser()
    await signIn(browser, h.sites.main!, 'returnTo=/status')
    const from = h.deliveries.length
    await endProviderSession(browser)
    expect(logoutTokensSince(from)).toHaveLength(1)
    expect(test.crashes).toEqual([failure])
    expect(test.logs.filter((line) => line.startsWith('back-channel logout refused'))).toEqual([])
  })
})

describe('R43 at the adapter: a logout token that does not verify', () => {
  it('R43: alg none, a foreign key, garbage, nothing, another audience or a replay get 400 invalid_request; no session ends', async () => {
    const store = new MemorySessionStore()
    const test = h.sites.main!.start({ session: { secret: 'z'.repeat(40), store } })
    h.sites.other!.start()
    await h.signInAs(personas.level2Adult.personalId)

    // A session on both sites in one browser (one provider session), ended at the provider: genuine
    // logout tokens for both sites are delivered, and kept for the replays below.
    const first = h.browser()
    await signIn(first, h.sites.main!, 'returnTo=/status')
    await signIn(first, h.sites.other!, 'returnTo=/status')
    const from = h.deliveries.length
    await endProviderSession(first)
    const [spent] = logoutTokensSince(from)
    const [forOther] = logoutTokensSince(from, h.sites.other!.origin)
    expect(spent).toBeDefined()
    expect(forOther).toBeDefined()

    // The victim's live session, which every forgery below names.
    const victim = h.browser()
    await signIn(victim, h.sites.main!, 'returnTo=/status')
    const { id } = (await sessionCookieOf(victim, h.sites.main!.origin, ['z'.repeat(40)]))!
    const record = (await store.get(id))!
    const claims = {
      iss: h.idp.url,
      aud: h.sites.main!.clientId,
      iat: Math.floor(Date.now() / 1000),
      jti: randomUUID(),
      sub: record.subject,
      sid: record.providerSessionId,
      events: { [BACKCHANNEL_LOGOUT_EVENT]: {} },
    }
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')
    const jwks = (await (await fetch(`${h.idp.url}/jwks`)).json()) as {
      keys: { kid: string; alg?: string }[]
    }
    const providerKid = jwks.keys.find((key) => key.alg === 'ES256')?.kid ?? jwks.keys[0]?.kid ?? ''
    const attacker = await generateKeyPair('ES256')
    const forged = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'ES256', kid: providerKid, typ: 'logout+jwt' })
      .sign(attacker.privateKey)

    const bodies: [string, string | undefined, string][] = [
      ['alg none', `${encode({ alg: 'none', typ: 'logout+jwt' })}.${encode(claims)}.`, 'form'],
      ['alg NONE', `${encode({ alg: 'NONE', kid: providerKid })}.${encode(claims)}.`, 'form'],
      ['a foreign key under the provider kid', forged, 'form'],
      ['garbage', 'not-a-jwt', 'form'],
      ['no logout_token', undefined, 'form'],
      ['JSON instead of a form', forged, 'json'],
      ['a token for another client', forOther, 'form'],
      ['a replayed token', spent, 'form'],
    ]
    const sizeBefore = store.size
    for (const [label, token, kind] of bodies) {
      const post = request(h.sites.main!.address).post('/auth/backchannel-logout')
      const response =
        kind === 'json'
          ? await post.set('content-type', 'application/json').send(JSON.stringify({ logout_token: token }))
          : await post.type('form').send(token === undefined ? {} : { logout_token: token })
      expect(response.status, label).toBe(400)
      expect(response.body, label).toMatchObject({ error: 'invalid_request' })
      expect(response.headers['cache-control'], label).toBe('no-store')
    }
    expect(store.size).toBe(sizeBefore)
    expect(await store.get(id)).toBeDefined()
    expect((await status(victim)).isSignedIn).toBe(true)
    expect(test.logs).toHaveLength(bodies.length)
    for (const line of test.logs)
      expect(line).toMatch(/^back-channel logout refused \((ERR_EID_\w+|error)\)$/)
  })

  it('R43: in cookie mode too, a forged token ends nothing', async () => {
    h.sites.main!.start()
    await h.signInAs(personas.level2Adult.personalId)
    const victim = h.browser()
    await signIn(victim, h.sites.main!, 'returnTo=/status')
    const { record } = (await sessionCookieOf(victim, h.sites.main!.origin))!
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')
    const token = `${encode({ alg: 'none' })}.${encode({
      iss: h.idp.url,
      aud: h.sites.main!.clientId,
      iat: Math.floor(Date.now() / 1000),
      jti: randomUUID(),
      sub: record!.subject,
      events: { [BACKCHANNEL_LOGOUT_EVENT]: {} },
    })}.`
    const response = await request(h.sites.main!.address)
      .post('/auth/backchannel-logout')
      .type('form')
      .send({ logout_token: token })
    expect(response.status).toBe(400)
    expect((await status(victim)).isSignedIn).toBe(true)
  })
})

import { generateKeyPairSync } from 'node:crypto'
import { type ConsentWithdrawnEvent, createClient, type EidClient, type Jwk } from '@dinhdanh/client'
import { ATTRIBUTE_NAMES } from '@dinhdanh/client/schemas'
import type { JWK } from 'jose'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { type MockEid, mockEid } from '../../msw/mock-eid.js'
import { personas } from '../../personas.js'
import type { SessionStoreLike } from '../session-store.js'
import { ConformanceBrowser, senderOf } from './browser.js'
import type { AdapterApp, ContextView, MakeAdapterApp } from './contract.js'

/**
 * Options of {@link testAdapter}: the server-side session stores of the two-instance journey, either one
 * store both instances share (`makeStore`, a memory store) or two over the same sessions (`makeStores`, two
 * connections to one Redis with one key prefix, new for each call), as two processes would have.
 *
 * @example
 * ```ts
 * const memory: TestAdapterOptions = { makeStore: () => new MemorySessionStore() }
 * const redis: TestAdapterOptions = {
 *   makeStores: () => [new RedisSessionStore({ url, prefix }), new RedisSessionStore({ url, prefix })],
 * }
 * ```
 */
export type TestAdapterOptions =
  | { makeStore: () => SessionStoreLike }
  | { makeStores: () => readonly [SessionStoreLike, SessionStoreLike] }

const BASE_URL = 'https://shop.test'
const ISSUER = 'https://eid.test'
const CLIENT_ID = 'conformance'
const SECRET = 'conformance-session-secret-0123456789abcdef'
const citizen = personas.level2Adult
const form = (fields: Record<string, string>): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields).toString(),
})

/**
 * A session store that fails every call while `down` is true (a Redis outage, as the app sees it), and
 * otherwise passes each call to `store`.
 */
function storeWithOutage(store: SessionStoreLike): { store: SessionStoreLike; down: boolean } {
  const outage = { down: false, store }
  outage.store = new Proxy(store, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver)
      if (typeof value !== 'function' || property === 'close') return value
      return (...args: unknown[]) =>
        outage.down
          ? Promise.reject(new Error('session store unavailable'))
          : (value as (...a: unknown[]) => unknown).apply(target, args)
    },
  })
  return outage
}

/** One instance of the app under test and what its hooks saw. */
interface Instance {
  browser(): ConformanceBrowser
  withdrawals: ConsentWithdrawnEvent[]
  logs: string[]
}

/**
 * The adapter conformance suite, in the manner of lucia's `testAdapter`: the journeys every framework
 * adapter over `@dinhdanh/web` must pass, run through the app `makeApp` builds (see
 * {@link MakeAdapterApp} and {@link ADAPTER_TEST_ROUTES}) against the msw kit as the provider, in process.
 * It starts its own msw server: run it in a test file of its own. A new adapter is written against it.
 *
 * @example
 * ```ts
 * import { contextView, loopbackApp, testAdapter } from '@dinhdanh/testing/conformance/adapter'
 * testAdapter('@dinhdanh/express', (options) => {
 *   const app = express()
 *   app.use(eidAuth(options))
 *   app.get('/status', (req, res) => res.json(contextView(req.eid)))
 *   // ... every route of ADAPTER_TEST_ROUTES
 *   return loopbackApp(app)
 * }, { makeStores: () => [new RedisSessionStore({ url, prefix }), new RedisSessionStore({ url, prefix })] })
 * ```
 */
export function testAdapter(name: string, makeApp: MakeAdapterApp, options: TestAdapterOptions): void {
  describe(`${name}: adapter conformance`, () => {
    let eid: MockEid
    let client: EidClient
    let server: ReturnType<typeof setupServer>
    const running: AdapterApp[] = []

    beforeAll(async () => {
      const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' })
      const publicJwk = { ...(publicKey.export({ format: 'jwk' }) as JWK), kid: 'k1', alg: 'ES256' }
      eid = mockEid({ issuer: ISSUER, clients: [{ clientId: CLIENT_ID, jwks: { keys: [publicJwk] } }] })
      server = setupServer(...eid.handlers)
      server.listen({ onUnhandledRequest: 'error' })
      client = await createClient({
        issuer: ISSUER,
        clientId: CLIENT_ID,
        clientAuth: {
          method: 'private_key_jwt',
          privateJwk: { ...(privateKey.export({ format: 'jwk' }) as Jwk), kid: 'k1' },
        },
        redirectUri: `${BASE_URL}/auth/callback`,
      })
    })
    beforeEach(() => {
      eid.reset()
      eid.signInAs(citizen)
    })
    afterEach(async () => {
      await Promise.all(running.splice(0).map((app) => app.close?.()))
    })
    afterAll(() => server?.close())

    async function start(store?: SessionStoreLike): Promise<Instance> {
      const withdrawals: ConsentWithdrawnEvent[] = []
      const logs: string[] = []
      const app = await makeApp({
        client,
        baseUrl: BASE_URL,
        session: { secret: SECRET, ...(store && { store }) },
        queryAttributes: ATTRIBUTE_NAMES,
        log: (line) => logs.push(line),
        onConsentWithdrawn: (event) => withdrawals.push(event),
      })
      running.push(app)
      const send = senderOf(app)
      return { browser: () => new ConformanceBrowser(BASE_URL, send), withdrawals, logs }
    }

    const view = async (browser: ConformanceBrowser, path = '/status'): Promise<ContextView> => {
      const response = await browser.fetch(path)
      expect(response.status, `GET ${path}`).toBe(200)
      return (await response.json()) as ContextView
    }

    /** Signs in through `/auth/login` and the provider; expects to land on `returnTo` (200). */
    const signIn = async (browser: ConformanceBrowser, query = 'returnTo=/status') => {
      const { response, url } = await browser.follow(`/auth/login?${query}`)
      expect(response.status, `sign-in ended on ${url.pathname}`).toBe(200)
      return (await response.json()) as ContextView
    }

    const sessionCookies = (response: Response) =>
      response.headers.getSetCookie().filter((header) => /^eid_session(\.\d+)?=/.test(header))

    describe('sign-in', () => {
      it('exposes an empty context to a signed-out request', async () => {
        const status = await view((await start()).browser())
        expect(status).toMatchObject({ isSignedIn: false, level: 0, subject: null, granted: [] })
        expect(status.csrfToken).toEqual(expect.any(String))
      })

      it('goes login → provider → callback → returnTo, sets the session cookie and exposes the citizen', async () => {
        const browser = (await start()).browser()
        const login = await browser.fetch('/auth/login?returnTo=/me')
        expect(login.status).toBe(302)
        const authorization = login.headers.get('location') ?? ''
        expect(authorization.startsWith(`${ISSUER}/authorize?`)).toBe(true)
        const provider = await browser.fetch(authorization)
        const callback = provider.headers.get('location') ?? ''
        expect(callback.startsWith(`${BASE_URL}/auth/callback?`)).toBe(true)
        // The callback arrives on another URL than baseUrl: only an adapter that rebuilds it passes here.
        const done = await browser.fetch(callback)
        expect(done.status).toBe(303)
        expect(new URL(done.headers.get('location') ?? '', BASE_URL).href).toBe(`${BASE_URL}/me`)
        const [cookie = ''] = sessionCookies(done)
        expect(cookie).toMatch(/^eid_session=[^;]+/)
        expect(cookie).toMatch(/;\s*HttpOnly/i)
        expect(cookie).toMatch(/;\s*Secure/i)
        expect(cookie).toMatch(/;\s*SameSite=Lax/i)
        expect(cookie).toMatch(/;\s*Path=\//i)
        expect(await view(browser, '/me')).toMatchObject({
          isSignedIn: true,
          level: 2,
          subject: eid.subjectOf(citizen.personalId),
          fullName: citizen.overrides.fullName,
          granted: ['identity'],
        })
      })
    })

    describe('signed out at a guarded route', () => {
      it('sends a page request to the provider, and back to that page after sign-in', async () => {
        const browser = (await start()).browser()
        const first = await browser.fetch('/me')
        expect(first.status).toBe(302)
        expect(first.headers.get('location')?.startsWith(`${ISSUER}/authorize?`)).toBe(true)
        const { response, url } = await browser.follow('/me')
        expect(url.href).toBe(`${BASE_URL}/me`)
        expect(response.status).toBe(200)
        expect(((await response.json()) as ContextView).isSignedIn).toBe(true)
      })

      it('comes back to the exact path and query asked for (a raw `+` and escapes kept)', async () => {
        const browser = (await start()).browser()
        const { response, url } = await browser.follow('/me?q=a+b&next=%2Fx%3Fy')
        expect(response.status).toBe(200)
        expect(url.href).toBe(`${BASE_URL}/me?q=a+b&next=%2Fx%3Fy`)
      })

      it('answers an API call 401 with JSON naming the login URL, not a redirect', async () => {
        const browser = (await start()).browser()
        const response = await browser.fetch('/me', { headers: { accept: 'application/json' } })
        expect(response.status).toBe(401)
        expect(response.headers.get('content-type')).toMatch(/^application\/json/)
        expect(await response.json()).toEqual({
          error: 'sign_in_required',
          login: '/auth/login?returnTo=%2Fme',
        })
      })
    })

    describe('step-up', () => {
      it('sends a level-1 session to the provider for level 2 and back, same citizen', async () => {
        const browser = (await start()).browser()
        eid.signInAs(citizen, { level: 1 })
        expect(await signIn(browser)).toMatchObject({ isSignedIn: true, level: 1 })
        const refused = await browser.fetch('/level2', { headers: { accept: 'application/json' } })
        expect(refused.status).toBe(401)
        eid.signInAs(citizen, { level: 2 })
        const { response, url, trail } = await browser.follow('/level2')
        expect(trail.some((hop) => hop.origin === ISSUER)).toBe(true)
        expect(url.href).toBe(`${BASE_URL}/level2`)
        expect(response.status).toBe(200)
        expect(await response.json()).toMatchObject({
          level: 2,
          subject: eid.subjectOf(citizen.personalId),
        })
      })
    })

    describe('incremental consent', () => {
      it('asks the provider for only the missing attribute, then lets the request through', async () => {
        const browser = (await start()).browser()
        await signIn(browser)
        const before = eid.consentRecords().length
        const { response, url } = await browser.follow('/insurance')
        expect(url.href).toBe(`${BASE_URL}/insurance`)
        expect(response.status).toBe(200)
        const asked = eid.consentRecords().slice(before)
        expect(asked.map((record) => record.attributes)).toEqual([['health_insurance']])
        const shared = (await response.json()) as ContextView
        expect(shared.granted).toEqual(expect.arrayContaining(['identity', 'health_insurance']))
        expect(shared.attributes.healthInsurance).toMatchObject({ number: '0101234567' })
        const again = await browser.fetch('/insurance')
        expect(again.status).toBe(200)
      })

      it('does not ask again for an attribute the citizen did not share', async () => {
        const browser = (await start()).browser()
        await signIn(browser)
        eid.signInAs(citizen, { grant: [] })
        const { response } = await browser.follow('/insurance')
        expect(response.status).toBe(200)
        expect(await response.json()).toMatchObject({ missing: ['health_insurance'] })
        const again = await browser.fetch('/insurance')
        expect(again.status).toBe(200)
      })
    })

    describe('identity-free check', () => {
      it('asks the provider for the attribute alone, signs nobody in, and answers from what this browser holds', async () => {
        const browser = (await start()).browser()
        const { response, url } = await browser.follow('/age')
        expect(url.href).toBe(`${BASE_URL}/age`)
        expect(response.status).toBe(200)
        const answered = (await response.json()) as ContextView
        expect(answered).toMatchObject({
          isSignedIn: false,
          subject: null,
          fullName: null,
          level: 0,
          granted: ['age_over_18'],
          // The suite's citizen is level2Adult, 36 years old.
          attributes: { ageOver18: true },
        })
        // One question to the provider, without identity.
        expect(eid.consentRecords().map((record) => record.attributes)).toEqual([['age_over_18']])
        // The answer holds in this browser for a while: no second trip; nobody is signed in.
        const again = await browser.fetch('/age')
        expect(again.status).toBe(200)
        expect(eid.consentRecords()).toHaveLength(1)
        expect(await view(browser, '/status')).toMatchObject({ isSignedIn: false, subject: null })
        expect((await browser.fetch('/me')).status).toBe(302)
      })

      it('review finding: a sign-in forgets an earlier answer, a signed-in citizen sees the answer the guard let through, and signing out forgets it', async () => {
        const browser = (await start()).browser()
        await browser.follow('/age')
        const { csrfToken } = await signIn(browser)
        // The answer from before the sign-in was whoever's was at this browser: asked again.
        expect((await browser.fetch('/age')).status).toBe(302)
        const { response } = await browser.follow('/age')
        expect(response.status).toBe(200)
        // Signed in, the page reads the check's answer as the guard did.
        expect(await view(browser, '/age')).toMatchObject({
          isSignedIn: true,
          attributes: { ageOver18: true },
        })
        const out = await browser.fetch('/auth/logout', {
          ...form({ _csrf: csrfToken }),
          headers: { 'content-type': 'application/x-www-form-urlencoded', origin: BASE_URL },
        })
        expect(out.status).toBe(303)
        // The next person at this browser is asked again (a shared machine must not keep an age answer).
        const next = await browser.fetch('/age')
        expect(next.status).toBe(302)
        expect(next.headers.get('location')?.startsWith(`${ISSUER}/`)).toBe(true)
      })

      it('tells an answer that did not arrive from a no', async () => {
        const browser = (await start()).browser()
        eid.signInAs(citizen, { grant: [] })
        const { response } = await browser.follow('/age')
        expect(response.status).toBe(200)
        expect(await response.json()).toMatchObject({ missing: ['age_over_18'], granted: [], attributes: {} })
      })
    })

    describe('logout', () => {
      it('signs out with the CSRF token, ends at the provider and clears the session cookie', async () => {
        const browser = (await start()).browser()
        const { csrfToken } = await signIn(browser)
        const out = await browser.fetch('/auth/logout', {
          ...form({ _csrf: csrfToken }),
          headers: { 'content-type': 'application/x-www-form-urlencoded', origin: BASE_URL },
        })
        expect(out.status).toBe(303)
        expect(out.headers.get('location')?.startsWith(`${ISSUER}/logout?`)).toBe(true)
        expect(browser.cookies.has('eid_session')).toBe(false)
        expect((await view(browser)).isSignedIn).toBe(false)
      })

      it('refuses a logout without the CSRF token: 403 ERR_EID_CSRF page, still signed in', async () => {
        const browser = (await start()).browser()
        await signIn(browser)
        const out = await browser.fetch('/auth/logout', form({}))
        expect(out.status).toBe(403)
        expect(out.headers.get('content-type')).toMatch(/^text\/html/)
        expect(await out.text()).toContain('ERR_EID_CSRF')
        expect((await view(browser)).isSignedIn).toBe(true)
      })

      it('refuses a logout with the token from another origin (the Origin header reaches the core)', async () => {
        const browser = (await start()).browser()
        const { csrfToken } = await signIn(browser)
        const out = await browser.fetch('/auth/logout', {
          ...form({ _csrf: csrfToken }),
          headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' },
        })
        expect(out.status).toBe(403)
        expect((await view(browser)).isSignedIn).toBe(true)
      })

      it("clears the session when the app calls the context's signOut()", async () => {
        const browser = (await start()).browser()
        await signIn(browser)
        const out = await browser.fetch('/signout', { method: 'POST' })
        expect(out.status).toBe(204)
        expect(browser.cookies.has('eid_session')).toBe(false)
        expect((await view(browser)).isSignedIn).toBe(false)
      })
    })

    describe('back-channel logout', () => {
      const post = async (browser: ConformanceBrowser, token: string) =>
        browser.fetch('/auth/backchannel-logout', form({ logout_token: token }))

      it("ends the citizen's session when the provider posts a logout token", async () => {
        const instance = await start()
        const browser = instance.browser()
        await signIn(browser)
        const token = await eid.mintLogoutToken({ sub: eid.subjectOf(citizen.personalId), aud: CLIENT_ID })
        expect((await post(instance.browser(), token)).status).toBe(200)
        expect((await view(browser)).isSignedIn).toBe(false)
      })

      it('refuses a logout token that does not verify (400) and keeps the session', async () => {
        const instance = await start()
        const browser = instance.browser()
        await signIn(browser)
        const response = await post(instance.browser(), 'not.a.token')
        expect(response.status).toBe(400)
        expect((await view(browser)).isSignedIn).toBe(true)
      })

      it('answers 5xx while the session store is down, and accepts the same token when delivered again', async () => {
        const stores = 'makeStores' in options ? options.makeStores() : [options.makeStore()]
        const outage = storeWithOutage(stores[0])
        try {
          const instance = await start(outage.store)
          const browser = instance.browser()
          await signIn(browser)
          const token = await eid.mintLogoutToken({ sub: eid.subjectOf(citizen.personalId), aud: CLIENT_ID })
          outage.down = true
          const failed = await post(instance.browser(), token)
          await failed.text()
          expect(failed.status).toBeGreaterThanOrEqual(500)
          outage.down = false
          expect((await view(browser)).isSignedIn).toBe(true)
          // The provider's retry: not refused as a replay, and the session ends.
          expect((await post(instance.browser(), token)).status).toBe(200)
          expect((await view(browser)).isSignedIn).toBe(false)
          // Applied once, the token is a replay from now on.
          expect((await post(instance.browser(), token)).status).toBe(400)
        } finally {
          await Promise.all(stores.map((store) => store.close?.()))
        }
      })

      it('ends a session signed in on one instance when the logout token reaches another (stores over one backend)', async () => {
        const stores =
          'makeStores' in options
            ? options.makeStores()
            : ((store) => [store, store] as const)(options.makeStore())
        try {
          const [first, second] = [await start(stores[0]), await start(stores[1])]
          const browser = first.browser()
          await signIn(browser)
          const token = await eid.mintLogoutToken({ sub: eid.subjectOf(citizen.personalId), aud: CLIENT_ID })
          expect((await post(second.browser(), token)).status).toBe(200)
          expect((await view(browser)).isSignedIn).toBe(false)
        } finally {
          await Promise.all([...new Set(stores)].map((store) => store.close?.()))
        }
      })
    })

    describe('consent withdrawal', () => {
      const post = (browser: ConformanceBrowser, event: string) =>
        browser.fetch('/auth/consent-events', {
          method: 'POST',
          headers: { 'content-type': 'application/secevent+jwt' },
          body: event,
        })

      it('strips the withdrawn attribute from the session and calls the app hook', async () => {
        const instance = await start()
        const browser = instance.browser()
        const signedIn = await signIn(browser, 'attributes=health_insurance&returnTo=/status')
        expect(signedIn.granted).toContain('health_insurance')
        const consent = eid.consentRecords().at(-1)
        const event = await eid.mintConsentWithdrawnEvent({
          consentId: consent?.id ?? '',
          sub: eid.subjectOf(citizen.personalId),
          attributes: ['health_insurance'],
          clientId: CLIENT_ID,
        })
        expect((await post(instance.browser(), event)).status).toBe(202)
        expect(instance.withdrawals.map((e) => e.attributes)).toEqual([['health_insurance']])
        const after = await view(browser)
        expect(after.isSignedIn).toBe(true)
        expect(after.granted).not.toContain('health_insurance')
        expect(after.attributes.healthInsurance).toBeUndefined()
      })

      it('answers 5xx while the session store is down, and applies the same event when delivered again', async () => {
        const stores = 'makeStores' in options ? options.makeStores() : [options.makeStore()]
        const outage = storeWithOutage(stores[0])
        try {
          const instance = await start(outage.store)
          const browser = instance.browser()
          await signIn(browser, 'attributes=health_insurance&returnTo=/status')
          const event = await eid.mintConsentWithdrawnEvent({
            consentId: eid.consentRecords().at(-1)?.id ?? '',
            sub: eid.subjectOf(citizen.personalId),
            attributes: ['health_insurance'],
            clientId: CLIENT_ID,
          })
          outage.down = true
          const failed = await post(instance.browser(), event)
          await failed.text()
          expect(failed.status).toBeGreaterThanOrEqual(500)
          expect(instance.withdrawals).toEqual([])
          outage.down = false
          expect((await post(instance.browser(), event)).status).toBe(202)
          expect(instance.withdrawals.map((e) => e.attributes)).toEqual([['health_insurance']])
          expect((await view(browser)).granted).not.toContain('health_insurance')
        } finally {
          await Promise.all(stores.map((store) => store.close?.()))
        }
      })

      it('refuses an event that does not verify (400) without calling the hook', async () => {
        const instance = await start()
        expect((await post(instance.browser(), 'not.an.event')).status).toBe(400)
        expect(instance.withdrawals).toEqual([])
      })
    })

    describe('the error page', () => {
      it('answers a callback without a transaction 400 with the ERR_EID_TRANSACTION_INVALID page', async () => {
        const browser = (await start()).browser()
        const response = await browser.fetch(`/auth/callback?code=forged&state=forged&iss=${ISSUER}`)
        expect(response.status).toBe(400)
        expect(response.headers.get('content-type')).toMatch(/^text\/html/)
        expect(await response.text()).toContain('ERR_EID_TRANSACTION_INVALID')
      })

      it('answers a refused consent 403 with the ERR_EID_ACCESS_DENIED page and no session', async () => {
        const browser = (await start()).browser()
        eid.useScenario('consent_denied')
        const { response } = await browser.follow('/auth/login?returnTo=/me')
        expect(response.status).toBe(403)
        expect(await response.text()).toContain('ERR_EID_ACCESS_DENIED')
        expect(browser.cookies.has('eid_session')).toBe(false)
      })
    })

    describe('cookie chunking', () => {
      it('splits a session too large for one cookie, reads it back and clears every chunk at logout', async () => {
        const instance = await start()
        const browser = instance.browser()
        const many = ATTRIBUTE_NAMES.filter((n) => n !== 'identity').join(',')
        const { response } = await browser.follow(`/auth/login?attributes=${many}&returnTo=/status`)
        expect(response.status).toBe(200)
        const names = [...browser.cookies.keys()].filter((n) => n.startsWith('eid_session'))
        expect(names).toEqual(expect.arrayContaining(['eid_session.0', 'eid_session.1']))
        expect(instance.logs.some((line) => /split into \d+ cookies/.test(line))).toBe(true)
        const status = await view(browser)
        expect(status.isSignedIn).toBe(true)
        expect(status.attributes.healthInsurance).toBeDefined()
        const out = await browser.fetch('/auth/logout', {
          ...form({ _csrf: status.csrfToken }),
          headers: { 'content-type': 'application/x-www-form-urlencoded', origin: BASE_URL },
        })
        expect(out.status).toBe(303)
        expect([...browser.cookies.keys()].filter((n) => n.startsWith('eid_session'))).toEqual([])
      })
    })

    describe("the app's own requests", () => {
      it('leaves the body of a request the kit does not answer for the app to read', async () => {
        const browser = (await start()).browser()
        const body = 'note=Xin+ch%C3%A0o&amount=1000000'
        const response = await browser.fetch('/echo', {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body,
        })
        expect(response.status).toBe(200)
        expect(await response.text()).toBe(body)
      })
    })
  })
}

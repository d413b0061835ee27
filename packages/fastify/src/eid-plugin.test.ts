import { personas } from '@dinhdanh/testing'
import formbody from '@fastify/formbody'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, type Harness, ORIGIN, startHarness, visit } from './testing/harness.js'

let h: Harness

beforeAll(async () => {
  h = await startHarness()
})
afterAll(() => h?.close())

type View = { isSignedIn: boolean; level: number; fullName?: string; personalId?: string; granted: string[] }

/** Serves the standard app and signs `personalId` in through `/auth/login?{query}`. */
async function signedIn(personalId: string, query = 'returnTo=/me') {
  const test = await buildTestApp(h.client)
  await h.serve(test.app)
  await h.signInAs(personalId)
  const browser = h.browser()
  const { page, trail } = await visit(browser, `${ORIGIN}/auth/login?${query}`)
  return { test, browser, page, trail }
}

describe('sign-in over real HTTP, against the mock provider', () => {
  it('goes /auth/login → provider → /auth/callback → returnTo, and request.eid shows the citizen', async () => {
    const { page, trail, browser } = await signedIn(personas.level2Adult.personalId)
    const paths = trail.map((url) => `${url.origin === ORIGIN ? 'app' : 'idp'}:${url.pathname}`)
    expect(paths[0]).toBe('app:/auth/login')
    expect(paths[1]).toBe('idp:/auth')
    expect(paths.slice(-2)).toEqual(['app:/auth/callback', 'app:/me'])
    expect(page.status).toBe(200)
    expect(page.json<View>()).toMatchObject({
      isSignedIn: true,
      level: 2,
      fullName: 'Nguyễn Văn An',
      personalId: personas.level2Adult.personalId,
      granted: ['identity'],
    })
    expect(browser.cookieNames(ORIGIN)).toContain('eid_session')
  })

  it('answers the callback 303 with the session cookie (HttpOnly, SameSite=Lax) and the transaction cleared', async () => {
    const test = await buildTestApp(h.client)
    await h.serve(test.app)
    await h.signInAs(personas.level2Adult.personalId)
    const browser = h.browser()
    const login = await browser.get(`${ORIGIN}/auth/login?returnTo=/me`)
    expect(login.status).toBe(302)
    expect(login.location?.origin).toBe(h.idp.url)
    let page = await browser.get(login.location!)
    while (page.location && !page.location.href.startsWith(`${ORIGIN}/auth/callback`))
      page = await browser.get(page.location)
    const callback = await browser.get(page.location!)
    expect(callback.status).toBe(303)
    expect(callback.location?.href).toBe(`${ORIGIN}/me`)
    // Two cookies in one reply (the session, and the spent transaction): both reach the browser.
    expect(callback.setCookie.length).toBeGreaterThanOrEqual(2)
    const session = callback.setCookie.find((header) => header.startsWith('eid_session='))
    expect(session).toMatch(/HttpOnly/i)
    expect(session).toMatch(/SameSite=Lax/i)
  })

  it('keeps a "+" of the returnTo query as the browser sent it (the URL is rebuilt from the raw one)', async () => {
    const { page } = await signedIn(personas.level2Adult.personalId, 'returnTo=%2Fstatus%3Fq%3Da%2Bb')
    expect(page.url.pathname + page.url.search).toBe('/status?q=a+b')
  })

  it('shows a signed-out request an empty request.eid', async () => {
    const test = await buildTestApp(h.client)
    await h.serve(test.app)
    const page = await h.browser().get(`${ORIGIN}/status`)
    expect(page.json<View>()).toMatchObject({ isSignedIn: false, level: 0 })
  })
})

describe('guards as preHandler hooks', () => {
  it('sends a signed-out page request to /auth/login’s provider redirect, then back to the page', async () => {
    const test = await buildTestApp(h.client)
    await h.serve(test.app)
    await h.signInAs(personas.level2Adult.personalId)
    const browser = h.browser()
    const first = await browser.get(`${ORIGIN}/me`)
    expect(first.status).toBe(302)
    expect(first.location?.origin).toBe(h.idp.url)
    const { page } = await visit(browser, first)
    expect(page.url.href).toBe(`${ORIGIN}/me`)
    expect(page.json<View>().isSignedIn).toBe(true)
  })

  it('answers a signed-out API call 401 with the login URL, and the handler does not run', async () => {
    const test = await buildTestApp(h.client)
    await h.serve(test.app)
    const page = await h.browser().request('POST', `${ORIGIN}/api/transfer`, {
      headers: { accept: 'application/json', 'content-type': 'application/json' },
      body: '{"amount":5}',
    })
    expect(page.status).toBe(401)
    expect(page.json()).toEqual({
      error: 'sign_in_required',
      login: '/auth/login?returnTo=%2Fapi%2Ftransfer',
    })
  })

  it('steps a level-1 session up: acr 2 and prompt=login pushed to the provider; a level-1 citizen gets the 403 page and keeps the session', async () => {
    const { browser, page, test } = await signedIn(personas.level1Adult.personalId, 'returnTo=/me&level=1')
    expect(page.json<View>()).toMatchObject({ isSignedIn: true, level: 1 })
    const from = h.providerPosts.length
    const step = await browser.get(`${ORIGIN}/level2`)
    expect(step.status).toBe(302)
    expect(step.location?.origin).toBe(h.idp.url)
    const pushed = h.providerPosts.slice(from).find((post) => post.params.has('acr_values'))?.params
    expect(pushed?.get('acr_values')).toBe('2')
    expect(pushed?.get('prompt')).toBe('login')
    const { page: after, trail } = await visit(browser, step)
    expect(trail.some((url) => url.pathname === '/auth/callback')).toBe(true)
    expect(after.status).toBe(403)
    expect(after.body).toContain('ERR_EID_LEVEL_TOO_LOW')
    expect(test.errors.map((error) => error.code)).toEqual(['ERR_EID_LEVEL_TOO_LOW'])
    const status = (await browser.get(`${ORIGIN}/status`)).json<View>()
    expect(status).toMatchObject({ isSignedIn: true, level: 1, personalId: personas.level1Adult.personalId })
  })

  it('maxAgeSec: an authentication of unknown age is renewed with prompt=login and max_age, then trusted', async () => {
    const { browser } = await signedIn(personas.level2Adult.personalId)
    const from = h.providerPosts.length
    const first = await browser.get(`${ORIGIN}/fresh`)
    expect(first.status).toBe(302)
    const pushed = h.providerPosts.slice(from).find((post) => post.params.has('max_age'))?.params
    expect(pushed?.get('max_age')).toBe('60')
    expect(pushed?.get('prompt')).toBe('login')
    const { page } = await visit(browser, first)
    expect(page.url.pathname).toBe('/fresh')
    expect(page.json<View & { authTime: number }>().authTime).toBeGreaterThan(0)
    expect((await browser.get(`${ORIGIN}/fresh`)).status).toBe(200)
  })

  it('asks only for a missing attribute (incremental consent), then lets the request through', async () => {
    const { browser } = await signedIn(personas.level2Adult.personalId)
    const { page } = await visit(browser, `${ORIGIN}/insurance`)
    expect(page.url.pathname).toBe('/insurance')
    expect(page.json<View>().granted).toEqual(expect.arrayContaining(['identity', 'health_insurance']))
  })
})

describe('logout', () => {
  it('signs out with the CSRF token from a same-origin form: 303 to the provider, session cookie cleared', async () => {
    const { browser } = await signedIn(personas.level2Adult.personalId)
    const form = await browser.get(`${ORIGIN}/csrf`)
    const csrf = /name="_csrf" value="([^"]+)"/.exec(form.body)?.[1] ?? ''
    const logout = await browser.post(`${ORIGIN}/auth/logout`, { _csrf: csrf })
    expect(logout.status).toBe(303)
    expect(logout.location?.origin).toBe(h.idp.url)
    expect(browser.cookieNames(ORIGIN)).not.toContain('eid_session')
    expect((await browser.get(`${ORIGIN}/status`)).json<View>().isSignedIn).toBe(false)
  })

  it('refuses a logout without the CSRF token: 403 error page, onError called, still signed in', async () => {
    const { browser, test } = await signedIn(personas.level2Adult.personalId)
    const logout = await browser.post(`${ORIGIN}/auth/logout`, { _csrf: 'forged' })
    expect(logout.status).toBe(403)
    expect(logout.headers.get('content-type')).toMatch(/^text\/html/)
    expect(logout.body).toContain('ERR_EID_CSRF')
    expect(test.errors.map((error) => error.code)).toEqual(['ERR_EID_CSRF'])
    expect((await browser.get(`${ORIGIN}/status`)).json<View>().isSignedIn).toBe(true)
  })

  it('refuses a logout with the right token from another origin (the Origin header reaches the core)', async () => {
    const { browser } = await signedIn(personas.level2Adult.personalId)
    const form = await browser.get(`${ORIGIN}/csrf`)
    const csrf = /name="_csrf" value="([^"]+)"/.exec(form.body)?.[1] ?? ''
    const logout = await browser.post(
      `${ORIGIN}/auth/logout`,
      { _csrf: csrf },
      { origin: 'http://evil.test' },
    )
    expect(logout.status).toBe(403)
  })
})

describe('the error page and the onError hook', () => {
  it('answers a callback without a transaction 400 with the bilingual error page', async () => {
    const test = await buildTestApp(h.client)
    await h.serve(test.app)
    const page = await h.browser().get(`${ORIGIN}/auth/callback?code=x&state=y`)
    expect(page.status).toBe(400)
    expect(page.headers.get('cache-control')).toBe('no-store')
    expect(page.body).toContain('ERR_EID_TRANSACTION_INVALID')
    expect(test.errors.map((error) => error.code)).toEqual(['ERR_EID_TRANSACTION_INVALID'])
  })

  it('lets the onError hook answer through Fastify’s reply instead', async () => {
    const test = await buildTestApp(h.client, {
      onError: async (error, request, reply) => {
        await reply.code(418).send({ code: error.code, signedIn: request.eid.isSignedIn })
      },
    })
    await h.serve(test.app)
    const page = await h.browser().get(`${ORIGIN}/auth/callback?code=x&state=y`)
    expect(page.status).toBe(418)
    expect(page.json()).toEqual({ code: 'ERR_EID_TRANSACTION_INVALID', signedIn: false })
  })
})

describe('bodies: the kit reads its own, the app keeps its parsers', () => {
  const cases: [string, ((app: FastifyInstance) => Promise<void>) | undefined][] = [
    ['Fastify’s own parsers', undefined],
    ['@fastify/formbody registered by the app first', async (app) => void (await app.register(formbody))],
  ]
  for (const [name, before] of cases) {
    it(`${name}: logout reads the form, and the app's own routes still parse theirs`, async () => {
      const test = await buildTestApp(h.client, {}, before)
      await h.serve(test.app)
      await h.signInAs(personas.level2Adult.personalId)
      const browser = h.browser()
      await visit(browser, `${ORIGIN}/auth/login?returnTo=/me`)
      const json = await browser.request('POST', `${ORIGIN}/echo`, {
        headers: { 'content-type': 'application/json' },
        body: '{"a":1}',
      })
      expect(json.json()).toEqual({ body: { a: 1 } })
      if (before) {
        const form = await browser.post(`${ORIGIN}/echo`, { a: 'x+y' })
        expect(form.json()).toEqual({ body: { a: 'x+y' } })
      }
      const csrf = /name="_csrf" value="([^"]+)"/.exec((await browser.get(`${ORIGIN}/csrf`)).body)?.[1] ?? ''
      expect((await browser.post(`${ORIGIN}/auth/logout`, { _csrf: csrf })).status).toBe(303)
    })
  }

  it('registers @fastify/formbody after the plugin: the kit routes still get the raw body', async () => {
    const test = await buildTestApp(h.client)
    await test.app.register(formbody)
    await h.serve(test.app)
    const browser = h.browser()
    const page = await browser.post(`${ORIGIN}/auth/backchannel-logout`, { logout_token: 'not-a-jwt' }, {})
    expect(page.status).toBe(400)
    expect(page.json()).toMatchObject({ error: 'invalid_request' })
  })

  it('answers a logout form over the core’s 4 KiB limit 413 without reading it all', async () => {
    const test = await buildTestApp(h.client)
    await h.serve(test.app)
    const page = await h.browser().post(`${ORIGIN}/auth/logout`, { _csrf: 'x'.repeat(8 * 1024) })
    expect(page.status).toBe(413)
  })

  it('answers a consent event of another media type 400 without calling the hook', async () => {
    const test = await buildTestApp(h.client)
    await h.serve(test.app)
    const page = await h.browser().request('POST', `${ORIGIN}/auth/consent-events`, {
      headers: { 'content-type': 'application/json' },
      body: '{"not":"a SET"}',
    })
    expect(page.status).toBe(400)
    expect(test.withdrawals).toEqual([])
  })
})

describe('what the provider posts, delivered over HTTP', () => {
  it('back-channel logout: the app’s logout reaches the provider, whose logout token ends copies of the cookie', async () => {
    const { browser } = await signedIn(personas.level2Adult.personalId)
    const stolen = browser.cookieHeader(`${ORIGIN}/status`) ?? ''
    const csrf = /name="_csrf" value="([^"]+)"/.exec((await browser.get(`${ORIGIN}/csrf`)).body)?.[1] ?? ''
    const from = h.deliveries.length
    const logout = await browser.post(`${ORIGIN}/auth/logout`, { _csrf: csrf })
    expect(logout.location?.pathname).toBe('/session/end')
    const confirm = await browser.follow(logout)
    const form = /<form[^>]*id="op\.logoutForm"[^>]*action="([^"]+)"/.exec(confirm.body)?.[1] ?? ''
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(confirm.body)?.[1] ?? ''
    await browser.follow(await browser.post(new URL(form, confirm.url), { xsrf, logout: 'yes' }))
    expect(h.deliveries.slice(from).map((delivery) => delivery.url.pathname)).toEqual([
      '/auth/backchannel-logout',
    ])
    const copy = await fetch(`${ORIGIN}/status`, { headers: { cookie: stolen } })
    expect(((await copy.json()) as View).isSignedIn).toBe(false)
  })

  it('consent withdrawal: the attribute leaves the session and onConsentWithdrawn gets the event', async () => {
    const { browser, test } = await signedIn(personas.level2Adult.personalId)
    const { page } = await visit(browser, `${ORIGIN}/insurance`)
    const subject = page.json<View & { subject: string }>().subject
    const { json } = await h.admin('GET', '/consents?client_id=fastify-test')
    type Consent = { id: string; sub: string; attributes: string[]; status: string }
    const consent = (json.consents as Consent[]).find(
      (record) =>
        record.sub === subject &&
        record.status === 'active' &&
        record.attributes.includes('health_insurance'),
    )
    expect((await h.admin('POST', `/consents/${consent?.id}/withdraw`)).status).toBe(200)
    expect(test.withdrawals).toEqual([expect.objectContaining({ subject, attributes: ['health_insurance'] })])
    const after = (await browser.get(`${ORIGIN}/status`)).json<View>()
    expect(after).toMatchObject({ isSignedIn: true, granted: ['identity'] })
  })
})

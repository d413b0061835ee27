import { personas } from '@dinhdanh/testing'
import { MemorySessionStore } from '@dinhdanh/web'
import { seal } from '@dinhdanh/web/cookies'
import express from 'express'
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { eidAuth } from './eid-auth.js'
import {
  type EidView,
  type Harness,
  parseSetCookie,
  SECRET_A,
  sessionCookieOf,
  signIn,
  startHarness,
} from './testing/harness.js'

let h: Harness

beforeAll(async () => {
  h = await startHarness({ main: {} })
})
afterAll(() => h?.close())

describe('sign-in over real HTTP', () => {
  it('goes /auth/login → provider → /auth/callback → 303 to returnTo, with a session cookie', async () => {
    h.sites.main!.start()
    await h.signInAs(personas.level2Adult.personalId)
    const browser = h.browser()
    const { page, trail } = await signIn(browser, h.sites.main!, 'returnTo=/me')

    const origin = h.sites.main!.origin
    const paths = trail.map((url) => `${url.origin === origin ? 'app' : 'idp'}:${url.pathname}`)
    // app:/auth/login → idp:/auth (authorization) → idp:/interaction/… → idp:/auth/… → app:/auth/callback → app:/me
    expect(paths[0]).toBe('app:/auth/login')
    expect(paths[1]).toBe('idp:/auth')
    expect(paths.slice(-2)).toEqual(['app:/auth/callback', 'app:/me'])
    expect(trail[1]?.searchParams.get('client_id')).toBe(h.sites.main!.clientId)

    expect(page.status).toBe(200)
    const me = page.json<EidView>()
    expect(me.isSignedIn).toBe(true)
    expect(me.level).toBe(2)
    expect(me.citizen?.personalId).toBe(personas.level2Adult.personalId)
    expect(me.citizen?.fullName).toBe('Nguyễn Văn An')
    expect(me.subject).toMatch(/.+/)
    expect(me.granted).toEqual(['identity'])
    expect(me.attributes).toEqual({})
    expect(await sessionCookieOf(browser, origin)).toMatchObject({ id: expect.any(String) })
  })

  it('answers the callback with 303 and sets the session cookie (HttpOnly, SameSite=Lax, path /)', async () => {
    h.sites.main!.start()
    await h.signInAs(personas.level2Adult.personalId)
    const browser = h.browser()
    const login = await browser.get(new URL('/auth/login?returnTo=/me', h.sites.main!.origin))
    expect(login.status).toBe(302)
    expect(login.location?.origin).toBe(h.idp.url)
    // PAR: the front channel carries only client_id and request_uri.
    expect([...(login.location?.searchParams.keys() ?? [])].sort()).toEqual(['client_id', 'request_uri'])
    let page = await browser.get(login.location!)
    while (page.location && !page.location.href.startsWith(`${h.sites.main!.origin}/auth/callback`)) {
      page = await browser.get(page.location)
    }
    const callback = await browser.get(page.location!)
    expect(callback.status).toBe(303)
    expect(callback.location?.href).toBe(`${h.sites.main!.origin}/me`)
    const session = callback.setCookie.map(parseSetCookie).find((cookie) => cookie.name === 'eid_session')
    expect(session?.attributes).toContain('httponly')
    expect(session?.attributes).toContain('samesite=lax')
    expect(session?.attributes).toContain('path=/')
    expect(session?.attributes).not.toContain('secure')
  })

  it('signs in with attributes from the query and shows them on req.eid', async () => {
    h.sites.main!.start()
    await h.signInAs(personas.level2Adult.personalId)
    const browser = h.browser()
    const { page } = await signIn(
      browser,
      h.sites.main!,
      'returnTo=/status&attributes=health_insurance,age_over_18',
    )
    const me = page.json<EidView>()
    expect(me.granted.sort()).toEqual(['age_over_18', 'health_insurance', 'identity'])
    expect(me.attributes.ageOver18).toBe(true)
    expect(me.attributes.healthInsurance).toMatchObject({ number: expect.any(String) })
  })

  it('works the same with a server-side store (the cookie holds only the sealed id)', async () => {
    const store = new MemorySessionStore()
    h.sites.main!.start({ session: { secret: 'x'.repeat(40), store } })
    await h.signInAs(personas.level1Adult.personalId)
    const browser = h.browser()
    const { page } = await signIn(browser, h.sites.main!, 'returnTo=/me&level=1')
    const me = page.json<EidView>()
    expect(me).toMatchObject({ isSignedIn: true, level: 1 })
    expect(me.citizen?.personalId).toBe(personas.level1Adult.personalId)
    const cookie = await sessionCookieOf(browser, h.sites.main!.origin, ['x'.repeat(40)])
    expect(cookie?.record).toBeUndefined()
    expect(await store.get(cookie!.id)).toMatchObject({ subject: me.subject })
    expect(store.size).toBe(1)
  })

  it('completes two sign-ins started in two tabs of the same browser (one transaction cookie each)', async () => {
    h.sites.main!.start()
    await h.signInAs(personas.level2Adult.personalId)
    const browser = h.browser()
    const origin = h.sites.main!.origin
    const first = await browser.get(new URL('/auth/login?returnTo=/status%3Ftab%3D1', origin))
    const second = await browser.get(new URL('/auth/login?returnTo=/status%3Ftab%3D2', origin))
    const transactions = browser
      .cookies(new URL('/auth/callback', origin))
      .filter((c) => c.name.startsWith('eid_tx.'))
    expect(transactions).toHaveLength(2)
    for (const cookie of transactions) {
      expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/auth/callback' })
    }
    // The second tab finishes first.
    const tab2 = await browser.follow(second)
    expect(tab2.url.pathname + tab2.url.search).toBe('/status?tab=2')
    expect(tab2.json<EidView>().isSignedIn).toBe(true)
    const tab1 = await browser.follow(first)
    expect(tab1.url.pathname + tab1.url.search).toBe('/status?tab=1')
    expect(tab1.json<EidView>().isSignedIn).toBe(true)
    expect(
      browser.cookies(new URL('/auth/callback', origin)).filter((c) => c.name.startsWith('eid_tx.')),
    ).toEqual([])
  })
})

describe('the login route', () => {
  it('refuses a bad level or attribute list with 400, before any request to the provider', async () => {
    const { app } = h.sites.main!.start()
    const callsBefore = h.providerCalls.length
    for (const query of [
      'level=3',
      'level=x',
      'attributes=shoe_size',
      'attributes=phone,',
      'level=1&level=2',
    ]) {
      const response = await request(app).get(`/auth/login?${query}`)
      expect(response.status, query).toBe(400)
      expect(response.headers['set-cookie'], query).toBeUndefined()
    }
    expect(h.providerCalls.slice(callsBefore)).toEqual([])
  })

  it('accepts a repeated attribute once instead of failing with a configuration error', async () => {
    const { app } = h.sites.main!.start()
    const response = await request(app).get('/auth/login?attributes=phone,phone')
    expect(response.status).toBe(302)
  })

  it('finding 7: a link cannot choose what the consent screen asks for (no query attributes unless the app declares them)', async () => {
    const site = h.sites.main!
    const bare = express().use(
      eidAuth({ client: site.client, baseUrl: site.origin, session: { secret: 'q'.repeat(40) } }),
    )
    const callsBefore = h.providerCalls.length
    const crafted = await request(bare).get(
      '/auth/login?attributes=health_insurance,vaccination,education,driving_licence',
    )
    expect(crafted.status).toBe(400)
    expect(crafted.text).toContain('health_insurance, vaccination, education, driving_licence')
    expect(crafted.text).toContain('queryAttributes')
    expect(crafted.headers['set-cookie']).toBeUndefined()
    expect(h.providerCalls.slice(callsBefore)).toEqual([])
    // Identity is always asked by the login route, so asking for it by link changes nothing.
    expect((await request(bare).get('/auth/login?attributes=identity')).status).toBe(302)

    const declared = express().use(
      eidAuth({
        client: site.client,
        baseUrl: site.origin,
        session: { secret: 'q'.repeat(40) },
        queryAttributes: ['health_insurance'],
      }),
    )
    expect((await request(declared).get('/auth/login?attributes=health_insurance')).status).toBe(302)
    const beyond = await request(declared).get('/auth/login?attributes=health_insurance,education')
    expect(beyond.status).toBe(400)
    expect(beyond.text).toContain('education')
  })

  it('refuses queryAttributes that are not attribute names at start-up', () => {
    const site = h.sites.main!
    expect(() =>
      eidAuth({
        client: site.client,
        baseUrl: site.origin,
        session: { secret: 'q'.repeat(40) },
        queryAttributes: ['shoe_size' as never],
      }),
    ).toThrow(/queryAttributes/)
  })

  it('does not let the query choose the purpose shown on the consent screen', async () => {
    const seen: unknown[] = []
    const original = h.sites.main!.client.signIn
    const signInSpy = ((input) => {
      seen.push(input)
      return original(input)
    }) as typeof original
    const client = { ...h.sites.main!.client, signIn: signInSpy }
    const { app } = h.sites.main!.start({ client, defaults: { purpose: 'Mở tài khoản ngân hàng' } })
    const response = await request(app).get(
      `/auth/login?purpose=${encodeURIComponent('Nhận tiền hoàn thuế')}`,
    )
    expect(response.status).toBe(302)
    expect(seen).toEqual([expect.objectContaining({ purpose: 'Mở tài khoản ngân hàng' })])
  })
})

describe('refresh', () => {
  it('refreshes an access token about to expire once for concurrent calls (single flight), and keeps the new tokens', async () => {
    const store = new MemorySessionStore()
    h.sites.main!.start({ session: { secret: 'y'.repeat(40), store } })
    await h.signInAs(personas.level2Adult.personalId)
    const browser = h.browser()
    await signIn(browser, h.sites.main!)
    const before = (await browser.get(new URL('/tokens', h.sites.main!.origin))).json<{
      accessToken: string
    }>()
    // The access token expires in 30 s: within the adapter's minute of leeway.
    const { id } = (await sessionCookieOf(browser, h.sites.main!.origin, ['y'.repeat(40)]))!
    const record = (await store.get(id))!
    const data = record.data as { tokens: { expiresAt: number } }
    data.tokens.expiresAt = Math.floor(Date.now() / 1000) + 30
    await store.set(id, record, { ttlSec: 600 })

    const grantsBefore = h.tokenGrants.length
    const origin = h.sites.main!.origin
    // Two requests at once, each calling getAccessToken twice.
    const [one, two] = await Promise.all([
      browser.get(new URL('/token', origin)),
      browser.get(new URL('/token', origin)),
    ])
    const tokens = [...one.json<{ tokens: string[] }>().tokens, ...two.json<{ tokens: string[] }>().tokens]
    expect(new Set(tokens).size).toBe(1)
    expect(tokens[0]).not.toBe(before.accessToken)
    expect(h.tokenGrants.slice(grantsBefore)).toEqual(['refresh_token'])

    // Saved: the next call uses the new token without another refresh.
    const after = (await browser.get(new URL('/tokens', origin))).json<{
      accessToken: string
      expiresAt: number
    }>()
    expect(after.accessToken).toBe(tokens[0])
    expect(after.expiresAt).toBeGreaterThan(Date.now() / 1000 + 300)
    expect(h.tokenGrants.slice(grantsBefore)).toEqual(['refresh_token'])
  })

  it('keeps the refreshed tokens in the cookie of every response that waited for the refresh (cookie mode)', async () => {
    const test = h.sites.main!.start()
    await h.signInAs(personas.level2Adult.personalId)
    const browser = h.browser()
    await signIn(browser, h.sites.main!)
    const origin = h.sites.main!.origin
    const cookie = (await sessionCookieOf(browser, origin))!
    // Rewrite the sealed cookie as one whose access token expires in 30 s.
    const data = cookie.record!.data as { tokens: { expiresAt: number }; touchedAt: number }
    data.tokens.expiresAt = Math.floor(Date.now() / 1000) + 30
    data.touchedAt = 0
    browser.plant(
      origin,
      'eid_session',
      await seal(cookie, { secrets: [SECRET_A], purpose: 'session', ttlSec: 600 }),
    )

    const grantsBefore = h.tokenGrants.length
    const pages = await Promise.all([
      browser.get(new URL('/token', origin)),
      browser.get(new URL('/token', origin)),
    ])
    expect(h.tokenGrants.slice(grantsBefore)).toEqual(['refresh_token'])
    const fresh = pages[0]!.json<{ tokens: string[] }>().tokens[0]
    // Whichever response the browser keeps last, its cookie holds the new tokens.
    for (const page of pages) {
      const header = page.setCookie.find((line) => line.startsWith('eid_session='))
      expect(header).toBeDefined()
    }
    const kept = await sessionCookieOf(browser, origin)
    expect((kept!.record!.data as { tokens: { accessToken: string } }).tokens.accessToken).toBe(fresh)
    expect(test.crashes).toEqual([])
  })

  it('refreshes after the response was sent without failing: a store keeps the new tokens', async () => {
    const store = new MemorySessionStore()
    const test = h.sites.main!.start({ session: { secret: 'y'.repeat(40), store } })
    await h.signInAs(personas.level2Adult.personalId)
    const browser = h.browser()
    await signIn(browser, h.sites.main!)
    const origin = h.sites.main!.origin
    const { id } = (await sessionCookieOf(browser, origin, ['y'.repeat(40)]))!
    const record = (await store.get(id))!
    ;(record.data as { tokens: { expiresAt: number } }).tokens.expiresAt = Math.floor(Date.now() / 1000) + 30
    await store.set(id, record, { ttlSec: 600 })

    expect((await browser.get(new URL('/token-later', origin))).status).toBe(200)
    await vi.waitFor(() => expect(test.lateTokens.length + test.crashes.length).toBe(1))
    expect(test.crashes).toEqual([])
    const saved = (await store.get(id))!.data as { tokens: { accessToken: string } }
    expect(saved.tokens.accessToken).toBe(test.lateTokens[0])
  })
})

describe('RP-initiated logout', () => {
  it('POST /auth/logout with the CSRF token: 303 to the end-session URL with id_token_hint, session cookie cleared', async () => {
    h.sites.main!.start()
    await h.signInAs(personas.level2Adult.personalId)
    const browser = h.browser()
    const origin = h.sites.main!.origin
    await signIn(browser, h.sites.main!)
    const { idToken } = (await browser.get(new URL('/tokens', origin))).json<{ idToken: string }>()
    const form = (await browser.get(new URL('/csrf', origin))).body
    const csrf = /name="_csrf" value="([^"]+)"/.exec(form)?.[1] ?? ''
    expect(csrf).toMatch(/^[\w-]{43}$/)

    const response = await browser.post(new URL('/auth/logout', origin), { _csrf: csrf })
    expect(response.status).toBe(303)
    const target = response.location!
    expect(`${target.origin}${target.pathname}`).toBe(`${h.idp.url}/session/end`)
    expect(target.searchParams.get('id_token_hint')).toBe(idToken)
    expect(target.searchParams.get('post_logout_redirect_uri')).toBe(`${origin}/`)
    expect(target.searchParams.get('client_id')).toBe(h.sites.main!.clientId)
    const cleared = response.setCookie.map(parseSetCookie).find((cookie) => cookie.name === 'eid_session')
    expect(cleared?.value).toBe('')
    expect(cleared?.attributes).toContain('max-age=0')
    expect((await browser.get(new URL('/status', origin))).json<EidView>().isSignedIn).toBe(false)
  })

  it('refuses a logout without the token, with a wrong token, or cross-site: 403 ERR_EID_CSRF, still signed in', async () => {
    const test = h.sites.main!.start()
    await h.signInAs(personas.level2Adult.personalId)
    const browser = h.browser()
    const origin = h.sites.main!.origin
    await signIn(browser, h.sites.main!)
    const csrf =
      /name="_csrf" value="([^"]+)"/.exec((await browser.get(new URL('/csrf', origin))).body)?.[1] ?? ''
    const logout = new URL('/auth/logout', origin)
    const attempts = [
      await browser.post(logout, {}),
      await browser.post(logout, { _csrf: 'x'.repeat(43) }),
      await browser.post(logout, { _csrf: csrf.slice(0, -1) }),
      // Right length in characters, not in bytes (used to throw inside timingSafeEqual: a 500).
      await browser.post(logout, { _csrf: `ồ${csrf.slice(1)}` }),
      await browser.post(
        logout,
        { _csrf: csrf },
        { origin: 'http://evil.example', 'sec-fetch-site': 'cross-site' },
      ),
      await browser.post(logout, { _csrf: csrf }, { 'sec-fetch-site': 'same-site' }),
      await browser.post(logout, { _csrf: csrf }, { origin: 'null' }),
    ]
    for (const [index, page] of attempts.entries()) {
      expect(page.status, `attempt ${index}`).toBe(403)
      expect(page.body, `attempt ${index}`).toContain('ERR_EID_CSRF')
      expect(page.location, `attempt ${index}`).toBeUndefined()
      expect(page.setCookie.filter((line) => line.startsWith('eid_session=;'))).toEqual([])
    }
    expect(test.errors.map((error) => error.code)).toEqual(Array(attempts.length).fill('ERR_EID_CSRF'))
    expect((await browser.get(new URL('/status', origin))).json<EidView>().isSignedIn).toBe(true)
    // The header works as well as the form field (fetch from the app's own pages).
    const viaHeader = await browser.request('POST', logout, {
      headers: { 'x-csrf-token': csrf, origin, 'sec-fetch-site': 'same-origin' },
    })
    expect(viaHeader.status).toBe(303)
  })

  it('accepts the logout form of a no-referrer page: Origin null, vouched for by Sec-Fetch-Site', async () => {
    h.sites.main!.start()
    await h.signInAs(personas.level2Adult.personalId)
    const browser = h.browser()
    const origin = h.sites.main!.origin
    await signIn(browser, h.sites.main!)
    const csrf =
      /name="_csrf" value="([^"]+)"/.exec((await browser.get(new URL('/csrf', origin))).body)?.[1] ?? ''
    // What Chromium sends for a form on a page with `Referrer-Policy: no-referrer`.
    const page = await browser.post(
      new URL('/auth/logout', origin),
      { _csrf: csrf },
      { origin: 'null', 'sec-fetch-site': 'same-origin' },
    )
    expect(page.status).toBe(303)
    expect((await browser.get(new URL('/status', origin))).json<EidView>().isSignedIn).toBe(false)
  })
})

describe('onError', () => {
  it('lets the app answer the error itself', async () => {
    const { app } = h.sites.main!.start({
      onError: (error, _req, res) => {
        res.status(418).json({ code: error.code })
      },
    })
    const response = await request(app).get('/auth/callback?state=abc&code=def')
    expect(response.status).toBe(418)
    expect(response.body).toEqual({ code: 'ERR_EID_TRANSACTION_INVALID' })
  })
})

describe('requireSignIn for API calls', () => {
  it('answers 401 with the login URL, without starting a sign-in at the provider', async () => {
    const { app } = h.sites.main!.start()
    const callsBefore = h.providerCalls.length
    const response = await request(app).post('/api/transfer').send({ amount: 5 })
    expect(response.status).toBe(401)
    expect(response.body).toEqual({
      error: 'sign_in_required',
      login: '/auth/login?returnTo=%2Fapi%2Ftransfer',
    })
    expect(response.headers['set-cookie']).toBeUndefined()
    const json = await request(app).get('/me').set('accept', 'application/json')
    expect(json.status).toBe(401)
    expect(json.body.login).toBe('/auth/login?returnTo=%2Fme')
    expect(h.providerCalls.slice(callsBefore)).toEqual([])
  })
})

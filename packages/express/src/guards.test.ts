import { personas } from '@dinhdanh/testing'
import express from 'express'
import request from 'supertest'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { requireAttributes, requireSignIn } from './guards.js'
import {
  type EidView,
  type Harness,
  sessionCookieOf,
  signIn,
  startHarness,
  visit,
} from './testing/harness.js'

let h: Harness

beforeAll(async () => {
  h = await startHarness({ main: {} })
})
afterAll(() => h?.close())
afterEach(() => {
  vi.restoreAllMocks()
})

/** The pushed authorization requests made since `from`. */
function pushedSince(from: number): URLSearchParams[] {
  return h.providerCalls
    .slice(from)
    .filter((call) => call.path === '/request')
    .map((call) => call.params)
}

describe('requireSignIn', () => {
  it('sends a signed-out visitor to the provider and back to the same page, query included', async () => {
    h.sites.main!.start()
    await h.signInAs(personas.level2Adult.personalId)
    const browser = h.browser()
    const from = h.providerCalls.length
    const first = await browser.get(new URL('/me?tab=documents', h.sites.main!.origin))
    expect(first.status).toBe(302)
    expect(first.location?.origin).toBe(h.idp.url)
    const [pushed] = pushedSince(from)
    expect(pushed?.get('acr_values')).toBe('1')
    expect(pushed?.get('scope')?.split(' ')).toContain('identity')
    expect(pushed?.get('prompt')).toBeNull()

    const { page } = await visit(browser, first)
    expect(page.url.pathname + page.url.search).toBe('/me?tab=documents')
    expect(page.json<EidView>()).toMatchObject({ isSignedIn: true, level: 2 })
  })

  it('asks the provider for the language the app chose (uiLocales), and for none by default', async () => {
    h.sites.main!.start({ uiLocales: (req) => (req.query.lang === 'en' ? 'en' : undefined) })
    const from = h.providerCalls.length
    await h.browser().get(new URL('/me?lang=en', h.sites.main!.origin))
    await h.browser().get(new URL('/me', h.sites.main!.origin))
    const [english, plain] = pushedSince(from)
    expect(english?.get('ui_locales')).toBe('en')
    expect(plain?.get('ui_locales')).toBeNull()
  })

  it('lets a level-2 session through a level-2 guard without going to the provider', async () => {
    h.sites.main!.start()
    await h.signInAs(personas.level2Adult.personalId)
    const browser = h.browser()
    await signIn(browser, h.sites.main!, 'returnTo=/status&level=1')
    const from = h.providerCalls.length
    const page = await browser.get(new URL('/level2', h.sites.main!.origin))
    expect(page.status).toBe(200)
    expect(page.json<EidView>()).toMatchObject({ isSignedIn: true, level: 2 })
    expect(h.providerCalls.slice(from)).toEqual([])
  })

  it('step-up: a level-1 session on a level-2 page asks the provider for acr 2 with a new login; a level-1 citizen is refused with 403 ERR_EID_LEVEL_TOO_LOW and keeps the session', async () => {
    const test = h.sites.main!.start()
    await h.signInAs(personas.level1Adult.personalId)
    const browser = h.browser()
    const origin = h.sites.main!.origin
    const first = await signIn(browser, h.sites.main!, 'returnTo=/status&level=1')
    expect(first.page.json<EidView>()).toMatchObject({ isSignedIn: true, level: 1 })
    const sessionBefore = await sessionCookieOf(browser, origin)

    const signInSpy = vi.spyOn(h.sites.main!.client, 'signIn')
    const from = h.providerCalls.length
    const stepUp = await browser.get(new URL('/level2', origin))
    expect(stepUp.status).toBe(302)
    expect(signInSpy).toHaveBeenCalledWith(
      // A new login may bring another citizen: identity is asked again (the grant has it: no new consent).
      expect.objectContaining({ level: 2, prompt: 'login', identity: true, attributes: [] }),
    )
    const [pushed] = pushedSince(from)
    expect(pushed?.get('acr_values')).toBe('2')
    expect(pushed?.get('prompt')).toBe('login')
    expect(pushed?.get('scope')?.split(' ').sort()).toEqual(['identity', 'openid'])

    const { page, trail } = await visit(browser, stepUp)
    expect(trail.some((url) => url.pathname === '/auth/callback')).toBe(true)
    const callback = trail.findLast((url) => url.pathname === '/auth/callback')
    expect(callback?.searchParams.get('error')).toBe('unmet_authentication_requirements')
    expect(page.status).toBe(403)
    expect(page.headers.get('content-type')).toMatch(/^text\/html/)
    expect(page.headers.get('cache-control')).toBe('no-store')
    expect(page.body).toContain('ERR_EID_LEVEL_TOO_LOW')
    expect(page.body).toContain('level-2 national e-ID account')
    expect(test.errors.map((error) => error.code)).toEqual(['ERR_EID_LEVEL_TOO_LOW'])

    // The level-1 session is still there, untouched.
    const status = (await browser.get(new URL('/status', origin))).json<EidView>()
    expect(status).toMatchObject({ isSignedIn: true, level: 1 })
    expect(status.citizen?.personalId).toBe(personas.level1Adult.personalId)
    expect((await sessionCookieOf(browser, origin))?.id).toBe(sessionBefore?.id)
  })

  it('finding 2: a step-up or fresh login completed by another citizen is refused (403 ERR_EID_CITIZEN_MISMATCH) and the session kept', async () => {
    const test = h.sites.main!.start()
    await h.signInAs(personas.level1Adult.personalId)
    const browser = h.browser()
    const origin = h.sites.main!.origin
    await signIn(browser, h.sites.main!, 'returnTo=/status&level=1&attributes=phone')
    const before = await sessionCookieOf(browser, origin)

    // Someone else's number, passcode and OTP at the new login the step-up asks for.
    await h.signInAs(personas.level2Adult.personalId)
    const { page } = await visit(browser, new URL('/level2', origin))
    expect(page.status).toBe(403)
    expect(page.body).toContain('ERR_EID_CITIZEN_MISMATCH')
    expect(page.body).toContain('một công dân khác')
    expect(page.body).not.toContain(personas.level2Adult.personalId)
    expect(test.errors.map((error) => error.code)).toEqual(['ERR_EID_CITIZEN_MISMATCH'])
    // The callback did not replace the session: the cookie still holds the first citizen's session id.
    expect((await sessionCookieOf(browser, origin))?.id).toBe(before?.id)
    // oidc-provider signs the first citizen out at the provider when another logs in in that browser, and
    // says so by back-channel logout: the first citizen's session then ends for that reason. Nobody is
    // signed in as the second citizen.
    const view = (await browser.get(new URL('/status', origin))).json<EidView>()
    expect(view.citizen?.personalId).not.toBe(personas.level2Adult.personalId)
    expect(view.isSignedIn).toBe(false)

    // The login route is where a citizen switches: whoever authenticates there is signed in, afresh.
    const switched = await signIn(browser, h.sites.main!, 'returnTo=/status&level=2')
    const other = switched.page.json<EidView>()
    expect(other.citizen?.personalId).toBe(personas.level2Adult.personalId)
    expect(other.granted).toEqual(['identity'])
    expect((await sessionCookieOf(browser, origin))?.id).not.toBe(before?.id)
  })

  it('maxAgeSec: an authentication of unknown age is renewed with prompt=login and max_age, then trusted for that long', async () => {
    h.sites.main!.start()
    await h.signInAs(personas.level2Adult.personalId)
    const browser = h.browser()
    await signIn(browser, h.sites.main!, 'returnTo=/status')
    const from = h.providerCalls.length
    const before = Math.floor(Date.now() / 1000)
    const first = await browser.get(new URL('/fresh', h.sites.main!.origin))
    expect(first.status).toBe(302)
    const [pushed] = pushedSince(from)
    expect(pushed?.get('prompt')).toBe('login')
    expect(pushed?.get('max_age')).toBe('60')
    const { page } = await visit(browser, first)
    expect(page.url.pathname).toBe('/fresh')
    const view = page.json<EidView & { authTime: number }>()
    expect(view.authTime).toBeGreaterThanOrEqual(before - 1)
    // Within the minute: straight through, no new trip to the provider.
    const again = await browser.get(new URL('/fresh', h.sites.main!.origin))
    expect(again.status).toBe(200)
    expect(pushedSince(from)).toHaveLength(1)
  })

  it('answers API calls (non-GET, or JSON only) with 401 and the login URL', async () => {
    const { app } = h.sites.main!.start()
    const post = await request(app).post('/api/transfer')
    expect(post.status).toBe(401)
    expect(post.body).toEqual({ error: 'sign_in_required', login: '/auth/login?returnTo=%2Fapi%2Ftransfer' })
    const get = await request(app).get('/level2').set('accept', 'application/json')
    expect(get.status).toBe(401)
    const html = await request(app).get('/level2').set('accept', 'text/html,*/*')
    expect(html.status).toBe(302)
  })

  it('a provider failure while a guard starts the sign-in goes to onError and the error page, not to Express', async () => {
    const app = h.sites.main!.start()
    await h.admin('POST', '/scenarios', { name: 'server_error', endpoint: 'par' })
    try {
      const page = await h.browser().get(new URL('/me', h.sites.main!.origin))
      expect(page.status).toBeGreaterThanOrEqual(500)
      expect(page.body).toMatch(/<code>ERR_EID_[A-Z_]+<\/code>/)
      expect(app.errors).toHaveLength(1)
      expect(app.crashes).toEqual([])
    } finally {
      await h.admin('DELETE', '/scenarios')
    }
  })

  it('throws a helpful error when eidAuth() is not installed', async () => {
    const errors: unknown[] = []
    const app = express()
    app.get('/x', requireSignIn(), (_req, res) => {
      res.send('never')
    })
    app.get('/y', requireAttributes(['phone']), (_req, res) => {
      res.send('never')
    })
    app.use((error: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
      errors.push(error)
      res.status(500).end()
    })
    expect((await request(app).get('/x')).status).toBe(500)
    expect((await request(app).get('/y')).status).toBe(500)
    expect(errors).toHaveLength(2)
    for (const error of errors) {
      expect(error).toBeInstanceOf(TypeError)
      expect(String(error)).toMatch(/eidAuth\(\) must be installed/)
    }
  })
})

describe('requireAttributes: incremental consent', () => {
  it('asks only for the missing attribute (no identity, no new login), comes back, and keeps what was shared before', async () => {
    h.sites.main!.start()
    await h.signInAs(personas.level2Adult.personalId)
    const browser = h.browser()
    const origin = h.sites.main!.origin
    const first = (await signIn(browser, h.sites.main!, 'returnTo=/status')).page.json<EidView>()
    expect(first.granted).toEqual(['identity'])

    const from = h.providerCalls.length
    const ask = await browser.get(new URL('/insurance?visit=3', origin))
    expect(ask.status).toBe(302)
    const [pushed] = pushedSince(from)
    expect(pushed?.get('scope')?.split(' ').sort()).toEqual(['health_insurance', 'openid'])
    expect(pushed?.get('purpose')).toBe('Kiểm tra thẻ bảo hiểm y tế')
    expect(pushed?.get('prompt')).toBeNull()

    // The citizen is still signed in at the provider, which (auto-approving) grants the new attribute
    // without a screen; the consent record below shows it was asked alone.
    const { page, consentShown } = await visit(browser, ask)
    expect(consentShown).toBeUndefined()
    expect(page.url.pathname + page.url.search).toBe('/insurance?visit=3')
    const after = page.json<EidView>()
    expect(after.citizen).toEqual(first.citizen)
    expect(after.subject).toBe(first.subject)
    expect(after.granted.sort()).toEqual(['health_insurance', 'identity'])
    expect(after.attributes.healthInsurance).toMatchObject({ number: expect.any(String) })

    // The provider recorded a consent for that attribute alone, with the page's purpose.
    const { json } = await h.admin('GET', `/consents?client_id=${h.sites.main!.clientId}`)
    const records = (
      json.consents as { sub: string; attributes: string[]; purpose: string; grantedAt: number }[]
    )
      .filter((record) => record.sub === first.subject)
      .sort((a, b) => a.grantedAt - b.grantedAt)
    expect(records.at(-1)).toMatchObject({
      attributes: ['health_insurance'],
      purpose: 'Kiểm tra thẻ bảo hiểm y tế',
    })
    expect(records.at(-2)?.attributes).toEqual(['identity'])

    // Granted now: the page opens without the provider.
    const callsBefore = h.providerCalls.length
    const again = await browser.get(new URL('/insurance', origin))
    expect(again.status).toBe(200)
    expect(h.providerCalls.slice(callsBefore)).toEqual([])
  })

  it('asks a signed-out visitor for identity and the attributes in one sign-in', async () => {
    h.sites.main!.start()
    await h.signInAs(personas.level2Adult.personalId)
    const browser = h.browser()
    const from = h.providerCalls.length
    const { page } = await visit(browser, new URL('/insurance', h.sites.main!.origin))
    const [pushed] = pushedSince(from)
    expect(pushed?.get('scope')?.split(' ').sort()).toEqual(['health_insurance', 'identity', 'openid'])
    const view = page.json<EidView>()
    expect(view.granted.sort()).toEqual(['health_insurance', 'identity'])
    expect(view.citizen?.personalId).toBe(personas.level2Adult.personalId)
  })

  it('keeps the session without the attribute when the citizen has none (noHealthInsurance)', async () => {
    h.sites.main!.start()
    await h.signInAs(personas.noHealthInsurance.personalId)
    const browser = h.browser()
    const { page } = await visit(
      browser,
      new URL('/auth/login?returnTo=/status&attributes=health_insurance', h.sites.main!.origin),
    )
    const view = page.json<EidView>()
    expect(view.isSignedIn).toBe(true)
    expect(view.attributes.healthInsurance).toBeUndefined()
    expect(view.granted).not.toContain('health_insurance')
  })

  it('does not ask again for an attribute the citizen does not hold: one trip to the provider, then the page', async () => {
    h.sites.main!.start()
    await h.signInAs(personas.noHealthInsurance.personalId)
    const browser = h.browser()
    const from = h.providerCalls.length
    const { page } = await visit(browser, new URL('/insurance', h.sites.main!.origin))
    expect(page.url.pathname).toBe('/insurance')
    expect(page.status).toBe(200)
    const view = page.json<EidView>()
    expect(view.attributes.healthInsurance).toBeUndefined()
    expect(view.missing).toEqual(['health_insurance'])
    expect(pushedSince(from)).toHaveLength(1)
    // A second visit goes straight through.
    const again = await browser.get(new URL('/insurance', h.sites.main!.origin))
    expect(again.status).toBe(200)
    expect(pushedSince(from)).toHaveLength(1)
  })

  it('does not ask again while the data source is down; the login route asks anew and clears it', async () => {
    h.sites.main!.start()
    await h.signInAs(personas.healthInsuranceSourceDown.personalId)
    const browser = h.browser()
    const { page } = await visit(browser, new URL('/insurance', h.sites.main!.origin))
    expect(page.status).toBe(200)
    expect(page.json<EidView>().unavailable).toEqual([
      expect.objectContaining({ attribute: 'health_insurance' }),
    ])
    expect(page.json<EidView>().missing).toEqual([])
    // Same citizen, source still down: the answer is replaced, not duplicated.
    const { page: retried } = await visit(
      browser,
      new URL('/auth/login?returnTo=/status&attributes=health_insurance', h.sites.main!.origin),
    )
    expect(retried.json<EidView>().unavailable).toHaveLength(1)
  })
})

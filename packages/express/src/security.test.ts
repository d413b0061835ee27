import { personas } from '@dinhdanh/testing'
import { MemorySessionStore } from '@dinhdanh/web'
import type { PendingSignIn } from '@dinhdanh/web/cookies'
import { seal, unseal } from '@dinhdanh/web/cookies'
import { CompactEncrypt, decodeProtectedHeader } from 'jose'
import request from 'supertest'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import {
  type Browser,
  type EidView,
  type Harness,
  parseSetCookie,
  SECRET_A,
  SECRET_B,
  type SessionCookie,
  sessionCookieOf,
  signIn,
  startHarness,
  visit,
} from './testing/harness.js'

let h: Harness

beforeAll(async () => {
  h = await startHarness({ main: {}, bank: { origin: 'https://bank.example' } })
})
afterAll(() => h?.close())
afterEach(() => {
  vi.restoreAllMocks()
})

async function status(browser: Browser, origin = h.sites.main!.origin): Promise<EidView> {
  return (await browser.get(new URL('/status', origin))).json<EidView>()
}

describe('R40: returnTo after the round trip', () => {
  it.each([
    '//evil.example',
    '/\\evil',
    'https:evil',
    '/%2F%2Fevil.example',
    'javascript:alert(1)',
    'http://evil.example',
    '/.//evil.example',
    '/\t/evil.example',
  ])('R40: returnTo=%j ends on "/" of the app', async (returnTo) => {
    h.sites.main!.start()
    await h.signInAs(personas.level2Adult.personalId)
    const browser = h.browser()
    const { page, trail } = await signIn(browser, h.sites.main!, `returnTo=${encodeURIComponent(returnTo)}`)
    const last = trail.at(-1)!
    expect(last.href).toBe(`${h.sites.main!.origin}/`)
    expect(page.body).toBe('home')
    expect(trail.every((url) => url.hostname === '127.0.0.1')).toBe(true)
  })

  it('R40: a same-origin returnTo keeps its path and query', async () => {
    h.sites.main!.start()
    await h.signInAs(personas.level2Adult.personalId)
    const { trail } = await signIn(
      h.browser(),
      h.sites.main!,
      `returnTo=${encodeURIComponent('/status?from=email&id=7')}`,
    )
    expect(trail.at(-1)?.href).toBe(`${h.sites.main!.origin}/status?from=email&id=7`)
  })
})

describe('R41: session fixation and cookie attributes', () => {
  it('R41: a random value planted as the session cookie is replaced by a new session at sign-in', async () => {
    h.sites.main!.start()
    await h.signInAs(personas.level2Adult.personalId)
    const browser = h.browser()
    const origin = h.sites.main!.origin
    browser.plant(origin, 'eid_session', 'attacker-chosen-session-id')
    expect((await status(browser)).isSignedIn).toBe(false)
    await signIn(browser, h.sites.main!, 'returnTo=/status')
    const cookie = await sessionCookieOf(browser, origin)
    expect(cookie?.id).toMatch(/^[\w-]{32}$/)
    expect(browser.cookieHeader(new URL('/', origin))).not.toContain('attacker-chosen-session-id')
    expect((await status(browser)).isSignedIn).toBe(true)
  })

  it.each([
    ['cookie sessions', false],
    ['a session store', true],
  ])(
    'R41: with %s, an attacker’s valid session cookie planted in the victim’s browser is replaced at sign-in, and none of its data carries over',
    async (_mode, withStore) => {
      const store = withStore ? new MemorySessionStore() : undefined
      h.sites.main!.start(store ? { session: { secret: SECRET_A, store } } : {})
      const origin = h.sites.main!.origin
      // The attacker signs in as themselves, sharing health insurance...
      await h.signInAs(personas.level2Adult.personalId)
      const attacker = h.browser()
      await signIn(attacker, h.sites.main!, 'returnTo=/status&attributes=health_insurance')
      const attackerCookie = (await sessionCookieOf(attacker, origin))!
      // The attacker's session ends in two minutes (its hard limit must not pass to the victim's session).
      const soon = Math.floor(Date.now() / 1000) + 120
      let sealed = attacker
        .cookies(new URL('/', origin))
        .find((cookie) => cookie.name === 'eid_session')!.value
      if (store) {
        const record = (await store.get(attackerCookie.id))!
        await store.set(attackerCookie.id, { ...record, absoluteExpiresAt: soon }, { ttlSec: 100 })
      } else {
        attackerCookie.record!.absoluteExpiresAt = soon
        sealed = await seal(attackerCookie, { secrets: [SECRET_A], purpose: 'session', ttlSec: 100 })
      }
      // ...and plants that cookie in the victim's browser, who then signs in.
      await h.signInAs(personas.level1Adult.personalId)
      const victim = h.browser()
      victim.plant(origin, 'eid_session', sealed)
      expect((await status(victim)).citizen?.personalId).toBe(personas.level2Adult.personalId)
      await signIn(victim, h.sites.main!, 'returnTo=/status&level=1')

      const victimCookie = (await sessionCookieOf(victim, origin))!
      expect(victimCookie.id).not.toBe(attackerCookie.id)
      const victimRecord = store ? await store.get(victimCookie.id) : victimCookie.record
      expect(victimRecord!.absoluteExpiresAt).toBeGreaterThan(Date.now() / 1000 + 7 * 3600)
      const view = await status(victim)
      expect(view.citizen?.personalId).toBe(personas.level1Adult.personalId)
      expect(view.attributes).toEqual({})
      expect(view.granted).toEqual(['identity'])
      if (store) expect(await store.get(attackerCookie.id)).toBeUndefined()
    },
  )

  it('R41: every sign-in gives a new session id, also for the same citizen', async () => {
    h.sites.main!.start()
    await h.signInAs(personas.level2Adult.personalId)
    const browser = h.browser()
    await signIn(browser, h.sites.main!, 'returnTo=/status')
    const first = await sessionCookieOf(browser, h.sites.main!.origin)
    await signIn(browser, h.sites.main!, 'returnTo=/status')
    const second = await sessionCookieOf(browser, h.sites.main!.origin)
    expect(second?.id).not.toBe(first?.id)
  })

  it('R41: on http, the transaction and session cookies are HttpOnly and SameSite=Lax, not Secure', async () => {
    const { app } = h.sites.main!.start()
    const login = await request(app).get('/auth/login')
    const [transaction] = (login.headers['set-cookie'] as unknown as string[]).map(parseSetCookie)
    expect(transaction?.name).toMatch(/^eid_tx\.[\w-]{16}$/)
    expect(transaction?.attributes).toEqual(
      new Set(['max-age=600', 'path=/auth/callback', 'httponly', 'samesite=lax']),
    )
  })

  it('R41: with an https baseUrl, every cookie is Secure (HttpOnly, SameSite=Lax) through a whole sign-in', async () => {
    const bank = h.sites.bank!
    bank.start()
    await h.signInAs(personas.level2Adult.personalId)
    const browser = h.browser()
    const login = await browser.get(new URL('/auth/login?returnTo=/status', bank.origin))
    const transaction = login.setCookie
      .map(parseSetCookie)
      .find((cookie) => cookie.name.startsWith('eid_tx.'))
    expect(transaction?.attributes).toEqual(
      new Set(['max-age=600', 'path=/auth/callback', 'httponly', 'secure', 'samesite=lax']),
    )
    const trail: URL[] = []
    const page = await browser.follow(login, { trail })
    expect(page.url.href).toBe('https://bank.example/status')
    expect(page.json<EidView>().isSignedIn).toBe(true)
    const session = browser.cookies('https://bank.example/').find((cookie) => cookie.name === 'eid_session')
    expect(session).toMatchObject({ secure: true, httpOnly: true, sameSite: 'Lax', path: '/' })
    // Not sent over plain http.
    expect(browser.cookieHeader('http://bank.example/status')).toBeUndefined()
  })
})

describe('R42: what the adapter renders', () => {
  it('R42: a refused consent shows the 403 page with ERR_EID_ACCESS_DENIED and no personal data', async () => {
    const test = h.sites.main!.start()
    await h.signInAs(personas.level2Adult.personalId)
    expect((await h.admin('POST', '/scenarios', { name: 'consent_denied' })).status).toBeLessThan(300)
    try {
      const { page, trail } = await signIn(h.browser(), h.sites.main!, 'returnTo=/me')
      expect(trail.at(-1)?.pathname).toBe('/auth/callback')
      expect(page.status).toBe(403)
      expect(page.headers.get('cache-control')).toBe('no-store')
      expect(page.body).toContain('<code>ERR_EID_ACCESS_DENIED</code>')
      expect(page.body).toContain('declined to share')
      for (const personal of [personas.level2Adult.personalId, 'Nguyễn Văn An', 'Nguyễn', 'consent_denied']) {
        expect(page.body).not.toContain(personal)
      }
      expect(test.errors.map((error) => error.code)).toEqual(['ERR_EID_ACCESS_DENIED'])
    } finally {
      await h.admin('DELETE', '/scenarios')
    }
  })

  it('R42: an error_description with <script>, NUL or 10 kB is never echoed; a 10 kB state is refused', async () => {
    h.sites.main!.start()
    const browser = h.browser()
    const origin = h.sites.main!.origin
    /** A callback for a fresh transaction of this browser, carrying the provider's error. */
    const errorCallback = async (description: string) => {
      const login = await browser.get(new URL('/auth/login', origin))
      const sealed = login.setCookie
        .map(parseSetCookie)
        .find((cookie) => cookie.name.startsWith('eid_tx.'))!.value
      const pending = (await unseal<PendingSignIn>(sealed, { secrets: [SECRET_A], purpose: 'transaction' }))!
      const callback = new URL('/auth/callback', origin)
      callback.searchParams.set('error', 'access_denied')
      callback.searchParams.set('error_description', description)
      callback.searchParams.set('state', pending.transaction.state)
      callback.searchParams.set('iss', h.idp.url)
      return browser.get(callback)
    }

    const script = await errorCallback('<script>alert(1)</script>\u0000 Nguyễn Văn An')
    expect(script.status).toBe(403)
    expect(script.body).toContain('ERR_EID_ACCESS_DENIED')
    expect(script.body).not.toContain('alert(1)')
    expect(script.body).not.toContain('\u0000')
    expect(script.body).not.toContain('Nguyễn Văn An')

    const long = await errorCallback(`<script>${'x'.repeat(10_240)}`)
    expect(long.status).toBe(400)
    expect(long.body).toContain('ERR_EID_CALLBACK_INVALID')
    expect(long.body).not.toContain('xxxxxxxxxx')
    expect(long.body.length).toBeLessThan(3_000)

    const huge = await browser.get(new URL(`/auth/callback?code=abc&state=${'s'.repeat(10_240)}`, origin))
    expect(huge.status).toBe(400)
    expect(huge.body).toContain('ERR_EID_TRANSACTION_INVALID')
    expect(huge.body).not.toContain('ssssssssss')
  })

  it('R42: a returnTo with markup is percent-encoded in the redirect, never echoed as HTML', async () => {
    h.sites.main!.start()
    await h.signInAs(personas.level2Adult.personalId)
    const browser = h.browser()
    const returnTo = '/status?q=<script>alert(1)</script>&n=\u0000'
    const { trail } = await signIn(browser, h.sites.main!, `returnTo=${encodeURIComponent(returnTo)}`)
    // A control character makes the whole returnTo unsafe.
    expect(trail.at(-1)?.href).toBe(`${h.sites.main!.origin}/`)
    const login = await browser.get(
      new URL(`/auth/login?returnTo=${encodeURIComponent('/status?q=<script>')}`, h.sites.main!.origin),
    )
    const done = await visit(browser, login)
    expect(done.page.url.search).toBe('?q=%3Cscript%3E')
    const callbackResponse = await request(h.sites.main!.address).get(
      '/auth/callback?state=<script>alert(1)</script>',
    )
    expect(callbackResponse.text).not.toContain('<script>alert(1)')
  })
})

describe('bad input', () => {
  it('a callback without its transaction cookie: 400, a friendly page (10 minutes, cookies, another browser)', async () => {
    const test = h.sites.main!.start()
    const response = await request(h.sites.main!.address)
      .get('/auth/callback?code=abc&state=0123456789abcdef0123456789abcdef&iss=x')
      .set('accept', 'text/html')
    expect(response.status).toBe(400)
    expect(response.type).toBe('text/html')
    expect(response.headers['cache-control']).toBe('no-store')
    expect(response.text).toContain('ERR_EID_TRANSACTION_INVALID')
    expect(response.text).toContain('more than 10 minutes')
    expect(response.text).toContain('your browser may block cookies')
    expect(response.text).toContain('opened in another browser')
    expect(response.text).toContain('href="/auth/login"')
    expect(test.errors.map((error) => error.code)).toEqual(['ERR_EID_TRANSACTION_INVALID'])
  })

  it('a replayed callback (same URL twice, with or without the old transaction cookie) gets 400 and changes nothing', async () => {
    const test = h.sites.main!.start()
    await h.signInAs(personas.level2Adult.personalId)
    const browser = h.browser()
    const origin = h.sites.main!.origin
    const login = await browser.get(new URL('/auth/login?returnTo=/status', origin))
    const transactionCookie = browser.cookieHeader(new URL('/auth/callback', origin))!
    let page = await browser.get(login.location!)
    while (page.location && !page.location.pathname.startsWith('/auth/callback'))
      page = await browser.get(page.location)
    const callbackUrl = page.location!
    expect((await browser.get(callbackUrl)).status).toBe(303)
    const session = await sessionCookieOf(browser, origin)

    const again = await browser.get(callbackUrl)
    expect(again.status).toBe(400)
    expect(again.body).toContain('ERR_EID_TRANSACTION_INVALID')
    // Back or reload after signing in (#15): said so, with a way on, not a sign-in failure.
    expect(again.body).toContain('Bạn đã đăng nhập rồi')
    const withOldCookie = await request(h.sites.main!.address)
      .get(`${callbackUrl.pathname}${callbackUrl.search}`)
      .set('cookie', transactionCookie)
    expect(withOldCookie.status).toBe(400)
    expect(withOldCookie.text).toContain('ERR_EID_TRANSACTION_INVALID')
    const setCookies = (withOldCookie.headers['set-cookie'] ?? []) as unknown as string[]
    expect(setCookies.filter((line) => line.startsWith('eid_session='))).toEqual([])

    expect((await sessionCookieOf(browser, origin))?.id).toBe(session?.id)
    expect((await status(browser)).isSignedIn).toBe(true)
    expect(test.crashes).toEqual([])
  })

  it('a forged, truncated, old-secret, re-encrypted, expired or transaction cookie is "signed out"; the real session is untouched; nothing identifies the citizen in the logs', async () => {
    const console_ = ['log', 'info', 'warn', 'error', 'debug'].map((method) =>
      vi.spyOn(console, method as 'log').mockImplementation(() => {}),
    )
    const store = new MemorySessionStore()
    const test = h.sites.main!.start({ session: { secret: SECRET_A, store } })
    await h.signInAs(personas.level2Adult.personalId)
    const browser = h.browser()
    const origin = h.sites.main!.origin
    await signIn(browser, h.sites.main!, 'returnTo=/status&attributes=phone')
    const real = browser.cookies(new URL('/', origin)).find((cookie) => cookie.name === 'eid_session')!.value
    const payload = (await unseal<SessionCookie>(real, { secrets: [SECRET_A], purpose: 'session' }))!
    const { kid } = decodeProtectedHeader(real)
    const record = structuredClone(await store.get(payload.id))

    const fakes: Record<string, string> = {
      forged: 'eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..forged.forged.forged',
      truncated: real.slice(0, -12),
      'one bit flipped': `${real.slice(0, 200)}${real[200] === 'A' ? 'B' : 'A'}${real.slice(201)}`,
      'sealed with a secret the app no longer has': await seal(payload, {
        secrets: [SECRET_B],
        purpose: 'session',
        ttlSec: 600,
      }),
      're-encrypted under the same kid with another key': await new CompactEncrypt(
        new TextEncoder().encode(JSON.stringify({ v: payload, iat: 1, exp: 9_999_999_999 })),
      )
        .setProtectedHeader({ alg: 'dir', enc: 'A256GCM', kid: kid ?? '' })
        .encrypt(crypto.getRandomValues(new Uint8Array(32))),
      expired: await seal(payload, {
        secrets: [SECRET_A],
        purpose: 'session',
        ttlSec: 60,
        now: () => Date.now() - 3_600_000,
      }),
      'a transaction cookie': await seal(payload, {
        secrets: [SECRET_A],
        purpose: 'transaction',
        ttlSec: 600,
      }),
      'an unknown session id': await seal(
        { id: 'x'.repeat(32) },
        { secrets: [SECRET_A], purpose: 'session', ttlSec: 600 },
      ),
      oversized: 'A'.repeat(7_000),
    }
    for (const [label, value] of Object.entries(fakes)) {
      const other = h.browser()
      other.plant(origin, 'eid_session', value)
      expect((await status(other)).isSignedIn, label).toBe(false)
      const me = await other.get(new URL('/me', origin))
      expect(me.status, label).toBe(302)
      expect(me.location?.origin, label).toBe(h.idp.url)
      const logout = await other.post(new URL('/auth/logout', origin), { _csrf: 'x' })
      expect(logout.status, label).toBe(403)
    }
    expect(await store.get(payload.id)).toEqual(record)
    expect(store.size).toBe(1)
    const view = await status(browser)
    expect(view.isSignedIn).toBe(true)
    expect(view.attributes.phone).toBeDefined()
    expect(test.crashes).toEqual([])

    const written = [
      ...test.logs,
      ...console_.flatMap((spy) => spy.mock.calls.map((call) => call.map(String).join(' '))),
    ].join('\n')
    const citizen = view.citizen!
    for (const personal of [citizen.personalId, citizen.fullName, ...citizen.fullName.split(' ')]) {
      expect(written).not.toContain(personal)
    }
  })
})

describe('secret rotation', () => {
  it('a session sealed with secret A still opens after a restart with [B, A], and not with [B] alone', async () => {
    h.sites.main!.start({ session: { secret: SECRET_A } })
    await h.signInAs(personas.level2Adult.personalId)
    const browser = h.browser()
    await signIn(browser, h.sites.main!, 'returnTo=/status')
    expect((await status(browser)).isSignedIn).toBe(true)

    h.sites.main!.start({ session: { secret: [SECRET_B, SECRET_A] } })
    expect((await status(browser)).isSignedIn).toBe(true)

    h.sites.main!.start({ session: { secret: [SECRET_B] } })
    expect((await status(browser)).isSignedIn).toBe(false)
  })

  it('new sessions are sealed with the first secret, so they survive dropping the old one', async () => {
    h.sites.main!.start({ session: { secret: [SECRET_B, SECRET_A] } })
    await h.signInAs(personas.level2Adult.personalId)
    const browser = h.browser()
    await signIn(browser, h.sites.main!, 'returnTo=/status')
    expect(await sessionCookieOf(browser, h.sites.main!.origin, [SECRET_B])).toBeDefined()
    h.sites.main!.start({ session: { secret: [SECRET_B] } })
    expect((await status(browser)).isSignedIn).toBe(true)
  })

  it('a transaction started before a rotation to [B, A] completes after it', async () => {
    h.sites.main!.start({ session: { secret: SECRET_A } })
    await h.signInAs(personas.level2Adult.personalId)
    const browser = h.browser()
    const login = await browser.get(new URL('/auth/login?returnTo=/status', h.sites.main!.origin))
    h.sites.main!.start({ session: { secret: [SECRET_B, SECRET_A] } })
    const { page } = await visit(browser, login)
    expect(page.json<EidView>().isSignedIn).toBe(true)
  })
})

import { mkdtempSync, rmSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createClient, type EidClient, isEidError } from '@dinhdanh/client'
import { eidAuth, requireSignIn } from '@dinhdanh/express'
import { createMockIdp, type MockIdp } from '@dinhdanh/mock-idp'
import { CookieJar } from '@dinhdanh/testing/browser'
import { RedisSessionStore, type SessionStore } from '@dinhdanh/web'
import express, { type Request as AppRequest, type Response as AppResponse, type NextFunction } from 'express'
import { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testClient } from './support/clients.js'
import { type RedisServer, startRedisServer } from './support/redis-server.js'
import { signInCitizens } from './support/sign-in-load.js'

/**
 * Redis stopped and restarted under load, seen from a relying party: an Express app on `@dinhdanh/express`
 * with its sessions in `RedisSessionStore` (a real redis-server with an append-only file, so sessions
 * outlive the restart as they would in production), the mock provider in process. Signed-in users keep
 * making requests while Redis is stopped and started again on the same port. While it is down, every
 * request that needs the session gets the app's clear 503 (a stable code, never a page as if signed out,
 * never a stack trace), the process neither crashes nor leaks an unhandled rejection, and the provider is
 * told a back-channel logout failed; once it is back, everyone signed in is signed in again, sign-ins and
 * sign-outs work, and no session logged out before the outage (locally or at the provider) comes back.
 *
 * The app is also the example: an ioredis client that fails fast instead of queueing commands while Redis
 * is away (`enableOfflineQueue: false`, `maxRetriesPerRequest: 1`, an `error` listener), and a store
 * wrapper whose failures the app's error handler answers with 503 `session_store_unavailable`.
 *
 * A citizen who signs out at the provider while Redis is down: the app answers the back-channel logout 503,
 * and the same token delivered again once Redis is back is accepted and ends the session (the client
 * releases the token's `jti` when ending the sessions failed, so the retry is not taken for a replay).
 * The mock provider (oidc-provider) does not deliver a back-channel logout twice; this test plays the
 * provider's retry with the token it captured. A provider that does not retry leaves that citizen signed in
 * at the app until the session ends: a limit of back-channel logout, said in docs/sessions.md.
 *
 * Short by default (in `npm test`): REDIS_SESSIONS_USERS=6 signed-in users, REDIS_SESSIONS_LOAD_MS=1500 per
 * phase (up, down, back). Long form: REDIS_SESSIONS_USERS=32 REDIS_SESSIONS_LOAD_MS=60000
 * REDIS_SESSIONS_OUTAGES=5 (outages in a row; 1 by default).
 */
const USERS = Number(process.env.REDIS_SESSIONS_USERS ?? 6)
const LOAD_MS = Number(process.env.REDIS_SESSIONS_LOAD_MS ?? 1_500)
const OUTAGES = Number(process.env.REDIS_SESSIONS_OUTAGES ?? 1)
const SECRET = 'redis-outage-session-secret-0123456789abcdef'
const STORE_DOWN = 'session_store_unavailable'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** What the app's error handler answers when the session store fails (its `cause` is the Redis error). */
class SessionStoreUnavailableError extends Error {
  readonly code = STORE_DOWN
}

/** A session store whose every failure is a {@link SessionStoreUnavailableError}. */
function failingClearly(store: SessionStore): SessionStore {
  const clearly =
    <A extends unknown[], R>(call: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      try {
        return await call(...args)
      } catch (cause) {
        throw new SessionStoreUnavailableError('the session store cannot be reached', { cause })
      }
    }
  return {
    get: clearly((id) => store.get(id)),
    set: clearly((id, record, options) => store.set(id, record, options)),
    delete: clearly((id) => store.delete(id)),
    idsBySubject: clearly((subject) => store.idsBySubject(subject)),
    idsByProviderSession: clearly((sid) => store.idsByProviderSession(sid)),
    deleteBySubject: clearly((subject) => store.deleteBySubject(subject)),
    deleteByProviderSession: clearly((sid) => store.deleteByProviderSession(sid)),
  }
}

const dirs: string[] = []
let redis: RedisServer
let redisClient: Redis
let idp: MockIdp
let eid: EidClient
let server: Server
let baseUrl: string
const redisErrors: string[] = []
const appErrors: unknown[] = []
const unhandled: unknown[] = []
/** Statuses the app answered to the provider's back-channel logouts, in order. */
const backchannel: number[] = []
/** Logout tokens the app failed to apply (5xx), for the test to deliver again as a provider's retry would. */
const undelivered: string[] = []
const onUnhandled = (reason: unknown) => unhandled.push(reason)
let persistence: string[]

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled)
  const dir = mkdtempSync(join(tmpdir(), 'express-redis-outage-'))
  dirs.push(dir)
  persistence = ['--appendonly', 'yes', '--appendfsync', 'always', '--dir', dir]
  redis = await startRedisServer({ extraArgs: persistence })
  redisClient = new Redis(redis.url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    retryStrategy: (times) => Math.min(times * 100, 500),
  })
  // ioredis reports each failed reconnection here; without a listener it prints "Unhandled error event".
  redisClient.on('error', (error: Error) => redisErrors.push(error.message))
  await new Promise<void>((resolve) => redisClient.once('ready', () => resolve()))

  // The app's server first, so its address is registered with the provider exactly.
  let handler: (req: AppRequest, res: AppResponse) => void = (_req, res) => {
    res.statusCode = 503
    res.end()
  }
  server = createServer((req, res) => handler(req as AppRequest, res as AppResponse))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const rp = await testClient('redis-outage-rp', {
    redirect_uris: [`${baseUrl}/auth/callback`],
    post_logout_redirect_uris: [`${baseUrl}/`],
    grant_types: ['authorization_code', 'refresh_token'],
    backchannel_logout_uri: `${baseUrl}/auth/backchannel-logout`,
    backchannel_logout_session_required: true,
  })
  idp = await createMockIdp({ port: 0, store: 'memory', logLevel: 'silent', clients: [rp.metadata] })
  eid = await createClient({
    issuer: idp.url,
    clientId: rp.metadata.client_id,
    clientAuth: { method: 'private_key_jwt', privateJwk: rp.privateJwk },
    redirectUri: `${baseUrl}/auth/callback`,
    http: { timeoutMs: 5_000, retries: 0 },
  })

  const app = express()
  app.use('/auth/backchannel-logout', express.urlencoded({ extended: false }), (req, res, next) => {
    const token = (req.body as { logout_token?: string }).logout_token
    res.on('finish', () => {
      backchannel.push(res.statusCode)
      if (res.statusCode >= 500 && token) undelivered.push(token)
    })
    next()
  })
  app.use(
    eidAuth({
      client: eid,
      baseUrl,
      session: { secret: SECRET, store: failingClearly(new RedisSessionStore({ client: redisClient })) },
      log: () => {},
    }),
  )
  app.get('/status', (req, res) => {
    res.json({ isSignedIn: req.eid.isSignedIn, subject: req.eid.subject ?? null })
  })
  app.get('/me', requireSignIn(), (req, res) => {
    res.json({ isSignedIn: req.eid.isSignedIn, subject: req.eid.subject ?? null })
  })
  app.get('/csrf', (req, res) => {
    res.json({ csrfToken: req.eid.csrfToken })
  })
  // The app's error handler: a store that cannot be reached is a 503 with a stable code, in JSON for API
  // calls and as a page for browsers; anything else a plain 500. Never the error's text or stack.
  app.use((error: unknown, req: AppRequest, res: AppResponse, _next: NextFunction) => {
    appErrors.push(error)
    const code = error instanceof SessionStoreUnavailableError ? STORE_DOWN : 'internal_error'
    res.status(code === STORE_DOWN ? 503 : 500).set('cache-control', 'no-store')
    if (code === STORE_DOWN) res.set('retry-after', '5')
    if (req.accepts(['html', 'json']) === 'json') res.json({ error: code })
    else
      res
        .type('html')
        .send(
          `<!doctype html><title>Temporarily unavailable</title><h1>We cannot open your session right now</h1><p>Please try again in a moment. (${code})</p>`,
        )
  })
  handler = app
}, 60_000)

afterAll(async () => {
  process.off('unhandledRejection', onUnhandled)
  server?.closeAllConnections()
  await new Promise((resolve) => server?.close(resolve))
  await idp?.close()
  redisClient?.disconnect()
  await redis?.stop()
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})

/** One browser profile: cookies for the app and the provider, redirects followed by hand. */
class Browser {
  readonly jar = new CookieJar()

  async request(target: string | URL, init: RequestInit = {}): Promise<Response> {
    const url = new URL(target, baseUrl)
    const cookie = this.jar.header(url)
    const response = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: {
        accept: 'text/html',
        ...(init.headers as Record<string, string>),
        ...(cookie && { cookie }),
      },
    })
    this.jar.store(url, response.headers.getSetCookie())
    return response
  }

  /** Follows redirects (GET) from `target` to the first answer that is not one; returns it and its URL. */
  async follow(target: string | URL, init: RequestInit = {}): Promise<{ response: Response; url: URL }> {
    let url = new URL(target, baseUrl)
    let response = await this.request(url, init)
    for (let hop = 0; hop < 20 && response.status >= 300 && response.status < 400; hop++) {
      await response.body?.cancel()
      url = new URL(response.headers.get('location') ?? '', url)
      response = await this.request(url)
    }
    return { response, url }
  }

  /** The app's view of this browser (JSON): status and body. */
  async status(
    path = '/status',
  ): Promise<{ status: number; body: { isSignedIn?: boolean; error?: string } }> {
    const response = await this.request(path, { headers: { accept: 'application/json' } })
    const text = await response.text()
    return { status: response.status, body: text.startsWith('{') ? JSON.parse(text) : { error: text } }
  }

  /** The app's own sign-out (POST /auth/logout with its CSRF token); the answer, not followed. */
  async logout(): Promise<Response> {
    const { csrfToken } = (await (
      await this.request('/csrf', { headers: { accept: 'application/json' } })
    ).json()) as {
      csrfToken: string
    }
    return this.request('/auth/logout', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: baseUrl },
      body: new URLSearchParams({ _csrf: csrfToken }),
    })
  }

  /** Signs out at the provider only (its confirmation form), which tells the app by back-channel. */
  async logoutAtProvider(): Promise<void> {
    const { response, url } = await this.follow(eid.signOutUrl())
    const page = await response.text()
    const action = /<form[^>]*action="([^"]+)"/.exec(page)?.[1]
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(page)?.[1]
    if (!action || !xsrf) throw new Error(`no logout form on the provider's page (HTTP ${response.status})`)
    const done = await this.request(new URL(action.replace(/&amp;/g, '&'), url), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ xsrf, logout: 'yes' }),
    })
    await done.body?.cancel()
  }

  /** The raw cookie header this browser sends to the app (to replay it as a stolen copy would). */
  appCookie(): string {
    return this.jar.header(new URL('/status', baseUrl)) ?? ''
  }
}

async function signIn(personalId: string): Promise<Browser> {
  const settings = await fetch(`${idp.url}/__admin/settings`, {
    method: 'PATCH',
    headers: { authorization: `Bearer ${idp.adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ autoApprove: true, autoApproveAs: personalId }),
  })
  await settings.body?.cancel()
  expect(settings.status).toBe(200)
  const browser = new Browser()
  const { response, url } = await browser.follow('/auth/login?returnTo=/status')
  expect(url.pathname, await response.clone().text()).toBe('/status')
  expect(((await response.json()) as { isSignedIn: boolean }).isSignedIn).toBe(true)
  return browser
}

/** What the signed-in users saw in one phase: answers by kind, and anything unexpected. */
interface Tally {
  signedIn: number
  storeDown: number
  unexpected: string[]
}

/** Every user asks for a guarded page (as an API call) in a loop until `stop()`. */
async function browse(users: Browser[], stop: () => boolean, allowDown: boolean): Promise<Tally> {
  const tally: Tally = { signedIn: 0, storeDown: 0, unexpected: [] }
  await Promise.all(
    users.map(async (user) => {
      while (!stop()) {
        const { status, body } = await user.status('/me')
        if (status === 200 && body.isSignedIn === true) tally.signedIn++
        else if (allowDown && status === 503 && body.error === STORE_DOWN) tally.storeDown++
        else tally.unexpected.push(`HTTP ${status} ${JSON.stringify(body).slice(0, 120)}`)
        await sleep(20)
      }
    }),
  )
  return tally
}

describe('Redis stopped and restarted under load (an Express app on Redis sessions)', () => {
  it(
    `clear 503s while Redis is down, full service after, no logged-out session back (${USERS} users, ${OUTAGES} outage(s))`,
    async () => {
      const citizens = signInCitizens('express-redis-outage', USERS + 5 * OUTAGES)
      let nextCitizen = 0
      const users: Browser[] = []
      for (let i = 0; i < USERS; i++) users.push(await signIn(citizens[nextCitizen++] as string))

      for (let outage = 0; outage < OUTAGES; outage++) {
        // Before the outage: one citizen signs out at the app (a copy of the old cookie is kept, as a stolen
        // one would be), another at the provider (the app ends the session on the back-channel logout).
        const local = await signIn(citizens[nextCitizen++] as string)
        const staleCookie = local.appCookie()
        const localOut = await local.logout()
        expect(localOut.status).toBe(303)
        await localOut.body?.cancel()
        expect((await local.status()).body.isSignedIn).toBe(false)
        const atProvider = await signIn(citizens[nextCitizen++] as string)
        const backchannelBefore = backchannel.length
        await atProvider.logoutAtProvider()
        expect(backchannel.slice(backchannelBefore)).toEqual([200])
        expect((await atProvider.status()).body.isSignedIn).toBe(false)
        // Signed in now, to sign out at the provider while Redis is down.
        const duringOutage = await signIn(citizens[nextCitizen++] as string)

        let phase: 'up' | 'down' | 'back' = 'up'
        const upLoad = browse(users, () => phase !== 'up', false)
        await sleep(LOAD_MS)
        phase = 'down'
        const upTally = await upLoad
        await redis.stop()
        const errorsBefore = redisErrors.length

        const downLoad = browse(users, () => phase !== 'down', true)
        await sleep(LOAD_MS)
        // A page request gets the error page (HTML, the code), a logout says it failed (not a redirect as if
        // done), a new sign-in ends on the 503 too, and the provider is told the back-channel logout failed.
        const page = await users[0]?.request('/me')
        expect(page?.status).toBe(503)
        expect(page?.headers.get('content-type')).toMatch(/^text\/html/)
        const pageText = (await page?.text()) ?? ''
        expect(pageText).toContain(STORE_DOWN)
        expect(pageText).not.toMatch(/\n\s+at |Error:|ECONNREFUSED/)
        const failedLogout = await users[1]?.logout()
        expect(failedLogout?.status).toBe(503)
        await failedLogout?.body?.cancel()
        const newcomer = new Browser()
        const { response: newcomerAnswer } = await newcomer.follow('/auth/login?returnTo=/status')
        expect(newcomerAnswer.status).toBe(503)
        await newcomerAnswer.body?.cancel()
        const backchannelDuring = backchannel.length
        await duringOutage.logoutAtProvider()
        expect(backchannel.slice(backchannelDuring)).toHaveLength(1)
        expect(backchannel.at(-1)).toBeGreaterThanOrEqual(500)
        phase = 'back'
        const downTally = await downLoad
        expect(redisErrors.length).toBeGreaterThan(errorsBefore)

        redis = await startRedisServer({ port: redis.port, extraArgs: persistence })
        await new Promise<void>((resolve) =>
          redisClient.status === 'ready' ? resolve() : redisClient.once('ready', () => resolve()),
        )
        const backLoad = browse(users, () => phase !== 'back', false)
        await sleep(LOAD_MS)
        phase = 'up'
        const backTally = await backLoad

        console.log(
          `redis outage ${outage + 1}/${OUTAGES}, ${users.length} users, ${LOAD_MS} ms a phase: up ${upTally.signedIn} signed-in answers; down ${downTally.storeDown} × 503 ${STORE_DOWN}; back ${backTally.signedIn} signed-in answers; unexpected ${upTally.unexpected.length + downTally.unexpected.length + backTally.unexpected.length}; ioredis errors ${redisErrors.length}`,
        )
        expect(upTally.unexpected).toEqual([])
        expect(upTally.signedIn).toBeGreaterThan(0)
        expect(downTally.unexpected).toEqual([])
        expect(downTally.storeDown).toBeGreaterThan(0)
        // Full service: every user still signed in (their sessions outlived the restart), on every request.
        expect(backTally.unexpected).toEqual([])
        expect(backTally.signedIn).toBeGreaterThanOrEqual(users.length)
        for (const user of users) expect((await user.status()).body.isSignedIn).toBe(true)

        // Nothing logged out before the outage is back: neither the old cookie of the local sign-out nor
        // the session ended by the provider.
        const replay = new Browser()
        replay.jar.store(new URL(baseUrl), staleCookie.split('; ').filter(Boolean))
        expect(replay.appCookie()).not.toBe('')
        expect(await replay.status()).toEqual({ status: 200, body: { isSignedIn: false, subject: null } })
        expect(await atProvider.status()).toEqual({ status: 200, body: { isSignedIn: false, subject: null } })
        // The provider's retry of the back-channel logout that failed during the outage is accepted, and
        // ends that session.
        expect((await duringOutage.status()).body.isSignedIn).toBe(true)
        const token = undelivered.shift()
        expect(token).toBeDefined()
        const redelivered = await fetch(`${baseUrl}/auth/backchannel-logout`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ logout_token: token as string }),
        })
        await redelivered.body?.cancel()
        expect(redelivered.status).toBe(200)
        expect((await duringOutage.status()).body).toEqual({ isSignedIn: false, subject: null })
        // The logout refused during the outage was not done: that user is still signed in, and signs out now.
        expect((await users[1]?.status())?.body.isSignedIn).toBe(true)
        const retried = await users[1]?.logout()
        expect(retried?.status).toBe(303)
        await retried?.body?.cancel()
        expect((await users[1]?.status())?.body.isSignedIn).toBe(false)
        users[1] = await signIn(citizens[nextCitizen++] as string)
        // New sign-ins work at once.
        expect((await (await signIn(citizens[nextCitizen++] as string)).status()).body).toMatchObject({
          isSignedIn: true,
        })
      }

      // Only store failures reached the error handler; nothing escaped as an unhandled rejection.
      expect(appErrors.length).toBeGreaterThan(0)
      for (const error of appErrors) {
        expect(error).toBeInstanceOf(SessionStoreUnavailableError)
        expect(isEidError(error)).toBe(false)
      }
      expect(unhandled).toEqual([])
    },
    60_000 + OUTAGES * (3 * LOAD_MS + 30_000),
  )
})

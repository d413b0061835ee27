import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { bypass } from 'msw'
import { CookieJar } from '../browser/cookie-jar.js'

/** Where the app's cookies are kept: one origin for the app, whatever port it runs on. */
const APP = 'https://app.invalid/'

/** An Express app (or any Node request listener). */
type RequestListener = (req: IncomingMessage, res: ServerResponse) => void

/**
 * Options of {@link signInThroughApp}.
 *
 * @example
 * ```ts
 * const options: SignInThroughAppOptions = { loginPath: '/auth/login?returnTo=/me' }
 * ```
 */
export interface SignInThroughAppOptions {
  /** The app's sign-in route, with any query (default `/auth/login`). */
  loginPath?: string
  /**
   * Return the app's answer to the callback even when it is an error (status 400 or more), instead of
   * throwing: for the failure journeys (consent denied, a minor refused, the provider down).
   */
  allowFailure?: boolean
}

/**
 * The outcome of {@link signInThroughApp}: the app's cookies after the callback (send them with
 * supertest's `.set('Cookie', cookie)`), and a small agent that keeps sending them.
 *
 * @example
 * ```ts
 * const { cookie, agent } = await signInThroughApp(app)
 * const me = await agent.fetch('/me')
 * ```
 */
export interface AppSignIn {
  /** `name=value; name2=value2`: every cookie the app set and did not clear. */
  cookie: string
  /** Where the callback redirected to (e.g. the `returnTo` page). */
  location: string | undefined
  /** The status of the app's answer to the callback (a redirect on success). */
  status: number
  /** The body of that answer: the app's own page when it did not redirect (e.g. its error page). */
  body: string
  agent: {
    /** Requests `path` on the app with the cookies (and stores what it sets). */
    fetch(path: string, init?: RequestInit): Promise<Response>
  }
}

/** Runs `app` on an ephemeral loopback port for the duration of `use` (or uses a base URL as is). */
async function withOrigin<T>(
  target: RequestListener | string,
  use: (origin: string) => Promise<T>,
): Promise<T> {
  if (typeof target === 'string') return use(target.replace(/\/$/, ''))
  const server = createServer(target)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  try {
    return await use(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)
  } finally {
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  }
}

/**
 * Signs a citizen in through an app that uses `@dinhdanh/client` or `@dinhdanh/express`, in process:
 * GET `loginPath` on the app, follow its redirect to the provider's authorization URL (answered by the
 * msw kit's handlers, which must be listening: call `eid.signInAs(...)` first), then GET the callback
 * on the app with its cookies. Requests to the app bypass msw (`bypass()`), so
 * `onUnhandledRequest: 'error'` stays safe; an Express app runs on an ephemeral loopback port only
 * while a request is made.
 *
 * @example
 * ```ts
 * eid.signInAs(personas.level2Adult)
 * const { cookie } = await signInThroughApp(app, { loginPath: '/auth/login?returnTo=/me' })
 * await request(app).get('/me').set('Cookie', cookie).expect(200)
 * ```
 */
export async function signInThroughApp(
  target: RequestListener | string,
  options: SignInThroughAppOptions = {},
): Promise<AppSignIn> {
  // The app runs on another ephemeral port for each request: its cookies are kept under one origin.
  const jar = new CookieJar()
  const cookie = () =>
    jar
      .all(APP)
      .map(({ name, value }) => `${name}=${value}`)
      .join('; ')
  const appFetch = (origin: string, path: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers)
    const url = new URL(path, origin)
    const sent = jar.header(new URL(`${url.pathname}${url.search}`, APP))
    if (sent !== undefined) headers.set('cookie', sent)
    return fetch(bypass(url, { ...init, headers, redirect: 'manual' })).then((response) => {
      jar.store(new URL(`${url.pathname}${url.search}`, APP), response.headers.getSetCookie())
      return response
    })
  }
  const callbackAnswer = await withOrigin(target, async (origin) => {
    const login = await appFetch(origin, options.loginPath ?? '/auth/login')
    const authorizationUrl = login.headers.get('location')
    if (login.status < 300 || login.status >= 400 || !authorizationUrl) {
      throw new Error(
        `expected the app to redirect to the provider from the login path, got HTTP ${login.status}`,
      )
    }
    // The provider's authorization endpoint: served in process by the msw handlers.
    const authorization = await fetch(new URL(authorizationUrl, origin), { redirect: 'manual' })
    const callback = authorization.headers.get('location')
    if (authorization.status !== 302 || !callback) {
      throw new Error(
        `expected the provider to redirect back, got HTTP ${authorization.status}: is msw listening?`,
      )
    }
    const callbackUrl = new URL(callback)
    const done = await appFetch(origin, `${callbackUrl.pathname}${callbackUrl.search}`)
    if (done.status >= 400 && !options.allowFailure) {
      await done.text() // drain the body: the loopback server closes only once it is read
      throw new Error(`expected the app to accept the callback, got HTTP ${done.status}`)
    }
    return {
      location: done.headers.get('location') ?? undefined,
      status: done.status,
      body: await done.text(),
    }
  })
  return {
    cookie: cookie(),
    ...callbackAnswer,
    agent: { fetch: (path, init) => withOrigin(target, (origin) => appFetch(origin, path, init)) },
  }
}

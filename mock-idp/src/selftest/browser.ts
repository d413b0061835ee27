/**
 * The self-test's browser: plain HTTP with manual redirects and a cookie jar, on loopback only. Cookies
 * are kept per host, as a real browser keeps them (ports do not separate cookies), so the relying party
 * and the provider on 127.0.0.1 share a jar exactly as they would in Chrome.
 */

/** One cookie as the jar keeps it. */
interface StoredCookie {
  name: string
  value: string
  host: string
  path: string
  expires: number | undefined
}

/** One response the browser received, kept for the report and the reflection check. */
export interface Visit {
  method: 'GET'
  url: string
  status: number
  location: string | undefined
  contentType: string
  nosniff: boolean
  body: string
}

/** Why a journey stopped where it did, in words for the report. */
export class JourneyError extends Error {
  readonly visits: readonly Visit[]
  constructor(message: string, visits: readonly Visit[]) {
    super(message)
    this.name = 'JourneyError'
    this.visits = visits
  }
}

const LOOPBACK = /^(127(?:\.\d{1,3}){3}|\[::1\]|localhost)$/i

/** Refuses anything but http(s) on a loopback host: the self-test never talks to the network. */
export function assertLoopback(url: URL): void {
  if (!/^https?:$/.test(url.protocol) || !LOOPBACK.test(url.hostname)) {
    throw new TypeError(
      `expected a loopback URL (127.0.0.1, [::1] or localhost), got ${url.protocol}//${url.host}: the self-test only talks to this machine`,
    )
  }
}

function parseSetCookie(header: string, url: URL, now: number): StoredCookie | undefined {
  const [pair = '', ...attributes] = header.split(';')
  const eq = pair.indexOf('=')
  if (eq <= 0) return undefined
  const cookie: StoredCookie = {
    name: pair.slice(0, eq).trim(),
    value: pair.slice(eq + 1).trim(),
    host: url.hostname.toLowerCase(),
    path: url.pathname.replace(/\/[^/]*$/, '') || '/',
    expires: undefined,
  }
  for (const attribute of attributes) {
    const [rawKey = '', ...rest] = attribute.split('=')
    const key = rawKey.trim().toLowerCase()
    const value = rest.join('=').trim()
    if (key === 'path' && value.startsWith('/')) cookie.path = value
    if (key === 'max-age' && /^-?\d+$/.test(value)) cookie.expires = now + Number(value) * 1000
    if (key === 'expires' && cookie.expires === undefined) {
      const at = Date.parse(value)
      if (!Number.isNaN(at)) cookie.expires = at
    }
  }
  return cookie
}

const pathMatches = (cookiePath: string, path: string) =>
  path === cookiePath ||
  (path.startsWith(cookiePath) && (cookiePath.endsWith('/') || path[cookiePath.length] === '/'))

/**
 * A cookie-keeping HTTP client that follows nothing by itself: each `get` is one request, and the
 * journeys below decide which redirects to follow.
 *
 * @example
 * ```ts
 * const browser = new SelftestBrowser()
 * const visit = await browser.get(new URL('http://127.0.0.1:3001/auth/login'))
 * ```
 */
export class SelftestBrowser {
  #cookies: StoredCookie[] = []
  readonly visits: Visit[] = []

  /** A browser that starts with a copy of this one's cookies (a replay from a copied cookie jar). */
  clone(): SelftestBrowser {
    const copy = new SelftestBrowser()
    copy.#cookies = this.#cookies.map((cookie) => ({ ...cookie }))
    return copy
  }

  #cookieHeader(url: URL): string {
    const now = Date.now()
    this.#cookies = this.#cookies.filter((cookie) => cookie.expires === undefined || cookie.expires > now)
    return this.#cookies
      .filter(
        (cookie) => cookie.host === url.hostname.toLowerCase() && pathMatches(cookie.path, url.pathname),
      )
      .sort((a, b) => b.path.length - a.path.length)
      .map((cookie) => `${cookie.name}=${cookie.value}`)
      .join('; ')
  }

  #store(url: URL, headers: Headers): void {
    const now = Date.now()
    for (const header of headers.getSetCookie()) {
      const cookie = parseSetCookie(header, url, now)
      if (!cookie) continue
      this.#cookies = this.#cookies.filter(
        (c) => !(c.name === cookie.name && c.host === cookie.host && c.path === cookie.path),
      )
      if (cookie.expires === undefined || cookie.expires > now) this.#cookies.push(cookie)
    }
  }

  /** One GET, no redirect followed; the response is recorded in `visits`. */
  async get(url: URL): Promise<Visit> {
    assertLoopback(url)
    const cookie = this.#cookieHeader(url)
    const response = await fetch(url, {
      redirect: 'manual',
      headers: {
        accept: 'text/html,application/xhtml+xml,*/*;q=0.8',
        'user-agent': 'dinhdanh-selftest',
        ...(cookie && { cookie }),
      },
      signal: AbortSignal.timeout(15_000),
    })
    this.#store(url, response.headers)
    const location = response.headers.get('location')
    const visit: Visit = {
      method: 'GET',
      url: url.href,
      status: response.status,
      location: location === null ? undefined : new URL(location, url).href,
      contentType: response.headers.get('content-type') ?? '',
      nosniff: response.headers.get('x-content-type-options')?.toLowerCase() === 'nosniff',
      body: await response.text(),
    }
    this.visits.push(visit)
    return visit
  }
}

const MAX_REDIRECTS = 20

/** Where a sign-in journey went: the callback URL the provider redirected to, and the browser's jar then. */
export interface AuthorizationOutcome {
  callbackUrl: URL
  /** A copy of the browser taken just before the callback request (for the replay case). */
  jarAtCallback: SelftestBrowser
}

/**
 * GET `login`, then follows redirects (relying party and provider) until the provider redirects to one
 * of `redirectUris`; returns that callback URL without requesting it.
 */
export async function runToCallback(
  browser: SelftestBrowser,
  login: URL,
  redirectUris: readonly string[],
): Promise<AuthorizationOutcome> {
  const isCallback = (url: URL) =>
    redirectUris.some((uri) => {
      const registered = new URL(uri)
      return registered.origin === url.origin && registered.pathname === url.pathname
    })
  let url = login
  for (let hop = 0; hop < MAX_REDIRECTS; hop++) {
    const visit = await browser.get(url)
    if (!visit.location || visit.status < 300 || visit.status > 399) {
      throw new JourneyError(
        `the journey stopped at ${visit.url} with HTTP ${visit.status} before the provider redirected to the callback`,
        browser.visits,
      )
    }
    const next = new URL(visit.location)
    if (isCallback(next)) return { callbackUrl: next, jarAtCallback: browser.clone() }
    url = next
  }
  throw new JourneyError(`more than ${MAX_REDIRECTS} redirects after ${login.href}`, browser.visits)
}

/**
 * Requests the callback URL, then follows the relying party's own redirects (never back to the
 * provider: a relying party that starts a new sign-in after refusing one is done with this one).
 * Returns every response the relying party gave on the way.
 */
export async function deliverCallback(
  browser: SelftestBrowser,
  callbackUrl: URL,
  providerOrigin: string,
): Promise<Visit[]> {
  const visits: Visit[] = []
  let url = callbackUrl
  for (let hop = 0; hop < MAX_REDIRECTS; hop++) {
    const visit = await browser.get(url)
    visits.push(visit)
    if (!visit.location || visit.status < 300 || visit.status > 399) return visits
    const next = new URL(visit.location)
    if (next.origin === providerOrigin || next.origin !== callbackUrl.origin) return visits
    url = next
  }
  return visits
}

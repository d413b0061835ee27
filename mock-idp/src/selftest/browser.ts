/**
 * The self-test's browser: plain HTTP with manual redirects, on loopback only, on the one test browser of
 * `@dinhdanh/testing/browser` (its cookie jar). Cookies are kept per host, as a real browser keeps them
 * (ports do not separate cookies), and `Secure` ones are kept over plain HTTP on loopback as Chrome keeps
 * them, so the relying party and the provider on 127.0.0.1 share a jar exactly as they would in Chrome.
 */
import { Browser, CookieJar } from '@dinhdanh/testing/browser'

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

/** How long one request may take before the journey gives up on it. */
const REQUEST_TIMEOUT_MS = 15_000

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
  readonly visits: Visit[] = []
  readonly #browser: Browser

  constructor(jar = new CookieJar({ scope: 'host', loopbackIsSecure: true })) {
    this.#browser = new Browser({
      jar,
      accept: 'text/html,application/xhtml+xml,*/*;q=0.8',
      send: (url, init) => fetch(url, { ...init, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) }),
    })
  }

  /** A browser that starts with a copy of this one's cookies (a replay from a copied cookie jar). */
  clone(): SelftestBrowser {
    return new SelftestBrowser(this.#browser.jar.clone())
  }

  /** One GET, no redirect followed; the response is recorded in `visits`. */
  async get(url: URL): Promise<Visit> {
    assertLoopback(url)
    const page = await this.#browser.get(url, { 'user-agent': 'dinhdanh-selftest' })
    const visit: Visit = {
      method: 'GET',
      url: url.href,
      status: page.status,
      location: page.location?.href,
      contentType: page.headers.get('content-type') ?? '',
      nosniff: page.headers.get('x-content-type-options')?.toLowerCase() === 'nosniff',
      body: page.body,
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

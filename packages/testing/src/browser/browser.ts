import { CookieJar, type StoredCookie } from './cookie-jar.js'
import { findForm, textOf } from './forms.js'

/**
 * Form fields to post: a repeated name takes a list (`attributes: ['identity', 'phone']`).
 *
 * @example
 * ```ts
 * const form: Form = { csrf, decision: 'allow', attributes: ['identity', 'health_insurance'] }
 * ```
 */
export type Form = Record<string, string | readonly string[]>

/**
 * One response as the browser saw it; the body is read.
 *
 * @example
 * ```ts
 * const page: Page = await browser.follow(new URL('/auth/login', origin))
 * expect(page.status).toBe(200)
 * expect(page.text).toContain('Xin chào')
 * ```
 */
export interface Page {
  /** The URL requested (the public one, before any {@link BrowserOptions.hosts} mapping). */
  url: URL
  status: number
  headers: Headers
  /** The body as text (the HTML of a page). */
  body: string
  /** The body without tags, character references decoded, whitespace collapsed ({@link textOf}). */
  readonly text: string
  /** The absolute `Location` of a redirect, when there is one. */
  location: URL | undefined
  /** The response's `Set-Cookie` headers, as sent. */
  setCookie: string[]
  /** Every URL requested to reach this page, in order (`[url]` for a single request). */
  trail: URL[]
  /** The body parsed as JSON. */
  json<T = Record<string, unknown>>(): T
}

/**
 * How a {@link Browser} reaches servers.
 *
 * @example
 * ```ts
 * const browser = new Browser({ hosts: { 'https://bank.example': 'http://127.0.0.1:53211' } })
 * ```
 */
export interface BrowserOptions {
  /**
   * Public origins served elsewhere (`https://bank.example` → `http://127.0.0.1:53211`): requests go to
   * the address, while cookies, `Origin` and {@link Page.url} keep the public origin.
   */
  hosts?: ReadonlyMap<string, string> | Readonly<Record<string, string>>
  /** The cookies (default: a new jar). Browsers built with the same jar are one profile. */
  jar?: CookieJar
  /**
   * Sends one request (redirects are never followed by it). Default: `globalThis.fetch` at the time of
   * the request, so a test that replaces it (to record or reroute) is honoured.
   */
  send?: (url: URL, init: RequestInit) => Promise<Response>
  /** Refuse any address (after `hosts`) that is not on loopback (default false). */
  loopbackOnly?: boolean
  /** The `Accept` header (default `text/html,application/xhtml+xml`). */
  accept?: string
  /** Redirects {@link Browser.follow} takes before it gives up (default 20). */
  maxRedirects?: number
}

/**
 * What {@link Browser.request} sends besides the method and URL.
 *
 * @example
 * ```ts
 * const init: RequestOptions = { body: JSON.stringify({ a: 1 }), headers: { 'content-type': 'application/json' } }
 * ```
 */
export interface RequestOptions {
  /** Sent form-encoded (`application/x-www-form-urlencoded`). */
  form?: Form
  body?: string | URLSearchParams
  /** Added last: they replace the browser's own (`accept`, `content-type`, even `cookie`). */
  headers?: Record<string, string>
}

/**
 * Where {@link Browser.follow} stops: a redirect to a URL starting with this string (the client's
 * redirect URI, say), to this URL's origin and path, or to a URL the predicate accepts. The redirect is
 * returned, its `Location` not requested.
 *
 * @example
 * ```ts
 * const stopAt: StopAt = (url) => url.pathname === '/auth/callback'
 * ```
 */
export type StopAt = string | URL | ((url: URL) => boolean)

const LOOPBACK = /^(127(?:\.\d{1,3}){3}|\[::1\]|localhost)$/i

const isRedirect = (page: Page) => page.status >= 300 && page.status < 400 && page.location !== undefined

function stops(stopAt: StopAt | undefined, url: URL): boolean {
  if (stopAt === undefined) return false
  if (typeof stopAt === 'string') return url.href.startsWith(stopAt)
  if (stopAt instanceof URL) return url.origin === stopAt.origin && url.pathname === stopAt.pathname
  return stopAt(url)
}

/**
 * A cookie-keeping browser profile on `fetch`, for tests that drive an app and the mock provider over
 * real HTTP: cookies per origin ({@link CookieJar}), redirects followed only when asked
 * ({@link Browser.follow}, with a limit and the chain recorded), form posts sent as a browser sends a
 * same-origin one (`Origin`, `Sec-Fetch-Site: same-origin`: what CSRF checks look at), and public origins
 * mapped to loopback servers.
 *
 * @example
 * ```ts
 * const browser = new Browser()
 * const page = await browser.follow(new URL('/auth/login?returnTo=/me', app.origin))
 * const done = await browser.submit(page, '/consent', { decision: 'allow' })
 * ```
 */
export class Browser {
  /** This profile's cookies. */
  readonly jar: CookieJar
  readonly #options: BrowserOptions
  readonly #hosts: ReadonlyMap<string, string>

  constructor(options: BrowserOptions = {}) {
    this.#options = options
    this.jar = options.jar ?? new CookieJar()
    const hosts = options.hosts ?? new Map<string, string>()
    this.#hosts = hosts instanceof Map ? hosts : new Map(Object.entries(hosts))
  }

  /** The same profile (same cookies) reaching `origin` at another address: a second app instance. */
  withHost(origin: string, address: string): Browser {
    return new Browser({
      ...this.#options,
      jar: this.jar,
      hosts: new Map([...this.#hosts, [origin, address]]),
    })
  }

  /** The cookies a request to `url` carries. */
  cookies(url: string | URL): StoredCookie[] {
    return this.jar.cookies(url)
  }

  /** The `Cookie` header a request to `url` carries. */
  cookieHeader(url: string | URL): string | undefined {
    return this.jar.header(url)
  }

  /** The names of the cookies kept for `origin`. */
  cookieNames(origin: string | URL): string[] {
    return this.jar.names(origin)
  }

  /** Sets a cookie as if a page of `url` had (a planted or stolen cookie). */
  plant(url: string | URL, name: string, value: string, path = '/'): void {
    this.jar.plant(url, name, value, path)
  }

  /** Forgets every cookie of an origin. */
  clear(origin: string | URL): void {
    this.jar.clear(origin)
  }

  /** One GET; a redirect is returned, not followed. */
  get(url: string | URL, headers: Record<string, string> = {}): Promise<Page> {
    return this.request('GET', url, { headers })
  }

  /** A form post sent as a browser sends a same-origin one, unless `headers` replace those headers. */
  post(url: string | URL, form: Form, headers?: Record<string, string>): Promise<Page> {
    const target = new URL(url)
    return this.request('POST', target, {
      form,
      headers: headers ?? { origin: target.origin, 'sec-fetch-site': 'same-origin' },
    })
  }

  /**
   * Submits a form of `page` (chosen as {@link findForm} does) with its hidden fields, `fields` added or
   * replacing them; posted same-origin unless `headers` say otherwise. The answer is not followed.
   */
  submit(
    page: Page,
    action?: string | RegExp,
    fields: Form = {},
    headers?: Record<string, string>,
  ): Promise<Page> {
    const form = findForm(page, action)
    const target = new URL(form.action || page.url.href, page.url)
    if (form.method !== 'post') {
      for (const [name, value] of Object.entries({ ...form.hidden, ...fields }))
        for (const item of [value].flat()) target.searchParams.append(name, item)
      return this.get(target, headers)
    }
    return this.post(target, { ...form.hidden, ...fields }, headers)
  }

  /** One request with the cookies of its URL; the cookies it sets are kept. No redirect is followed. */
  async request(method: string, url: string | URL, init: RequestOptions = {}): Promise<Page> {
    const target = new URL(url)
    const mapped = this.#hosts.get(target.origin)
    const network = mapped ? new URL(`${mapped}${target.pathname}${target.search}`) : target
    if (
      this.#options.loopbackOnly &&
      (!/^https?:$/.test(network.protocol) || !LOOPBACK.test(network.hostname))
    )
      throw new Error(`test browser refuses to leave loopback: ${network.origin}`)
    let body = init.body
    if (init.form) {
      body = new URLSearchParams()
      for (const [key, value] of Object.entries(init.form))
        for (const item of [value].flat()) body.append(key, item)
    }
    const cookie = this.jar.header(target)
    const headers: Record<string, string> = {
      accept: this.#options.accept ?? 'text/html,application/xhtml+xml',
      ...(init.form && { 'content-type': 'application/x-www-form-urlencoded' }),
      ...(cookie !== undefined && { cookie }),
      ...init.headers,
    }
    const send =
      this.#options.send ?? ((where: URL, options: RequestInit) => globalThis.fetch(where, options))
    const response = await send(network, {
      method,
      redirect: 'manual',
      headers,
      ...(body !== undefined && { body }),
    })
    const setCookie = response.headers.getSetCookie()
    this.jar.store(target, setCookie)
    const text = await response.text()
    const location = response.headers.get('location')
    return {
      url: target,
      status: response.status,
      headers: response.headers,
      body: text,
      get text() {
        return textOf(text)
      },
      location: location === null ? undefined : new URL(location, target),
      setCookie,
      trail: [target],
      json: <T>() => JSON.parse(text) as T,
    }
  }

  /**
   * Follows redirects (as GETs) from a URL, or from a page already received, up to the first answer that
   * is not a redirect, or up to a redirect that `stopAt` matches (returned, its `Location` not
   * requested). The page's `trail` holds every URL requested on the way; `trail`, when given, receives
   * them too (to keep one chain across several steps). Throws after `maxRedirects`.
   */
  async follow(
    start: string | URL | Page,
    options: { stopAt?: StopAt; trail?: URL[]; maxRedirects?: number } = {},
  ): Promise<Page> {
    let page = typeof start === 'string' || start instanceof URL ? await this.get(start) : start
    const trail = [page.url]
    const limit = options.maxRedirects ?? this.#options.maxRedirects ?? 20
    for (let hop = 0; isRedirect(page); hop++) {
      const next = page.location as URL
      if (stops(options.stopAt, next)) break
      if (hop >= limit) throw new Error(`too many redirects (over ${limit}), last at ${page.url.href}`)
      page = await this.get(next)
      trail.push(page.url)
    }
    options.trail?.push(...trail)
    page.trail = trail
    return page
  }
}

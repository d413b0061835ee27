/**
 * The one cookie jar of the repository's tests (issue #11): `Set-Cookie` parsing and the rules of which
 * cookie goes back where. Every test browser keeps its cookies here; `test/one-cookie-jar.test.ts` fails when
 * another module parses `Set-Cookie` headers.
 */

/**
 * One `Set-Cookie` header, parsed.
 *
 * @example
 * ```ts
 * const cookie: ParsedSetCookie = parseSetCookie('eid_session=abc; Path=/; HttpOnly; SameSite=Lax')
 * cookie.attributes.has('httponly') // true
 * ```
 */
export interface ParsedSetCookie {
  name: string
  value: string
  /** Every attribute as written, lower-cased (`'path=/auth/callback'`, `'httponly'`): for assertions. */
  attributes: Set<string>
  /** `Path`, when it starts with `/` (a browser ignores any other). */
  path: string | undefined
  /** `Domain`, lower-cased and without a leading dot. */
  domain: string | undefined
  /** `Max-Age` in seconds, when it is an integer. */
  maxAge: number | undefined
  /** `Expires` in milliseconds since the epoch, when it parses. */
  expires: number | undefined
  secure: boolean
  httpOnly: boolean
  /** `SameSite` as written (`Lax`, `Strict`, `None`). */
  sameSite: string | undefined
}

/**
 * Parses one `Set-Cookie` header (RFC 6265 §5.2); the name is `''` when it has no `name=` (a browser
 * ignores such a header).
 *
 * @example
 * ```ts
 * const session = page.setCookie.map(parseSetCookie).find((cookie) => cookie.name === 'eid_session')
 * expect(session?.attributes).toContain('samesite=lax')
 * ```
 */
export function parseSetCookie(header: string): ParsedSetCookie {
  const [pair = '', ...rest] = header.split(';')
  const separator = pair.indexOf('=')
  const cookie: ParsedSetCookie = {
    name: separator <= 0 ? '' : pair.slice(0, separator).trim(),
    value: pair.slice(separator + 1).trim(),
    attributes: new Set(),
    path: undefined,
    domain: undefined,
    maxAge: undefined,
    expires: undefined,
    secure: false,
    httpOnly: false,
    sameSite: undefined,
  }
  for (const raw of rest) {
    const attribute = raw.trim()
    if (attribute === '') continue
    cookie.attributes.add(attribute.toLowerCase())
    const eq = attribute.indexOf('=')
    const key = (eq < 0 ? attribute : attribute.slice(0, eq)).trim().toLowerCase()
    const value = eq < 0 ? '' : attribute.slice(eq + 1).trim()
    if (key === 'path' && value.startsWith('/')) cookie.path = value
    else if (key === 'domain' && value !== '') cookie.domain = value.replace(/^\./, '').toLowerCase()
    else if (key === 'max-age' && /^-?\d+$/.test(value)) cookie.maxAge = Number(value)
    else if (key === 'expires' && !Number.isNaN(Date.parse(value))) cookie.expires = Date.parse(value)
    else if (key === 'secure') cookie.secure = true
    else if (key === 'httponly') cookie.httpOnly = true
    else if (key === 'samesite') cookie.sameSite = value
  }
  return cookie
}

/**
 * A cookie as the jar keeps it.
 *
 * @example
 * ```ts
 * const session: StoredCookie | undefined = jar.cookies(url).find((cookie) => cookie.name === 'eid_session')
 * session?.httpOnly // true
 * ```
 */
export interface StoredCookie {
  name: string
  value: string
  /** The host that set it, or the `Domain` it was set for (then `hostOnly` is false). */
  domain: string
  hostOnly: boolean
  path: string
  /** Milliseconds since the epoch; `undefined` for a session cookie. */
  expiresAt: number | undefined
  secure: boolean
  httpOnly: boolean
  sameSite: string | undefined
}

interface Kept extends StoredCookie {
  /** The scheme and port the cookie belongs to (`https:|443`). */
  scope: string
}

/**
 * Browsers refuse a cookie whose name and value exceed 4096 bytes (why sessions are chunked).
 *
 * @example
 * ```ts
 * expect(page.setCookie.every((header) => header.split(';')[0]!.length <= MAX_COOKIE_BYTES + 1)).toBe(true)
 * ```
 */
export const MAX_COOKIE_BYTES = 4096

/**
 * How a {@link CookieJar} scopes cookies.
 *
 * @example
 * ```ts
 * // As Chrome keeps them for apps on 127.0.0.1: one jar per host, Secure cookies kept over http on loopback.
 * const options: CookieJarOptions = { scope: 'host', loopbackIsSecure: true }
 * const jar = new CookieJar(options)
 * ```
 */
export interface CookieJarOptions {
  /**
   * `'origin'` (default): a cookie goes back only to the scheme, host and port that set it. `'host'`: to
   * any scheme and port of the host, as browsers do.
   */
  scope?: 'origin' | 'host'
  /**
   * Count `http://localhost`, `127.0.0.0/8` and `[::1]` as secure, as Chrome and Firefox do: `Secure`
   * cookies are kept from and sent to them over plain HTTP (default false: only over `https:`).
   */
  loopbackIsSecure?: boolean
}

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i

const defaultPath = (url: URL) => url.pathname.replace(/\/[^/]*$/, '') || '/'
const domainMatches = (host: string, domain: string) => host === domain || host.endsWith(`.${domain}`)
const pathMatches = (cookiePath: string, path: string) =>
  path === cookiePath ||
  (path.startsWith(cookiePath) && (cookiePath.endsWith('/') || path[cookiePath.length] === '/'))

/**
 * Cookies of one browser profile. A cookie goes back to the scheme, host and port that set it (stricter
 * than a real browser, which ignores the port: tests run several apps on `127.0.0.1` that must not share
 * cookies; `new CookieJar({ scope: 'host' })` ignores scheme and port as browsers do, for two instances
 * of one server behind a load balancer), and further only as its attributes say:
 * - `Domain` widens it to that domain's hosts (refused when the setting host is outside the domain);
 * - `Path` narrows it (default: the directory of the setting URL), matched on `/` boundaries;
 * - `Secure` ones are refused from `http:` pages and sent only over `https:` (with `loopbackIsSecure`,
 *   also over `http:` to loopback, as in Chrome: {@link CookieJarOptions});
 * - `Max-Age` wins over `Expires`; an expired or empty value deletes the cookie;
 * - a name and value over {@link MAX_COOKIE_BYTES} are refused, as browsers do (so a session that is
 *   not chunked is lost, as it would be);
 * - `HttpOnly` and `SameSite` are kept for assertions; `SameSite` is not enforced, so a test can send a
 *   cross-site request with its cookies to prove the server's own check (Origin, Sec-Fetch-Site, CSRF).
 *
 * Chunked cookies (`eid_session.0`, `eid_session.1`, ...) are separate cookies here as in a browser.
 *
 * @example
 * ```ts
 * const jar = new CookieJar()
 * jar.store(new URL('http://127.0.0.1:3000/auth/login'), response.headers.getSetCookie())
 * const cookie = jar.header(new URL('http://127.0.0.1:3000/auth/callback'))
 * ```
 */
export class CookieJar {
  #cookies = new Map<string, Kept>()
  readonly #options: CookieJarOptions

  constructor(options: CookieJarOptions = {}) {
    this.#options = { ...options }
  }

  #scopeOf(url: URL): string {
    return this.#options.scope === 'host' ? '' : `${url.protocol}|${url.port}`
  }

  /** May `Secure` cookies be set from and sent to `url`? */
  #isSecure(url: URL): boolean {
    return (
      url.protocol === 'https:' ||
      (this.#options.loopbackIsSecure === true && url.protocol === 'http:' && LOOPBACK.test(url.hostname))
    )
  }

  /** Keeps (or deletes) the cookies of the `Set-Cookie` headers a response to `url` carried. */
  store(url: string | URL, setCookieHeaders: readonly string[], now = Date.now()): void {
    const from = new URL(url)
    const host = from.hostname.toLowerCase()
    for (const header of setCookieHeaders) {
      const parsed = parseSetCookie(header)
      if (parsed.name === '') continue
      if (parsed.domain !== undefined && !domainMatches(host, parsed.domain)) continue
      if (parsed.secure && !this.#isSecure(from)) continue
      if (new TextEncoder().encode(`${parsed.name}${parsed.value}`).length > MAX_COOKIE_BYTES) continue
      const expiresAt =
        parsed.maxAge !== undefined ? now + parsed.maxAge * 1000 : (parsed.expires ?? undefined)
      const cookie: Kept = {
        name: parsed.name,
        value: parsed.value,
        domain: parsed.domain ?? host,
        hostOnly: parsed.domain === undefined,
        path: parsed.path ?? defaultPath(from),
        expiresAt,
        secure: parsed.secure,
        httpOnly: parsed.httpOnly,
        sameSite: parsed.sameSite,
        scope: this.#scopeOf(from),
      }
      const key = `${cookie.scope}|${cookie.domain}|${cookie.hostOnly}|${cookie.path}|${cookie.name}`
      if (cookie.value === '' || (expiresAt !== undefined && expiresAt <= now)) this.#cookies.delete(key)
      else this.#cookies.set(key, cookie)
    }
  }

  /** The cookies a request to `url` carries, longer paths first (RFC 6265 §5.4). */
  cookies(url: string | URL, now = Date.now()): StoredCookie[] {
    const target = new URL(url)
    const host = target.hostname.toLowerCase()
    return [...this.#cookies.values()]
      .filter(
        (cookie) =>
          cookie.scope === this.#scopeOf(target) &&
          (cookie.hostOnly ? host === cookie.domain : domainMatches(host, cookie.domain)) &&
          pathMatches(cookie.path, target.pathname) &&
          (!cookie.secure || this.#isSecure(target)) &&
          (cookie.expiresAt === undefined || cookie.expiresAt > now),
      )
      .sort((a, b) => b.path.length - a.path.length)
      .map(({ scope: _scope, ...cookie }) => cookie)
  }

  /** The `Cookie` header of a request to `url`, or `undefined` when no cookie goes there. */
  header(url: string | URL): string | undefined {
    const list = this.cookies(url)
    return list.length === 0 ? undefined : list.map((cookie) => `${cookie.name}=${cookie.value}`).join('; ')
  }

  /** The value a request to `url` would carry for `name`. */
  get(url: string | URL, name: string): string | undefined {
    return this.cookies(url).find((cookie) => cookie.name === name)?.value
  }

  /** Every live cookie kept for `origin`, whatever its path, in the order they were first set. */
  all(origin: string | URL, now = Date.now()): StoredCookie[] {
    const target = new URL(origin)
    const host = target.hostname.toLowerCase()
    return [...this.#cookies.values()]
      .filter(
        (cookie) =>
          cookie.scope === this.#scopeOf(target) &&
          (cookie.hostOnly ? host === cookie.domain : domainMatches(host, cookie.domain)) &&
          (cookie.expiresAt === undefined || cookie.expiresAt > now),
      )
      .map(({ scope: _scope, ...cookie }) => cookie)
  }

  /** The names of every live cookie kept for `origin` (any path), in the order they were first set. */
  names(origin: string | URL, now = Date.now()): string[] {
    return [...new Set(this.all(origin, now).map((cookie) => cookie.name))]
  }

  /** Sets a cookie as if a response from `url` had (a planted or stolen cookie). */
  plant(url: string | URL, name: string, value: string, path = '/'): void {
    this.store(url, [`${name}=${value}; Path=${path}`])
  }

  /** Forgets every cookie that would go to `origin` (any path), or every cookie. */
  clear(origin?: string | URL): void {
    if (origin === undefined) {
      this.#cookies.clear()
      return
    }
    const target = new URL(origin)
    const host = target.hostname.toLowerCase()
    for (const [key, cookie] of this.#cookies) {
      if (cookie.scope === this.#scopeOf(target) && domainMatches(host, cookie.domain))
        this.#cookies.delete(key)
    }
  }

  /** A jar that starts with a copy of these cookies (a copied cookie jar, for a replay). */
  clone(): CookieJar {
    const copy = new CookieJar(this.#options)
    copy.#cookies = new Map([...this.#cookies].map(([key, cookie]) => [key, { ...cookie }]))
    return copy
  }
}

import type { CookieSink } from '../cookie-sink.js'

/**
 * Attributes of a cookie we set (RFC 6265 section 4.1). Values are written as they are: callers store
 * only base64url or JWE compact strings, so nothing is ever percent-encoded or decoded.
 *
 * @example
 * ```ts
 * const options: CookieOptions = { httpOnly: true, sameSite: 'lax', secure: true, path: '/', maxAgeSec: 600 }
 * ```
 */
export interface CookieOptions {
  readonly httpOnly: boolean
  readonly sameSite: 'lax' | 'strict' | 'none'
  /** Required by browsers with `sameSite: 'none'`, and by the `__Secure-` and `__Host-` name prefixes. */
  readonly secure: boolean
  readonly path: string
  /** Omit the `Domain` attribute (host-only cookie) unless the cookie must reach sub-domains. */
  readonly domain?: string
  /** Seconds until the browser drops the cookie; 0 deletes it. Without it (and `expires`), a session cookie. */
  readonly maxAgeSec?: number
  readonly expires?: Date
}

/** A cookie (name and value) longer than this is ignored by {@link parseCookies}. */
export const MAX_COOKIE_LENGTH = 8 * 1024
/** {@link parseCookies} keeps at most this many cookies. */
export const MAX_COOKIES = 100
/**
 * A value longer than this many bytes is split by {@link writeChunkedCookie}.
 *
 * @example
 * ```ts
 * const chunks = Math.ceil(sealed.length / CHUNK_SIZE)
 * ```
 */
export const CHUNK_SIZE = 3_800
/**
 * {@link readChunkedCookie} refuses a value split into more chunks than this.
 *
 * @example
 * ```ts
 * if (sealed.length > CHUNK_SIZE * MAX_CHUNKS) useAServerSideStore()
 * ```
 */
export const MAX_CHUNKS = 10

// RFC 7230 tchar, which is what RFC 6265 allows in a cookie name.
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/
// RFC 6265 cookie-octet: visible ASCII except DQUOTE, comma, semicolon and backslash.
const COOKIE_OCTETS = /^[\x21\x23-\x2b\x2d-\x3a\x3c-\x5b\x5d-\x7e]*$/
// Path and Domain attribute values: no control characters and no `;`.
const ATTRIBUTE_VALUE = /^[\x20-\x3a\x3c-\x7e]+$/
const EPOCH = new Date(0)

/**
 * Parses a `Cookie` request header (RFC 6265 section 5.4) tolerantly: pairs without `=` or with an
 * invalid name are skipped, surrounding double quotes are removed, and values are returned exactly as
 * sent (no percent-decoding). The first value of a name wins (the browser sends the most specific path
 * first). Cookies longer than 8 KB are ignored and at most 100 are kept.
 *
 * @example
 * ```ts
 * const cookies = parseCookies(request.headers.get('cookie'))
 * const sealed = cookies.get('eid_session')
 * ```
 */
export function parseCookies(header: string | null | undefined): Map<string, string> {
  const cookies = new Map<string, string>()
  if (typeof header !== 'string' || header.length === 0) return cookies
  for (const pair of header.split(';')) {
    if (cookies.size >= MAX_COOKIES) break
    if (pair.length > MAX_COOKIE_LENGTH + 16) continue
    const equals = pair.indexOf('=')
    if (equals === -1) continue
    const name = pair.slice(0, equals).trim()
    let value = pair.slice(equals + 1).trim()
    if (!TOKEN.test(name) || cookies.has(name)) continue
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1)
    if (name.length + value.length > MAX_COOKIE_LENGTH) continue
    cookies.set(name, value)
  }
  return cookies
}

/**
 * Serialises a `Set-Cookie` header value (RFC 6265 section 4.1). The value is written verbatim and must
 * consist of cookie-octets (base64url and JWE compact do).
 *
 * @throws TypeError for an invalid name, value or attribute, `sameSite: 'none'` without `secure`, or a
 * `__Secure-` / `__Host-` name whose attributes break the prefix's rules. The message never contains the value.
 * @example
 * ```ts
 * sink.append(serializeCookie('eid_session', sealed, { httpOnly: true, sameSite: 'lax', secure: true, path: '/' }))
 * ```
 */
export function serializeCookie(name: string, value: string, options: CookieOptions): string {
  if (typeof name !== 'string' || !TOKEN.test(name)) {
    throw new TypeError("Cookie name must be an RFC 6265 token (letters, digits and !#$%&'*+-.^_`|~).")
  }
  if (typeof value !== 'string' || !COOKIE_OCTETS.test(value)) {
    throw new TypeError(
      `Cookie "${name}": the value must be visible ASCII without space, '"', ',', ';' or '\\'.`,
    )
  }
  if (!ATTRIBUTE_VALUE.test(options.path) || !options.path.startsWith('/')) {
    throw new TypeError(`Cookie "${name}": path must start with "/" and contain no ";" or control character.`)
  }
  if (options.domain !== undefined && !ATTRIBUTE_VALUE.test(options.domain)) {
    throw new TypeError(`Cookie "${name}": domain must contain no ";" or control character.`)
  }
  if (options.sameSite === 'none' && !options.secure) {
    throw new TypeError(`Cookie "${name}": SameSite=None requires secure: true.`)
  }
  if ((name.startsWith('__Secure-') || name.startsWith('__Host-')) && !options.secure) {
    throw new TypeError(`Cookie "${name}": the __Secure- and __Host- prefixes require secure: true.`)
  }
  if (name.startsWith('__Host-') && (options.path !== '/' || options.domain !== undefined)) {
    throw new TypeError(`Cookie "${name}": the __Host- prefix requires path "/" and no domain.`)
  }
  let header = `${name}=${value}`
  if (options.maxAgeSec !== undefined) {
    if (!Number.isFinite(options.maxAgeSec))
      throw new TypeError(`Cookie "${name}": maxAgeSec must be finite.`)
    header += `; Max-Age=${Math.max(0, Math.floor(options.maxAgeSec))}`
  }
  if (options.expires !== undefined) {
    if (Number.isNaN(options.expires.getTime()))
      throw new TypeError(`Cookie "${name}": expires is an invalid date.`)
    header += `; Expires=${options.expires.toUTCString()}`
  }
  if (options.domain !== undefined) header += `; Domain=${options.domain}`
  header += `; Path=${options.path}`
  if (options.httpOnly) header += '; HttpOnly'
  if (options.secure) header += '; Secure'
  header += `; SameSite=${options.sameSite === 'lax' ? 'Lax' : options.sameSite === 'strict' ? 'Strict' : 'None'}`
  return header
}

/**
 * Writes `value` as the cookie `name`, or, when it is longer than 3,800 bytes, as `name.0`, `name.1`, …
 * (at most 10), calling `log` once with a warning that names the cookie and its size (never the value).
 * Cookies of the same family the request carried (`cookies`) that the new value does not overwrite are
 * cleared, and `Set-Cookie` headers of the family already added to this response are replaced, so a
 * value written twice in one response leaves only the last.
 *
 * @throws RangeError when the value needs more than 10 chunks (store less, or use a server-side store).
 * @example
 * ```ts
 * writeChunkedCookie(sink, 'eid_session', sealed, cookieOptions, parseCookies(request.headers.get('cookie')), log.warn)
 * ```
 */
export function writeChunkedCookie(
  sink: CookieSink,
  name: string,
  value: string,
  options: CookieOptions,
  cookies: ReadonlyMap<string, string>,
  log?: (message: string) => void,
): void {
  const parts: [string, string][] = []
  if (value.length <= CHUNK_SIZE) {
    parts.push([name, value])
  } else {
    const count = Math.ceil(value.length / CHUNK_SIZE)
    if (count > MAX_CHUNKS) {
      throw new RangeError(
        `Cookie "${name}": the value is ${value.length} bytes, which needs ${count} cookies (at most ` +
          `${MAX_CHUNKS}). Keep less in the session, or use a server-side session store.`,
      )
    }
    for (let index = 0; index < count; index++) {
      parts.push([`${name}.${index}`, value.slice(index * CHUNK_SIZE, (index + 1) * CHUNK_SIZE)])
    }
  }
  // Serialise first so an invalid value throws before any header changes.
  const headers = parts.map(([partName, partValue]) => serializeCookie(partName, partValue, options))
  const written = new Set(parts.map(([partName]) => partName))
  dropPendingFamily(sink, name)
  for (const stale of familyNames(cookies, name)) {
    if (!written.has(stale)) sink.append(serializeCookie(stale, '', clearing(options)))
  }
  for (const header of headers) sink.append(header)
  if (parts.length > 1) {
    log?.(
      `Cookie "${name}" is ${value.length} bytes, more than ${CHUNK_SIZE}: it was split into ${parts.length} ` +
        'cookies. Browsers limit the size and number of cookies per site; keep less in the session or use a ' +
        'server-side session store.',
    )
  }
}

/**
 * Reads a value written by {@link writeChunkedCookie}: the cookie `name`, or the chunks `name.0`,
 * `name.1`, … joined. Returns `undefined` when there is none, when a chunk is empty, or when there are
 * more than 10 chunks.
 *
 * @example
 * ```ts
 * const sealed = readChunkedCookie(parseCookies(request.headers.get('cookie')), 'eid_session')
 * ```
 */
export function readChunkedCookie(cookies: ReadonlyMap<string, string>, name: string): string | undefined {
  const whole = cookies.get(name)
  if (whole !== undefined) return whole.length > 0 ? whole : undefined
  let value = ''
  for (let index = 0; ; index++) {
    const chunk = cookies.get(`${name}.${index}`)
    if (chunk === undefined) return index === 0 ? undefined : value
    if (index >= MAX_CHUNKS || chunk.length === 0) return undefined
    value += chunk
  }
}

/**
 * Deletes the cookie `name` and its chunks: every member of the family the request carried
 * (`cookies`) gets an expired `Set-Cookie`, and headers of the family already added to this response
 * are withdrawn. `options` must carry the same `path` and `domain` the cookie was written with.
 *
 * @example
 * ```ts
 * clearChunkedCookie(sink, parseCookies(request.headers.get('cookie')), 'eid_session', cookieOptions)
 * ```
 */
export function clearChunkedCookie(
  sink: CookieSink,
  cookies: ReadonlyMap<string, string>,
  name: string,
  options: CookieOptions,
): void {
  dropPendingFamily(sink, name)
  for (const member of familyNames(cookies, name)) {
    sink.append(serializeCookie(member, '', clearing(options)))
  }
}

function clearing(options: CookieOptions): CookieOptions {
  return { ...options, maxAgeSec: 0, expires: EPOCH }
}

function isFamily(candidate: string, name: string): boolean {
  if (candidate === name) return true
  return candidate.startsWith(`${name}.`) && /^\d{1,3}$/.test(candidate.slice(name.length + 1))
}

function familyNames(cookies: ReadonlyMap<string, string>, name: string): string[] {
  return [...cookies.keys()].filter((candidate) => isFamily(candidate, name))
}

/** Removes `Set-Cookie` headers of the family that this response already carries. */
function dropPendingFamily(sink: CookieSink, name: string): void {
  const list = sink.pending()
  const kept = list.filter((header) => !isFamily(header.slice(0, Math.max(0, header.indexOf('='))), name))
  if (kept.length !== list.length) sink.replace(kept)
}

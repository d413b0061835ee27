/**
 * A minimal browser for loopback providers: a cookie jar and manual redirect following. It goes from an
 * authorization URL through the provider's interactions until a `Location` points at the client's
 * redirect URI, and returns that URL without requesting it (nothing listens there).
 */

interface StoredCookie {
  name: string
  value: string
  path: string
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]'])
const MAX_REDIRECTS = 20

/** Cookies of one browser profile (host-only, path-scoped; enough for a single loopback provider). */
export class CookieJar {
  readonly #cookies = new Map<string, StoredCookie>()

  store(url: URL, setCookieHeaders: readonly string[]): void {
    for (const header of setCookieHeaders) {
      const [pair = '', ...attributes] = header.split(';').map((part) => part.trim())
      const separator = pair.indexOf('=')
      if (separator <= 0) continue
      const name = pair.slice(0, separator)
      const value = pair.slice(separator + 1)
      let path = url.pathname.replace(/\/[^/]*$/, '') || '/'
      let expired = false
      for (const attribute of attributes) {
        const [key = '', attributeValue = ''] = attribute.split('=')
        const lower = key.toLowerCase()
        if (lower === 'path' && attributeValue.startsWith('/')) path = attributeValue
        if (lower === 'max-age' && Number(attributeValue) <= 0) expired = true
        if (lower === 'expires' && Date.parse(attributeValue) <= Date.now()) expired = true
      }
      const key = `${name};${path}`
      if (expired || value === '') this.#cookies.delete(key)
      else this.#cookies.set(key, { name, value, path })
    }
  }

  header(url: URL): string | undefined {
    const matching = [...this.#cookies.values()].filter(
      (cookie) =>
        cookie.path === '/' ||
        url.pathname === cookie.path ||
        url.pathname.startsWith(cookie.path.endsWith('/') ? cookie.path : `${cookie.path}/`),
    )
    return matching.length === 0
      ? undefined
      : matching.map((cookie) => `${cookie.name}=${cookie.value}`).join('; ')
  }
}

function assertLoopback(url: URL): void {
  if (url.protocol !== 'http:' || !LOOPBACK.has(url.hostname)) {
    throw new Error(`test browser refuses to leave loopback: ${url.origin}`)
  }
}

/**
 * Follows redirects from `startUrl` (GET only, cookies kept in `jar`) until a `Location` starts with
 * `redirectUri`; returns that callback URL. Throws on a non-redirect response, showing its status and
 * the start of its body (the provider's error page), or after too many redirects.
 *
 * @example
 * ```ts
 * const callbackUrl = await followToRedirectUri(url, 'http://127.0.0.1:3001/auth/callback')
 * ```
 */
export async function followToRedirectUri(
  startUrl: string,
  redirectUri: string,
  jar: CookieJar = new CookieJar(),
): Promise<string> {
  let current = new URL(startUrl)
  for (let hop = 0; hop < MAX_REDIRECTS; hop++) {
    assertLoopback(current)
    const cookie = jar.header(current)
    const response = await fetch(current, {
      redirect: 'manual',
      headers: { accept: 'text/html', ...(cookie !== undefined && { cookie }) },
    })
    jar.store(current, response.headers.getSetCookie())
    const location = response.headers.get('location')
    if (response.status < 300 || response.status >= 400 || location === null) {
      const body = (await response.text()).replace(/\s+/g, ' ').slice(0, 500)
      throw new Error(`expected a redirect from ${current.pathname}, got HTTP ${response.status}: ${body}`)
    }
    await response.body?.cancel()
    const next = new URL(location, current)
    if (next.href.startsWith(redirectUri)) return next.href
    current = next
  }
  throw new Error(`no redirect to ${redirectUri} after ${MAX_REDIRECTS} hops`)
}

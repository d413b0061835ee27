/**
 * The test browser of the examples' suites: cookies per origin (path-scoped, expiry honoured), redirects
 * followed across the app and the provider, and form posts sent the way a browser sends them (`Origin`,
 * `Sec-Fetch-Site`). Loopback only.
 */

interface Cookie {
  value: string
  path: string
  expiresAt: number | undefined
}

/** One page as the browser ended on it. */
export interface Page {
  url: URL
  status: number
  headers: Headers
  body: string
  /** The `Location` of a redirect that was not followed. */
  location: URL | undefined
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]'])

/** A browser profile for loopback apps. */
export class Browser {
  readonly #jar = new Map<string, Map<string, Cookie>>()

  #store(url: URL, headers: Headers): void {
    for (const header of headers.getSetCookie()) {
      const [pair = '', ...attributes] = header.split(';').map((part) => part.trim())
      const eq = pair.indexOf('=')
      if (eq <= 0) continue
      const name = pair.slice(0, eq)
      const value = pair.slice(eq + 1)
      let path = '/'
      let expiresAt: number | undefined
      for (const attribute of attributes) {
        const [key = '', attributeValue = ''] = attribute.split('=')
        const lower = key.toLowerCase()
        if (lower === 'path' && attributeValue.startsWith('/')) path = attributeValue
        if (lower === 'max-age') expiresAt = Date.now() + Number(attributeValue) * 1000
        if (lower === 'expires' && expiresAt === undefined) expiresAt = Date.parse(attributeValue)
      }
      const cookies = this.#jar.get(url.origin) ?? new Map<string, Cookie>()
      this.#jar.set(url.origin, cookies)
      const key = `${name};${path}`
      if (value === '' || (expiresAt !== undefined && expiresAt <= Date.now())) cookies.delete(key)
      else cookies.set(key, { value, path, expiresAt })
    }
  }

  /** The `Cookie` header this browser would send to `url`. */
  cookieHeader(url: string | URL): string | undefined {
    const target = new URL(url)
    const now = Date.now()
    const pairs = [...(this.#jar.get(target.origin) ?? new Map<string, Cookie>())]
      .filter(
        ([, cookie]) =>
          (cookie.expiresAt === undefined || cookie.expiresAt > now) &&
          (cookie.path === '/' ||
            target.pathname === cookie.path ||
            target.pathname.startsWith(cookie.path.endsWith('/') ? cookie.path : `${cookie.path}/`)),
      )
      .map(([key, cookie]) => `${key.slice(0, key.indexOf(';'))}=${cookie.value}`)
    return pairs.length === 0 ? undefined : pairs.join('; ')
  }

  async #request(url: URL, init: RequestInit): Promise<Page> {
    if (url.protocol !== 'http:' || !LOOPBACK.has(url.hostname)) {
      throw new Error(`the test browser stays on loopback, refused ${url.origin}`)
    }
    const headers = new Headers(init.headers)
    headers.set('accept', 'text/html,application/json')
    const cookie = this.cookieHeader(url)
    if (cookie) headers.set('cookie', cookie)
    const response = await fetch(url, { ...init, headers, redirect: 'manual' })
    this.#store(url, response.headers)
    const location = response.headers.get('location')
    return {
      url,
      status: response.status,
      headers: response.headers,
      body: await response.text(),
      location: location === null ? undefined : new URL(location, url),
    }
  }

  async #follow(page: Page, follow: boolean): Promise<Page> {
    let current = page
    for (let hop = 0; follow && current.location && current.status >= 300 && current.status < 400; hop++) {
      if (hop > 20) throw new Error(`too many redirects from ${page.url.pathname}`)
      current = await this.#request(current.location, { method: 'GET' })
    }
    return current
  }

  /** A GET, following redirects unless `follow` is false. */
  async get(url: string | URL, options: { follow?: boolean } = {}): Promise<Page> {
    return this.#follow(await this.#request(new URL(url), { method: 'GET' }), options.follow ?? true)
  }

  /** A form post from a page of the same origin, following redirects unless `follow` is false. */
  async post(
    url: string | URL,
    form: Record<string, string | readonly string[]>,
    options: { follow?: boolean; headers?: Record<string, string> } = {},
  ): Promise<Page> {
    const target = new URL(url)
    const body = new URLSearchParams()
    for (const [key, value] of Object.entries(form)) for (const item of [value].flat()) body.append(key, item)
    const page = await this.#request(target, {
      method: 'POST',
      body,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        ...(options.headers ?? { origin: target.origin, 'sec-fetch-site': 'same-origin' }),
      },
    })
    return this.#follow(page, options.follow ?? true)
  }
}

/** The value of a hidden form field in a page (`_csrf`, `csrf`), or throws naming it. */
export function fieldValue(page: Page, name: string): string {
  const match = new RegExp(`name="${name}" value="([^"]*)"`).exec(page.body)
  if (!match?.[1]) throw new Error(`no field ${name} on ${page.url.pathname} (HTTP ${page.status})`)
  return match[1]
}

/** The text of a page without tags, whitespace collapsed: for `toContain` assertions. */
export function textOf(page: Page): string {
  return page.body
    .replace(/<style[\s\S]*?<\/style>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/\s+/g, ' ')
    .trim()
}

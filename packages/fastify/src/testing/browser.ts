/**
 * The test browser of the plugin's tests (not part of the package): a cookie jar per origin, manual
 * redirects, and the mock provider's consent and self-submitting screens answered the way a citizen
 * would. Requests go through `globalThis.fetch`, which the harness points the app's public origin at.
 */

/** One response, as the browser saw it. */
export interface Page {
  url: URL
  status: number
  headers: Headers
  body: string
  location: URL | undefined
  setCookie: string[]
  json<T = Record<string, unknown>>(): T
}

type Form = Record<string, string | readonly string[]>

interface StoredCookie {
  value: string
  path: string
}

/** A browser profile: cookies per origin and path, expired ones dropped, redirects followed on request. */
export class Browser {
  readonly #jar = new Map<string, Map<string, StoredCookie>>()

  /** The `Cookie` header this browser would send to `url`. */
  cookieHeader(url: string | URL): string | undefined {
    const target = new URL(url)
    const sent = [...(this.#jar.get(target.origin) ?? new Map<string, StoredCookie>())].filter(
      ([, cookie]) => cookie.path === '/' || target.pathname.startsWith(cookie.path),
    )
    return sent.length === 0
      ? undefined
      : sent.map(([key, c]) => `${key.split(';')[0]}=${c.value}`).join('; ')
  }

  /** The names of the cookies kept for `origin`. */
  cookieNames(origin: string): string[] {
    return [...(this.#jar.get(new URL(origin).origin)?.keys() ?? [])].map((key) => key.split(';')[0] ?? '')
  }

  get(url: string | URL, headers: Record<string, string> = {}): Promise<Page> {
    return this.request('GET', url, { headers })
  }

  /** A form post, sent as a browser sends a same-origin one unless `headers` say otherwise. */
  post(url: string | URL, form: Form, headers?: Record<string, string>): Promise<Page> {
    const target = new URL(url)
    return this.request('POST', target, {
      form,
      headers: headers ?? { origin: target.origin, 'sec-fetch-site': 'same-origin' },
    })
  }

  async request(
    method: string,
    url: string | URL,
    init: { form?: Form; headers?: Record<string, string>; body?: string } = {},
  ): Promise<Page> {
    const target = new URL(url)
    const cookie = this.cookieHeader(target)
    let body: string | undefined = init.body
    if (init.form) {
      const params = new URLSearchParams()
      for (const [key, value] of Object.entries(init.form))
        for (const v of [value].flat()) params.append(key, v)
      body = params.toString()
    }
    const response = await fetch(target, {
      method,
      redirect: 'manual',
      headers: {
        accept: 'text/html,application/xhtml+xml',
        ...(init.form && { 'content-type': 'application/x-www-form-urlencoded' }),
        ...(cookie !== undefined && { cookie }),
        ...init.headers,
      },
      ...(body !== undefined && { body }),
    })
    const setCookie = response.headers.getSetCookie()
    this.#store(target, setCookie)
    const text = await response.text()
    const location = response.headers.get('location')
    return {
      url: target,
      status: response.status,
      headers: response.headers,
      body: text,
      location: location === null ? undefined : new URL(location, target),
      setCookie,
      json: <T>() => JSON.parse(text) as T,
    }
  }

  /** Follows redirects from a URL (GET) or a response, up to the first page that is not one. */
  async follow(start: string | URL | Page, trail: URL[] = []): Promise<Page> {
    let page = typeof start === 'string' || start instanceof URL ? await this.get(start) : start
    trail.push(page.url)
    for (let hop = 0; hop < 25; hop++) {
      if (page.status < 300 || page.status >= 400 || !page.location) return page
      page = await this.get(page.location)
      trail.push(page.url)
    }
    throw new Error(`too many redirects, last at ${page.url.href}`)
  }

  #store(url: URL, headers: readonly string[]): void {
    const cookies = this.#jar.get(url.origin) ?? new Map<string, StoredCookie>()
    this.#jar.set(url.origin, cookies)
    for (const header of headers) {
      const [pair = '', ...attributes] = header.split(';').map((part) => part.trim())
      const separator = pair.indexOf('=')
      if (separator <= 0) continue
      const name = pair.slice(0, separator)
      const value = pair.slice(separator + 1)
      let path = '/'
      let expired = value === ''
      for (const attribute of attributes) {
        const [key = '', v = ''] = attribute.split('=')
        if (key.toLowerCase() === 'path') path = v
        if (key.toLowerCase() === 'max-age' && Number(v) <= 0) expired = true
        if (key.toLowerCase() === 'expires' && Date.parse(v) <= Date.now()) expired = true
      }
      if (expired) cookies.delete(`${name};${path}`)
      else cookies.set(`${name};${path}`, { value, path })
    }
  }
}

function formValue(html: string, name: string): string {
  const input = new RegExp(`<input[^>]*name="${name}"[^>]*>`).exec(html)?.[0] ?? ''
  return /value="([^"]*)"/.exec(input)?.[1] ?? ''
}

/**
 * Follows from `start` through the provider: its consent screen is answered "allow" with every attribute
 * ticked, a self-submitting form is posted as a browser with JavaScript would.
 */
export async function visit(
  browser: Browser,
  start: string | URL | Page,
): Promise<{ page: Page; trail: URL[] }> {
  const trail: URL[] = []
  let page = await browser.follow(start, trail)
  for (let screens = 0; screens < 4 && page.status === 200; screens++) {
    const consent = /<form[^>]*method="post"[^>]*action="(\/interaction\/[^"]+\/consent)"/.exec(
      page.body,
    )?.[1]
    const autoSubmit = /document\.forms\[0\]\.submit\(\)/.test(page.body)
      ? /<form[^>]*method="post"[^>]*action="([^"]+)"/.exec(page.body)?.[1]
      : undefined
    let posted: Page
    if (consent) {
      posted = await browser.post(new URL(consent, page.url), {
        csrf: formValue(page.body, 'csrf'),
        lang: formValue(page.body, 'lang') || 'vi',
        decision: 'allow',
        attributes: [...page.body.matchAll(/name="attributes" value="([a-z_0-9]+)"/g)].map((m) => m[1] ?? ''),
      })
    } else if (autoSubmit) {
      const fields = Object.fromEntries(
        [...page.body.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"\/?>/g)].map((m) => [
          m[1] ?? '',
          m[2] ?? '',
        ]),
      )
      posted = await browser.post(new URL(autoSubmit, page.url), fields)
    } else break
    trail.push(posted.url)
    page = await browser.follow(posted, trail)
  }
  return { page, trail }
}

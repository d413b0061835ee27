/**
 * The test browser of the adapter's tests (not part of the package): a cookie jar per origin, manual
 * redirects, a hosts map for public origins served on loopback, and the mock provider's consent and
 * logout screens answered the way a citizen would.
 */

// ---------------------------------------------------------------------------------------------------
// The browser
// ---------------------------------------------------------------------------------------------------

/** A cookie as the test browser keeps it. */
export interface StoredCookie {
  name: string
  value: string
  path: string
  expiresAt: number | undefined
  secure: boolean
  httpOnly: boolean
  sameSite: string | undefined
}

/** One response, as the test browser saw it (`url` is the logical URL, before host mapping). */
export interface Page {
  url: URL
  status: number
  headers: Headers
  body: string
  /** The absolute `Location`, when there is one. */
  location: URL | undefined
  setCookie: string[]
  json<T = Record<string, unknown>>(): T
}

type Form = Record<string, string | readonly string[]>

/**
 * A browser profile: cookies per origin (path-scoped, `Secure` honoured, expired ones dropped), manual
 * redirects, and a hosts map that sends a logical origin (`https://bank.example`) to a loopback server.
 */
export class Browser {
  readonly #jar: Map<string, Map<string, StoredCookie>>
  readonly #hosts: ReadonlyMap<string, string>

  constructor(
    hosts: ReadonlyMap<string, string> = new Map(),
    jar = new Map<string, Map<string, StoredCookie>>(),
  ) {
    this.#hosts = hosts
    this.#jar = jar
  }

  /** The same profile (same cookies) reaching `origin` at another address: a second app instance. */
  withHost(origin: string, address: string): Browser {
    return new Browser(new Map([...this.#hosts, [origin, address]]), this.#jar)
  }

  /** The cookies that would be sent to `url`. */
  cookies(url: string | URL): StoredCookie[] {
    const target = new URL(url)
    const now = Date.now()
    return [...(this.#jar.get(target.origin)?.values() ?? [])].filter(
      (cookie) =>
        (cookie.expiresAt === undefined || cookie.expiresAt > now) &&
        (!cookie.secure || target.protocol === 'https:') &&
        (cookie.path === '/' ||
          target.pathname === cookie.path ||
          target.pathname.startsWith(cookie.path.endsWith('/') ? cookie.path : `${cookie.path}/`)),
    )
  }

  cookieHeader(url: string | URL): string | undefined {
    const list = this.cookies(url)
    return list.length === 0 ? undefined : list.map((cookie) => `${cookie.name}=${cookie.value}`).join('; ')
  }

  /** Sets a cookie as if a page had (a planted cookie). */
  plant(url: string | URL, name: string, value: string, path = '/'): void {
    this.#store(new URL(url), [`${name}=${value}; Path=${path}`])
  }

  /** Forgets every cookie of an origin. */
  clear(origin: string): void {
    this.#jar.delete(new URL(origin).origin)
  }

  async get(url: string | URL, headers: Record<string, string> = {}): Promise<Page> {
    return this.request('GET', url, { headers })
  }

  /** A form post, sent as a browser sends a same-origin one unless `headers` say otherwise. */
  async post(url: string | URL, form: Form, headers?: Record<string, string>): Promise<Page> {
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
    const mapped = this.#hosts.get(target.origin)
    const network = mapped ? new URL(`${mapped}${target.pathname}${target.search}`) : target
    const cookie = this.cookieHeader(target)
    let body: string | URLSearchParams | undefined = init.body
    if (init.form) {
      const params = new URLSearchParams()
      for (const [key, value] of Object.entries(init.form))
        for (const v of [value].flat()) params.append(key, v)
      body = params
    }
    const response = await fetch(network, {
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

  /** Follows redirects from a URL (GET) or from a response, up to the first page that is not one. */
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
      const cookie: StoredCookie = {
        name: pair.slice(0, separator),
        value: pair.slice(separator + 1),
        path: url.pathname.replace(/\/[^/]*$/, '') || '/',
        expiresAt: undefined,
        secure: false,
        httpOnly: false,
        sameSite: undefined,
      }
      for (const attribute of attributes) {
        const [key = '', value = ''] = attribute.split('=')
        const lower = key.toLowerCase()
        if (lower === 'path' && value.startsWith('/')) cookie.path = value
        if (lower === 'max-age') cookie.expiresAt = Date.now() + Number(value) * 1000
        if (lower === 'expires' && cookie.expiresAt === undefined) cookie.expiresAt = Date.parse(value)
        if (lower === 'secure') cookie.secure = true
        if (lower === 'httponly') cookie.httpOnly = true
        if (lower === 'samesite') cookie.sameSite = value
      }
      // A browser refuses a Secure cookie from a plain-http page.
      if (cookie.secure && url.protocol !== 'https:') continue
      const key = `${cookie.name};${cookie.path}`
      if (cookie.value === '' || (cookie.expiresAt !== undefined && cookie.expiresAt <= Date.now()))
        cookies.delete(key)
      else cookies.set(key, cookie)
    }
  }
}

/** The parsed attributes of one `Set-Cookie` header. */
export function parseSetCookie(header: string): { name: string; value: string; attributes: Set<string> } {
  const [pair = '', ...attributes] = header.split(';').map((part) => part.trim())
  const separator = pair.indexOf('=')
  return {
    name: pair.slice(0, separator),
    value: pair.slice(separator + 1),
    attributes: new Set(attributes.map((attribute) => attribute.toLowerCase())),
  }
}

// ---------------------------------------------------------------------------------------------------
// Provider screens
// ---------------------------------------------------------------------------------------------------

/** What a trip through the provider did. */
export interface Visit {
  /** The first page that is not a redirect (after the provider's screens). */
  page: Page
  /** Every URL requested, in order. */
  trail: URL[]
  /** The attributes the provider's consent screen listed, when it showed one. */
  consentShown: string[] | undefined
}

function formValue(html: string, name: string): string {
  const input = new RegExp(`<input[^>]*name="${name}"[^>]*>`).exec(html)?.[0] ?? ''
  return /value="([^"]*)"/.exec(input)?.[1] ?? ''
}

/**
 * Follows from `start` through the provider. When the provider shows its consent screen (a citizen
 * already signed in at the provider, asked for more), it answers "allow" with every attribute ticked; a
 * self-submitting form is posted as a browser with JavaScript would.
 */
export async function visit(browser: Browser, start: string | URL | Page): Promise<Visit> {
  const trail: URL[] = []
  let page = await browser.follow(start, trail)
  let consentShown: string[] | undefined
  for (let screens = 0; screens < 4 && page.status === 200; screens++) {
    const consent = /<form[^>]*method="post"[^>]*action="(\/interaction\/[^"]+\/consent)"/.exec(
      page.body,
    )?.[1]
    const autoSubmit = /document\.forms\[0\]\.submit\(\)/.test(page.body)
      ? /<form[^>]*method="post"[^>]*action="([^"]+)"/.exec(page.body)?.[1]
      : undefined
    let posted: Page
    if (consent) {
      consentShown = [...page.body.matchAll(/name="attributes" value="([a-z_0-9]+)"/g)].map(
        (match) => match[1] ?? '',
      )
      posted = await browser.post(new URL(consent, page.url), {
        csrf: formValue(page.body, 'csrf'),
        lang: formValue(page.body, 'lang') || 'vi',
        decision: 'allow',
        attributes: consentShown,
      })
    } else if (autoSubmit) {
      // oidc-provider's self-submitting forms (e.g. ending the previous citizen's provider session when
      // another citizen signs in): a browser with JavaScript posts them at once.
      const fields = Object.fromEntries(
        [...page.body.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"\/?>/g)].map((match) => [
          match[1] ?? '',
          match[2] ?? '',
        ]),
      )
      posted = await browser.post(new URL(autoSubmit, page.url), fields)
    } else {
      break
    }
    trail.push(posted.url)
    page = await browser.follow(posted, trail)
  }
  return { page, trail, consentShown }
}

/** Confirms the provider's "sign out?" page (oidc-provider's logout form with its `xsrf` value). */
export async function confirmProviderLogout(browser: Browser, page: Page): Promise<Page> {
  const form = /<form[^>]*id="op\.logoutForm"[^>]*>/.exec(page.body)?.[0] ?? ''
  const action = /action="([^"]+)"/.exec(form)?.[1]
  const xsrf = formValue(page.body, 'xsrf')
  if (!action || !xsrf) throw new Error(`no logout form in the page: ${page.body.slice(0, 300)}`)
  return browser.follow(await browser.post(new URL(action, page.url), { xsrf, logout: 'yes' }))
}

/** Where a tab keeps its cookies (`CookieJar` of `test/support/browser.ts` fits). */
export interface CookieStore {
  store(url: URL, setCookieHeaders: readonly string[]): void
  header(url: URL): string | undefined
}

/**
 * A browser tab for the mock provider's screens (tests only): cookies, same-origin form posts the way a
 * browser sends them (`Origin`, `Sec-Fetch-Site`), manual redirects.
 *
 * @example
 * ```ts
 * const tab = new BrowserTab(new CookieJar(), idp.url)
 * const page = await tab.text(await tab.get('/phone'))
 * ```
 */
export class BrowserTab {
  readonly jar: CookieStore
  url: URL

  constructor(jar: CookieStore, origin: string) {
    this.jar = jar
    this.url = new URL(origin)
  }

  async get(target: string | URL, headers: Record<string, string> = {}): Promise<Response> {
    this.url = new URL(target, this.url)
    const cookie = this.jar.header(this.url)
    const response = await fetch(this.url, {
      redirect: 'manual',
      headers: { accept: 'text/html', ...(cookie && { cookie }), ...headers },
    })
    this.jar.store(this.url, response.headers.getSetCookie())
    return response
  }

  /** A form post; `headers` replace the same-origin ones (an attacker's page sends others). */
  async post(
    action: string,
    fields: Record<string, string | readonly string[]>,
    headers?: Record<string, string>,
  ): Promise<Response> {
    const target = new URL(action, this.url)
    const body = new URLSearchParams()
    for (const [key, value] of Object.entries(fields)) for (const v of [value].flat()) body.append(key, v)
    const cookie = this.jar.header(target)
    const response = await fetch(target, {
      method: 'POST',
      redirect: 'manual',
      body,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        ...(headers ?? { origin: target.origin, 'sec-fetch-site': 'same-origin' }),
        ...(cookie && { cookie }),
      },
    })
    this.jar.store(target, response.headers.getSetCookie())
    this.url = target
    return response
  }

  /** Follows redirects until a page, or until a `Location` starts with `stopAt` (returned unvisited). */
  async follow(
    response: Response,
    stopAt?: string,
  ): Promise<{ status: number; page?: string; location?: string }> {
    let current = response
    for (let hop = 0; hop < 15; hop++) {
      const location = current.headers.get('location')
      if (current.status < 300 || current.status >= 400 || !location) {
        return { status: current.status, page: await current.text() }
      }
      await current.body?.cancel()
      const next = new URL(location, this.url)
      if (stopAt && next.href.startsWith(stopAt)) return { status: current.status, location: next.href }
      current = await this.get(next)
    }
    throw new Error('too many redirects')
  }
}

/**
 * The value of a named hidden field (`name="csrf" value="…"`) in a page.
 *
 * @example
 * ```ts
 * const csrf = formField(page, 'csrf')
 * ```
 */
export function formField(page: string, name: string): string {
  return new RegExp(`name="${name}" value="([^"]*)"`).exec(page)?.[1] ?? ''
}

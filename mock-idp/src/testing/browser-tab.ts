import { Browser, type CookieJar, type Form, fieldValue, type Page } from '@dinhdanh/testing/browser'

/** Statuses whose `Response` cannot carry a body. */
const NULL_BODY = new Set([101, 204, 205, 304])

/**
 * A browser tab for the mock provider's screens (tests only): the shared browser of
 * `@dinhdanh/testing/browser` (its cookie jar, same-origin form posts, redirects) with the calls these
 * tests were written against: relative URLs against the tab's current one, `Response`s back, and
 * {@link BrowserTab.follow} answering with the page's HTML.
 *
 * @example
 * ```ts
 * const tab = new BrowserTab(new CookieJar(), idp.url)
 * const page = await (await tab.get('/phone')).text()
 * ```
 */
export class BrowserTab {
  readonly jar: CookieJar
  /** The URL of the last request. */
  url: URL
  readonly #browser: Browser
  readonly #pages = new WeakMap<Response, Page>()

  constructor(jar: CookieJar, origin: string) {
    this.jar = jar
    this.url = new URL(origin)
    this.#browser = new Browser({ jar, accept: 'text/html', maxRedirects: 15 })
  }

  /** The page as a `Response` (its body unread), remembered for {@link BrowserTab.follow}. */
  #response(page: Page): Response {
    this.url = page.url
    const response = new Response(NULL_BODY.has(page.status) ? null : page.body, {
      status: page.status,
      headers: page.headers,
    })
    Object.defineProperty(response, 'url', { value: page.url.href })
    this.#pages.set(response, page)
    return response
  }

  async get(target: string | URL, headers: Record<string, string> = {}): Promise<Response> {
    return this.#response(await this.#browser.get(new URL(target, this.url), headers))
  }

  /** A form post; `headers` replace the same-origin ones (an attacker's page sends others). */
  async post(action: string, fields: Form, headers?: Record<string, string>): Promise<Response> {
    return this.#response(await this.#browser.post(new URL(action, this.url), fields, headers))
  }

  /** Follows redirects until a page, or until a `Location` starts with `stopAt` (returned unvisited). */
  async follow(
    response: Response,
    stopAt?: string,
  ): Promise<{ status: number; page?: string; location?: string }> {
    let start = this.#pages.get(response)
    if (start === undefined) {
      // A response this tab did not fetch: its redirect, if any, is the first step.
      const location = response.headers.get('location')
      if (response.status < 300 || response.status >= 400 || location === null)
        return { status: response.status, page: await response.text() }
      await response.body?.cancel()
      const next = new URL(location, this.url)
      if (stopAt !== undefined && next.href.startsWith(stopAt))
        return { status: response.status, location: next.href }
      start = await this.#browser.get(next)
    }
    const end = await this.#browser.follow(start, stopAt === undefined ? {} : { stopAt })
    this.url = end.url
    if (end.status >= 300 && end.status < 400 && end.location !== undefined)
      return { status: end.status, location: end.location.href }
    return { status: end.status, page: end.body }
  }
}

/**
 * The value of a named field (`name="csrf" value="…"`) in a page, or `''` when it has none (a form
 * without an optional field).
 *
 * @example
 * ```ts
 * const csrf = formField(page, 'csrf')
 * ```
 */
export function formField(page: string, name: string): string {
  try {
    return fieldValue(page, name)
  } catch {
    return ''
  }
}

/**
 * The test browser of the examples' suites: `@dinhdanh/testing/browser` (cookies per origin with paths,
 * expiry and the size limit, form posts sent as a browser sends a same-origin one) with the calls these
 * suites were written against: `get` and `post` follow redirects unless `follow: false`. Loopback only.
 */
import { type Form, type Page, Browser as SharedBrowser } from '@dinhdanh/testing/browser'

export { fieldValue, type Page, textOf } from '@dinhdanh/testing/browser'

/** A browser profile for loopback apps: the shared browser, following redirects by default. */
export class Browser {
  /** The shared browser underneath (its jar, `follow`, `submit`). */
  readonly shared = new SharedBrowser({ loopbackOnly: true, accept: 'text/html,application/json' })

  /** The `Cookie` header this browser would send to `url`. */
  cookieHeader(url: string | URL): string | undefined {
    return this.shared.cookieHeader(url)
  }

  /** A GET, following redirects unless `follow` is false. */
  async get(url: string | URL, options: { follow?: boolean } = {}): Promise<Page> {
    const page = await this.shared.get(url)
    return (options.follow ?? true) ? this.shared.follow(page) : page
  }

  /**
   * A form post from a page of the same origin (unless `headers` replace `Origin` and `Sec-Fetch-Site`),
   * following redirects unless `follow` is false.
   */
  async post(
    url: string | URL,
    form: Form,
    options: { follow?: boolean; headers?: Record<string, string> } = {},
  ): Promise<Page> {
    const page = await this.shared.post(url, form, options.headers)
    return (options.follow ?? true) ? this.shared.follow(page) : page
  }
}

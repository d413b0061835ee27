import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { bypass } from 'msw'
import { CookieJar } from '../../browser/cookie-jar.js'
import type { AdapterApp } from './contract.js'

/** The URL a fetch-style app sees: not the public one, as behind a proxy. */
const INTERNAL_ORIGIN = 'http://internal.invalid:8080'

/**
 * Runs a Node request listener (an Express app, `fastify.routing`…) on an ephemeral loopback port, as an
 * {@link AdapterApp} for `testAdapter`.
 *
 * @example
 * ```ts
 * testAdapter('@dinhdanh/express', (options) => loopbackApp(buildApp(options)), { makeStores })
 * ```
 */
export async function loopbackApp(
  listener: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<AdapterApp> {
  const server = createServer(listener)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
    },
  }
}

/**
 * Sends a request meant for the public URL to where the app really listens.
 *
 * @example
 * ```ts
 * const send = senderOf(await loopbackApp(app))
 * ```
 */
export function senderOf(app: AdapterApp): (url: URL, init: RequestInit) => Promise<Response> {
  return async (url, init) => {
    const path = `${url.pathname}${url.search}`
    if ('fetch' in app) return app.fetch(new Request(new URL(path, INTERNAL_ORIGIN), init))
    // Past msw, which serves only the provider; the Host header is the loopback one, not baseUrl's.
    return fetch(bypass(new URL(path, app.origin), init))
  }
}

/**
 * A browser for the suite: keeps the app's cookies, sends requests for the public origin to the app and
 * every other URL to the network (the msw provider), and follows redirects when asked to.
 *
 * @example
 * ```ts
 * const browser = new ConformanceBrowser('https://shop.test', senderOf({ fetch: app.fetch }))
 * const { response, url } = await browser.follow('/auth/login?returnTo=/me')
 * ```
 */
export class ConformanceBrowser {
  readonly #jar = new CookieJar()
  readonly #baseUrl: string
  readonly #send: (url: URL, init: RequestInit) => Promise<Response>

  constructor(baseUrl: string, send: (url: URL, init: RequestInit) => Promise<Response>) {
    this.#baseUrl = baseUrl
    this.#send = send
  }

  /** The cookies of the app, by name (any path). */
  get cookies(): ReadonlyMap<string, string> {
    return new Map(this.#jar.all(this.#baseUrl).map((cookie) => [cookie.name, cookie.value]))
  }

  /** One request, no redirect followed. `target` is a path of the app or an absolute URL. */
  async fetch(target: string, init: RequestInit = {}): Promise<Response> {
    const url = new URL(target, this.#baseUrl)
    if (url.origin !== new URL(this.#baseUrl).origin) return fetch(url, { ...init, redirect: 'manual' })
    const headers = new Headers(init.headers)
    const cookie = this.#jar.header(url)
    if (cookie !== undefined) headers.set('cookie', cookie)
    const response = await this.#send(url, { ...init, headers, redirect: 'manual' })
    this.#jar.store(url, response.headers.getSetCookie())
    return response
  }

  /** Requests `target`, then follows every redirect (as GET); returns the last answer and where it came from. */
  async follow(
    target: string,
    init: RequestInit = {},
  ): Promise<{ response: Response; url: URL; trail: URL[] }> {
    let url = new URL(target, this.#baseUrl)
    const trail = [url]
    let response = await this.fetch(url.href, init)
    for (let hop = 0; hop < 10 && response.status >= 300 && response.status < 400; hop++) {
      const location = response.headers.get('location')
      if (!location) break
      await response.arrayBuffer()
      url = new URL(location, url)
      trail.push(url)
      response = await this.fetch(url.href)
    }
    return { response, url, trail }
  }
}

/**
 * Where the core writes the `Set-Cookie` headers of one response. Frameworks commit headers at different
 * moments (Express can still add one after `next()`, until the response is sent; Hono collects them on
 * the context), so each adapter gives the core a sink per request instead of the core building the
 * response headers itself.
 *
 * @example
 * ```ts
 * // An Express response as a sink:
 * const sink: CookieSink = {
 *   get sent() { return res.headersSent },
 *   pending: () => [res.getHeader('Set-Cookie') ?? []].flat().map(String),
 *   replace: (headers) => (headers.length ? res.setHeader('Set-Cookie', headers) : res.removeHeader('Set-Cookie')),
 *   append: (header) => res.append('Set-Cookie', header),
 * }
 * ```
 */
export interface CookieSink {
  /** The response is on its way: no header can be added any more. */
  readonly sent: boolean
  /** Adds one `Set-Cookie` header. */
  append(header: string): void
  /** The `Set-Cookie` headers this response carries so far. */
  pending(): readonly string[]
  /** Replaces every `Set-Cookie` header of this response. */
  replace(headers: readonly string[]): void
}

/**
 * A sink that collects headers in memory, for runtimes where the adapter builds the response at the end
 * (Hono, Next.js route handlers, Bun) and for tests.
 *
 * @example
 * ```ts
 * const cookies = collectCookies()
 * const eid = await core.context(request, cookies, c)
 * // ... later:
 * for (const header of cookies.pending()) response.headers.append('Set-Cookie', header)
 * ```
 */
export function collectCookies(): CookieSink & { close(): void } {
  let headers: string[] = []
  let sent = false
  return {
    get sent() {
      return sent
    },
    append(header) {
      if (!sent) headers.push(header)
    },
    pending: () => [...headers],
    replace(next) {
      if (!sent) headers = [...next]
    },
    close() {
      sent = true
    },
  }
}

import type { CookieSink } from '@dinhdanh/web'

/**
 * A body read only when the core reads it: the request's own stream is not touched (not even locked)
 * until then, so the app's handler can still read `c.req` when the kit does not answer.
 */
function lazyBody(raw: Request): ReadableStream<Uint8Array> | undefined {
  if (raw.method === 'GET' || raw.method === 'HEAD' || raw.body === null) return undefined
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        reader ??= (raw.body as ReadableStream<Uint8Array>).getReader()
        const { done, value } = await reader.read()
        if (done) controller.close()
        else controller.enqueue(value)
      },
      async cancel(reason) {
        await reader?.cancel(reason)
      },
    },
    { highWaterMark: 0 },
  )
}

/**
 * The request the core sees: Hono's `c.req.raw` with its URL rebuilt from the configured `baseUrl` and the
 * path and query as sent (never from `Host`, which a proxy or a client chooses).
 *
 * @example
 * ```ts
 * const request = toWebRequest(c.req.raw, 'https://shop.example')
 * ```
 */
export function toWebRequest(raw: Request, baseUrl: string): Request {
  const sent = new URL(raw.url)
  const body = lazyBody(raw)
  // The origin is baseUrl's, always: a path such as `//evil.example/x` must not become the authority.
  return new Request(new URL(`${new URL(baseUrl).origin}${sent.pathname}${sent.search}`), {
    method: raw.method,
    headers: raw.headers,
    ...(body !== undefined && { body, duplex: 'half' }),
  } as RequestInit)
}

/**
 * `response` with the cookies the core collected for this request appended (a copy when its headers are
 * immutable, as those of a `fetch` answer are).
 *
 * @example
 * ```ts
 * c.res = withCookies(c.res, sink)
 * ```
 */
export function withCookies(response: Response, sink: CookieSink): Response {
  const cookies = sink.pending()
  if (cookies.length === 0) return response
  let target = response
  try {
    for (const cookie of cookies) target.headers.append('set-cookie', cookie)
  } catch {
    target = new Response(response.body, response)
    for (const cookie of cookies) target.headers.append('set-cookie', cookie)
  }
  return target
}

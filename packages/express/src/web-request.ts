import type { CookieSink, Outcome } from '@dinhdanh/web'
import { HANDLED } from '@dinhdanh/web'
import type { Request, Response } from 'express'

/**
 * The body of an Express request as a stream read only when the core reads it (the app's own routes
 * keep theirs), or rebuilt from `req.body` when a body parser already consumed it.
 */
function bodyOf(req: Request): BodyInit | undefined {
  if (req.method === 'GET' || req.method === 'HEAD') return undefined
  const parsed = (req as Request & { _body?: boolean }).body as unknown
  if ((req as Request & { _body?: boolean })._body || req.readableEnded) {
    if (typeof parsed === 'string') return parsed
    if (parsed && typeof parsed === 'object' && !Buffer.isBuffer(parsed))
      return new URLSearchParams(parsed as Record<string, string>).toString()
    return Buffer.isBuffer(parsed) ? new Uint8Array(parsed) : undefined
  }
  let chunks: AsyncIterator<Buffer> | undefined
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        chunks ??= req[Symbol.asyncIterator]()
        const { done, value } = await chunks.next()
        if (done) controller.close()
        else controller.enqueue(new Uint8Array(value))
      },
      async cancel() {
        await chunks?.return?.()
      },
    },
    { highWaterMark: 0 },
  )
}

/**
 * The web-standard `Request` of an Express request. The URL is rebuilt from the configured `baseUrl` and
 * the raw `originalUrl` (never from `Host`; a `+` in the query stays a `+`).
 *
 * @example
 * ```ts
 * const request = toWebRequest(req, 'https://bank.example')
 * ```
 */
export function toWebRequest(req: Request, baseUrl: string): globalThis.Request {
  const headers = new Headers()
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue
    for (const item of [value].flat()) headers.append(name, item)
  }
  const body = bodyOf(req)
  // The origin is baseUrl's, always: a path such as `//evil.example/x` must not become the authority.
  const path = req.originalUrl.startsWith('/') ? req.originalUrl : `/${req.originalUrl}`
  return new globalThis.Request(new URL(`${new URL(baseUrl).origin}${path}`), {
    method: req.method,
    headers,
    ...(body !== undefined && { body, duplex: 'half' }),
  } as RequestInit)
}

/**
 * An Express response as the core's {@link CookieSink}: cookies can be added until it is sent.
 *
 * @example
 * ```ts
 * const sink = cookieSinkOf(res)
 * ```
 */
export function cookieSinkOf(res: Response): CookieSink {
  return {
    get sent() {
      return res.headersSent
    },
    append: (header) => {
      res.append('Set-Cookie', header)
    },
    pending: () => {
      const value = res.getHeader('Set-Cookie')
      return value === undefined ? [] : [value].flat().map(String)
    },
    replace: (headers) => {
      if (headers.length === 0) res.removeHeader('Set-Cookie')
      else res.setHeader('Set-Cookie', [...headers])
    },
  }
}

/**
 * Sends the core's answer through Express (status, headers and body; cookies are already on `res`).
 *
 * @example
 * ```ts
 * await sendOutcome(res, await core.route(request, sink, { req, res }))
 * ```
 */
export async function sendOutcome(res: Response, outcome: Outcome): Promise<void> {
  if (outcome === HANDLED || res.headersSent) return
  res.status(outcome.status)
  outcome.headers.forEach((value, name) => {
    if (name !== 'set-cookie') res.setHeader(name, value)
  })
  res.end(Buffer.from(await outcome.arrayBuffer()))
}

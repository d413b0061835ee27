import type { CookieSink, Outcome } from '@dinhdanh/web'
import { HANDLED } from '@dinhdanh/web'
import type { FastifyReply, FastifyRequest } from 'fastify'

/** A Node stream as a web stream that pulls a chunk only when the core reads one. */
function lazyStream(source: AsyncIterable<Uint8Array | string>): ReadableStream<Uint8Array> {
  let chunks: AsyncIterator<Uint8Array | string> | undefined
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        chunks ??= source[Symbol.asyncIterator]()
        const { done, value } = await chunks.next()
        if (done) controller.close()
        else controller.enqueue(typeof value === 'string' ? Buffer.from(value) : new Uint8Array(value))
      },
      async cancel() {
        await chunks?.return?.()
      },
    },
    { highWaterMark: 0 },
  )
}

/**
 * The public URL of a Fastify request: `baseUrl` with the raw path and query (never `Host`; a `+` in the
 * query stays a `+`). An absolute-form target (`GET http://other/…`) or a `//host/…` path cannot choose
 * the origin.
 *
 * @example
 * ```ts
 * publicUrlOf(request, 'https://bank.example').href // 'https://bank.example/me?x=a+b'
 * ```
 */
export function publicUrlOf(request: FastifyRequest, baseUrl: string): URL {
  const url = new URL(request.url, baseUrl)
  const base = new URL(baseUrl)
  if (url.origin === base.origin) return url
  base.pathname = url.pathname
  base.search = url.search
  return base
}

/**
 * The web-standard `Request` of a Fastify request. `body` is the unread payload stream the kit's routes
 * receive from their own content-type parser; without it the `Request` has no body (the guards never need
 * one, and the app's routes keep theirs for Fastify's parsers).
 *
 * @example
 * ```ts
 * const web = toWebRequest(request, 'https://bank.example')
 * ```
 */
export function toWebRequest(
  request: FastifyRequest,
  baseUrl: string,
  body?: AsyncIterable<Uint8Array | string>,
): Request {
  const headers = new Headers()
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined) continue
    for (const item of [value].flat()) headers.append(name, String(item))
  }
  const hasBody = body !== undefined && request.method !== 'GET' && request.method !== 'HEAD'
  return new Request(publicUrlOf(request, baseUrl), {
    method: request.method,
    headers,
    ...(hasBody && { body: lazyStream(body), duplex: 'half' }),
  } as RequestInit)
}

/**
 * A Fastify reply as the core's {@link CookieSink}: `Set-Cookie` headers (one per cookie, through
 * `reply.header`, which keeps several) can be added until the reply is sent.
 *
 * @example
 * ```ts
 * const sink = cookieSinkOf(reply)
 * ```
 */
export function cookieSinkOf(reply: FastifyReply): CookieSink {
  return {
    get sent() {
      return reply.sent
    },
    append: (header) => {
      reply.header('set-cookie', header)
    },
    pending: () => {
      const value = reply.getHeader('set-cookie')
      return value === undefined ? [] : [value].flat().map(String)
    },
    replace: (headers) => {
      reply.removeHeader('set-cookie')
      for (const header of headers) reply.header('set-cookie', header)
    },
  }
}

/**
 * Sends the core's answer through Fastify (status, headers and body; the cookies are already on the
 * reply). Returns the reply, which an async hook or handler returns to say it answered.
 *
 * @example
 * ```ts
 * return sendOutcome(reply, await core.route(web, sink, { request, reply }))
 * ```
 */
export async function sendOutcome(reply: FastifyReply, outcome: Outcome): Promise<FastifyReply> {
  if (outcome === HANDLED || reply.sent) return reply
  reply.code(outcome.status)
  outcome.headers.forEach((value, name) => {
    if (name !== 'set-cookie') reply.header(name, value)
  })
  // A body-less answer (a redirect, 200/202 to the provider) stays body-less: no octet-stream type.
  if (outcome.body === null) return reply.send()
  return reply.send(Buffer.from(await outcome.arrayBuffer()))
}

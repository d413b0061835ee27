/**
 * The hostile provider's front door: an HTTP server on the public issuer's port that forwards every
 * request to the real mock provider on an internal loopback port, and lets the case under test rewrite
 * the answer (the authorization redirect, the token response, userinfo). Requests and answers are
 * buffered whole: the provider's are small and the self-test is no load test.
 */
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

/** A request as the proxy received it. */
export interface ProxiedRequest {
  method: string
  /** Path and query, as received. */
  url: URL
  headers: Record<string, string | string[] | undefined>
  body: Buffer
}

/** An answer, from the provider or made up by the proxy. */
export interface ProxiedResponse {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: Buffer
}

/** What decides each answer: given the request and a way to ask the real provider. */
export type Interceptor = (
  request: ProxiedRequest,
  forward: (request: ProxiedRequest) => Promise<ProxiedResponse>,
) => Promise<ProxiedResponse>

/** A running hostile proxy. */
export interface HostileProxy {
  readonly port: number
  /** Replaces the interceptor (one case at a time). */
  intercept(interceptor: Interceptor): void
  close(): Promise<void>
}

// Hop-by-hop headers (RFC 9110 §7.6.1) and the length, which changes when a body is rewritten.
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'upgrade',
  'te',
  'trailer',
  'content-length',
])

function withoutHopByHop(headers: Record<string, string | string[] | undefined>) {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !HOP_BY_HOP.has(name.toLowerCase())))
}

function readBody(stream: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    stream.on('data', (chunk: Buffer) => chunks.push(chunk))
    stream.on('end', () => resolve(Buffer.concat(chunks)))
    stream.on('error', reject)
  })
}

/** Sends `request` to the provider on `upstreamPort` (loopback) and buffers its answer. */
function forwardTo(upstreamPort: () => number): (request: ProxiedRequest) => Promise<ProxiedResponse> {
  return (request) =>
    new Promise((resolve, reject) => {
      const outgoing = httpRequest(
        {
          host: '127.0.0.1',
          port: upstreamPort(),
          method: request.method,
          path: `${request.url.pathname}${request.url.search}`,
          headers: { ...withoutHopByHop(request.headers), 'content-length': String(request.body.length) },
          timeout: 15_000,
        },
        (incoming) => {
          readBody(incoming).then(
            (body) => resolve({ status: incoming.statusCode ?? 502, headers: incoming.headers, body }),
            reject,
          )
        },
      )
      outgoing.on('timeout', () => outgoing.destroy(new Error('the mock provider did not answer in 15 s')))
      outgoing.on('error', reject)
      outgoing.end(request.body)
    })
}

/**
 * Listens on `127.0.0.1:port` and forwards to the provider on `upstreamPort()` (known once the provider,
 * which needs the proxy's port for its issuer, has started), through the current
 * interceptor (plain forwarding until one is set).
 *
 * @example
 * ```ts
 * const proxy = await startHostileProxy(4000, () => idp.port)
 * proxy.intercept(async (request, forward) => forward(request))
 * ```
 */
export async function startHostileProxy(port: number, upstreamPort: () => number): Promise<HostileProxy> {
  const forward = forwardTo(upstreamPort)
  let interceptor: Interceptor = (request, next) => next(request)
  const server: Server = createServer((req, res) => {
    readBody(req)
      .then((body) =>
        interceptor(
          {
            method: req.method ?? 'GET',
            url: new URL(req.url ?? '/', 'http://proxy.invalid'),
            headers: req.headers,
            body,
          },
          forward,
        ),
      )
      .then((answer) => {
        res.writeHead(answer.status, {
          ...withoutHopByHop(answer.headers),
          'content-length': String(answer.body.length),
        })
        res.end(answer.body)
      })
      .catch((error: unknown) => {
        if (res.headersSent) return res.destroy()
        res.writeHead(502, { 'content-type': 'text/plain; charset=utf-8' })
        res.end(`self-test proxy: ${error instanceof Error ? error.message : String(error)}`)
      })
  })
  server.keepAliveTimeout = 2000
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject)
      resolve()
    })
  })
  return {
    port: (server.address() as AddressInfo).port,
    intercept(next) {
      interceptor = next
    },
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
    },
  }
}

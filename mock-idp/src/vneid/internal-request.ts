import { IncomingMessage, ServerResponse as NodeServerResponse, type ServerResponse } from 'node:http'
import { Socket } from 'node:net'

/** A request handler in Node's shape (oidc-provider's `callback()`, an Express app). */
export type NodeHandler = (req: IncomingMessage, res: ServerResponse) => unknown

/** What {@link callInternally} sends. */
export interface InternalRequest {
  method: 'GET' | 'POST'
  path: string
  headers?: Record<string, string>
  body?: string
}

/** What the handler answered. */
export interface InternalResponse {
  status: number
  headers: Record<string, string | string[] | number | undefined>
  text: string
}

/**
 * Sends one request to a handler inside this process, without a socket: the dialect's facade redeems
 * codes and reads userinfo at the internal oidc-provider this way, so it needs neither its own port nor
 * a network path to its public issuer (behind a proxy, in a container), and no test's msw sees it.
 *
 * @example
 * ```ts
 * const answer = await callInternally(provider.callback(), { method: 'GET', path: '/me', headers: { authorization: `Bearer ${token}` } })
 * ```
 */
export function callInternally(handler: NodeHandler, request: InternalRequest): Promise<InternalResponse> {
  return new Promise((resolve, reject) => {
    const socket = new Socket()
    const req = new IncomingMessage(socket)
    req.method = request.method
    req.url = request.path
    const body = request.body === undefined ? undefined : Buffer.from(request.body)
    req.headers = {
      host: 'internal',
      ...Object.fromEntries(Object.entries(request.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v])),
      ...(body && { 'content-length': String(body.length) }),
    }
    if (body) req.push(body)
    req.push(null)

    const res = new NodeServerResponse(req)
    const chunks: Buffer[] = []
    const collect = (chunk: unknown, encoding?: unknown) => {
      if (chunk === undefined || chunk === null || typeof chunk === 'function') return
      chunks.push(
        Buffer.isBuffer(chunk)
          ? chunk
          : Buffer.from(String(chunk), typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8'),
      )
    }
    res.write = ((chunk: unknown, encoding?: unknown) => {
      collect(chunk, encoding)
      return true
    }) as typeof res.write
    res.end = ((chunk?: unknown, encoding?: unknown) => {
      collect(chunk, encoding)
      resolve({
        status: res.statusCode,
        headers: res.getHeaders() as InternalResponse['headers'],
        text: Buffer.concat(chunks).toString('utf8'),
      })
      return res
    }) as typeof res.end
    try {
      Promise.resolve(handler(req, res)).catch(reject)
    } catch (error) {
      reject(error)
    }
  })
}

/**
 * The headers that make oidc-provider (trusting its proxy) build URLs from the public issuer, as the
 * app's own front middleware does for outside requests.
 *
 * @example
 * ```ts
 * await callInternally(handler, { method: 'GET', path: '/me', headers: { ...asIssuer(issuer), authorization } })
 * ```
 */
export function asIssuer(issuer: string): Record<string, string> {
  const url = new URL(issuer)
  return { 'x-forwarded-host': url.host, 'x-forwarded-proto': url.protocol.slice(0, -1) }
}

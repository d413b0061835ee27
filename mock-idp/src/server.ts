import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createApp, type MockIdpApp } from './app.js'
import { type MockIdpOptions, resolveMockIdpOptions } from './options.js'

/**
 * A running mock provider.
 *
 * @example
 * ```ts
 * const idp = await createMockIdp({ port: 0, store: 'memory', autoApprove: true })
 * console.log(idp.url, idp.adminToken)
 * await idp.close()
 * ```
 */
export interface MockIdp {
  /** The issuer URL (what discovery publishes). */
  readonly url: string
  readonly adminToken: string
  /** The port it listens on (useful with `port: 0`). */
  readonly port: number
  /** The underlying app, for tests that want more handles. */
  readonly app: MockIdpApp
  close(): Promise<void>
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      server.off('error', reject)
      resolve((server.address() as AddressInfo).port)
    })
  })
}

/**
 * Starts the mock provider: listens first (so `port: 0` works), then builds the app for the issuer
 * (`options.issuer`, or `http://<host>:<port>`).
 *
 * @example
 * ```ts
 * const idp = await createMockIdp({ port: 0, store: 'memory', clients: [myClient] })
 * const eid = await createClient({ issuer: idp.url, clientId: myClient.client_id, clientAuth, redirectUri })
 * ```
 */
export async function createMockIdp(options: MockIdpOptions = {}): Promise<MockIdp> {
  const resolved = resolveMockIdpOptions(options)
  let handler: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => {
    res.statusCode = 503
    res.end('starting')
  }
  const server = createServer((req, res) => handler(req, res))
  server.keepAliveTimeout = 5000
  const port = await listen(server, resolved.port, resolved.host)
  const host = resolved.host.includes(':') ? `[${resolved.host}]` : resolved.host
  const issuer = resolved.issuer ?? `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`
  let app: MockIdpApp
  try {
    app = await createApp({ ...options, issuer })
  } catch (error) {
    server.close()
    throw error
  }
  handler = app.app
  return {
    url: issuer,
    adminToken: app.adminToken,
    port,
    app,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
      await app.close()
    },
  }
}

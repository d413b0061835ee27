/**
 * What the examples' own test suites share: each starts the real mock provider in process (memory
 * store, `autoApprove` so the screens answer as the chosen persona), the example on a loopback port
 * registered with the provider, and a test browser. No mocks: real HTTP on 127.0.0.1.
 */
import { randomBytes } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createClient, type EidClient, type Jwk } from '@dinhdanh/client'
import { createMockIdp, type MockIdp, type MockIdpOptions } from '@dinhdanh/mock-idp'
import type { ExampleConfig } from '../config.js'
import { clientMetadata, type DemoApp, generateClientKey } from '../demo.js'
import type { Browser, Page } from './browser.js'

export { Browser, fieldValue, type Page, textOf } from './browser.js'

/** What an example's `createApp` receives. */
export interface AppDeps {
  client: EidClient
  config: ExampleConfig
}

/** A Node request handler (an Express app is one). */
export type Handler = (req: IncomingMessage, res: ServerResponse) => void

/** A running example with its provider. */
export interface ExampleUnderTest<A> {
  idp: MockIdp
  app: A
  client: EidClient
  config: ExampleConfig
  /** The app's origin, `http://127.0.0.1:<port>`. */
  baseUrl: string
  /** An absolute URL of the app. */
  url(path: string): string
  /** Calls the provider's admin API (`/__admin` + `path`) and returns the JSON. */
  admin: AdminApi
  /**
   * Signs `browser` in as the citizen with this number: the provider approves without screens, granting
   * what the app asks. Starts at `path` of the app and returns the page it ends on.
   */
  signInAs(browser: Browser, personalId: string, path: string): Promise<Page>
  /** Stops the provider (the "provider is down" cases); `close` then stops only the app. */
  stopProvider(): Promise<void>
  close(): Promise<void>
}

/** A loopback HTTP server that listens first and gets its handler later (once the app knows its URL). */
export interface LoopbackSite {
  port: number
  /** Serves requests with `handler` from now on (503 before). */
  serve(handler: Handler): void
  close(): Promise<void>
}

/**
 * Listens on a free loopback port. The app can then be registered with the provider under its exact
 * redirect URI before it is built.
 *
 * @example
 * ```ts
 * const site = await listenOnLoopback()
 * site.serve(createApp({ client, config }))
 * ```
 */
export async function listenOnLoopback(): Promise<LoopbackSite> {
  let handler: Handler = (_req, res) => res.writeHead(503).end()
  const server: Server = createServer((req, res) => handler(req, res))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    port: (server.address() as AddressInfo).port,
    serve(next) {
      handler = next
    },
    async close() {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

/** The provider's admin API: `method` on `/__admin` + `path`, JSON in and out; throws on an error status. */
export type AdminApi = (
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  path: string,
  body?: unknown,
) => Promise<unknown>

/**
 * The admin API of a running mock provider.
 *
 * @example
 * ```ts
 * await adminApi(idp)('POST', '/scenarios', { name: 'consent_denied' })
 * ```
 */
export function adminApi(idp: MockIdp): AdminApi {
  return async (method, path, body) => {
    const response = await fetch(`${idp.url}/__admin${path}`, {
      method,
      headers: {
        authorization: `Bearer ${idp.adminToken}`,
        ...(body !== undefined && { 'content-type': 'application/json' }),
      },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    })
    if (!response.ok)
      throw new Error(`admin ${method} ${path}: HTTP ${response.status} ${await response.text()}`)
    return response.json()
  }
}

/**
 * What an example's `createApp` gets once it is registered with `idp` at `baseUrl`: its configuration
 * (a fresh session secret) and a client with its private key, as `server.ts` would build them. Only the
 * issuer URL of `idp` is used, so any provider will do (the self-test's hostile one: `{ url: issuer }`).
 *
 * @example
 * ```ts
 * const deps = await exampleDeps(DEMO_APPS[3], idp, 'http://localhost:3004', privateJwk)
 * ```
 */
export async function exampleDeps(
  demoApp: DemoApp,
  idp: Pick<MockIdp, 'url'>,
  baseUrl: string,
  privateJwk: Jwk,
  port = 0,
): Promise<AppDeps> {
  const config: ExampleConfig = {
    port,
    baseUrl,
    issuer: idp.url,
    clientId: demoApp.clientId,
    privateJwk,
    sessionSecret: randomBytes(36).toString('base64url'),
    portalUrl: `${idp.url}/account`,
  }
  const client = await createClient({
    issuer: idp.url,
    clientId: demoApp.clientId,
    clientAuth: { method: 'private_key_jwt', privateJwk },
    redirectUri: `${baseUrl}/auth/callback`,
  })
  return { client, config }
}

/**
 * Starts the mock provider and an example registered with it.
 *
 * @example
 * ```ts
 * const rp = await startExample(DEMO_APPS[3], ({ client, config }) => createApp({ client, config }))
 * const page = await rp.signInAs(new Browser(), personas.level2Adult.personalId, '/')
 * ```
 */
export async function startExample<A extends Handler>(
  demoApp: DemoApp,
  build: (deps: AppDeps) => A | Promise<A>,
  options: {
    idp?: MockIdpOptions
    /** More clients-file entries for the app at its `baseUrl` (the bank's share client). */
    clients?: (
      baseUrl: string,
    ) => (Record<string, unknown> & { client_id: string; redirect_uris: string[] })[]
  } = {},
): Promise<ExampleUnderTest<A>> {
  const site = await listenOnLoopback()
  const baseUrl = `http://127.0.0.1:${site.port}`
  const { privateJwk, publicJwk } = await generateClientKey(`${demoApp.clientId}-test`)
  const idp = await createMockIdp({
    port: 0,
    store: 'memory',
    logLevel: 'silent',
    autoApprove: true,
    ...options.idp,
    clients: [clientMetadata(demoApp, baseUrl, publicJwk), ...(options.clients?.(baseUrl) ?? [])],
  })
  let providerRunning = true
  const { client, config } = await exampleDeps(demoApp, idp, baseUrl, privateJwk)
  const app = await build({ client, config })
  site.serve(app)
  const admin = adminApi(idp)

  return {
    idp,
    app,
    client,
    config,
    baseUrl,
    url: (path) => new URL(path, baseUrl).href,
    admin,
    async signInAs(browser, personalId, path) {
      await admin('PATCH', '/settings', { autoApproveAs: personalId })
      return browser.get(new URL(path, baseUrl))
    },
    async stopProvider() {
      if (!providerRunning) return
      providerRunning = false
      await idp.close()
    },
    async close() {
      await site.close()
      if (providerRunning) {
        providerRunning = false
        await idp.close()
      }
    },
  }
}

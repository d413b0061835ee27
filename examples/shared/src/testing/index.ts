/**
 * What the examples' own test suites share: each starts the real mock provider in process (memory
 * store, `autoApprove` so the screens answer as the chosen persona), the example on a loopback port
 * registered with the provider, and a test browser. No mocks: real HTTP on 127.0.0.1.
 */
import { randomBytes } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createClient, type EidClient } from '@dinhdanh/client'
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

type Handler = (req: IncomingMessage, res: ServerResponse) => void

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
  admin(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<unknown>
  /**
   * Signs `browser` in as the citizen with this number: the provider approves without screens, granting
   * what the app asks. Starts at `path` of the app and returns the page it ends on.
   */
  signInAs(browser: Browser, personalId: string, path: string): Promise<Page>
  /** Stops the provider (the "provider is down" cases); `close` then stops only the app. */
  stopProvider(): Promise<void>
  close(): Promise<void>
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
  options: { idp?: MockIdpOptions } = {},
): Promise<ExampleUnderTest<A>> {
  let handler: Handler = (_req, res) => res.writeHead(503).end()
  const server: Server = createServer((req, res) => handler(req, res))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const { privateJwk, publicJwk } = await generateClientKey(`${demoApp.clientId}-test`)
  const idp = await createMockIdp({
    port: 0,
    store: 'memory',
    logLevel: 'silent',
    autoApprove: true,
    ...options.idp,
    clients: [clientMetadata(demoApp, baseUrl, publicJwk)],
  })
  let providerRunning = true
  const config: ExampleConfig = {
    port: 0,
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
  const app = await build({ client, config })
  handler = app

  const admin: ExampleUnderTest<A>['admin'] = async (method, path, body) => {
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
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
      if (providerRunning) {
        providerRunning = false
        await idp.close()
      }
    },
  }
}

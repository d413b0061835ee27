/**
 * The whole demo in process, as `npm start` runs it but on free loopback ports: the mock provider with
 * its real screens (no auto-approval) and the four example relying parties registered with it. The
 * apps' public origin is `http://localhost:<port>` (Chromium maps localhost to 127.0.0.1), the provider's
 * `http://127.0.0.1:<port>`: two sites, as in production.
 */
import { randomBytes } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createClient, type EidClient } from '@dinhdanh/client'
import { createMockIdp, type MockIdp } from '@dinhdanh/mock-idp'
import type { ExampleConfig } from 'dinhdanh-example-shared'
import { clientMetadata, DEMO_APPS, type DemoApp, generateClientKey } from 'dinhdanh-example-shared/demo'

type Handler = (req: IncomingMessage, res: ServerResponse) => void
type Build = (deps: { client: EidClient; config: ExampleConfig }) => Handler

// Each example exactly as its server.ts builds it (imported on demand: a run may start only some).
const BUILDERS: Record<DemoApp['name'], () => Promise<Build>> = {
  bank: async () => (await import('../../../examples/bank/src/app.js')).createApp as Build,
  hospital: async () => (await import('../../../examples/hospital/src/app.js')).createApp as Build,
  travel: async () => (await import('../../../examples/travel/src/app.js')).createApp as Build,
  retail: async () => (await import('../../../examples/retail/src/app.js')).createApp as Build,
}

/** The running demo. */
export interface Demo {
  idp: MockIdp
  /** Each example's public origin. */
  urls: Record<DemoApp['name'], string>
  /** Calls the provider's admin API and returns the JSON. */
  admin(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<unknown>
  /** The newest one-time code the provider "sent" by SMS. */
  latestOtp(): Promise<string>
  close(): Promise<void>
}

async function listen(): Promise<{ server: Server; port: number; setHandler(handler: Handler): void }> {
  let handler: Handler = (_req, res) => res.writeHead(503).end()
  const server = createServer((req, res) => handler(req, res))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    server,
    port: (server.address() as AddressInfo).port,
    setHandler: (next) => {
      handler = next
    },
  }
}

/**
 * Starts the provider and the four examples.
 *
 * @example
 * ```ts
 * const demo = await startDemo()
 * await page.goto(demo.urls.retail)
 * ```
 */
export async function startDemo(only?: readonly DemoApp['name'][]): Promise<Demo> {
  const sites = await Promise.all(
    DEMO_APPS.filter((app) => !only || only.includes(app.name)).map(async (app) => {
      const site = await listen()
      const baseUrl = `http://localhost:${site.port}`
      const key = await generateClientKey(`${app.clientId}-e2e`)
      return { app, site, baseUrl, key, metadata: clientMetadata(app, baseUrl, key.publicJwk) }
    }),
  )
  const idp = await createMockIdp({
    port: 0,
    store: 'memory',
    logLevel: 'silent',
    clients: sites.map((site) => site.metadata),
  })
  for (const { app, site, baseUrl, key } of sites) {
    const config: ExampleConfig = {
      port: site.port,
      baseUrl,
      issuer: idp.url,
      clientId: app.clientId,
      privateJwk: key.privateJwk,
      sessionSecret: randomBytes(36).toString('base64url'),
      portalUrl: `${idp.url}/account`,
    }
    const client = await createClient({
      issuer: idp.url,
      clientId: app.clientId,
      clientAuth: { method: 'private_key_jwt', privateJwk: key.privateJwk },
      redirectUri: `${baseUrl}/auth/callback`,
    })
    site.setHandler((await BUILDERS[app.name]())({ client, config }))
  }
  const usedSms = new Set<string>()
  const admin: Demo['admin'] = async (method, path, body) => {
    const response = await fetch(`${idp.url}/__admin${path}`, {
      method,
      headers: {
        authorization: `Bearer ${idp.adminToken}`,
        ...(body !== undefined && { 'content-type': 'application/json' }),
      },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    })
    if (!response.ok) throw new Error(`admin ${method} ${path}: HTTP ${response.status}`)
    return response.json()
  }
  return {
    idp,
    urls: Object.fromEntries(sites.map((site) => [site.app.name, site.baseUrl])) as Demo['urls'],
    admin,
    async latestOtp() {
      const { messages } = (await admin('GET', '/sms')) as {
        messages: { id: string; text: string; sentAt: number }[]
      }
      // Each code is typed once: the newest one not typed yet (sentAt has a one-second resolution, so two
      // codes can share a second; the one already used is never the answer).
      const newest = messages.filter((m) => !usedSms.has(m.id)).sort((a, b) => b.sentAt - a.sentAt)[0]
      if (newest) usedSms.add(newest.id)
      const code = /\b(\d{6})\b/.exec(newest?.text ?? '')?.[1]
      if (!code) throw new Error('no one-time code in the SMS outbox')
      return code
    },
    async close() {
      for (const { site } of sites) {
        site.server.closeAllConnections()
        await new Promise<void>((resolve) => site.server.close(() => resolve()))
      }
      await idp.close()
    },
  }
}

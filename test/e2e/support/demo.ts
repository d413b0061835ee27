/**
 * The whole demo in process, as `npm start` runs it but on free loopback ports: the mock provider with
 * its real screens (no auto-approval) and the example relying parties registered with it. The
 * apps' public origin is `http://localhost:<port>` (Chromium maps localhost to 127.0.0.1), the provider's
 * `http://127.0.0.1:<port>`: two sites, as in production.
 */
import { randomBytes } from 'node:crypto'
import { createMockIdp, type MockIdp } from '@dinhdanh/mock-idp'
import {
  clientMetadata,
  DEMO_APPS,
  type DemoApp,
  generateClientKey,
  shareClientMetadata,
} from 'dinhdanh-example-shared/demo'
import {
  type AdminApi,
  type AppDeps,
  adminApi,
  exampleDeps,
  type Handler,
  listenOnLoopback,
} from 'dinhdanh-example-shared/testing'

type Build = (deps: AppDeps) => Handler | Promise<Handler>

/** The bank's share client (sharing from the VNeID app), registered as `npm start` registers it. */
const BANK_SHARE = {
  clientId: 'demo-bank-ekyc',
  clientSecret: randomBytes(24).toString('base64url'),
  webhookSecret: randomBytes(36).toString('base64url'),
}

// Each example exactly as its server.ts builds it (imported on demand: a run may start only some).
const BUILDERS: Record<DemoApp['name'], () => Promise<Build>> = {
  bank: async () => {
    const { createApp, createShareClient } = await import('dinhdanh-example-bank/app')
    return async (deps) => createApp({ ...deps, share: await createShareClient(deps.config, BANK_SHARE) })
  },
  hospital: async () => (await import('dinhdanh-example-hospital/app')).createApp as Build,
  travel: async () => (await import('dinhdanh-example-travel/app')).createApp as Build,
  retail: async () => (await import('dinhdanh-example-retail/app')).createApp as Build,
  // On Hono: served through @hono/node-server's request listener, as its server.ts does.
  pharmacy: async () => {
    const [{ createApp }, { getRequestListener }] = await Promise.all([
      import('dinhdanh-example-pharmacy/app'),
      import('@hono/node-server'),
    ])
    return (deps) => getRequestListener(createApp(deps).fetch)
  },
}

/** The running demo. */
export interface Demo {
  idp: MockIdp
  /** Each example's public origin. */
  urls: Record<DemoApp['name'], string>
  admin: AdminApi
  /** The newest one-time code the provider "sent" by SMS that was not typed yet. */
  latestOtp(): Promise<string>
  close(): Promise<void>
}

/**
 * Starts the provider and the four examples (or `only` those named).
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
      const site = await listenOnLoopback()
      const baseUrl = `http://localhost:${site.port}`
      const key = await generateClientKey(`${app.clientId}-e2e`)
      return { app, site, baseUrl, key, metadata: clientMetadata(app, baseUrl, key.publicJwk) }
    }),
  )
  const idp = await createMockIdp({
    port: 0,
    store: 'memory',
    logLevel: 'silent',
    clients: sites.flatMap((site) =>
      site.app.name === 'bank'
        ? [
            site.metadata,
            shareClientMetadata(site.app, site.baseUrl, {
              secret: BANK_SHARE.clientSecret,
              webhookSecret: BANK_SHARE.webhookSecret,
            }),
          ]
        : [site.metadata],
    ),
  })
  for (const { app, site, baseUrl, key } of sites) {
    const deps = await exampleDeps(app, idp, baseUrl, key.privateJwk, site.port)
    site.serve(await (await BUILDERS[app.name]())(deps))
  }
  const admin = adminApi(idp)
  return {
    idp,
    urls: Object.fromEntries(sites.map((site) => [site.app.name, site.baseUrl])) as Demo['urls'],
    admin,
    latestOtp: otpReader(admin),
    async close() {
      for (const { site } of sites) await site.close()
      await idp.close()
    },
  }
}

/**
 * Reads the SMS outbox through the admin API: each call returns the newest one-time code not typed yet.
 *
 * @example
 * ```ts
 * const latestOtp = otpReader(adminApi(idp))
 * await page.locator('#otp').fill(await latestOtp())
 * ```
 */
export function otpReader(admin: AdminApi): () => Promise<string> {
  const usedSms = new Set<string>()
  return async () => {
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
  }
}

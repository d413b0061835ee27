/**
 * The bank on the VNeID dialect in process, as `EID_PROFILE=vneid npm start` runs it but on free loopback
 * ports: the mock provider with its real screens, the bank registered as a dialect client (the demo's
 * registration), built with `vneidClientOptions` like its server.ts. Plain (`"encrypt": false`)
 * (the journey runs on Node 20, which cannot decrypt RSA PKCS#1 v1.5).
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto'
import { createClient } from '@dinhdanh/client'
import { createMockIdp } from '@dinhdanh/mock-idp'
import { createApp } from 'dinhdanh-example-bank/app'
import { type SiteConfig, vneidClientOptions } from 'dinhdanh-example-shared'
import { DEMO_APPS, dialectClientMetadata } from 'dinhdanh-example-shared/demo'
import { adminApi, listenOnLoopback } from 'dinhdanh-example-shared/testing'
import { type Demo, otpReader } from './demo.js'

/**
 * Starts the provider and the bank on the dialect; `urls.bank` is its public origin.
 *
 * @example
 * ```ts
 * const demo = await startVneidBank()
 * await page.goto(demo.urls.bank)
 * ```
 */
export async function startVneidBank(): Promise<Demo> {
  const app = DEMO_APPS.find((demoApp) => demoApp.name === 'bank')!
  const site = await listenOnLoopback()
  const baseUrl = `http://localhost:${site.port}`
  const secret = randomBytes(24).toString('base64url')
  // Plain: no RSA key is needed, but the dialect's clients file carries one; a throwaway public key.
  const { kty, n, e } = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({
    format: 'jwk',
  })
  const idp = await createMockIdp({
    port: 0,
    store: 'memory',
    logLevel: 'silent',
    clients: [dialectClientMetadata(app, baseUrl, { secret, publicJwk: { kty, n, e }, encrypt: false })],
  })
  const config: SiteConfig = {
    port: site.port,
    baseUrl,
    issuer: idp.url,
    clientId: app.clientId,
    sessionSecret: randomBytes(36).toString('base64url'),
    portalUrl: `${idp.url}/account`,
  }
  const client = await createClient(
    vneidClientOptions(config, { clientSecret: secret, envelopeKey: undefined }),
  )
  site.serve(createApp({ client, config, profile: 'vneid' }))
  const admin = adminApi(idp)
  return {
    idp,
    urls: { bank: baseUrl } as Demo['urls'],
    admin,
    latestOtp: otpReader(admin),
    async close() {
      await site.close()
      await idp.close()
    },
  }
}

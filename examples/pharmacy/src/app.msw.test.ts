/**
 * The pharmacy against the in-process e-ID of `@dinhdanh/testing/msw`: no provider process and no port at
 * all (the Hono app is called through `app.fetch`, the provider answered by msw), milliseconds per test.
 * The same journeys as app.test.ts, at unit level.
 */
import { randomBytes } from 'node:crypto'
import { createClient, type Jwk } from '@dinhdanh/client'
import { personas } from '@dinhdanh/testing'
import { ConformanceBrowser, senderOf } from '@dinhdanh/testing/conformance/adapter'
import { mockEid } from '@dinhdanh/testing/msw'
import type { ExampleConfig } from 'dinhdanh-example-shared'
import type { Hono } from 'hono'
import { exportJWK, generateKeyPair } from 'jose'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from './app.js'

const ISSUER = 'https://eid.test'
const BASE_URL = 'https://pharmacy.test'
const BLOOD_PRESSURE = '/prescriptions/tang-huyet-ap'

const keys = await generateKeyPair('ES256', { extractable: true })
const publicJwk = { ...(await exportJWK(keys.publicKey)), kid: 'pharmacy-1', alg: 'ES256' }
const privateJwk = { ...(await exportJWK(keys.privateKey)), kid: 'pharmacy-1', alg: 'ES256' } as Jwk

const eid = mockEid({
  issuer: ISSUER,
  clients: [
    { clientId: 'demo-pharmacy', jwks: { keys: [publicJwk] }, redirectUris: [`${BASE_URL}/auth/callback`] },
  ],
})
const server = setupServer(...eid.handlers)
let today = new Date('2026-07-01T03:00:00Z')
let app: Hono

beforeAll(async () => {
  server.listen({ onUnhandledRequest: 'error' })
  const config: ExampleConfig = {
    port: 0,
    baseUrl: BASE_URL,
    issuer: ISSUER,
    clientId: 'demo-pharmacy',
    privateJwk,
    sessionSecret: randomBytes(36).toString('base64url'),
    portalUrl: `${ISSUER}/account`,
  }
  const client = await createClient({
    issuer: ISSUER,
    clientId: 'demo-pharmacy',
    clientAuth: { method: 'private_key_jwt', privateJwk },
    redirectUri: `${BASE_URL}/auth/callback`,
  })
  app = createApp({ client, config, now: () => today })
})
afterEach(() => {
  eid.reset()
  today = new Date('2026-07-01T03:00:00Z')
})
afterAll(() => server.close())

/** A browser that opens `path`, goes through the provider and comes back; returns the page it ends on. */
async function open(path = BLOOD_PRESSURE) {
  const browser = new ConformanceBrowser(BASE_URL, senderOf({ fetch: app.fetch }))
  const { response, url, trail } = await browser.follow(path)
  return { browser, response, url, trail, body: await response.text() }
}

describe('the pharmacy with the in-process e-ID', () => {
  it('a level-2 citizen with a valid card sees the co-payment; the card was asked at level 2 with the purpose', async () => {
    eid.signInAs(personas.level2Adult)
    const { response, url, body, trail } = await open()
    expect(response.status).toBe(200)
    expect(url.pathname).toBe(BLOOD_PRESSURE)
    expect(trail.some((step) => step.origin === ISSUER)).toBe(true)
    expect(body).toContain('data-card-status="valid"')
    expect(body).toContain('<dd id="co-payment">72.000 ₫</dd>')
    const [record] = eid.consentRecords()
    expect(record?.attributes).toContain('health_insurance')
    expect(record?.purpose).toContain('Bán thuốc theo đơn có bảo hiểm y tế')
  })

  it('coming back to another prescription does not ask VNeID again', async () => {
    eid.signInAs(personas.level2Adult)
    const { browser } = await open()
    const next = await browser.fetch('/prescriptions/viem-phe-quan')
    expect(next.status).toBe(200)
    expect(await next.text()).toContain('<dd id="co-payment">0 ₫</dd>')
  })

  it('a citizen who does not tick the card is told so, and "share again" asks VNeID anew', async () => {
    eid.signInAs(personas.level2Adult, { grant: [] })
    const { browser, body } = await open()
    expect(body).toContain('data-card-status="missing"')
    eid.signInAs(personas.level2Adult)
    const again = await browser.follow(
      '/auth/login?attributes=health_insurance&level=2&returnTo=%2Fprescriptions%2Ftang-huyet-ap',
    )
    expect(again.url.pathname).toBe(BLOOD_PRESSURE)
    expect(await again.response.text()).toContain('data-card-status="valid"')
  })

  it('an expired card pays the full price; the register down is explained', async () => {
    today = new Date('2027-02-01T03:00:00Z')
    eid.signInAs(personas.level2Adult)
    const expired = await open()
    expect(expired.body).toContain('data-card-status="expired"')
    expect(expired.body).toContain('<dd id="co-payment">360.000 ₫</dd>')
    eid.signInAs(personas.healthInsuranceSourceDown)
    expect((await open()).body).toContain('data-card-status="unavailable"')
  })

  it('consent denied and a provider error each get their friendly page', async () => {
    eid.signInAs(personas.level2Adult)
    eid.useScenario('consent_denied')
    const denied = await open()
    expect(denied.response.status).toBe(403)
    expect(denied.body).toContain('data-problem="declined"')
    eid.useScenario('server_error', { endpoint: 'token', status: 503 })
    const down = await open()
    expect(down.response.status).toBe(503)
    expect(down.body).toContain('VNeID tạm thời không phản hồi')
  })

  it('a link cannot ask for anything but the card', async () => {
    const browser = new ConformanceBrowser(BASE_URL, senderOf({ fetch: app.fetch }))
    const response = await browser.fetch('/auth/login?attributes=education&returnTo=%2F')
    expect(response.status).toBe(400)
  })
})

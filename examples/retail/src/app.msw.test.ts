/**
 * The shop's age check against the in-process e-ID of `@dinhdanh/testing/msw`: no provider process, no
 * port for the provider, milliseconds per test (issue #6). The same journeys as app.test.ts, at unit level.
 */
import { randomBytes } from 'node:crypto'
import { createClient, type Jwk } from '@dinhdanh/client'
import { personas } from '@dinhdanh/testing'
import { mockEid, signInThroughApp } from '@dinhdanh/testing/msw'
import type { ExampleConfig } from 'dinhdanh-example-shared'
import type { Express } from 'express'
import { exportJWK, generateKeyPair } from 'jose'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from './app.js'

const ISSUER = 'https://eid.test'
const BASE_URL = 'https://shop.test'
const WINE = '/checkout/vang-do-da-lat/verify-age'

const keys = await generateKeyPair('ES256', { extractable: true })
const publicJwk = { ...(await exportJWK(keys.publicKey)), kid: 'shop-1', alg: 'ES256' }
const privateJwk = { ...(await exportJWK(keys.privateKey)), kid: 'shop-1', alg: 'ES256' } as Jwk

const eid = mockEid({
  issuer: ISSUER,
  clients: [
    { clientId: 'demo-retail', jwks: { keys: [publicJwk] }, redirectUris: [`${BASE_URL}/auth/callback`] },
  ],
})
const server = setupServer(...eid.handlers)
let app: Express

beforeAll(async () => {
  server.listen({ onUnhandledRequest: 'error' })
  const config: ExampleConfig = {
    port: 0,
    baseUrl: BASE_URL,
    issuer: ISSUER,
    clientId: 'demo-retail',
    privateJwk,
    sessionSecret: randomBytes(36).toString('base64url'),
    portalUrl: `${ISSUER}/account`,
  }
  const client = await createClient({
    issuer: ISSUER,
    clientId: 'demo-retail',
    clientAuth: { method: 'private_key_jwt', privateJwk },
    redirectUri: `${BASE_URL}/auth/callback`,
  })
  app = createApp({ client, config })
})
afterEach(() => eid.reset())
afterAll(() => server.close())

/**
 * The check through the provider, then the page it returns to (the guarded checkout), as a browser would:
 * the callback sends the browser back to the checkout, which answers from the check.
 */
async function checkAge() {
  const checked = await signInThroughApp(app, { loginPath: WINE })
  expect(checked.location).toBe(WINE)
  const page = await checked.agent.fetch(WINE)
  return { agent: checked.agent, page, location: page.headers.get('location') ?? undefined }
}

describe('the age check with the in-process e-ID', () => {
  it('an adult buys; only age_over_18 was asked, with the purpose, and no identity reached the shop', async () => {
    eid.signInAs(personas.level2Adult)
    const { agent, location } = await checkAge()
    expect(location).toMatch(/^\/orders\/[0-9a-f]{32}$/)
    const order = await (await agent.fetch(location!)).text()
    expect(order).toContain('Cảm ơn bạn! Đơn hàng')
    expect(order).not.toContain(personas.level2Adult.overrides.fullName)
    const [record] = eid.consentRecords()
    expect(record?.attributes).toEqual(['age_over_18'])
    expect(record?.purpose).toContain('đủ 18 tuổi')
  })

  it('a 16-year-old is refused politely, and no order exists', async () => {
    eid.signInAs(personas.teen16)
    const { page } = await checkAge()
    expect(page.status).toBe(403)
    const body = await page.text()
    expect(body).toContain('id="age-refused"')
    expect(body).toContain('Rất tiếc, chúng tôi không thể bán sản phẩm này')
  })

  it('a citizen who does not tick age_over_18 is told the shop cannot sell yet', async () => {
    eid.signInAs(personas.level2Adult, { grant: [] })
    const { page, agent } = await checkAge()
    expect(page.status).toBe(403)
    expect(await page.text()).toContain('id="age-missing"')
    // "Try again" forgets the answer and asks VNeID anew (not the same page in circles).
    const again = await agent.fetch('/checkout/vang-do-da-lat/ask-again')
    expect(again.headers.get('location')).toBe(WINE)
    const asked = await agent.fetch(WINE)
    expect(asked.status).toBe(302)
    expect(asked.headers.get('location')).toMatch(/^https:\/\/eid\.test\//)
  })

  it('consent denied and a provider error each get their friendly page', async () => {
    eid.signInAs(personas.level2Adult)
    eid.useScenario('consent_denied')
    const denied = await signInThroughApp(app, { loginPath: WINE, allowFailure: true })
    expect(denied.status).toBe(403)
    expect(denied.body).toContain('data-problem="declined"')
    eid.useScenario('server_error', { endpoint: 'token', status: 503 })
    const down = await signInThroughApp(app, { loginPath: WINE, allowFailure: true })
    expect(down.status).toBe(503)
    expect(down.body).toContain('VNeID tạm thời không phản hồi')
  })

  it('a withdrawal event from the provider is recorded on the order', async () => {
    eid.signInAs(personas.level2Adult)
    const { agent, location } = await checkAge()
    const record = eid.consentRecords()[0]!
    const event = await eid.mintConsentWithdrawnEvent({
      consentId: record.id,
      sub: record.sub,
      attributes: record.attributes,
      clientId: 'demo-retail',
    })
    const delivered = await agent.fetch('/auth/consent-events', {
      method: 'POST',
      headers: { 'content-type': 'application/secevent+jwt' },
      body: event,
    })
    expect(delivered.status).toBe(202)
    expect(await (await agent.fetch(location!)).text()).toContain('Bạn đã rút lại sự đồng ý trên VNeID')
  })
})

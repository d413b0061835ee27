/**
 * The check-in journey against the in-process e-ID of `@dinhdanh/testing/msw`: no provider process, no
 * port for the provider; the app runs on a loopback port only while `signInThroughApp` or `visit` uses it.
 */
import { randomBytes } from 'node:crypto'
import type { AddressInfo } from 'node:net'
import { createClient } from '@dinhdanh/client'
import { personas } from '@dinhdanh/testing'
import { mockEid, signInThroughApp } from '@dinhdanh/testing/msw'
import type { ExampleConfig } from 'dinhdanh-example-shared'
import { generateClientKey } from 'dinhdanh-example-shared/demo'
import type { Express } from 'express'
import { bypass } from 'msw'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { type CheckIn, createApp } from './app.js'

const ISSUER = 'https://eid.test'
const BASE_URL = 'https://travel.test'
const { privateJwk, publicJwk } = await generateClientKey('demo-travel-msw')
const eid = mockEid({
  issuer: ISSUER,
  clients: [
    { clientId: 'demo-travel', jwks: { keys: [publicJwk] }, redirectUris: [`${BASE_URL}/auth/callback`] },
  ],
})
const server = setupServer(...eid.handlers)
const checkIns = new Map<string, CheckIn>()
let app: Express

/** A signed-out visit to the app (msw is bypassed for the app itself). */
async function visit(path: string): Promise<{ status: number; body: string }> {
  const listening = app.listen(0, '127.0.0.1')
  await new Promise((resolve) => listening.once('listening', resolve))
  try {
    const origin = `http://127.0.0.1:${(listening.address() as AddressInfo).port}`
    const response = await fetch(
      bypass(new URL(path, origin), { headers: { accept: 'text/html' }, redirect: 'manual' }),
    )
    return { status: response.status, body: await response.text() }
  } finally {
    listening.closeAllConnections()
    await new Promise((resolve) => listening.close(resolve))
  }
}

beforeAll(async () => {
  server.listen({ onUnhandledRequest: 'error' })
  const client = await createClient({
    issuer: ISSUER,
    clientId: 'demo-travel',
    clientAuth: { method: 'private_key_jwt', privateJwk },
    redirectUri: `${BASE_URL}/auth/callback`,
  })
  const config: ExampleConfig = {
    port: 0,
    baseUrl: BASE_URL,
    issuer: ISSUER,
    clientId: 'demo-travel',
    privateJwk,
    sessionSecret: randomBytes(36).toString('base64url'),
    portalUrl: `${ISSUER}/account`,
  }
  app = createApp({ client, config, checkIns })
})
afterEach(() => {
  eid.reset()
  checkIns.clear()
})
afterAll(() => server.close())

describe('online check-in with the msw e-ID', () => {
  it('finds the booking, signs a level-2 adult in with identity only, and issues the boarding pass', async () => {
    eid.signInAs(personas.level2Adult)
    const { agent, location } = await signInThroughApp(app, {
      loginPath: '/auth/login?returnTo=/check-in/K7AN2H',
    })
    expect(location).toBe('/check-in/K7AN2H')

    const landing = await (await agent.fetch('/')).text()
    const token = /name="csrf" value="([^"]+)"/.exec(landing)?.[1] ?? ''
    const found = await agent.fetch('/check-in', {
      method: 'POST',
      body: new URLSearchParams({ pnr: 'K7AN2H', name: 'NGUYEN VAN AN', csrf: token }),
    })
    expect(found.status).toBe(303)
    expect(found.headers.get('location')).toBe('/check-in/K7AN2H')

    const pass = await agent.fetch('/check-in/K7AN2H')
    expect(pass.status).toBe(200)
    const body = await pass.text()
    expect(body).toContain('id="passenger">Nguyễn Văn An<')
    expect(body).toContain('id="seat">12A<')
    expect(body).toContain('<dt>Hạng mục đã đồng ý chia sẻ</dt><dd>identity</dd>')
    expect(checkIns.get('K7AN2H')?.subject).toBe(eid.subjectOf(personas.level2Adult.personalId))
    // The kit's consent record: identity only, with the airline's purpose.
    expect(eid.consentRecords().map((record) => record.attributes)).toEqual([['identity']])
  })

  it('refuses a booking under another name: no boarding pass', async () => {
    eid.signInAs(personas.level2Adult)
    const { agent } = await signInThroughApp(app, { loginPath: '/auth/login?returnTo=/check-in/MX9ANH' })
    const page = await agent.fetch('/check-in/MX9ANH')
    expect(page.status).toBe(409)
    expect(await page.text()).toContain('id="name-mismatch"')
    expect(checkIns.size).toBe(0)
  })

  it('refuses a level-1 account at the callback (403, level 2 explained)', async () => {
    eid.signInAs(personas.level1Adult)
    await expect(
      signInThroughApp(app, { loginPath: '/auth/login?returnTo=/check-in/L1NGOC' }),
    ).rejects.toThrow(/HTTP 403/)
    expect(checkIns.size).toBe(0)
  })

  it('shows a friendly 503 when the provider fails as check-in starts the sign-in', async () => {
    eid.useScenario('server_error', { endpoint: 'par', status: 503 })
    const page = await visit('/check-in/K7AN2H')
    expect(page.status).toBe(503)
    expect(page.body).toContain('data-problem="provider_down"')
  })
})

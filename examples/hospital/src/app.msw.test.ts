/**
 * The hospital's main journeys against the in-process e-ID of `@dinhdanh/testing/msw`: no provider
 * process, no port for the provider; msw answers the client's requests (sign-in, userinfo, and the
 * desk's decoupled sign-in, which the kit approves at once as the citizen of `login_hint`).
 */
import { randomBytes } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createClient, type EidClient, type Jwk } from '@dinhdanh/client'
import { personas } from '@dinhdanh/testing'
import { CookieJar } from '@dinhdanh/testing/browser'
import { mockEid, signInThroughApp } from '@dinhdanh/testing/msw'
import type { ExampleConfig } from 'dinhdanh-example-shared'
import { exportJWK, generateKeyPair } from 'jose'
import { bypass } from 'msw'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createApp, type HospitalDeps } from './app.js'

const ISSUER = 'https://eid.test'
const BASE_URL = 'https://hospital.test'

const keys = await generateKeyPair('ES256', { extractable: true })
const publicJwk = { ...(await exportJWK(keys.publicKey)), kid: 'hospital-1', alg: 'ES256' }
const privateJwk = { ...(await exportJWK(keys.privateKey)), kid: 'hospital-1', alg: 'ES256' } as Jwk

const eid = mockEid({
  issuer: ISSUER,
  clients: [
    { clientId: 'demo-hospital', jwks: { keys: [publicJwk] }, redirectUris: [`${BASE_URL}/auth/callback`] },
  ],
})
const msw = setupServer(...eid.handlers)
let http: Server
let origin: string
let client: EidClient
let config: ExampleConfig
const extraServers: Server[] = []

/** Another instance of the app (its own throttle and desks) on a loopback port; returns its origin. */
async function startApp(deps: Partial<HospitalDeps> = {}): Promise<string> {
  const server = createServer(createApp({ client, config, ...deps }))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  extraServers.push(server)
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

beforeAll(async () => {
  msw.listen({ onUnhandledRequest: 'error' })
  client = await createClient({
    issuer: ISSUER,
    clientId: 'demo-hospital',
    clientAuth: { method: 'private_key_jwt', privateJwk },
    redirectUri: `${BASE_URL}/auth/callback`,
  })
  config = {
    port: 0,
    baseUrl: BASE_URL,
    issuer: ISSUER,
    clientId: 'demo-hospital',
    privateJwk,
    sessionSecret: randomBytes(36).toString('base64url'),
    portalUrl: `${ISSUER}/account`,
  }
  // The app on a loopback port of its own, so the desk's background poll keeps running between requests.
  http = createServer(createApp({ client, config, now: () => new Date('2026-07-01T03:00:00Z') }))
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve))
  origin = `http://127.0.0.1:${(http.address() as AddressInfo).port}`
})
afterEach(() => eid.reset())
afterAll(async () => {
  msw.close()
  for (const server of [http, ...extraServers]) {
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  }
})

/**
 * A cookie-keeping fetch to the app that msw lets through (`bypass`). The cookies are kept for the app's
 * public origin (`BASE_URL`, https: its cookies are `Secure`), the requests go to its loopback address.
 */
function appAgent(at = () => origin, jar = new CookieJar()) {
  return async (path: string, form?: Record<string, string>) => {
    const url = new URL(path, BASE_URL)
    const headers = new Headers({ accept: 'text/html' })
    const cookie = jar.header(url)
    if (cookie !== undefined) headers.set('cookie', cookie)
    const response = await fetch(
      bypass(new URL(path, at()), {
        redirect: 'manual',
        headers,
        ...(form && { method: 'POST', body: new URLSearchParams(form) }),
      }),
    )
    jar.store(url, response.headers.getSetCookie())
    return {
      status: response.status,
      location: response.headers.get('location'),
      headers: response.headers,
      body: await response.text(),
    }
  }
}

const csrfOf = (body: string) => /name="_csrf" value="([^"]+)"/.exec(body)?.[1] ?? ''

describe('online check-in (msw)', () => {
  it('level-2 adult: card, vaccinations and a queue number', async () => {
    eid.signInAs(personas.level2Adult)
    const { agent, location } = await signInThroughApp(origin, { loginPath: '/check-in' })
    expect(location).toBe('/check-in')
    const page = await agent.fetch('/check-in')
    const body = await page.text()
    expect(page.status).toBe(200)
    expect(body).toContain('Nguyễn Văn An')
    expect(body).toContain('data-insurance-status="valid"')
    expect(body).toContain('<dd id="card-number">0101234567</dd>')
    expect(body).toContain('Vero Cell')
    const ticket = await agent.fetch('/check-in/queue', {
      method: 'POST',
      body: new URLSearchParams({ _csrf: csrfOf(body), department: 'tmh', payment: 'insurance' }),
    })
    expect(ticket.status).toBe(303)
    expect(await (await agent.fetch('/check-in')).text()).toMatch(/id="queue-number">C\d{3}</)
  })

  it('vaccination unticked on the consent screen: one purpose, the card only, and check-in goes on', async () => {
    eid.signInAs(personas.level2Adult, { grant: ['health_insurance'] })
    const { agent, location } = await signInThroughApp(origin, { loginPath: '/check-in' })
    expect(location).toBe('/check-in')
    // What the patient consented to: one purpose naming both items.
    const consent = eid.consentRecords().at(-1)
    expect(consent?.attributes).toEqual(['identity', 'health_insurance'])
    expect(consent?.purpose).toBe(
      'Tiếp nhận khám chữa bệnh: kiểm tra thẻ bảo hiểm y tế và tiền sử tiêm chủng',
    )
    const page = await agent.fetch('/check-in')
    const body = await page.text()
    expect(page.status).toBe(200)
    expect(body).toContain('data-insurance-status="valid"')
    expect(body).toContain('<dd id="card-number">0101234567</dd>')
    expect(body).toContain('data-vaccination-status="not_shared"')
    expect(body).toContain('Bạn không chia sẻ lịch sử tiêm chủng. Việc đăng ký khám vẫn tiếp tục bình thường')
    expect(body).toContain('<dd>Không được chia sẻ</dd>')
    expect(body).not.toContain('Vero Cell')
    expect(body).toContain('id="share-again"')
    // Not sent back to VNeID for the vaccinations: the next visit answers at once.
    const again = await agent.fetch('/check-in')
    expect(again.status).toBe(200)
    const ticket = await agent.fetch('/check-in/queue', {
      method: 'POST',
      body: new URLSearchParams({ _csrf: csrfOf(body), department: 'noi', payment: 'insurance' }),
    })
    expect(ticket.status).toBe(303)
    // (This citizen may already hold today's ticket from an earlier test: one a day.)
    expect(await (await agent.fetch('/check-in')).text()).toMatch(/id="queue-number">[A-E]\d{3}</)
    const en = await (await agent.fetch('/check-in?lang=en')).text()
    expect(en).toContain('You did not share your vaccination history. Your check-in goes on as usual')
    expect(en).toContain('Medical check-in: checking the health-insurance card and the vaccination history')
  })

  it('the insurance register down for the whole visit: the notice, and reception checks the paper card', async () => {
    eid.signInAs(personas.level2Adult)
    eid.useScenario('source_unavailable', { source: 'health_insurance', persist: true })
    const { agent } = await signInThroughApp(origin, { loginPath: '/check-in' })
    const body = await (await agent.fetch('/check-in')).text()
    expect(body).toContain('data-insurance-status="unavailable"')
    expect(body).toContain('Quầy tiếp đón sẽ kiểm tra thẻ bảo hiểm y tế giấy')
  })

  it('consent denied: the friendly 403 page from the callback', async () => {
    eid.signInAs(personas.level2Adult)
    eid.useScenario('consent_denied')
    await expect(signInThroughApp(origin, { loginPath: '/check-in' })).rejects.toThrow(/HTTP 403/)
  })
})

describe('reception desk (msw)', () => {
  it('the desk asks, the kit approves as the citizen: the desk shows the patient', async () => {
    const desk = appAgent()
    const pinForm = await desk('/desk')
    expect(pinForm.status).toBe(401)
    const unlocked = await desk('/desk/unlock', { pin: '2468' })
    expect(unlocked.location).toBe('/desk')
    const form = await desk('/desk')
    const started = await desk('/desk/requests', {
      _csrf: csrfOf(form.body),
      personalId: personas.level2Adult.personalId,
      bindingMessage: 'Quầy 2',
    })
    expect(started.status).toBe(303)
    const path = started.location ?? ''
    expect(path).toMatch(/^\/desk\/requests\//)
    let result = await desk(path)
    for (let i = 0; i < 40 && result.body.includes('data-status="waiting"'); i++) {
      await new Promise((resolve) => setTimeout(resolve, 100))
      result = await desk(path)
    }
    expect(result.body).toContain('data-status="approved"')
    expect(result.body).toContain('Nguyễn Văn An')
    expect(result.body).toContain('0101234567')
  })
})

describe('reception desk access (msw)', () => {
  it('a malformed desk cookie is a locked desk (the PIN form), not a 500', async () => {
    for (const value of ['%E0%A4%A', '%', 'a.b.c', '%ZZ.1.x']) {
      const response = await fetch(
        bypass(new URL('/desk', origin), {
          headers: { accept: 'text/html', cookie: `hospital_desk=${value}` },
        }),
      )
      expect(response.status).toBe(401)
      expect(await response.text()).toContain('id="desk-pin-form"')
    }
    const post = await fetch(
      bypass(new URL('/desk/requests', origin), {
        method: 'POST',
        headers: { cookie: 'hospital_desk=%E0%A4%A' },
        body: new URLSearchParams({ personalId: personas.level2Adult.personalId }),
      }),
    )
    expect(post.status).toBe(401)
  })

  it('too many wrong PINs from one address: 429 with Retry-After and a friendly message', async () => {
    const at = await startApp({ deskPinThrottle: { perAddress: 2 } })
    const desk = appAgent(() => at)
    const _form = await desk('/desk')
    const wrong = () => desk('/desk/unlock', { pin: '0000' })
    expect((await wrong()).status).toBe(401)
    expect((await wrong()).status).toBe(401)
    const refused = await desk('/desk/unlock', { pin: '2468' })
    expect(refused.status).toBe(429)
    expect(refused.body).toContain('Nhập sai quá nhiều lần. Vui lòng thử lại sau 10 phút.')
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(590)
  })

  it('too many wrong PINs in all: unlocking is paused for everyone, even with the right PIN', async () => {
    const at = await startApp({ deskPinThrottle: { total: 3 } })
    const desk = appAgent(() => at)
    const _form = await desk('/desk')
    for (let i = 0; i < 3; i++) expect((await desk('/desk/unlock', { pin: '1111' })).status).toBe(401)
    const paused = await desk('/desk/unlock', { pin: '2468' })
    expect(paused.status).toBe(429)
    expect(paused.body).toContain('Việc mở quầy tạm dừng cho tất cả mọi người')
    expect(paused.body).toContain('các quầy đang mở vẫn làm việc bình thường')
    expect(paused.location).toBeNull()
    expect(Number(paused.headers.get('retry-after'))).toBeGreaterThan(590)
    expect(paused.headers.get('set-cookie') ?? '').not.toContain('hospital_desk=')
  })
})

import { createServer, get as httpGet } from 'node:http'
import type { AddressInfo } from 'node:net'
import { networkInterfaces } from 'node:os'
import { testClient } from '@dinhdanh/test/support/clients.js'
import { personas } from '@dinhdanh/testing'
import { Browser, CookieJar } from '@dinhdanh/testing/browser'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createMockIdp, type MockIdp } from './index.js'
import { BrowserTab, formField } from './testing/browser-tab.js'

/** Regressions for the findings of the security review of the mock provider. */
let local: MockIdp
let shared: MockIdp

beforeAll(async () => {
  const rp = await testClient('review-rp')
  local = await createMockIdp({ port: 0, store: 'memory', logLevel: 'silent', clients: [rp.metadata] })
  // A provider on a shared server: its public issuer is not loopback.
  shared = await createMockIdp({
    port: 0,
    store: 'memory',
    logLevel: 'silent',
    issuer: 'https://eid.staging.example',
    registration: true,
    clients: [rp.metadata],
  })
})
afterAll(async () => {
  await local?.close()
  await shared?.close()
})

const direct = (idp: MockIdp, path: string) => `http://127.0.0.1:${idp.port}${path}`

/** A fresh authorization request on the local provider, at its login screen. */
async function startSignIn(): Promise<{ uid: string; csrf: string; cookie: string }> {
  const browser = new Browser()
  const params = new URLSearchParams({
    client_id: 'review-rp',
    response_type: 'code',
    scope: 'openid',
    redirect_uri: 'http://127.0.0.1:9/review-rp/callback',
    code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    code_challenge_method: 'S256',
  })
  const page = await browser.follow(`${local.url}/auth?${params}`, { maxRedirects: 5 })
  const uid = /\/interaction\/([\w-]+)\/login/.exec(page.body)?.[1] ?? ''
  const csrf = formField(page.body, 'csrf')
  return { uid, csrf, cookie: browser.cookieHeader(`${local.url}/interaction/${uid}/login`) ?? '' }
}

/**
 * One passcode typed at a door of the local provider (login screen, phone, portal) by a fresh browser at
 * `address`: a client behind a proxy on this machine, which appends the client's address to
 * X-Forwarded-For (the last hop is the proxy's; earlier ones are the client's own claims).
 */
async function typePasscode(
  door: 'screen' | 'phone' | 'account',
  personalId: string,
  passcode: string,
  address: string,
): Promise<number> {
  const forwarded = { 'x-forwarded-for': `127.0.0.1, ${address}` }
  if (door === 'screen') {
    const { uid, csrf, cookie } = await startSignIn()
    const response = await fetch(`${local.url}/interaction/${uid}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        cookie,
        origin: local.url,
        ...forwarded,
      },
      body: new URLSearchParams({ csrf, personalId, passcode }),
    })
    await response.body?.cancel()
    return response.status
  }
  const tab = new BrowserTab(new CookieJar(), local.url)
  const csrf = formField(await (await tab.get(`/${door}`, forwarded)).text(), 'csrf')
  const response = await tab.post(
    `/${door}/sign-in`,
    { csrf, personalId, passcode },
    { origin: local.url, 'sec-fetch-site': 'same-origin', ...forwarded },
  )
  await response.body?.cancel()
  return response.status
}

describe('security review regressions', () => {
  it('regression: forged X-Forwarded-Host/Proto cannot poison the discovery document', async () => {
    const response = await fetch(direct(local, '/.well-known/openid-configuration'), {
      headers: {
        'x-forwarded-host': 'evil.example',
        'x-forwarded-proto': 'https',
        forwarded: 'host=evil.example',
      },
    })
    const text = await response.text()
    expect(text).not.toContain('evil.example')
    expect(JSON.parse(text).token_endpoint).toBe(`${local.url}/token`)
  })

  it('regression: the SMS outbox of a shared (non-loopback) provider needs the admin token', async () => {
    expect((await fetch(direct(shared, '/dev/sms'))).status).toBe(401)
    expect((await fetch(direct(shared, `/dev/sms?admin_token=${shared.adminToken}`))).status).toBe(200)
    expect((await fetch(direct(local, '/dev/sms'))).status).toBe(200)
    // The home page points to the outbox and shows the passcode only where the outbox is open.
    const localHome = await (await fetch(direct(local, '/'))).text()
    expect(localHome).toContain('href="/dev/sms"')
    expect(localHome).toContain('<code>123456</code>')
    const sharedHome = await (await fetch(direct(shared, '/'))).text()
    expect(sharedHome).toContain('Nhà cung cấp định danh điện tử (mô phỏng)')
    expect(sharedHome).toContain('href="/phone"')
    expect(sharedHome).not.toContain('href="/dev/sms"')
    expect(sharedHome).not.toContain('123456')
  })

  it('regression: dynamic registration needs the admin token as initial access token', async () => {
    const body = JSON.stringify({
      redirect_uris: ['https://rp.example/cb'],
      token_endpoint_auth_method: 'client_secret_basic',
    })
    const headers = { 'content-type': 'application/json' }
    expect((await fetch(direct(shared, '/reg'), { method: 'POST', headers, body })).status).toBe(401)
    const ok = await fetch(direct(shared, '/reg'), {
      method: 'POST',
      headers: { ...headers, authorization: `Bearer ${shared.adminToken}` },
      body,
    })
    expect(ok.status).toBe(201)
  })

  it('regression (O11): parallel wrong passcodes cannot all pass the throttle check', async () => {
    // Twenty concurrent guesses against one citizen from one address across fresh interactions: at most
    // the per-(citizen, address) limit (10) are even compared; the rest are refused with 429.
    const sessions = await Promise.all(Array.from({ length: 20 }, startSignIn))
    const statuses = await Promise.all(
      sessions.map(({ uid, csrf, cookie }) =>
        fetch(`${local.url}/interaction/${uid}/login`, {
          method: 'POST',
          redirect: 'manual',
          headers: { 'content-type': 'application/x-www-form-urlencoded', cookie, origin: local.url },
          body: new URLSearchParams({ csrf, personalId: personas.locked.personalId, passcode: '000000' }),
        }).then((r) => r.status),
      ),
    )
    expect(statuses.filter((s) => s === 400).length).toBeLessThanOrEqual(10)
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(10)
  })

  it('finding 4: the SMS outbox and the passcode hint answer only requests from this machine, whatever the issuer', async () => {
    // What the README suggests for a container: --host 0.0.0.0 and no --issuer (issuer http://127.0.0.1:<port>).
    const container = await createMockIdp({ port: 0, host: '0.0.0.0', store: 'memory', logLevel: 'silent' })
    // A peer on the network, as the provider's socket sees it (deterministic on any machine): the same
    // app behind a server that reports another machine as the remote end.
    const peer = createServer((req, res) => {
      Object.defineProperty(req.socket, 'remoteAddress', { value: '192.0.2.7', configurable: true })
      container.app.app(req, res)
    })
    await new Promise<void>((resolve) => peer.listen(0, '127.0.0.1', resolve))
    const peerUrl = `http://127.0.0.1:${(peer.address() as AddressInfo).port}`
    // And, where this machine has one, a real request to its network address.
    const lan = Object.values(networkInterfaces())
      .flat()
      .find((i) => i && i.family === 'IPv4' && !i.internal)?.address
    try {
      expect(container.url).toBe(`http://127.0.0.1:${container.port}`)
      expect((await fetch(direct(container, '/dev/sms'))).status).toBe(200)
      expect(await (await fetch(direct(container, '/'))).text()).toContain('<code>123456</code>')
      const fromNetwork = [peerUrl, ...(lan ? [`http://${lan}:${container.port}`] : [])]
      for (const origin of fromNetwork) {
        // X-Forwarded-For is whatever the client says: it opens nothing.
        for (const headers of [{}, { 'x-forwarded-for': '127.0.0.1' }, { forwarded: 'for=127.0.0.1' }]) {
          const outbox = await fetch(`${origin}/dev/sms`, { headers })
          expect(outbox.status).toBe(401)
          expect(await outbox.text()).not.toMatch(/\d{6}/)
          const home = await (await fetch(`${origin}/`, { headers })).text()
          expect(home).not.toContain('href="/dev/sms"')
          expect(home).not.toContain('123456')
        }
        expect((await fetch(`${origin}/dev/sms?admin_token=${container.adminToken}`)).status).toBe(200)
      }
    } finally {
      await new Promise<void>((resolve) => peer.close(() => resolve()))
      await container.close()
    }
  })

  it('review finding: a tunnel or proxy on this machine (ngrok, ssh -R) does not open the SMS outbox', async () => {
    // node:http, not fetch: fetch does not let a caller set Host.
    const outbox = (headers: Record<string, string>) =>
      new Promise<{ status: number; text: () => Promise<string> }>((resolve, reject) => {
        httpGet(direct(local, '/dev/sms'), { headers }, (res) => {
          const chunks: Buffer[] = []
          res.on('data', (chunk: Buffer) => chunks.push(chunk))
          res.on('end', () => {
            const body = Buffer.concat(chunks).toString('utf8')
            resolve({ status: res.statusCode ?? 0, text: async () => body })
          })
        }).on('error', reject)
      })
    expect((await outbox({})).status).toBe(200)
    for (const headers of [
      { 'x-forwarded-for': '203.0.113.9' },
      { via: '1.1 tunnel' },
      { 'x-real-ip': '203.0.113.9' },
      { host: 'abc123.ngrok-free.app' },
      { host: 'mock.example:443' },
    ]) {
      const response = await outbox(headers)
      expect(response.status, JSON.stringify(headers)).toBe(401)
      expect(await response.text()).not.toMatch(/\b\d{6}\b/)
    }
  })

  it('review finding: behind a proxy on another machine (--trust-proxy), one stranger cannot lock out everyone behind it', async () => {
    const proxied = await createMockIdp({
      port: 0,
      store: 'memory',
      logLevel: 'silent',
      trustProxy: ['192.0.2.50'],
    })
    // The proxy, as the provider's socket sees it: another machine.
    const proxy = createServer((req, res) => {
      Object.defineProperty(req.socket, 'remoteAddress', { value: '192.0.2.50', configurable: true })
      proxied.app.app(req, res)
    })
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve))
    const origin = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`
    const signInAt = async (client: string, passcode: string) => {
      const tab = new BrowserTab(new CookieJar(), origin)
      const forwarded = { 'x-forwarded-for': client }
      const csrf = formField(await (await tab.get('/account', forwarded)).text(), 'csrf')
      const response = await tab.post(
        '/account/sign-in',
        { csrf, personalId: personas.level1Adult.personalId, passcode },
        { origin: proxied.url, 'sec-fetch-site': 'same-origin', ...forwarded },
      )
      await response.body?.cancel()
      return response.status
    }
    try {
      const stranger = []
      for (let i = 0; i < 12; i++) stranger.push(await signInAt('198.51.100.7', '000000'))
      expect(
        stranger.slice(5).every((status) => status === 429),
        stranger.join(','),
      ).toBe(true)
      // The citizen, behind the same proxy at another address, is not refused.
      expect(await signInAt('203.0.113.9', '123456')).toBeLessThan(400)
    } finally {
      await new Promise<void>((resolve) => proxy.close(() => resolve()))
      await proxied.close()
    }
  })

  it('finding 6: a stranger at one address cannot lock a citizen out; the right passcode still works from another address', async () => {
    const citizen = personas.level2Adult.personalId
    const stranger = '198.51.100.7'
    // Thirty wrong passcodes from one address, at every door, each from a fresh browser: five are
    // compared, then that address must wait longer and longer (429), for this citizen only.
    // The waits are real seconds (1 s after the fifth failure, then 2 s, 4 s, ...), so on a slow machine
    // a try may land after its wait has passed and be compared; what must hold whatever the speed: no
    // more than `perPair` (10) passcodes are ever compared, and a try inside a wait is refused.
    const statuses: number[] = []
    const answeredAt: number[] = []
    for (let i = 0; i < 30; i++) {
      const door = (['screen', 'phone', 'account'] as const)[i % 3] ?? 'screen'
      statuses.push(await typePasscode(door, citizen, '000000', stranger))
      answeredAt.push(Date.now())
    }
    expect(statuses.slice(0, 5)).toEqual([400, 400, 400, 400, 400])
    expect(statuses.every((status) => status === 400 || status === 429)).toBe(true)
    expect(statuses.filter((status) => status === 400).length).toBeLessThanOrEqual(10)
    expect(statuses.slice(10).every((status) => status === 429)).toBe(true)
    const sixthStartedWithin = (answeredAt[5] ?? 0) - (answeredAt[4] ?? 0)
    if (sixthStartedWithin < 1000) expect(statuses[5]).toBe(429)
    // Even the right passcode waits at the stranger's address...
    expect(await typePasscode('phone', citizen, '123456', stranger)).toBe(429)
    // ...but the citizen, at their own address, signs in at every door, at once.
    for (const door of ['screen', 'phone', 'account'] as const) {
      expect(await typePasscode(door, citizen, '123456', '203.0.113.9')).toBeLessThan(400)
    }
    // Strangers at many addresses (one wrong passcode each): past the citizen's budget, an address waits
    // from its first failure on, which only slows them; an address that has not failed is never refused.
    for (let i = 1; i <= 15; i++) {
      expect(await typePasscode('phone', citizen, '000000', `198.51.100.${100 + i}`)).toBe(400)
    }
    expect(await typePasscode('phone', citizen, '000000', '198.51.100.115')).toBe(429)
    expect(await typePasscode('account', citizen, '123456', '203.0.113.10')).toBeLessThan(400)
  })
})

import { createClient, type EidClient } from '@dinhdanh/client'
import { type TestClient, testClient } from '@dinhdanh/test/support/clients.js'
import { personas } from '@dinhdanh/testing'
import { CookieJar } from '@dinhdanh/testing/browser'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createMockIdp, type MockIdp } from '../../index.js'

/**
 * Walks the screens as a browser would: the number and passcode, the one-time code read from the SMS
 * outbox, the consent ticks, and the redirect back to the relying party with a code.
 */
let idp: MockIdp
let rp: TestClient
let eid: EidClient

beforeAll(async () => {
  rp = await testClient('screens-rp')
  idp = await createMockIdp({ port: 0, store: 'memory', clients: [rp.metadata], logLevel: 'silent' })
  eid = await createClient({
    issuer: idp.url,
    clientId: rp.metadata.client_id,
    clientAuth: { method: 'private_key_jwt', privateJwk: rp.privateJwk },
    redirectUri: rp.redirectUri,
  })
})
afterAll(() => idp?.close())

/** A browser tab: cookies, same-origin form posts, manual redirects. */
class Tab {
  readonly jar = new CookieJar()
  url = new URL('about:blank')

  async get(target: string | URL): Promise<Response> {
    this.url = new URL(target, this.url.href === 'about:blank' ? undefined : this.url)
    const cookie = this.jar.header(this.url)
    const response = await fetch(this.url, {
      redirect: 'manual',
      headers: { accept: 'text/html', ...(cookie && { cookie }) },
    })
    this.jar.store(this.url, response.headers.getSetCookie())
    return response
  }

  async post(action: string, fields: Record<string, string | string[]>): Promise<Response> {
    const target = new URL(action, this.url)
    const body = new URLSearchParams()
    for (const [key, value] of Object.entries(fields)) for (const v of [value].flat()) body.append(key, v)
    const cookie = this.jar.header(target)
    const response = await fetch(target, {
      method: 'POST',
      redirect: 'manual',
      body,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        origin: target.origin,
        'sec-fetch-site': 'same-origin',
        ...(cookie && { cookie }),
      },
    })
    this.jar.store(target, response.headers.getSetCookie())
    this.url = target
    return response
  }

  /** Follows redirects until a page (status 200) or the relying party's redirect URI. */
  async follow(response: Response): Promise<{ page?: string; callback?: string }> {
    let current = response
    for (let hop = 0; hop < 10; hop++) {
      const location = current.headers.get('location')
      if (current.status < 300 || current.status >= 400 || !location) return { page: await current.text() }
      await current.body?.cancel()
      const next = new URL(location, this.url)
      if (next.href.startsWith(rp.redirectUri)) return { callback: next.href }
      current = await this.get(next)
    }
    throw new Error('too many redirects')
  }
}

const field = (page: string, name: string) =>
  new RegExp(`name="${name}" value="([^"]*)"`).exec(page)?.[1] ?? ''

async function latestOtp(): Promise<string> {
  const response = await fetch(`${idp.url}/__admin/sms`, {
    headers: { authorization: `Bearer ${idp.adminToken}` },
  })
  const { messages } = (await response.json()) as { messages: { text: string }[] }
  return /\b(\d{6})\b/.exec(messages[0]?.text ?? '')?.[1] ?? ''
}

describe('the sign-in screens', () => {
  it('number, passcode, SMS code, consent ticks: the relying party gets a code and only the ticked attributes', async () => {
    const persona = personas.level2Adult
    const { url, transaction } = await eid.signIn({
      level: 2,
      attributes: ['health_insurance', 'phone'] as const,
      purpose: 'Khám bệnh có BHYT',
    })
    const tab = new Tab()
    const login = await tab.follow(await tab.get(url))
    expect(login.page).toContain('Đăng nhập bằng tài khoản định danh điện tử')
    expect(login.page).toContain('lang="vi"')
    const csrf = field(login.page ?? '', 'csrf')
    expect(csrf).not.toBe('')

    const uid = /\/interaction\/([\w-]+)\/login/.exec(login.page ?? '')?.[1] ?? ''
    const afterPasscode = await tab.follow(
      await tab.post(`/interaction/${uid}/login`, {
        csrf,
        personalId: persona.personalId,
        passcode: '123456',
      }),
    )
    expect(afterPasscode.page).toContain('Nhập mã xác thực')
    expect(afterPasscode.page).not.toContain(persona.personalId)

    const consent = await tab.follow(
      await tab.post(`/interaction/${uid}/otp`, { csrf, otp: await latestOtp() }),
    )
    expect(consent.page).toContain('Yêu cầu chia sẻ thông tin')
    expect(consent.page).toContain('Khám bệnh có BHYT')
    // Decree 356/2025: nothing pre-ticked.
    expect(consent.page).not.toMatch(/checked/)
    const consentUid = /\/interaction\/([\w-]+)\/consent/.exec(consent.page ?? '')?.[1] ?? ''
    const consentCsrf = field(consent.page ?? '', 'csrf')

    const done = await tab.follow(
      await tab.post(`/interaction/${consentUid}/consent`, {
        csrf: consentCsrf,
        decision: 'allow',
        attributes: ['identity', 'health_insurance'],
      }),
    )
    expect(done.callback).toContain('code=')
    const result = await eid.completeSignIn(done.callback ?? '', transaction)
    expect(result.level).toBe(2)
    expect(result.citizen?.personalId).toBe(persona.personalId)
    expect(result.attributes.healthInsurance).toBeDefined()
    // Phone was requested but not ticked: not released.
    expect(result.attributes.phone).toBeUndefined()
    expect(result.missing).toContain('phone')
  })

  it('a wrong passcode is refused without revealing whether the number exists, and the English switch works', async () => {
    const { url } = await eid.signIn({})
    const tab = new Tab()
    const login = await tab.follow(await tab.get(`${url}`))
    const uid = /\/interaction\/([\w-]+)\/login/.exec(login.page ?? '')?.[1] ?? ''
    const english = await tab.follow(await tab.get(`/interaction/${uid}?lang=en`))
    expect(english.page).toContain('Sign in with your national e-ID')
    const csrf = field(english.page ?? '', 'csrf')
    const wrong = await tab.post(`/interaction/${uid}/login`, {
      csrf,
      personalId: personas.level2Adult.personalId,
      passcode: '000000',
      lang: 'en',
    })
    expect(wrong.status).toBe(400)
    expect(await wrong.text()).toContain('The ID number or passcode is wrong.')
  })

  it('a level-1 citizen asked for level 2 sees a clear refusal and the relying party gets ERR_EID_LEVEL_TOO_LOW', async () => {
    const { url, transaction } = await eid.signIn({ level: 2 })
    const tab = new Tab()
    const login = await tab.follow(await tab.get(url))
    const uid = /\/interaction\/([\w-]+)\/login/.exec(login.page ?? '')?.[1] ?? ''
    const csrf = field(login.page ?? '', 'csrf')
    const refusal = await tab.follow(
      await tab.post(`/interaction/${uid}/login`, {
        csrf,
        personalId: personas.level1Adult.personalId,
        passcode: '123456',
      }),
    )
    expect(refusal.page).toContain('Tài khoản chưa đủ mức định danh')
    const back = await tab.follow(await tab.post(`/interaction/${uid}/abort`, { csrf }))
    await expect(eid.completeSignIn(back.callback ?? '', transaction)).rejects.toMatchObject({
      code: 'ERR_EID_LEVEL_TOO_LOW',
      required: 2,
    })
  })

  it('declining consent returns access_denied to the relying party', async () => {
    const { url, transaction } = await eid.signIn({ attributes: ['vaccination'] as const })
    const tab = new Tab()
    const login = await tab.follow(await tab.get(url))
    const uid = /\/interaction\/([\w-]+)\/login/.exec(login.page ?? '')?.[1] ?? ''
    const csrf = field(login.page ?? '', 'csrf')
    await tab.follow(
      await tab.post(`/interaction/${uid}/login`, {
        csrf,
        personalId: personas.level2Adult.personalId,
        passcode: '123456',
      }),
    )
    const consent = await tab.follow(
      await tab.post(`/interaction/${uid}/otp`, { csrf, otp: await latestOtp() }),
    )
    const consentUid = /\/interaction\/([\w-]+)\/consent/.exec(consent.page ?? '')?.[1] ?? ''
    const back = await tab.follow(
      await tab.post(`/interaction/${consentUid}/consent`, {
        csrf: field(consent.page ?? '', 'csrf'),
        decision: 'deny',
      }),
    )
    await expect(eid.completeSignIn(back.callback ?? '', transaction)).rejects.toMatchObject({
      code: 'ERR_EID_ACCESS_DENIED',
    })
  })

  it('O11: the one-time code is single use, and wrong codes are throttled per transaction', async () => {
    const { url } = await eid.signIn({})
    const tab = new Tab()
    const login = await tab.follow(await tab.get(url))
    const uid = /\/interaction\/([\w-]+)\/login/.exec(login.page ?? '')?.[1] ?? ''
    const csrf = field(login.page ?? '', 'csrf')
    await tab.follow(
      await tab.post(`/interaction/${uid}/login`, {
        csrf,
        personalId: personas.teen16.personalId,
        passcode: '123456',
      }),
    )
    const statuses: number[] = []
    for (let i = 0; i < 6; i++)
      statuses.push((await tab.post(`/interaction/${uid}/otp`, { csrf, otp: '000000' })).status)
    expect(statuses.slice(0, 5)).toEqual([400, 400, 400, 400, 400])
    expect(statuses[5]).toBe(429)
  })
})

import type { EidClient } from '@dinhdanh/client'
import type { TestClient } from '@dinhdanh/test/support/clients.js'
import { personas } from '@dinhdanh/testing'
import { CookieJar } from '@dinhdanh/testing/browser'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { MockIdp } from '../../index.js'
import { BrowserTab, formField } from '../../testing/browser-tab.js'
import { latestCode, signInOnPhone } from '../../testing/phone-sign-in.js'
import { startWithRelyingParties } from '../../testing/relying-parties.js'

let idp: MockIdp
let rp: TestClient
let _hostile: TestClient
let eid: EidClient
let hostileEid: EidClient

beforeAll(async () => {
  let rps: TestClient[]
  let clients: EidClient[]
  ;({ idp, rps, clients } = await startWithRelyingParties([
    { clientId: 'qr-rp', clientName: 'Ngân hàng Thử nghiệm' },
    { clientId: 'qr-hostile', clientName: '<img src=x onerror=alert(1)> Shop' },
  ]))
  ;[rp, _hostile] = rps as [TestClient, TestClient]
  ;[eid, hostileEid] = clients as [EidClient, EidClient]
})
afterAll(() => idp?.close())

const newTab = () => new BrowserTab(new CookieJar(), idp.url)

/** A browser at the login screen of a new authorization request, on the QR tab. */
async function qrTab(client: EidClient, request: Parameters<EidClient['signIn']>[0] = {}) {
  const { url, transaction } = await client.signIn(request)
  const browser = newTab()
  const login = await browser.follow(await browser.get(url))
  const uid = /\/interaction\/([\w-]+)\/login/.exec(login.page ?? '')?.[1] ?? ''
  const response = await browser.get(`/interaction/${uid}/qr`)
  const page = await response.text()
  const link = /href="(http:\/\/[^"]+\/phone\/qr\/[\w-]{22})"/.exec(page)?.[1] ?? ''
  return { browser, transaction, uid, response, page, link }
}

async function statusOf(browser: BrowserTab, uid: string): Promise<string> {
  const response = await browser.get(`/interaction/${uid}/qr/status`, { accept: 'application/json' })
  return ((await response.json()) as { status: string }).status
}

/** The phone "scans" the link: sign-in form first (it returns to the code), then the question. */
async function scanOnPhone(link: string, personalId: string) {
  const phone = newTab()
  const form = await (await phone.get(link)).text()
  expect(form).toContain('name="passcode"')
  const question = await signInOnPhone(phone, idp, form, { personalId })
  return { phone, page: question.page, action: new URL(link).pathname }
}

describe('the QR tab of the login screen', () => {
  it('shows a QR code for the phone, polled with a nonced script, with no inline styles or handlers', async () => {
    const { response, page, link, uid } = await qrTab(eid)
    expect(response.status).toBe(200)
    expect(page).toContain('<html lang="vi">')
    expect(page).toContain('<svg')
    expect(page).toContain('aria-label="Mã QR đăng nhập"')
    expect(page).toContain('aria-current="page">Mã QR</a>')
    expect(link.startsWith(`${idp.url}/phone/qr/`)).toBe(true)
    expect(page).toContain(`data-status-url="/interaction/${uid}/qr/status"`)
    expect(page).toContain('<noscript>')
    const nonce = /script-src 'nonce-([^']+)'/.exec(
      response.headers.get('content-security-policy') ?? '',
    )?.[1]
    expect(nonce).toBeTruthy()
    expect(page).toContain(`<script nonce="${nonce}">`)
    expect(page).not.toMatch(/\sstyle="|\son[a-z]+="/)
    expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'")
  })

  it('QR: approved on the phone, completed once, consent given: the relying party gets a code', async () => {
    const persona = personas.level2Adult
    const { browser, transaction, uid, link } = await qrTab(eid, {
      level: 2,
      attributes: ['phone'] as const,
      purpose: 'Mở tài khoản thanh toán',
    })
    expect(await statusOf(browser, uid)).toBe('pending')
    // Without script: "continue" before the phone answered keeps the same code on screen.
    const early = await browser.follow(await browser.get(`/interaction/${uid}/qr/complete`))
    expect(early.page).toContain('Chưa có xác nhận từ điện thoại.')
    expect(early.page).toContain(link)

    const { phone, page, action } = await scanOnPhone(link, persona.personalId)
    expect(page).toContain('Đăng nhập vào Ngân hàng Thử nghiệm?')
    // The phone's home lists the code it opened until it decides.
    const home = await (await phone.get('/phone')).text()
    expect(home).toContain('Đăng nhập vào Ngân hàng Thử nghiệm?')
    const approved = await phone.follow(
      await phone.post(action, { csrf: formField(page, 'csrf'), decision: 'approve' }),
    )
    expect(approved.page).toContain('Đã xác nhận. Hãy quay lại màn hình máy tính để tiếp tục.')
    expect(approved.page).toContain('Không có lượt đăng nhập bằng mã QR nào đang chờ.')
    // A second decision does not count.
    const again = await phone.post(action, { csrf: formField(page, 'csrf'), decision: 'reject' })
    expect(again.status).toBe(404)
    expect(await statusOf(browser, uid)).toBe('approved')

    const complete = await browser.get(`/interaction/${uid}/qr/complete`)
    expect(complete.status).toBeGreaterThanOrEqual(300)
    expect(complete.status).toBeLessThan(400)
    // Single use: completing again does not sign anyone in a second time.
    const replay = await newTab().get(`${idp.url}/interaction/${uid}/qr/complete`, {
      cookie: browser.jar.header(new URL(`/interaction/${uid}/qr/complete`, idp.url)) ?? '',
    })
    expect(replay.status).toBe(303)
    expect(replay.headers.get('location')).toBe(`/interaction/${uid}/qr?lang=vi`)

    const consent = await browser.follow(complete, rp.redirectUri)
    expect(consent.page).toContain('Yêu cầu chia sẻ thông tin')
    expect(consent.page).toContain('Mở tài khoản thanh toán')
    const consentUid = /\/interaction\/([\w-]+)\/consent/.exec(consent.page ?? '')?.[1] ?? ''
    const done = await browser.follow(
      await browser.post(`/interaction/${consentUid}/consent`, {
        csrf: formField(consent.page ?? '', 'csrf'),
        decision: 'allow',
        attributes: ['identity', 'phone'],
      }),
      rp.redirectUri,
    )
    expect(done.location).toContain('code=')
    const result = await eid.completeSignIn(done.location ?? '', transaction)
    expect(result.level).toBe(2)
    expect(result.citizen?.personalId).toBe(persona.personalId)
    expect(result.attributes.phone).toBeDefined()
  })

  it('finding 5: the phone approves only after passcode AND SMS code, shows the match code of the screen, and the RP gets what really happened', async () => {
    const persona = personas.level2Adult
    const { browser, transaction, uid, link, page } = await qrTab(eid, { level: 2, maxAge: 600 })
    // The browser shows a short code next to the QR code...
    const matchCode = /data-match-code>(\d{2})</.exec(page)?.[1] ?? ''
    expect(matchCode).toMatch(/^\d{2}$/)
    expect(page).toContain('Mã đối chiếu')
    expect(page).toContain('Điện thoại sẽ hiển thị cùng mã này.')

    // The passcode alone does not sign the phone in: no question, no approval.
    const phone = newTab()
    const form = await (await phone.get(link)).text()
    const afterPasscode = await phone.follow(
      await phone.post('/phone/sign-in', {
        csrf: formField(form, 'csrf'),
        next: formField(form, 'next'),
        personalId: persona.personalId,
        passcode: '123456',
      }),
    )
    expect(afterPasscode.page).toContain('name="otp"')
    const otpCsrf = formField(afterPasscode.page ?? '', 'csrf')
    expect(await (await phone.get(link)).text()).toContain('name="passcode"')
    const early = await phone.post(new URL(link).pathname, { csrf: otpCsrf, decision: 'approve' })
    expect(early.status).toBe(303)
    expect(await statusOf(browser, uid)).toBe('pending')

    // ...and, once the SMS code is typed, the phone shows the same code with the question.
    const signedInAt = Math.floor(Date.now() / 1000)
    const question = await phone.follow(
      await phone.post('/phone/otp', { csrf: otpCsrf, otp: await latestCode(idp, persona.personalId) }),
    )
    expect(question.page).toContain('Đăng nhập vào Ngân hàng Thử nghiệm?')
    expect(question.page).toContain(`data-match-code>${matchCode}<`)
    expect(question.page).toContain('Chỉ xác nhận khi mã này trùng với mã hiển thị cạnh mã QR')
    await phone.post(new URL(link).pathname, {
      csrf: formField(question.page ?? '', 'csrf'),
      decision: 'approve',
    })

    const consent = await browser.follow(await browser.get(`/interaction/${uid}/qr/complete`), rp.redirectUri)
    const consentUid = /\/interaction\/([\w-]+)\/consent/.exec(consent.page ?? '')?.[1] ?? ''
    const done = await browser.follow(
      await browser.post(`/interaction/${consentUid}/consent`, {
        csrf: formField(consent.page ?? '', 'csrf'),
        decision: 'allow',
        attributes: ['identity'],
      }),
      rp.redirectUri,
    )
    const result = await eid.completeSignIn(done.location ?? '', transaction)
    expect(result.level).toBe(2)
    // auth_time is when the phone's citizen proved passcode and code (the approval's own time only if
    // the phone signed in just now).
    expect(result.authTime).toBeGreaterThanOrEqual(signedInAt - 1)
    expect(result.authTime).toBeLessThanOrEqual(signedInAt + 1)
    const claims = JSON.parse(Buffer.from(result.tokens.idToken.split('.')[1] ?? '', 'base64url').toString())
    expect(claims.auth_time).toBe(result.authTime)
  })

  it('rejected on the phone: the relying party gets ERR_EID_ACCESS_DENIED', async () => {
    const { browser, transaction, uid, link } = await qrTab(eid)
    const { phone, page, action } = await scanOnPhone(link, personas.teen16.personalId)
    const rejected = await phone.follow(
      await phone.post(action, { csrf: formField(page, 'csrf'), decision: 'reject' }),
    )
    expect(rejected.page).toContain('Đã từ chối lượt đăng nhập.')
    expect(await statusOf(browser, uid)).toBe('rejected')
    const back = await browser.follow(await browser.get(`/interaction/${uid}/qr/complete`), rp.redirectUri)
    await expect(eid.completeSignIn(back.location ?? '', transaction)).rejects.toMatchObject({
      code: 'ERR_EID_ACCESS_DENIED',
    })
  })

  it('applies the level check of the passcode path: a level-1 citizen gets ERR_EID_LEVEL_TOO_LOW', async () => {
    const { browser, transaction, uid, link } = await qrTab(eid, { level: 2 })
    const { phone, page, action } = await scanOnPhone(link, personas.level1Adult.personalId)
    await phone.post(action, { csrf: formField(page, 'csrf'), decision: 'approve' })
    const refusal = await browser.follow(await browser.get(`/interaction/${uid}/qr/complete`))
    expect(refusal.page).toContain('Tài khoản chưa đủ mức định danh')
    const back = await browser.follow(
      await browser.post(`/interaction/${uid}/abort`, { csrf: formField(refusal.page ?? '', 'csrf') }),
      rp.redirectUri,
    )
    await expect(eid.completeSignIn(back.location ?? '', transaction)).rejects.toMatchObject({
      code: 'ERR_EID_LEVEL_TOO_LOW',
      required: 2,
    })
  })

  it('the phone refuses a locked account, and an unknown or foreign status request is "expired"', async () => {
    const { link } = await qrTab(eid)
    const phone = newTab()
    const form = await (await phone.get(link)).text()
    const locked = await phone.post('/phone/sign-in', {
      csrf: formField(form, 'csrf'),
      next: formField(form, 'next'),
      personalId: personas.locked.personalId,
      passcode: '123456',
    })
    expect(locked.status).toBe(400)
    expect(await locked.text()).toContain('Tài khoản đang bị khóa.')
    const stranger = await fetch(`${idp.url}/interaction/unknown/qr/status`)
    expect(await stranger.json()).toEqual({ status: 'expired' })
    const gone = await newTab().get('/phone/qr/AAAAAAAAAAAAAAAAAAAAAA')
    expect(gone.status).toBe(404)
    expect(await gone.text()).toContain('Mã QR đã hết hạn.')
  })

  it('the phone can "scan" by pasting the link', async () => {
    const { link } = await qrTab(eid)
    const response = await newTab().get(`/phone/scan?code=${encodeURIComponent(link)}`)
    expect(response.status).toBe(303)
    expect(response.headers.get('location')).toBe(`${new URL(link).pathname}?lang=vi`)
  })

  it('O10: refuses a QR approval on the phone without a CSRF token, cross-site, or from a foreign Origin', async () => {
    const { browser, uid, link } = await qrTab(eid)
    const { phone, page, action } = await scanOnPhone(link, personas.level2Adult.personalId)
    const csrf = formField(page, 'csrf')
    const attempts = [
      await phone.post(action, { decision: 'approve' }),
      await phone.post(action, { csrf, decision: 'approve' }, { 'sec-fetch-site': 'cross-site' }),
      await phone.post(action, { csrf, decision: 'approve' }, { origin: 'https://evil.example' }),
    ]
    for (const attempt of attempts) {
      expect(attempt.status).toBe(403)
      expect(attempt.headers.get('content-security-policy')).toContain("frame-ancestors 'none'")
    }
    expect(await statusOf(browser, uid)).toBe('pending')
  })

  it('O12: a client name carrying HTML is escaped on the QR page and on the phone', async () => {
    const { page, link } = await qrTab(hostileEid)
    expect(page).not.toContain('<img src=x')
    expect(page).toContain('&lt;img src=x onerror=alert(1)&gt; Shop')
    const phone = await scanOnPhone(link, personas.level2Adult.personalId)
    expect(phone.page).not.toContain('<img src=x')
    expect(phone.page).toContain('Đăng nhập vào &lt;img src=x onerror=alert(1)&gt; Shop?')
  })
})

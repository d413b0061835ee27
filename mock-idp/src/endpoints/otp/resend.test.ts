import { createClient, type EidClient } from '@dinhdanh/client'
import { type TestClient, testClient } from '@dinhdanh/test/support/clients.js'
import { personas } from '@dinhdanh/testing'
import { CookieJar } from '@dinhdanh/testing/browser'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createMockIdp, type MockIdp } from '../../index.js'
import { BrowserTab, formField } from '../../testing/browser-tab.js'
import { latestOtp, uidOf } from '../../testing/screen-walk.js'

/** The one-time code step (#15, points 6 and 8): resend, an expired code, and honest throttle messages. */
let idp: MockIdp
let rp: TestClient
let eid: EidClient

beforeAll(async () => {
  rp = await testClient('otp-rp')
  idp = await createMockIdp({ port: 0, store: 'memory', clients: [rp.metadata], logLevel: 'silent' })
  eid = await createClient({
    issuer: idp.url,
    clientId: rp.metadata.client_id,
    clientAuth: { method: 'private_key_jwt', privateJwk: rp.privateJwk },
    redirectUri: rp.redirectUri,
  })
})
afterAll(() => idp?.close())

/** A tab on the login screen of a fresh sign-in. */
async function loginScreen(extraParams?: Record<string, string>) {
  const { url } = await eid.signIn({ ...(extraParams && { extraParams }) })
  const tab = new BrowserTab(new CookieJar(), idp.url)
  const page = (await tab.follow(await tab.get(url))).page ?? ''
  return { tab, uid: uidOf(page), csrf: formField(page, 'csrf') }
}

/** A tab on the code screen (the passcode typed). */
async function codeScreen(personalId: string, extraParams?: Record<string, string>) {
  const login = await loginScreen(extraParams)
  const page = await login.tab.follow(
    await login.tab.post(`/interaction/${login.uid}/login`, {
      csrf: login.csrf,
      personalId,
      passcode: '123456',
    }),
  )
  expect(page.page).toContain('Nhập mã xác thực')
  return { ...login, page: page.page ?? '' }
}

describe('the one-time code step', () => {
  it('"Gửi lại mã" sends a new code that replaces the old one', async () => {
    const { tab, uid, csrf, page } = await codeScreen(personas.level2Adult.personalId)
    expect(page).toContain(`action="/interaction/${uid}/otp/resend"`)
    expect(page).toContain('>Gửi lại mã</button>')
    const old = await latestOtp(idp)
    const resent = await tab.post(`/interaction/${uid}/otp/resend`, { csrf })
    expect(resent.status).toBe(303)
    const after = await tab.follow(resent)
    expect(after.page).toContain('Đã gửi mã mới. Mã cũ không còn dùng được.')
    const fresh = await latestOtp(idp)
    if (fresh !== old) {
      const stale = await tab.post(`/interaction/${uid}/otp`, { csrf, otp: old })
      expect(stale.status).toBe(400)
      expect(await stale.text()).toContain('Mã xác thực không đúng.')
    }
    const done = await tab.follow(
      await tab.post(`/interaction/${uid}/otp`, { csrf, otp: fresh }),
      rp.redirectUri,
    )
    expect(done.page ?? done.location).toMatch(/Yêu cầu chia sẻ thông tin|code=/)
  })

  it('resending is limited per sign-in and needs the CSRF token', async () => {
    const { tab, uid, csrf } = await codeScreen(personas.teen16.personalId)
    expect((await tab.post(`/interaction/${uid}/otp/resend`, {})).status).toBe(403)
    for (let i = 0; i < 3; i++)
      expect((await tab.post(`/interaction/${uid}/otp/resend`, { csrf })).status).toBe(303)
    const refused = await tab.post(`/interaction/${uid}/otp/resend`, { csrf })
    expect(refused.status).toBe(429)
    expect(await refused.text()).toContain('Đã gửi lại mã 3 lần cho lượt đăng nhập này.')
  })

  it('an expired code says so, also on a reload, and offers a new one instead of a silent login form', async () => {
    const { tab, uid, csrf } = await codeScreen(personas.noHealthInsurance.personalId, {
      mock_scenario: 'otp_expired',
    })
    const posted = await tab.post(`/interaction/${uid}/otp`, { csrf, otp: await latestOtp(idp) })
    expect(posted.status).toBe(400)
    const text = await posted.text()
    expect(text).toContain('Mã xác thực đã hết hạn. Bấm &quot;Gửi lại mã&quot; để nhận mã mới.')
    expect(text).toContain(`action="/interaction/${uid}/otp/resend"`)
    const reload = await tab.get(`/interaction/${uid}/otp`)
    expect(reload.status).toBe(200)
    const reloaded = await reload.text()
    expect(reloaded).toContain('Mã xác thực đã hết hạn.')
    expect(reloaded).not.toContain('name="passcode"')
    expect(await (await tab.get(`/interaction/${uid}/otp?lang=en`)).text()).toContain(
      'The verification code has expired. Press &quot;Resend code&quot; to get a new one.',
    )
  })

  it('after 5 wrong passcodes the message tells the truth: this sign-in is closed, a fresh one works after the real wait', async () => {
    const personalId = personas.elderlyLegacyId.personalId
    const { tab, uid, csrf } = await loginScreen()
    for (let i = 0; i < 5; i++) {
      const wrong = await tab.post(`/interaction/${uid}/login`, { csrf, personalId, passcode: '000000' })
      expect(wrong.status).toBe(400)
    }
    const sixth = await tab.post(`/interaction/${uid}/login`, { csrf, personalId, passcode: '123456' })
    expect(sixth.status).toBe(429)
    const text = await sixth.text()
    expect(text).not.toContain('ít phút')
    expect(text).toMatch(
      /Bạn đã nhập sai quá nhiều lần trong lượt đăng nhập này\. Hãy bấm Hủy để quay lại dịch vụ và bắt đầu lượt đăng nhập mới( sau [12] giây)?\./,
    )
    // This sign-in stays closed for the rest of its window, and says so in Retry-After.
    expect(Number(sixth.headers.get('retry-after'))).toBeGreaterThan(800)

    // A fresh sign-in: either in at once, or told the pair's actual wait of a second or two.
    const fresh = await loginScreen()
    const next = await fresh.tab.post(`/interaction/${fresh.uid}/login`, {
      csrf: fresh.csrf,
      personalId,
      passcode: '123456',
    })
    if (next.status === 429) {
      expect(await next.text()).toMatch(/Vui lòng thử lại sau [12] giây\./)
      expect(Number(next.headers.get('retry-after'))).toBeLessThanOrEqual(2)
    } else {
      expect(next.status).toBe(303)
    }
  })
})

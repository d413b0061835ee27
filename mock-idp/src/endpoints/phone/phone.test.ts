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
let _rp: TestClient
let _hostile: TestClient
let eid: EidClient
let hostileEid: EidClient

beforeAll(async () => {
  let rps: TestClient[]
  let clients: EidClient[]
  ;({ idp, rps, clients } = await startWithRelyingParties([
    { clientId: 'phone-rp', clientName: 'Bệnh viện Bạch Mai' },
    { clientId: 'hostile-rp', clientName: '<script>alert(1)</script> Ngân hàng' },
  ]))
  ;[_rp, _hostile] = rps as [TestClient, TestClient]
  ;[eid, hostileEid] = clients as [EidClient, EidClient]
})
afterAll(() => idp?.close())

const newTab = () => new BrowserTab(new CookieJar(), idp.url)

/** A phone signed in as the citizen with this number. */
async function phoneOf(personalId: string, lang = 'vi'): Promise<{ tab: BrowserTab; page: string }> {
  const tab = newTab()
  const form = await (await tab.get(`/phone?lang=${lang}`)).text()
  return { tab, page: (await signInOnPhone(tab, idp, form, { personalId, lang })).page }
}

/** The action URL of the CIBA form for a binding message on the phone's page. */
function cibaAction(page: string, bindingMessage: string): string {
  const section = page.split('<section').find((part) => part.includes(bindingMessage)) ?? ''
  return /action="(\/phone\/ciba\/[^"]+)"/.exec(section)?.[1] ?? ''
}

describe('the phone simulator: sign-in', () => {
  it('signs the tester in as the citizen: Vietnamese first, English with ?lang=en, an HttpOnly Lax cookie', async () => {
    const tab = newTab()
    const first = await tab.get('/phone')
    const form = await first.text()
    expect(first.status).toBe(200)
    expect(form).toContain('<html lang="vi">')
    expect(form).toContain('Ứng dụng định danh (điện thoại mô phỏng)')
    expect(form).toContain('<label for="personalId">Số định danh cá nhân (12 chữ số)</label>')
    const cookie = first.headers.getSetCookie().find((c) => c.startsWith('phone_session=')) ?? ''
    expect(cookie).toMatch(/; Path=\/phone/)
    expect(cookie).toMatch(/; HttpOnly/)
    expect(cookie).toMatch(/; SameSite=Lax/)

    const signIn = await tab.post('/phone/sign-in', {
      csrf: formField(form, 'csrf'),
      personalId: '0010 9000 1234',
      passcode: '123456',
    })
    expect(signIn.status).toBe(303)
    // The passcode alone does not sign the phone in: the SMS one-time code comes next.
    expect(signIn.headers.get('location')).toBe('/phone/otp?lang=vi')
    const otpForm = await (await tab.get('/phone/otp?lang=vi')).text()
    expect(otpForm).toContain('Mã gồm 6 chữ số đã được gửi tới số điện thoại')
    expect(await (await tab.get('/phone?lang=vi')).text()).toContain('name="passcode"')
    const verified = await tab.post('/phone/otp', {
      csrf: formField(otpForm, 'csrf'),
      otp: await latestCode(idp, '001090001234'),
    })
    expect(verified.status).toBe(303)
    expect(verified.headers.get('location')).toBe('/phone?lang=vi')
    // A fresh id on sign-in (no session fixation).
    const after = verified.headers.getSetCookie().find((c) => c.startsWith('phone_session=')) ?? ''
    expect(after.split(';')[0]).not.toBe(cookie.split(';')[0])
    const home = await (await tab.get('/phone?lang=vi')).text()
    expect(home).toContain('Xin chào, Nguyễn Văn An')
    expect(home).toContain('Không có yêu cầu xác thực nào đang chờ.')
    expect(home).not.toContain(personas.level2Adult.personalId)
    const english = await (await tab.get('/phone?lang=en')).text()
    expect(english).toContain('<html lang="en">')
    expect(english).toContain('Hello, Nguyễn Văn An')
  })

  it('refuses a wrong passcode with the same message as an unknown number, and a locked account', async () => {
    const tab = newTab()
    const csrf = formField(await (await tab.get('/phone')).text(), 'csrf')
    const wrong = await tab.post('/phone/sign-in', {
      csrf,
      personalId: personas.level2Adult.personalId,
      passcode: '000000',
    })
    expect(wrong.status).toBe(400)
    expect(await wrong.text()).toContain('Số định danh hoặc mật khẩu không đúng.')
    const locked = await tab.post('/phone/sign-in', {
      csrf,
      personalId: personas.locked.personalId,
      passcode: '123456',
    })
    expect(locked.status).toBe(400)
    expect(await locked.text()).toContain('Tài khoản đang bị khóa.')
  })

  it('signing out ends the session: the old cookie no longer opens the phone', async () => {
    const { tab, page } = await phoneOf(personas.teen16.personalId)
    const oldCookie = tab.jar.header(new URL('/phone', idp.url)) ?? ''
    const out = await tab.follow(await tab.post('/phone/sign-out', { csrf: formField(page, 'csrf') }))
    expect(out.page).toContain('Bạn đã đăng xuất.')
    const replay = await fetch(`${idp.url}/phone`, { headers: { cookie: oldCookie } })
    expect(await replay.text()).toContain('name="passcode"')
  })

  it('O11: phone passcode attempts are throttled per browser and per (citizen, address)', async () => {
    // A synthetic citizen nobody else in this file uses (every valid number is a citizen).
    const personalId = '001190054321'
    const tab = newTab()
    const csrf = formField(await (await tab.get('/phone')).text(), 'csrf')
    const statuses: number[] = []
    for (let i = 0; i < 6; i++) {
      statuses.push((await tab.post('/phone/sign-in', { csrf, personalId, passcode: '000000' })).status)
    }
    expect(statuses).toEqual([400, 400, 400, 400, 400, 429])
    // Fresh browsers at the same address still count: that address now waits before each try, even with
    // the right passcode (another address is not affected: see finding 6 in security-review.test.ts).
    for (let i = 0; i < 5; i++) {
      const other = newTab()
      const token = formField(await (await other.get('/phone')).text(), 'csrf')
      await other.post('/phone/sign-in', { csrf: token, personalId, passcode: '000000' })
    }
    const last = newTab()
    const token = formField(await (await last.get('/phone')).text(), 'csrf')
    const blocked = await last.post('/phone/sign-in', { csrf: token, personalId, passcode: '123456' })
    expect(blocked.status).toBe(429)
    expect(await blocked.text()).toContain('Bạn đã nhập sai quá nhiều lần.')
  })
})

describe('the phone simulator: decoupled sign-in (CIBA)', () => {
  it('approves a request on the phone: the relying party gets the citizen at level 2 and only the ticked data', async () => {
    const persona = personas.level2Adult
    const handle = await eid.backchannelSignIn({
      loginHint: persona.personalId,
      bindingMessage: 'Quầy 3 - mã 4821',
      level: 2,
      attributes: ['health_insurance', 'phone'] as const,
      purpose: 'Tiếp nhận bệnh nhân',
    })
    const { tab, page } = await phoneOf(persona.personalId)
    expect(page).toContain('Bệnh viện Bạch Mai')
    expect(page).toContain('Quầy 3 - mã 4821')
    expect(page).toContain('Tiếp nhận bệnh nhân')
    expect(page).toContain('Thẻ bảo hiểm y tế')
    expect(page).toContain('Số điện thoại')
    // Decree 356/2025: nothing pre-ticked.
    expect(page).not.toMatch(/checked/)
    const action = cibaAction(page, 'Quầy 3 - mã 4821')
    expect(action).not.toBe('')

    const approved = await tab.post(action, {
      csrf: formField(page, 'csrf'),
      decision: 'approve',
      attributes: ['identity', 'health_insurance'],
    })
    expect(approved.status).toBe(303)
    const after = await tab.follow(approved)
    expect(after.page).toContain('Đã xác nhận yêu cầu.')
    expect(after.page).not.toContain('Quầy 3 - mã 4821')

    const result = await eid.waitForBackchannelSignIn(handle)
    expect(result.level).toBe(2)
    expect(result.citizen?.personalId).toBe(persona.personalId)
    expect(result.citizen?.fullName).toBe('Nguyễn Văn An')
    expect(result.attributes.healthInsurance).toBeDefined()
    expect(result.missing).toContain('phone')
  })

  it('finding 9: an approval with nothing ticked is refused on the phone and the request stays pending', async () => {
    const persona = personas.level1Adult
    const handle = await eid.backchannelSignIn({
      loginHint: persona.personalId,
      bindingMessage: 'Quầy 8',
      attributes: ['health_insurance'] as const,
    })
    const { tab, page } = await phoneOf(persona.personalId)
    const action = cibaAction(page, 'Quầy 8')
    const empty = await tab.post(action, { csrf: formField(page, 'csrf'), decision: 'approve' })
    expect(empty.status).toBe(400)
    const refused = await empty.text()
    expect(refused).toContain('Bạn chưa chọn thông tin nào để chia sẻ.')
    // Still pending, on the same page, and still answerable.
    expect(refused).toContain('Quầy 8')
    const english = await tab.post(action, { csrf: formField(page, 'csrf'), decision: 'approve', lang: 'en' })
    expect(english.status).toBe(400)
    expect(await english.text()).toContain('You have not ticked anything to share.')
    const approved = await tab.follow(
      await tab.post(action, {
        csrf: formField(page, 'csrf'),
        decision: 'approve',
        attributes: ['identity'],
      }),
    )
    expect(approved.page).toContain('Đã xác nhận yêu cầu.')
    const result = await eid.waitForBackchannelSignIn(handle)
    expect(result.citizen?.personalId).toBe(persona.personalId)
    expect(result.missing).toContain('health_insurance')
  })

  it('rejects a request on the phone: the relying party gets ERR_EID_ACCESS_DENIED', async () => {
    const persona = personas.teen16
    const handle = await eid.backchannelSignIn({ loginHint: persona.personalId, bindingMessage: 'Quầy 7' })
    const { tab, page } = await phoneOf(persona.personalId, 'en')
    expect(page).toContain('Pending authentication requests')
    const denied = await tab.follow(
      await tab.post(cibaAction(page, 'Quầy 7'), {
        csrf: formField(page, 'csrf'),
        decision: 'deny',
        lang: 'en',
      }),
    )
    expect(denied.page).toContain('Request refused.')
    await expect(eid.waitForBackchannelSignIn(handle)).rejects.toMatchObject({
      code: 'ERR_EID_ACCESS_DENIED',
    })
  })

  it("a phone signed in as another citizen cannot approve someone else's request", async () => {
    const handle = await eid.backchannelSignIn({
      loginHint: personas.elderlyLegacyId.personalId,
      bindingMessage: 'Quầy 9',
    })
    const owner = await phoneOf(personas.elderlyLegacyId.personalId)
    const action = cibaAction(owner.page, 'Quầy 9')
    const intruder = await phoneOf(personas.expiredLicence.personalId)
    expect(intruder.page).not.toContain('Quầy 9')
    const attempt = await intruder.tab.post(action, {
      csrf: formField(intruder.page, 'csrf'),
      decision: 'approve',
      attributes: ['identity'],
    })
    expect(attempt.status).toBe(404)
    expect(await attempt.text()).toContain('Yêu cầu không còn hiệu lực')
    // Still pending for its citizen.
    expect(await (await owner.tab.get('/phone')).text()).toContain('Quầy 9')
    await owner.tab.post(action, { csrf: formField(owner.page, 'csrf'), decision: 'deny' })
    await expect(eid.waitForBackchannelSignIn(handle)).rejects.toMatchObject({
      code: 'ERR_EID_ACCESS_DENIED',
    })
  })

  it('O10: refuses a phone approval without a CSRF token, cross-site, or from a foreign Origin', async () => {
    const persona = personas.turns18Today
    const handle = await eid.backchannelSignIn({ loginHint: persona.personalId, bindingMessage: 'Quầy 5' })
    const { tab, page } = await phoneOf(persona.personalId)
    const action = cibaAction(page, 'Quầy 5')
    const csrf = formField(page, 'csrf')
    const fields = { decision: 'approve', attributes: ['identity'] }
    const attempts = [
      await tab.post(action, fields),
      await tab.post(action, { ...fields, csrf }, { 'sec-fetch-site': 'cross-site' }),
      await tab.post(action, { ...fields, csrf }, { origin: 'https://evil.example' }),
    ]
    for (const attempt of attempts) {
      expect(attempt.status).toBe(403)
      expect(attempt.headers.get('content-security-policy')).toContain("frame-ancestors 'none'")
    }
    // Nothing changed: still pending on the phone.
    expect(await (await tab.get('/phone')).text()).toContain('Quầy 5')
    await tab.post(action, { csrf, decision: 'deny' })
    await expect(eid.waitForBackchannelSignIn(handle)).rejects.toMatchObject({
      code: 'ERR_EID_ACCESS_DENIED',
    })
  })

  it('O10: refuses a phone sign-in without a CSRF token, cross-site, or from a foreign Origin', async () => {
    const tab = newTab()
    const csrf = formField(await (await tab.get('/phone')).text(), 'csrf')
    const fields = { personalId: personas.level2Adult.personalId, passcode: '123456' }
    const attempts = [
      await tab.post('/phone/sign-in', fields),
      await tab.post('/phone/sign-in', { ...fields, csrf }, { 'sec-fetch-site': 'cross-site' }),
      await tab.post('/phone/sign-in', { ...fields, csrf }, { origin: 'https://evil.example' }),
      // A token made for another browser does not fit this one.
      await newTab().post('/phone/sign-in', { ...fields, csrf }),
    ]
    for (const attempt of attempts) expect(attempt.status).toBe(403)
    expect(await (await tab.get('/phone')).text()).toContain('name="passcode"')
  })

  it("O10: every phone page carries frame-ancestors 'none'", async () => {
    const { tab } = await phoneOf(personas.level2Adult.personalId)
    for (const path of ['/phone', '/phone?lang=en', '/phone/qr/AAAAAAAAAAAAAAAAAAAAAA']) {
      for (const response of [await tab.get(path), await newTab().get(path)]) {
        expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'")
        expect(response.headers.get('x-frame-options')).toBe('DENY')
        expect(await response.text()).not.toMatch(/\sstyle="|\son[a-z]+="/)
      }
    }
  })

  it('O12: a client name carrying HTML is escaped on the phone', async () => {
    const persona = personas.turns18Tomorrow
    const handle = await hostileEid.backchannelSignIn({
      loginHint: persona.personalId,
      bindingMessage: 'Quầy 1',
    })
    const { tab, page } = await phoneOf(persona.personalId)
    expect(page).not.toContain('<script>alert(1)</script>')
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt; Ngân hàng')
    await tab.post(cibaAction(page, 'Quầy 1'), { csrf: formField(page, 'csrf'), decision: 'deny' })
    await expect(hostileEid.waitForBackchannelSignIn(handle)).rejects.toMatchObject({
      code: 'ERR_EID_ACCESS_DENIED',
    })
  })
})

import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { CONSENT_WITHDRAWN_EVENT, createClient, type EidClient } from '@dinhdanh/client'
import type { AttributeName } from '@dinhdanh/client/schemas'
import { type TestClient, testClient } from '@dinhdanh/test/support/clients.js'
import { personas } from '@dinhdanh/testing'
import { CookieJar, followToRedirectUri } from '@dinhdanh/testing/browser'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createMockIdp, type MockIdp } from '../../index.js'
import { BrowserTab, formField } from '../../testing/browser-tab.js'

let idp: MockIdp
let rp: TestClient
let eid: EidClient
let bank: TestClient
let bankEid: EidClient
let receiver: Server
/** Bodies POSTed to the relying party's consent_event_uri. */
const received: string[] = []

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = ''
    req.setEncoding('utf8')
    req.on('data', (chunk: string) => {
      body += chunk
    })
    req.on('end', () => {
      received.push(body)
      res.statusCode = 202
      res.end()
    })
  })
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve))
  const { port } = receiver.address() as AddressInfo
  rp = await testClient('portal-rp', {
    client_name: 'Bệnh viện Thử nghiệm',
    consent_event_uri: `http://127.0.0.1:${port}/eid/events`,
  })
  bank = await testClient('portal-bank', {
    client_name: 'Ngân hàng Thử nghiệm',
    'client_name#en': 'Test Bank',
  })
  // Consents are made headlessly (login_hint + auto-approve); the portal is what is under test.
  idp = await createMockIdp({
    port: 0,
    store: 'memory',
    autoApprove: true,
    clients: [rp.metadata, bank.metadata],
    logLevel: 'silent',
  })
  bankEid = await createClient({
    issuer: idp.url,
    clientId: bank.metadata.client_id,
    clientAuth: { method: 'private_key_jwt', privateJwk: bank.privateJwk },
    redirectUri: bank.redirectUri,
  })
  eid = await createClient({
    issuer: idp.url,
    clientId: rp.metadata.client_id,
    clientAuth: { method: 'private_key_jwt', privateJwk: rp.privateJwk },
    redirectUri: rp.redirectUri,
  })
})
afterAll(async () => {
  await idp?.close()
  await new Promise<void>((resolve) => receiver?.close(() => resolve()))
})

/** Signs a citizen in to the relying party, creating a consent for this purpose. */
async function consentOf(personalId: string, purpose: string, attributes: readonly AttributeName[] = []) {
  const { url, transaction } = await eid.signIn({ attributes, purpose, loginHint: personalId })
  return eid.completeSignIn(await followToRedirectUri(url, rp.redirectUri), transaction)
}

/** A browser signed in to the portal; returns its consents page. */
async function portalOf(personalId: string, lang = 'vi'): Promise<{ tab: BrowserTab; page: string }> {
  const tab = new BrowserTab(new CookieJar(), idp.url)
  const form = await (await tab.get(`/account?lang=${lang}`)).text()
  const signedIn = await tab.follow(
    await tab.post('/account/sign-in', {
      csrf: formField(form, 'csrf'),
      personalId,
      passcode: '123456',
      lang,
    }),
  )
  return { tab, page: signedIn.page ?? '' }
}

async function adminConsent(personalId: string, id: string | undefined) {
  const response = await fetch(`${idp.url}/__admin/consents?personal_id=${personalId}`, {
    headers: { authorization: `Bearer ${idp.adminToken}` },
  })
  const { consents } = (await response.json()) as { consents: { id: string; status: string }[] }
  return consents.find((consent) => consent.id === id)
}

const withdrawAction = (id: string | undefined) => `/account/consents/${id}/withdraw`

describe('the citizen portal', () => {
  it("lists only the signed-in citizen's consents: who, which data, purpose, when, how, status, exact text", async () => {
    const own = await consentOf(personas.level2Adult.personalId, 'Khám bệnh có BHYT', ['health_insurance'])
    const other = await consentOf(personas.teen16.personalId, 'Mua vé tàu cho học sinh')
    const { page } = await portalOf(personas.level2Adult.personalId)
    expect(page).toContain('<html lang="vi">')
    expect(page).toContain('Quản lý chia sẻ dữ liệu')
    expect(page).toContain('Xin chào, Nguyễn Văn An')
    expect(page).toContain('Bệnh viện Thử nghiệm')
    expect(page).toContain('Khám bệnh có BHYT')
    expect(page).toContain('Thông tin định danh cơ bản, Thẻ bảo hiểm y tế')
    expect(page).toMatch(/\d{2}:\d{2} \d{2}\/\d{2}\/\d{4} \(giờ Việt Nam\)/)
    expect(page).toContain('Tự động (môi trường thử nghiệm)')
    expect(page).toContain('Đang hiệu lực')
    expect(page).toContain('<details><summary>Nội dung chính xác đã hiển thị khi đồng ý</summary>')
    expect(page).toContain(`href="${withdrawAction(own.consentId)}?lang=vi"`)
    expect(page).not.toContain('Mua vé tàu cho học sinh')
    expect(page).not.toContain(other.consentId)
    expect(page).not.toContain(personas.level2Adult.personalId)

    const english = await portalOf(personas.level2Adult.personalId, 'en')
    expect(english.page).toContain('Data sharing')
    expect(english.page).toContain('Basic identity, Health insurance card')
    expect(english.page).toMatch(/\(Vietnam time\)/)
  })

  it('withdraws a consent: confirmation, a verified consent-withdrawn event at the relying party, tokens revoked', async () => {
    const persona = personas.elderlyLegacyId
    const result = await consentOf(persona.personalId, 'Cấp lại thẻ bảo hiểm', ['health_insurance'])
    const tokens = await eid.refresh(result.tokens)
    const { tab, page } = await portalOf(persona.personalId)
    const before = received.length
    // The button opens a confirmation page (no JavaScript needed); nothing is withdrawn before it.
    expect(page).toContain(`href="${withdrawAction(result.consentId)}?lang=vi"`)
    const confirm = await (await tab.get(`${withdrawAction(result.consentId)}?lang=vi`)).text()
    expect(confirm).toContain('Rút lại sự đồng ý?')
    expect(confirm).toContain('Cấp lại thẻ bảo hiểm')
    expect(confirm).toContain(`action="${withdrawAction(result.consentId)}"`)
    // The list itself carries no withdrawal form: one click never withdraws.
    expect(page).not.toContain(`action="${withdrawAction(result.consentId)}"`)
    expect((await adminConsent(persona.personalId, result.consentId))?.status).toBe('active')
    expect(received.length).toBe(before)

    const withdrawn = await tab.post(withdrawAction(result.consentId), { csrf: formField(confirm, 'csrf') })
    expect(withdrawn.status).toBe(303)
    const after = await tab.follow(withdrawn)
    expect(after.page).toContain('Đã rút lại sự đồng ý. Đơn vị sẽ được thông báo.')
    expect(after.page).toContain('Đã rút lại lúc')
    // Withdrawn: neither the portal nor its confirmation page offers "withdraw" again.
    expect(after.page).not.toContain(withdrawAction(result.consentId))
    const reopened = await tab.get(`${withdrawAction(result.consentId)}?lang=vi`)
    expect(reopened.status).toBe(409)
    expect(await reopened.text()).not.toContain(`action="${withdrawAction(result.consentId)}"`)

    await expect.poll(() => received.length).toBe(before + 1)
    const event = await eid.verifySecurityEvent(received.at(-1))
    expect(event.type).toBe(CONSENT_WITHDRAWN_EVENT)
    expect(event.consentId).toBe(result.consentId)
    expect(event.subject).toBe(result.subject)
    expect(event.purpose).toBe('Cấp lại thẻ bảo hiểm')
    await expect(eid.refresh(tokens)).rejects.toThrow()
    expect((await adminConsent(persona.personalId, result.consentId))?.status).toBe('withdrawn')

    // Withdrawing again changes nothing and sends nothing.
    const again = await tab.post(withdrawAction(result.consentId), { csrf: formField(page, 'csrf') })
    expect(again.status).toBe(409)
    expect(received.length).toBe(before + 1)
  })

  it("refuses to withdraw another citizen's consent, as if it did not exist", async () => {
    const victim = await consentOf(personas.expiredLicence.personalId, 'Thuê xe tự lái', ['driving_licence'])
    const { tab, page } = await portalOf(personas.nfdName.personalId)
    const before = received.length
    const attempt = await tab.post(withdrawAction(victim.consentId), { csrf: formField(page, 'csrf') })
    expect(attempt.status).toBe(404)
    expect(await attempt.text()).toContain('Không tìm thấy sự đồng ý này trong tài khoản của bạn.')
    expect((await adminConsent(personas.expiredLicence.personalId, victim.consentId))?.status).toBe('active')
    expect(received.length).toBe(before)
  })

  it('signing out ends the session: the old cookie no longer opens the portal', async () => {
    const { tab, page } = await portalOf(personas.level1Adult.personalId)
    const oldCookie = tab.jar.header(new URL('/account', idp.url)) ?? ''
    const out = await tab.follow(await tab.post('/account/sign-out', { csrf: formField(page, 'csrf') }))
    expect(out.page).toContain('Bạn đã đăng xuất.')
    const replay = await fetch(`${idp.url}/account`, { headers: { cookie: oldCookie } })
    const replayed = await replay.text()
    expect(replayed).toContain('name="passcode"')
    expect(replayed).not.toContain('Xin chào')
  })

  it('O10: refuses a portal withdrawal without a CSRF token', async () => {
    const persona = personas.turns18Today
    const result = await consentOf(persona.personalId, 'Mua hàng giới hạn tuổi', ['age_over_18'])
    const { tab } = await portalOf(persona.personalId)
    const before = received.length
    const attempt = await tab.post(withdrawAction(result.consentId), {})
    expect(attempt.status).toBe(403)
    expect(await attempt.text()).toContain('biểu mẫu không hợp lệ')
    expect((await adminConsent(persona.personalId, result.consentId))?.status).toBe('active')
    expect(received.length).toBe(before)
    await expect(eid.refresh(result.tokens)).resolves.toBeDefined()
  })

  it('O10: refuses a cross-site portal withdrawal (Sec-Fetch-Site: cross-site), even with the right token', async () => {
    const persona = personas.turns18Tomorrow
    const result = await consentOf(persona.personalId, 'Đăng ký thẻ thành viên')
    const { tab, page } = await portalOf(persona.personalId)
    const attempt = await tab.post(
      withdrawAction(result.consentId),
      { csrf: formField(page, 'csrf') },
      { 'sec-fetch-site': 'cross-site' },
    )
    expect(attempt.status).toBe(403)
    expect((await adminConsent(persona.personalId, result.consentId))?.status).toBe('active')
  })

  it('O10: refuses a portal withdrawal from a foreign Origin, and a token from another browser', async () => {
    const persona = personas.noHealthInsurance
    const result = await consentOf(persona.personalId, 'Mở ví điện tử')
    const { tab, page } = await portalOf(persona.personalId)
    const csrf = formField(page, 'csrf')
    const foreign = await tab.post(
      withdrawAction(result.consentId),
      { csrf },
      { origin: 'https://evil.example' },
    )
    expect(foreign.status).toBe(403)
    const otherBrowser = await portalOf(persona.personalId)
    expect(formField(otherBrowser.page, 'csrf')).not.toBe(csrf)
    const mixed = await otherBrowser.tab.post(withdrawAction(result.consentId), { csrf })
    expect(mixed.status).toBe(403)
    expect((await adminConsent(persona.personalId, result.consentId))?.status).toBe('active')
  })

  it('O10: refuses a portal sign-in without a CSRF token or cross-site', async () => {
    const tab = new BrowserTab(new CookieJar(), idp.url)
    const csrf = formField(await (await tab.get('/account')).text(), 'csrf')
    const fields = { personalId: personas.level2Adult.personalId, passcode: '123456' }
    expect((await tab.post('/account/sign-in', fields)).status).toBe(403)
    expect(
      (await tab.post('/account/sign-in', { ...fields, csrf }, { 'sec-fetch-site': 'cross-site' })).status,
    ).toBe(403)
    expect(await (await tab.get('/account')).text()).toContain('name="passcode"')
  })

  it("O10: every portal page carries frame-ancestors 'none'", async () => {
    const { tab, page } = await portalOf(personas.level2Adult.personalId)
    const responses = [
      await new BrowserTab(new CookieJar(), idp.url).get('/account'),
      await tab.get('/account'),
      await tab.get('/account?lang=en&done=withdrawn'),
      await tab.post(withdrawAction('c_doesnotexist'), { csrf: formField(page, 'csrf') }),
      await tab.post(withdrawAction('c_doesnotexist'), {}),
    ]
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 404, 403])
    for (const response of responses) {
      expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'")
      expect(response.headers.get('x-frame-options')).toBe('DENY')
      expect(response.headers.get('cache-control')).toBe('no-store')
      expect(await response.text()).not.toMatch(/\sstyle="|\son[a-z]+="/)
    }
  })

  it('O11: portal passcode attempts are throttled', async () => {
    const tab = new BrowserTab(new CookieJar(), idp.url)
    const csrf = formField(await (await tab.get('/account')).text(), 'csrf')
    const statuses: number[] = []
    for (let i = 0; i < 6; i++) {
      statuses.push(
        (await tab.post('/account/sign-in', { csrf, personalId: '001290067890', passcode: '999999' })).status,
      )
    }
    expect(statuses).toEqual([400, 400, 400, 400, 400, 429])
  })

  it('O12: a consent whose purpose contains <script> renders escaped on the portal', async () => {
    // teen16, not child10: under 14 there is no own phone for the sign-in code (sign-in-rules.test.ts).
    const persona = personas.teen16
    await consentOf(persona.personalId, '<script>alert("xss")</script> Học bạ điện tử')
    const { page } = await portalOf(persona.personalId)
    expect(page).not.toContain('<script')
    expect(page).toContain('&lt;script&gt;alert(&quot;xss&quot;)&lt;/script&gt; Học bạ điện tử')
  })

  it("groups consents by organisation, each a collapsible section with its counts, names in the page's language (#15)", async () => {
    const persona = personas.level1Adult
    await consentOf(persona.personalId, 'Đặt lịch khám')
    await consentOf(persona.personalId, 'Tái khám')
    const { url, transaction } = await bankEid.signIn({
      purpose: 'Mở tài khoản',
      loginHint: persona.personalId,
    })
    await bankEid.completeSignIn(await followToRedirectUri(url, bank.redirectUri), transaction)
    const { page } = await portalOf(persona.personalId)
    const sections = page.split('<details class="org"').slice(1)
    expect(sections).toHaveLength(2)
    // One section per organisation, each open while it has an active consent, with its counts.
    const bankSection = sections.find((section) => section.includes('Ngân hàng Thử nghiệm')) ?? ''
    const hospitalSection = sections.find((section) => section.includes('Bệnh viện Thử nghiệm')) ?? ''
    expect(bankSection).toMatch(
      /^ open>\s*<summary><span class="org-name">Ngân hàng Thử nghiệm<\/span> <span class="hint">1 đang hiệu lực<\/span>/,
    )
    expect(bankSection).toContain('Mở tài khoản')
    expect(hospitalSection).toMatch(
      /^ open>\s*<summary><span class="org-name">Bệnh viện Thử nghiệm<\/span> <span class="hint">2 đang hiệu lực<\/span>/,
    )
    expect(hospitalSection).toContain('Đặt lịch khám')
    expect(hospitalSection).toContain('Tái khám')
    expect(hospitalSection).not.toContain('Mở tài khoản')
    const english = await portalOf(persona.personalId, 'en')
    expect(english.page).toContain(
      '<span class="org-name">Test Bank</span> <span class="hint">1 active</span>',
    )
  })
})

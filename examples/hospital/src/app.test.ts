import { personas } from '@dinhdanh/testing'
import { DEMO_APPS } from 'dinhdanh-example-shared/demo'
import {
  Browser,
  type ExampleUnderTest,
  fieldValue,
  startExample,
  textOf,
} from 'dinhdanh-example-shared/testing'
import type { Express } from 'express'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from './app.js'

const hospital = DEMO_APPS.find((app) => app.name === 'hospital')!
// The card check compares with "today": pinned, so the personas' cards have a known status.
const REFERENCE_DAY = new Date('2026-07-01T03:00:00Z')
let today = REFERENCE_DAY
let rp: ExampleUnderTest<Express>

beforeAll(async () => {
  rp = await startExample(hospital, ({ client, config }) => createApp({ client, config, now: () => today }))
})
afterEach(async () => {
  today = REFERENCE_DAY
  await rp.admin('DELETE', '/scenarios').catch(() => undefined) // the provider may be stopped
})
afterAll(() => rp?.close())

/** Signs a fresh browser in as the persona through the check-in page. */
async function checkIn(personalId: string) {
  const browser = new Browser()
  const page = await rp.signInAs(browser, personalId, '/check-in')
  return { browser, page, text: textOf(page) }
}

/** Follows the redirects from `url` one by one, counting those from the hospital to the provider. */
async function visitCountingProvider(browser: Browser, url: string | URL) {
  const provider = new URL(rp.idp.url).origin
  let page = await browser.get(url, { follow: false })
  let toProvider = 0
  for (let hop = 0; page.location && hop < 20; hop++) {
    if (page.url.origin !== provider && page.location.origin === provider) toProvider++
    page = await browser.get(page.location, { follow: false })
  }
  return { page, toProvider }
}

describe('landing page', () => {
  it('offers online check-in in Vietnamese, and in English after the switch', async () => {
    const browser = new Browser()
    const vi = await browser.get(rp.url('/'))
    expect(vi.status).toBe(200)
    expect(vi.body).toContain('id="check-in" href="/check-in"')
    expect(textOf(vi)).toContain('Đăng ký khám bệnh trực tuyến bằng VNeID')
    const en = await browser.get(rp.url('/?lang=en'))
    expect(textOf(en)).toContain('Check in online for your visit with VNeID')
    // The choice is remembered.
    expect(textOf(await browser.get(rp.url('/')))).toContain('Check in with VNeID')
  })
})

describe('online check-in', () => {
  it('level-2 adult: shows the card, the vaccinations and the shared data, then gives a queue number', async () => {
    const { browser, page, text } = await checkIn(personas.level2Adult.personalId)
    expect(page.status).toBe(200)
    expect(page.url.pathname).toBe('/check-in')
    expect(text).toContain('Xin chào Nguyễn Văn An')
    expect(page.body).toContain('data-insurance-status="valid"')
    expect(text).toContain('0101234567')
    expect(text).toContain('01/01/2026 – 31/12/2026')
    expect(text).toContain('Thẻ trong tài khoản định danh điện tử mức 2 có giá trị như xuất trình thẻ giấy')
    expect(text).toContain('Lịch sử tiêm chủng')
    expect(text).toContain('Vero Cell')
    // One purpose (the medical check-in) with its two data items, not two purposes.
    expect(text).toContain('Tiếp nhận khám chữa bệnh: kiểm tra thẻ bảo hiểm y tế và tiền sử tiêm chủng')
    expect(page.body).toContain('data-vaccination-status="received"')
    expect(text).toContain('Rút lại sự đồng ý trên cổng công dân VNeID')
    expect(page.body).toContain('id="payment-insurance"')
    expect(page.body).not.toMatch(/eyJ[\w-]+\.eyJ|access_token|refresh_token/)

    const ticket = await browser.post(rp.url('/check-in/queue'), {
      _csrf: fieldValue(page, '_csrf'),
      department: 'noi',
      payment: 'insurance',
    })
    expect(ticket.status).toBe(200)
    expect(ticket.url.pathname).toBe('/check-in')
    expect(textOf(ticket)).toMatch(/Số thứ tự: A\d{3}/)
    expect(textOf(ticket)).toContain('Khám bảo hiểm y tế')
    expect(ticket.body).not.toContain('id="queue-form"')
  })

  it('level-1 adult: the card is shown, but reception checks the chip ID card before billing insurance', async () => {
    const { page, text } = await checkIn(personas.level1Adult.personalId)
    expect(page.body).toContain('data-insurance-status="valid"')
    expect(text).toContain('Tài khoản VNeID mức 1 chưa thay được việc xuất trình thẻ')
    expect(page.body).toContain('id="payment-insurance_check"')
    expect(page.body).not.toContain('id="payment-insurance"')
  })

  it('an expired card: explains the self-pay visit or renewal, and refuses an insurance ticket', async () => {
    today = new Date('2027-01-15T03:00:00Z')
    const { browser, page, text } = await checkIn(personas.level2Adult.personalId)
    expect(page.body).toContain('data-insurance-status="expired"')
    expect(page.body).toContain('id="card-expired"')
    expect(text).toContain('Thẻ bảo hiểm y tế của bạn đã hết hạn ngày 31/12/2026')
    expect(text).toContain('khám dịch vụ (tự chi trả)')
    expect(page.body).toContain('id="payment-self_pay"')
    expect(page.body).not.toContain('id="payment-insurance"')
    // A forged radio value does not make the visit billed to insurance.
    const forged = await browser.post(rp.url('/check-in/queue'), {
      _csrf: fieldValue(page, '_csrf'),
      department: 'noi',
      payment: 'insurance',
    })
    expect(forged.status).toBe(400)
    const selfPay = await browser.post(rp.url('/check-in/queue'), {
      _csrf: fieldValue(page, '_csrf'),
      department: 'mat',
      payment: 'self_pay',
    })
    expect(textOf(selfPay)).toMatch(/Số thứ tự: E\d{3}/)
    expect(textOf(selfPay)).toContain('Khám dịch vụ (tự chi trả)')
  })

  it('no health-insurance card (noHealthInsurance): a clear notice, self-pay only, vaccinations still shown', async () => {
    const { page, text } = await checkIn(personas.noHealthInsurance.personalId)
    expect(page.status).toBe(200)
    expect(page.body).toContain('data-insurance-status="missing"')
    expect(text).toContain('Chúng tôi không nhận được thẻ bảo hiểm y tế từ VNeID')
    expect(page.body).toContain('id="share-again"')
    expect(page.body).not.toContain('id="payment-insurance')
    expect(text).toContain('Vaxzevria')
  })

  it('no card: asked once per session, the next visit answers at once; "share again" asks anew', async () => {
    await rp.admin('PATCH', '/settings', { autoApproveAs: personas.noHealthInsurance.personalId })
    const browser = new Browser()
    const first = await visitCountingProvider(browser, rp.url('/check-in'))
    expect(first.toProvider).toBe(1)
    expect(first.page.body).toContain('data-insurance-status="missing"')
    // Before the fix of `requireAttributes`, this went back to VNeID (and round again, for ever).
    const second = await browser.get(rp.url('/check-in'), { follow: false })
    expect(second.status).toBe(200)
    expect(second.body).toContain('data-insurance-status="missing"')

    const href = /id="share-again" href="([^"]+)"/.exec(second.body)?.[1]?.replaceAll('&amp;', '&') ?? ''
    const link = new URL(href, rp.url('/'))
    expect(link.pathname).toBe('/auth/login')
    expect(link.searchParams.get('attributes')).toBe('health_insurance,vaccination')
    expect(link.searchParams.get('returnTo')).toBe('/check-in')
    const again = await visitCountingProvider(browser, link)
    expect(again.toProvider).toBe(1)
    expect(again.page.url.pathname).toBe('/check-in')
    expect(again.page.body).toContain('data-insurance-status="missing"')
  })

  it('the insurance register down (healthInsuranceSourceDown): reception checks the paper card', async () => {
    const { page, text } = await checkIn(personas.healthInsuranceSourceDown.personalId)
    expect(page.status).toBe(200)
    expect(page.body).toContain('data-insurance-status="unavailable"')
    expect(text).toContain('Hệ thống bảo hiểm y tế đang không phản hồi')
    expect(text).toContain('Quầy tiếp đón sẽ kiểm tra thẻ bảo hiểm y tế giấy')
    expect(page.body).toContain('id="payment-insurance_check"')
  })

  it('the source_down scenario on health_insurance: the same notice for a citizen who holds a card', async () => {
    await rp.admin('POST', '/scenarios', { name: 'source_down', source: 'health_insurance' })
    const { page, text } = await checkIn(personas.level2Adult.personalId)
    expect(page.body).toContain('data-insurance-status="unavailable"')
    expect(text).toContain('Hệ thống BHYT không phản hồi')
    expect(text).toContain('Vero Cell')
  })

  it('consent denied: a friendly page, nothing shared, no session', async () => {
    await rp.admin('POST', '/scenarios', { name: 'consent_denied' })
    const { browser, page, text } = await checkIn(personas.level2Adult.personalId)
    expect(page.status).toBe(403)
    expect(text).toContain('Bạn đã không chia sẻ dữ liệu')
    expect(text).toContain('đăng ký trực tiếp tại quầy tiếp đón')
    const again = await browser.get(rp.url('/check-in'), { follow: false })
    expect(again.status).toBe(302) // still signed out: sent to VNeID
  })

  it('CSRF: refuses the queue form without the token or from another site', async () => {
    const { browser, page } = await checkIn(personas.teen16.personalId)
    const fields = { department: 'nhi', payment: 'self_pay' }
    const noToken = await browser.post(rp.url('/check-in/queue'), fields)
    expect(noToken.status).toBe(403)
    expect(textOf(noToken)).toContain('Yêu cầu không hợp lệ')
    const crossSite = await browser.post(
      rp.url('/check-in/queue'),
      { ...fields, _csrf: fieldValue(page, '_csrf') },
      { headers: { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' } },
    )
    expect(crossSite.status).toBe(403)
    expect(textOf(await browser.get(rp.url('/check-in')))).not.toContain('Số thứ tự')
  })

  it('the check-in page in English', async () => {
    const { browser } = await checkIn(personas.level2Adult.personalId)
    const en = textOf(await browser.get(rp.url('/check-in?lang=en')))
    expect(en).toContain('Health-insurance card')
    expect(en).toContain('The card is valid today')
    expect(en).toContain('Medical check-in: checking the health-insurance card and the vaccination history')
  })

  it('the provider down: a friendly 503, never a stack trace', async () => {
    await rp.stopProvider()
    const page = await new Browser().get(rp.url('/check-in'))
    expect(page.status).toBe(503)
    expect(textOf(page)).toContain('VNeID tạm thời không phản hồi')
    expect(page.body).not.toMatch(/at .*\.js:\d+|ERR_EID_NETWORK/)
  })
})

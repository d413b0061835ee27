/**
 * The pharmacy against the real mock provider in process (`startExample`: real HTTP on 127.0.0.1, the
 * Hono app served through @hono/node-server's request listener, as `server.ts` serves it).
 */
import { personas } from '@dinhdanh/testing'
import { getRequestListener } from '@hono/node-server'
import { DEMO_APPS } from 'dinhdanh-example-shared/demo'
import {
  Browser,
  type ExampleUnderTest,
  fieldValue,
  type Handler,
  startExample,
  textOf,
} from 'dinhdanh-example-shared/testing'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from './app.js'

const pharmacy = DEMO_APPS.find((app) => app.name === 'pharmacy')!
// The card check compares with "today": pinned, so the personas' cards have a known status.
const REFERENCE_DAY = new Date('2026-07-01T03:00:00Z')
let today = REFERENCE_DAY
let rp: ExampleUnderTest<Handler>

const build = (deps: Parameters<typeof createApp>[0]) =>
  getRequestListener(createApp({ ...deps, now: () => today }).fetch)

beforeAll(async () => {
  rp = await startExample(pharmacy, build)
})
afterEach(async () => {
  today = REFERENCE_DAY
  await rp.admin('DELETE', '/scenarios').catch(() => undefined)
})
afterAll(() => rp?.close())

const BLOOD_PRESSURE = '/prescriptions/tang-huyet-ap'

/** Signs a fresh browser in as the persona through a prescription page. */
async function fill(personalId: string, path = BLOOD_PRESSURE) {
  const browser = new Browser()
  const page = await rp.signInAs(browser, personalId, path)
  return { browser, page, text: textOf(page) }
}

describe('the pharmacy window', () => {
  it('lists the prescriptions in Vietnamese, with an English switch that sticks', async () => {
    const browser = new Browser()
    const vi = await browser.get(rp.url('/'))
    expect(vi.status).toBe(200)
    expect(textOf(vi)).toContain('Nhà thuốc Cỏ Mây')
    expect(textOf(vi)).toContain('Tăng huyết áp và mỡ máu')
    expect(vi.body).toContain(`id="fill-tang-huyet-ap" href="${BLOOD_PRESSURE}"`)
    const en = await browser.get(rp.url('/?lang=en'))
    expect(textOf(en)).toContain('Fill this prescription with VNeID')
    expect(textOf(await browser.get(rp.url('/')))).toContain('Price before insurance')
  })

  it('sends strict security headers on its pages and on the adapter redirects', async () => {
    const browser = new Browser()
    for (const page of [
      await browser.get(rp.url('/')),
      await browser.get(rp.url(BLOOD_PRESSURE), { follow: false }),
      await browser.get(rp.url('/no-such-page')),
    ]) {
      const csp = page.headers.get('content-security-policy') ?? ''
      expect(csp).toContain("script-src 'none'")
      expect(csp).toContain(`form-action 'self' ${new URL(rp.idp.url).origin}`)
      expect(page.headers.get('x-frame-options')).toBe('DENY')
      expect(page.headers.get('cache-control')).toBe('no-store')
    }
    const css = await browser.get(rp.url('/assets/site.css'))
    expect(css.headers.get('content-type')).toContain('text/css')
  })

  it('answers 404 for an unknown prescription without sending anyone to VNeID', async () => {
    const page = await new Browser().get(rp.url('/prescriptions/no-such-thing'), { follow: false })
    expect(page.status).toBe(404)
    expect(textOf(page)).toContain('Không tìm thấy trang')
  })
})

describe('filling a prescription with the card from VNeID', () => {
  it('a level-2 citizen with a valid card (benefit level 4) pays 20%: 72.000 ₫ of 360.000 ₫', async () => {
    const { page, text } = await fill(personas.level2Adult.personalId)
    expect(page.status).toBe(200)
    expect(page.url.pathname).toBe(BLOOD_PRESSURE)
    expect(page.body).toContain('data-card-status="valid"')
    expect(text).toContain('Thẻ còn hạn đến 31/12/2026')
    expect(text).toContain('quỹ bảo hiểm y tế chi trả 80%')
    expect(text).toMatch(/Tổng cộng 360\.000 ₫/)
    expect(text).toMatch(/Quỹ bảo hiểm y tế chi trả 288\.000 ₫/)
    expect(text).toMatch(/Bạn thanh toán tại quầy 72\.000 ₫/)
    // What was received and why, and the citizen in the header with the sign-out form.
    expect(text).toContain('Dữ liệu chúng tôi nhận được từ VNeID')
    expect(text).toContain('0101234567')
    expect(text).toContain('Nguyễn Văn An · mức 2')
    expect(page.body).toContain(`href="${rp.idp.url}/account"`)
    // The provider was asked for the card at level 2, with the purpose.
    const { consents } = (await rp.admin('GET', `/consents?client_id=${pharmacy.clientId}`)) as {
      consents: { attributes: string[]; purpose: string }[]
    }
    expect(consents.at(-1)?.attributes).toContain('health_insurance')
    expect(consents.at(-1)?.purpose).toContain('Bán thuốc theo đơn có bảo hiểm y tế')
  })

  it('another prescription in the same session asks VNeID nothing; off-list drugs are paid in full', async () => {
    const { browser } = await fill(personas.level2Adult.personalId)
    const page = await browser.get(rp.url('/prescriptions/dai-thao-duong'), { follow: false })
    expect(page.status).toBe(200)
    const text = textOf(page)
    // 80% of 372.000 ₫ covered; the vitamins (90.000 ₫) are not on the fund's list.
    expect(text).toMatch(/Quỹ bảo hiểm y tế chi trả 297\.600 ₫/)
    expect(text).toMatch(/Bạn thanh toán tại quầy 164\.400 ₫/)
    expect(text).toContain('ngoài danh mục BHYT')
  })

  it('a cheap prescription is paid in full by the fund (under 15% of the base salary)', async () => {
    const { page, text } = await fill(personas.level2Adult.personalId, '/prescriptions/viem-phe-quan')
    expect(page.body).toContain('id="low-cost"')
    expect(text).toMatch(/Bạn thanh toán tại quầy 0 ₫/)
  })

  it('shows the co-payment page in English when chosen', async () => {
    const browser = new Browser()
    await browser.get(rp.url('/?lang=en'))
    const page = await rp.signInAs(browser, personas.level2Adult.personalId, BLOOD_PRESSURE)
    expect(textOf(page)).toContain('The card is valid until 31/12/2026')
    expect(textOf(page)).toMatch(/You pay at the counter 72,000 VND/)
  })

  it('an expired card: the full price, and how to renew', async () => {
    today = new Date('2027-01-15T03:00:00Z')
    const { page, text } = await fill(personas.level2Adult.personalId)
    expect(page.body).toContain('data-card-status="expired"')
    expect(text).toContain('Thẻ bảo hiểm y tế của bạn đã hết hạn ngày 31/12/2026')
    expect(text).toMatch(/Bạn thanh toán tại quầy 360\.000 ₫/)
    expect(page.body).not.toContain('id="share-again"')
  })

  it('no card (noHealthInsurance): the price without insurance and a "share again" link', async () => {
    const { page, text } = await fill(personas.noHealthInsurance.personalId)
    expect(page.body).toContain('data-card-status="missing"')
    expect(text).toContain('Chúng tôi không nhận được thẻ bảo hiểm y tế từ VNeID')
    expect(text).toMatch(/Bạn thanh toán tại quầy 360\.000 ₫/)
    expect(page.body).toContain(
      'id="share-again" href="/auth/login?attributes=health_insurance&amp;level=2&amp;returnTo=%2Fprescriptions%2Ftang-huyet-ap"',
    )
  })

  it('the insurance register down (healthInsuranceSourceDown): explained, try again later', async () => {
    const { page, text } = await fill(personas.healthInsuranceSourceDown.personalId)
    expect(page.body).toContain('data-card-status="unavailable"')
    expect(text).toContain('Hệ thống bảo hiểm y tế đang không phản hồi')
    expect(text).toContain('Hệ thống BHYT không phản hồi')
  })

  it('the register down for anyone (source_down scenario) reads the same', async () => {
    await rp.admin('POST', '/scenarios', { name: 'source_down', source: 'health_insurance' })
    const { page } = await fill(personas.level2Adult.personalId)
    expect(page.body).toContain('data-card-status="unavailable"')
  })

  it('a level-1 account is told why level 2 is needed', async () => {
    const { page, text } = await fill(personas.level1Adult.personalId)
    expect(page.status).toBe(403)
    expect(page.body).toContain('data-problem="level_too_low"')
    expect(text).toContain('Cần tài khoản định danh mức 2')
  })

  it('consent denied at the provider: a friendly page', async () => {
    await rp.admin('POST', '/scenarios', { name: 'consent_denied' })
    const { page, text } = await fill(personas.level2Adult.personalId)
    expect(page.status).toBe(403)
    expect(page.body).toContain('data-problem="declined"')
    expect(text).toContain('Bạn chưa chia sẻ thẻ bảo hiểm y tế')
  })

  it('signs out: the session is gone and the next prescription asks VNeID again', async () => {
    const { browser, page } = await fill(personas.level2Adult.personalId)
    const out = await browser.post(
      rp.url('/auth/logout'),
      { _csrf: fieldValue(page, '_csrf') },
      { follow: false },
    )
    expect(out.status).toBeGreaterThanOrEqual(300)
    expect(out.status).toBeLessThan(400)
    const home = await browser.get(rp.url('/'))
    expect(home.body).not.toContain('action="/auth/logout"')
    const again = await browser.get(rp.url(BLOOD_PRESSURE), { follow: false })
    expect(again.location?.origin).toBe(new URL(rp.idp.url).origin)
  })

  it('refuses a sign-out without its CSRF token', async () => {
    const { browser } = await fill(personas.level2Adult.personalId)
    const out = await browser.post(rp.url('/auth/logout'), {}, { follow: false })
    expect(out.status).toBe(403)
    expect(textOf(await browser.get(rp.url('/')))).toContain('Nguyễn Văn An')
  })
})

describe('when VNeID is down', () => {
  it('a 5xx from the provider is a friendly 503 page', async () => {
    await rp.admin('POST', '/scenarios', { name: 'server_error', endpoint: 'par' })
    const page = await new Browser().get(rp.url(BLOOD_PRESSURE))
    expect(page.status).toBe(503)
    expect(textOf(page)).toContain('VNeID tạm thời không phản hồi')
    expect(page.body).toContain('data-problem="provider_down"')
  })

  it('the provider stopped: the same page', async () => {
    const own = await startExample(pharmacy, build)
    try {
      await own.stopProvider()
      const page = await new Browser().get(own.url(BLOOD_PRESSURE))
      expect(page.status).toBe(503)
      expect(page.body).toContain('data-problem="provider_down"')
    } finally {
      await own.close()
    }
  })
})

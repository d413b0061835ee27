import { personas } from '@dinhdanh/testing'
import { DEMO_APPS } from 'dinhdanh-example-shared/demo'
import { Browser, type ExampleUnderTest, startExample, textOf } from 'dinhdanh-example-shared/testing'
import type { Express } from 'express'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from './app.js'

const retail = DEMO_APPS.find((app) => app.name === 'retail')!
let rp: ExampleUnderTest<Express>

beforeAll(async () => {
  rp = await startExample(retail, ({ client, config }) => createApp({ client, config }))
})
afterAll(() => rp.close())
afterEach(() => rp.admin('DELETE', '/scenarios'))

const WINE = '/checkout/vang-do-da-lat/verify-age'

describe('the shop window', () => {
  it('lists the products in Vietnamese, with an English switch that sticks', async () => {
    const browser = new Browser()
    const vi = await browser.get(rp.url('/'))
    expect(vi.status).toBe(200)
    expect(textOf(vi)).toContain('Vang đỏ Đà Lạt 750 ml')
    expect(textOf(vi)).toContain('chỉ bán cho người từ 18 tuổi')
    const en = await browser.get(rp.url('/?lang=en'))
    expect(textOf(en)).toContain('Alcoholic products are sold to people 18 and over only')
    const later = await browser.get(rp.url('/checkout/vang-do-da-lat'))
    expect(textOf(later)).toContain('Confirm I am 18+ with VNeID')
  })

  it('sends strict security headers: no script, forms only to itself and the provider', async () => {
    const page = await new Browser().get(rp.url('/'))
    const csp = page.headers.get('content-security-policy') ?? ''
    expect(csp).toContain("script-src 'none'")
    expect(csp).toContain(`form-action 'self' ${new URL(rp.idp.url).origin}`)
    expect(page.headers.get('x-frame-options')).toBe('DENY')
  })

  it('answers 404 with a page for an unknown product', async () => {
    const page = await new Browser().get(rp.url('/checkout/no-such-wine'))
    expect(page.status).toBe(404)
    expect(textOf(page)).toContain('Không tìm thấy trang')
  })

  it('sells an alcohol-free product without any check', async () => {
    const browser = new Browser()
    const page = await browser.post(rp.url('/checkout/siro-dau-tay/order'), {})
    expect(page.status).toBe(200)
    expect(page.url.pathname).toMatch(/^\/orders\/[0-9a-f]{32}$/)
    expect(textOf(page)).not.toContain('Dữ liệu chúng tôi nhận được')
  })
})

describe('the age check', () => {
  it('asks VNeID for age_over_18 only, without identity, with the purpose', async () => {
    const start = await new Browser().get(rp.url(WINE), { follow: false })
    expect(start.status).toBe(302)
    expect(start.location?.origin).toBe(new URL(rp.idp.url).origin)
    // Only the sealed attempt, for the callback: no session is started for an identity-free check.
    expect(start.headers.getSetCookie()).toEqual([expect.stringMatching(/^eid_tx\.[\w-]+=[^;]+; .*HttpOnly/)])
    // The pushed request is at the provider; what it asked for shows in the consent it records.
    const browser = new Browser()
    await rp.signInAs(browser, personas.level2Adult.personalId, WINE)
    const { consents } = (await rp.admin('GET', `/consents?client_id=${retail.clientId}`)) as {
      consents: { attributes: string[]; purpose: string }[]
    }
    const last = consents.at(-1)!
    expect(last.attributes).toEqual(['age_over_18'])
    expect(last.purpose).toContain('đủ 18 tuổi')
  })

  it('an adult buys the wine; the order page shows what was received and never who the buyer is', async () => {
    const browser = new Browser()
    const page = await rp.signInAs(browser, personas.level2Adult.personalId, WINE)
    expect(page.status).toBe(200)
    expect(page.url.pathname).toMatch(/^\/orders\//)
    const text = textOf(page)
    expect(text).toContain('Cảm ơn bạn! Đơn hàng')
    expect(text).toContain('Đủ 18 tuổi Có')
    expect(text).toContain('Không nhận: cửa hàng không hỏi')
    expect(text).toContain('Rút lại sự đồng ý trên cổng công dân VNeID')
    expect(page.body).toContain(`href="${rp.idp.url}/account"`)
    // Data minimisation: nothing identifying reached the page.
    expect(text).not.toContain(personas.level2Adult.personalId)
    expect(text).not.toContain(personas.level2Adult.overrides.fullName)
    expect(page.body).not.toMatch(/eyJ[\w-]+\.[\w-]+\./)
  })

  it('a citizen who turns 18 tomorrow is refused politely', async () => {
    const page = await rp.signInAs(new Browser(), personas.turns18Tomorrow.personalId, WINE)
    expect(page.status).toBe(403)
    expect(page.body).toContain('id="age-refused"')
    expect(textOf(page)).toContain('Rất tiếc, chúng tôi không thể bán sản phẩm này')
    expect(textOf(page)).toContain('chưa đủ 18 tuổi')
  })

  it('a 16-year-old is refused and offered the alcohol-free product, in English when chosen', async () => {
    const browser = new Browser()
    await browser.get(rp.url('/?lang=en'))
    const page = await rp.signInAs(browser, personas.teen16.personalId, WINE)
    expect(page.status).toBe(403)
    expect(textOf(page)).toContain('VNeID says you are under 18')
    expect(page.body).toContain('href="/checkout/siro-dau-tay"')
  })

  it('a citizen who turns 18 today can buy', async () => {
    const page = await rp.signInAs(new Browser(), personas.turns18Today.personalId, WINE)
    expect(page.status).toBe(200)
    expect(textOf(page)).toContain('Cảm ơn bạn! Đơn hàng')
  })

  it('consent denied at the provider: a friendly page, no order', async () => {
    await rp.admin('POST', '/scenarios', { name: 'consent_denied' })
    const page = await rp.signInAs(new Browser(), personas.level2Adult.personalId, WINE)
    expect(page.status).toBe(403)
    expect(textOf(page)).toContain('Chưa xác nhận được độ tuổi')
    expect(page.body).toContain('data-problem="declined"')
    expect(page.url.pathname).toBe('/auth/callback')
  })

  it('a callback without the age-check cookie (another browser, or replayed) is refused', async () => {
    const browser = new Browser()
    const start = await browser.get(rp.url(WINE), { follow: false })
    const page = await new Browser().get(rp.url(`/auth/callback?code=x&state=y&iss=${rp.idp.url}`))
    expect(start.status).toBe(302)
    expect(page.status).toBe(400)
    expect(page.body).toContain('ERR_EID_TRANSACTION_INVALID')
  })

  it('a callback with a forged code fails with the adapter page and its stable code', async () => {
    const browser = new Browser()
    const start = await browser.get(rp.url(WINE), { follow: false })
    const state = new URL(start.location!).searchParams.get('state') ?? 'unknown'
    const page = await browser.get(rp.url(`/auth/callback?code=forged&state=${state}&iss=${rp.idp.url}`))
    expect(page.status).toBeGreaterThanOrEqual(400)
    expect(page.body).toMatch(/<code>ERR_EID_[A-Z_]+<\/code>/)
  })

  it('records a consent withdrawal pushed by the provider on the order', async () => {
    const browser = new Browser()
    // A citizen no other test uses, so their one consent is this order's.
    const buyer = personas.noHealthInsurance.personalId
    const order = await rp.signInAs(browser, buyer, WINE)
    expect(textOf(order)).not.toContain('Bạn đã rút lại sự đồng ý trên VNeID')
    expect(textOf(order)).toContain('Rút lại sự đồng ý trên cổng công dân VNeID')
    const { consents } = (await rp.admin('GET', `/consents?personal_id=${buyer}`)) as {
      consents: { id: string; status: string }[]
    }
    expect(consents).toHaveLength(1)
    await rp.admin('POST', `/consents/${consents[0]!.id}/withdraw`)
    await expect
      .poll(async () => textOf(await browser.get(order.url)), { timeout: 10_000 })
      .toContain('Bạn đã rút lại sự đồng ý trên VNeID')
    // Issue #15, point 9: the order no longer offers to withdraw what is withdrawn.
    const after = textOf(await browser.get(order.url))
    expect(after).not.toContain('Rút lại sự đồng ý trên cổng công dân VNeID')
    expect(after).toContain('Bạn đã rút lại sự đồng ý này trên VNeID; không cần làm gì thêm.')
  })

  it('refuses a forged consent event with 400', async () => {
    const response = await fetch(rp.url('/auth/consent-events'), {
      method: 'POST',
      headers: { 'content-type': 'application/secevent+jwt' },
      body: 'eyJhbGciOiJub25lIn0.eyJ4IjoxfQ.',
    })
    expect(response.status).toBe(400)
    expect(await response.json()).toMatchObject({ err: 'invalid_request' })
  })
})

describe('checking another person (the shop has no sign-out: nobody signs in)', () => {
  it('while an answer is held every page offers it; it forgets the answer and sends the browser to VNeID to sign out', async () => {
    const browser = new Browser()
    const fresh = await browser.get(rp.url('/'))
    expect(fresh.body).not.toContain('id="another-person"')
    await rp.signInAs(browser, personas.level2Adult.personalId, WINE)
    // Held: a second bottle is sold on the same answer, without asking VNeID.
    const again = await browser.get(rp.url(WINE), { follow: false })
    expect(again.status).toBe(303)
    expect(again.location?.pathname).toMatch(/^\/orders\//)
    const home = await browser.get(rp.url('/'))
    expect(home.body).toContain('<form method="post" action="/another-person"')
    expect(textOf(home)).toContain('Kiểm tra người khác')
    expect(textOf(await browser.get(rp.url('/?lang=en')))).toContain('Check another person')

    const out = await browser.post(rp.url('/another-person'), {}, { follow: false })
    expect(out.status).toBe(303)
    // RP-initiated logout without an ID token (the shop never had one): the provider asks to confirm.
    expect(`${out.location?.origin}${out.location?.pathname}`).toBe(`${rp.idp.url}/session/end`)
    expect(out.location?.searchParams.get('client_id')).toBe(retail.clientId)
    expect(out.location?.searchParams.get('post_logout_redirect_uri')).toBe(`${rp.baseUrl}/`)
    // Forgotten: the next check asks VNeID again, and nothing is offered any more.
    const next = await browser.get(rp.url(WINE), { follow: false })
    expect(next.status).toBe(302)
    expect(next.location?.origin).toBe(new URL(rp.idp.url).origin)
    expect((await browser.get(rp.url('/'))).body).not.toContain('id="another-person"')
  })

  it('refuses a post from another site and keeps the answer', async () => {
    const browser = new Browser()
    await rp.signInAs(browser, personas.level2Adult.personalId, WINE)
    const forged = await browser.post(
      rp.url('/another-person'),
      {},
      { follow: false, headers: { origin: 'http://evil.example', 'sec-fetch-site': 'cross-site' } },
    )
    expect(forged.status).toBe(403)
    const again = await browser.get(rp.url(WINE), { follow: false })
    expect(again.location?.pathname).toMatch(/^\/orders\//)
  })
})

describe('when VNeID is down', () => {
  it('shows a friendly page instead of an error', async () => {
    const own = await startExample(retail, ({ client, config }) => createApp({ client, config }))
    try {
      await own.stopProvider()
      const page = await new Browser().get(own.url(WINE))
      expect(page.status).toBe(503)
      expect(textOf(page)).toContain('VNeID tạm thời không phản hồi')
      expect(page.body).toContain('data-problem="provider_down"')
    } finally {
      await own.close()
    }
  })

  it('a 5xx from the provider is the same friendly page', async () => {
    await rp.admin('POST', '/scenarios', { name: 'server_error', endpoint: 'par' })
    const page = await new Browser().get(rp.url(WINE))
    expect(page.status).toBe(503)
    expect(textOf(page)).toContain('VNeID tạm thời không phản hồi')
  })
})

import { personas } from '@dinhdanh/testing'
import { expect, it } from 'vitest'
import { screenshot } from '../support/chromium.js'
import { enterNumberAndPasscode, enterOtp, signInAtProvider } from '../support/citizen.js'
import type { Journeys } from './context.js'

/** The shop: an adult buys wine with only `age_over_18` shared; a 16-year-old is refused politely. */
export const retailJourneys: Journeys = (use) => {
  it('retail: an adult confirms 18+ on VNeID and buys the wine; the shop never sees who they are; "check another person" lets a 16-year-old be checked next', async () => {
    const { demo, page } = await use()
    const shop = demo.urls.retail
    await page.goto(shop)
    await expect.poll(() => page.locator('h1').textContent()).toBe('Sản phẩm')
    await screenshot(page, 'retail-1-products')
    await page.click('#buy-vang-do-da-lat')
    await page.click('#verify-age')
    await signInAtProvider(page, demo, personas.level2Adult.personalId, { appOrigin: shop, shots: 'retail' })
    await page.locator('#order-confirmed').waitFor()
    const text = await page.locator('main').textContent()
    expect(text).toContain('Đủ 18 tuổi')
    expect(text).toContain('Không nhận: cửa hàng không hỏi')
    expect(text).not.toContain(personas.level2Adult.overrides.fullName)
    expect(text).not.toContain(personas.level2Adult.personalId)
    await screenshot(page, 'retail-4-order')

    // Another person at the same computer (#15, point 2): the shop forgets the answer and VNeID signs
    // out, so the next check asks VNeID for a number again: two clicks.
    await page.click('#check-another')
    await page.locator('button[name=logout][value=yes]').click()
    await page.waitForURL((url) => url.origin === shop)
    expect(await page.locator('#another-person').count()).toBe(0)
    await page.click('#buy-ruou-man-bac-ha')
    await page.click('#verify-age')
    await enterNumberAndPasscode(page, demo, personas.teen16.personalId)
    await enterOtp(page, demo)
    for (const box of await page.locator('input[name=attributes]').all()) await box.check()
    await page.locator('button[name=decision][value=allow]').click()
    await page.waitForURL((url) => url.origin === shop)
    await page.locator('#age-refused').waitFor()
  })

  it('retail: a 16-year-old is refused politely, in English when chosen', async () => {
    const { demo, page } = await use()
    const shop = demo.urls.retail
    await page.goto(`${shop}/?lang=en`)
    await page.click('#buy-ruou-man-bac-ha')
    await page.click('#verify-age')
    // The provider's screens follow the language chosen at the shop (ui_locales).
    await page.waitForURL((url) => url.origin === new URL(demo.idp.url).origin)
    expect(await page.locator('html').getAttribute('lang')).toBe('en')
    await enterNumberAndPasscode(page, demo, personas.teen16.personalId)
    await enterOtp(page, demo)
    for (const box of await page.locator('input[name=attributes]').all()) await box.check()
    await page.locator('button[name=decision][value=allow]').click()
    await page.waitForURL((url) => url.origin === shop)
    await page.locator('#age-refused').waitFor()
    expect(await page.locator('h1').textContent()).toBe('Sorry, we cannot sell you this product')
    await screenshot(page, 'retail-5-minor-refused')
  })
}

import { personas } from '@dinhdanh/testing'
import { expect, it } from 'vitest'
import { screenshot } from '../support/chromium.js'
import { enterNumberAndPasscode, enterOtp, signInAtProvider } from '../support/citizen.js'
import type { Journeys } from './context.js'

/**
 * Switching citizen in one browser (#15, point 2): after one sign-in, the provider's single sign-on would
 * carry the same citizen into the next; its home page says who is signed in and signs out, so the next
 * sign-in asks for a number again.
 */
export const switchCitizenJourneys: Journeys = (use) => {
  it('switch citizen: the provider home page shows who is signed in; one click signs out and the next sign-in asks who you are', async () => {
    const { demo, page } = await use()
    const shop = demo.urls.retail
    await page.goto(`${shop}/checkout/vang-do-da-lat/verify-age`)
    await signInAtProvider(page, demo, personas.level2Adult.personalId, { appOrigin: shop })

    // The shop remembers the age check; forget the shop's cookies only (the provider's session stays), so
    // the shop asks the provider again, as a second visitor at the same computer would make it.
    const context = page.context()
    const provider = (await context.cookies()).filter((cookie) => cookie.name.startsWith('_session'))
    expect(provider.length).toBeGreaterThan(0)
    await context.clearCookies()
    await context.addCookies(provider)

    await page.goto(`${demo.idp.url}/`)
    const who = page.locator('.who')
    await expect.poll(() => who.textContent()).toContain('Đang đăng nhập:')
    expect(await who.textContent()).toContain('001 090 ••• 234')
    await screenshot(page, 'provider-home-signed-in')
    await page.locator('form[action="/sign-out"] button').click()
    await page.waitForLoadState()
    expect(await page.locator('main').textContent()).toContain('Đã đăng xuất khỏi nhà cung cấp')
    expect(await page.locator('.who').count()).toBe(0)

    // The next sign-in at the shop asks for a number again: another citizen can sign in.
    await page.goto(`${shop}/checkout/ruou-man-bac-ha/verify-age`)
    await enterNumberAndPasscode(page, demo, personas.teen16.personalId)
    await enterOtp(page, demo)
    await expect.poll(() => page.locator('.who').textContent()).toContain('Đang đăng nhập:')
    expect(await page.locator('.who').textContent()).not.toContain('001 090')
    await screenshot(page, 'provider-consent-signed-in')
  })
}

import { personas } from '@dinhdanh/testing'
import { expect, it } from 'vitest'
import { screenshot } from '../support/chromium.js'
import { signInAtProvider } from '../support/citizen.js'
import type { Journeys } from './context.js'

/**
 * The pharmacy (on Hono): a level-2 citizen shares the health-insurance card and sees the co-payment of a
 * prescription, then signs out; the insurance register being down is explained.
 */
export const pharmacyJourneys: Journeys = (use) => {
  it('pharmacy: a level-2 citizen shares a valid card, sees the co-payment and signs out', async () => {
    const { demo, page } = await use()
    const pharmacy = demo.urls.pharmacy
    await page.goto(pharmacy)
    await expect.poll(() => page.locator('h1').textContent()).toBe('Mua thuốc theo đơn có bảo hiểm y tế')
    await screenshot(page, 'pharmacy-1-home')
    await page.click('#fill-tang-huyet-ap')
    await signInAtProvider(page, demo, personas.level2Adult.personalId, {
      appOrigin: pharmacy,
      shots: 'pharmacy',
    })
    await page.locator('#card[data-card-status="valid"]').waitFor()
    expect(await page.locator('#benefit-level').textContent()).toBe('4')
    expect(await page.locator('#card-number').textContent()).toBe('0101234567')
    expect(await page.locator('#co-payment').textContent()).toBe('72.000 ₫')
    expect(await page.locator('#fund-pays').textContent()).toBe('288.000 ₫')
    await screenshot(page, 'pharmacy-4-co-payment')
    // Sign out of the pharmacy and of VNeID: the provider asks, then sends the citizen back signed out.
    await page.click('header form.account button[type=submit]')
    await page.locator('button[name=logout][value=yes]').click()
    await page.waitForURL((url) => url.origin === pharmacy)
    expect(await page.locator('header form.account').count()).toBe(0)
  })

  it('pharmacy: the insurance register not answering is explained, in English when chosen', async () => {
    const { demo, page } = await use()
    const pharmacy = demo.urls.pharmacy
    await page.goto(`${pharmacy}/?lang=en`)
    await page.click('#fill-dai-thao-duong')
    await signInAtProvider(page, demo, personas.healthInsuranceSourceDown.personalId, { appOrigin: pharmacy })
    await page.locator('#card[data-card-status="unavailable"]').waitFor()
    expect(await page.locator('h1').textContent()).toBe('Prescription: Type 2 diabetes')
    expect(await page.locator('#card-unavailable').textContent()).toContain(
      'The health-insurance register is not responding',
    )
    expect(await page.locator('#share-again').count()).toBe(1)
    await screenshot(page, 'pharmacy-5-register-down')
  })
}

import { personas } from '@dinhdanh/testing'
import type { Page } from 'playwright-core'
import { expect, it } from 'vitest'
import { screenshot } from '../support/chromium.js'
import { decideConsent, enterNumberAndPasscode, enterOtp, signInAtProvider } from '../support/citizen.js'
import { layoutProblems, PHONE, widthShare } from '../support/narrow.js'
import type { Journeys } from './context.js'

/** Asserts the page fits a 390 px screen with no buttons touching, then saves it as `name`. */
async function fitsThePhone(page: Page, name: string): Promise<void> {
  await page.waitForLoadState()
  expect({ page: name, ...(await layoutProblems(page)) }).toEqual({ page: name, overflow: [], touching: [] })
  await screenshot(page, name)
}

/**
 * The examples on a phone, 390 px wide (#15, point 10): the airline's and the bank's tables fit instead
 * of clipping, the hospital's queue card spans the page, and no two buttons touch.
 */
export const narrowScreenJourneys: Journeys = (use) => {
  it('phone: the airline fits 390 px, its sample bookings and the boarding pass included', async () => {
    const { demo, newPage } = await use()
    const page = await newPage(PHONE)
    const airline = demo.urls.travel
    await page.goto(airline)
    await page.locator('#demo-bookings table').waitFor()
    await fitsThePhone(page, 'phone-travel-1-bookings')
    await page.locator('#pnr').fill('K7AN2H')
    await page.locator('#passenger-name').fill('Nguyễn Văn An')
    await page.click('#find-booking')
    // An earlier journey may have checked An in at the airline: his consent for check-in is remembered then.
    await signInAtProvider(page, demo, personas.level2Adult.personalId, {
      appOrigin: airline,
      consent: 'if asked',
    })
    await page.locator('#boarding-pass').waitFor()
    await fitsThePhone(page, 'phone-travel-2-boarding-pass')
  })

  it('phone: the bank fits 390 px, its recent transfers table included', async () => {
    const { demo, newPage } = await use()
    const page = await newPage(PHONE)
    const bank = demo.urls.bank
    await page.goto(bank)
    await fitsThePhone(page, 'phone-bank-1-home')
    await page.click('#open-account')
    // A citizen no other journey opens an account for (the demo keeps accounts between journeys).
    await signInAtProvider(page, demo, personas.expiredLicence.personalId, { appOrigin: bank })
    await page.locator('#confirm-open').waitFor()
    await fitsThePhone(page, 'phone-bank-2-review')
    await page.click('#confirm-open')
    await page.locator('#account-opened').waitFor()
    await page.click('#go-transfer')
    await page.locator('#recipient').fill('0123456789')
    await page.locator('#amount').fill('2.500.000')
    await fitsThePhone(page, 'phone-bank-3-transfer')
    await page.click('#submit-transfer')
    // Within the limits, no second authentication: the transfer is done at once.
    await page.locator('#transfer-done').waitFor()
    await page.goto(`${bank}/account`)
    await page.locator('#recent-transfers table').waitFor()
    await fitsThePhone(page, 'phone-bank-4-account')
  })

  it('phone: the hospital fits 390 px and its queue card spans the page', async () => {
    const { demo, newPage } = await use()
    const page = await newPage(PHONE)
    const hospital = demo.urls.hospital
    await page.goto(hospital)
    await page.click('#check-in')
    // A patient no other journey checks in today (a queue number is kept for the day).
    await signInAtProvider(page, demo, personas.elderlyLegacyId.personalId, { appOrigin: hospital })
    await page.locator('#queue-form').waitFor()
    await fitsThePhone(page, 'phone-hospital-1-check-in')
    await page.click('#take-number')
    await page.locator('#queue-ticket').waitFor()
    // It spans the page (less the page's margins), as the panels below it do.
    expect(await widthShare(page, '#queue-ticket')).toBeGreaterThan(0.9)
    await fitsThePhone(page, 'phone-hospital-2-queue-number')
  })

  it('phone: the shop fits 390 px', async () => {
    const { demo, newPage } = await use()
    const page = await newPage(PHONE)
    const shop = demo.urls.retail
    await page.goto(shop)
    await fitsThePhone(page, 'phone-retail-1-products')
    await page.click('#buy-vang-do-da-lat')
    await page.click('#verify-age')
    await enterNumberAndPasscode(page, demo, personas.level2Adult.personalId)
    await enterOtp(page, demo)
    // The provider's consent screen too: its legend inside the fieldset's border, not straddling it.
    await page.locator('button[name=decision][value=allow]').waitFor()
    expect(await layoutProblems(page)).toEqual({ overflow: [], touching: [] })
    const legend = await page.locator('fieldset legend').first().boundingBox()
    const fieldset = await page.locator('fieldset').first().boundingBox()
    expect(legend!.y).toBeGreaterThanOrEqual(fieldset!.y)
    await decideConsent(page, 'allow')
    await page.waitForURL((url) => url.origin === shop)
    await page.locator('#order-confirmed').waitFor()
    await fitsThePhone(page, 'phone-retail-2-order')
  })
}

import { personas } from '@dinhdanh/testing'
import { expect, it } from 'vitest'
import { screenshot } from '../support/chromium.js'
import { decideConsent, enterNumberAndPasscode, enterOtp, signInAtProvider } from '../support/citizen.js'
import type { Journeys } from './context.js'

/** The bank: eKYC account opening at level 2 with a stored consent receipt; a refused consent. */
export const bankJourneys: Journeys = (use) => {
  it('bank: a level-2 citizen opens an account, sees the signed receipt, and confirms a 25,000,000 ₫ transfer by authenticating again', async () => {
    const { demo, page } = await use()
    const bank = demo.urls.bank
    await page.goto(bank)
    await screenshot(page, 'bank-1-home')
    await page.click('#open-account')
    await signInAtProvider(page, demo, personas.level2Adult.personalId, { appOrigin: bank, shots: 'bank' })
    await page.locator('#confirm-open').waitFor()
    const review = await page.locator('main').textContent()
    expect(review).toContain('Nguyễn Văn An')
    expect(review).toContain('Mở tài khoản thanh toán trực tuyến (eKYC)')
    await screenshot(page, 'bank-4-review')
    await page.click('#confirm-open')
    await page.locator('#account-opened').waitFor()
    expect(await page.locator('#balance').textContent()).toContain('50.000.000 ₫')
    await page.locator('#consent-receipt .receipt-verified').waitFor()
    await screenshot(page, 'bank-5-account-and-receipt')
    await page.click('#go-transfer')
    await page.locator('#recipient').fill('0123456789')
    // Typed the way the page writes amounts (#15: a number field turned 15.000.000 into 15.000000).
    await page.locator('#amount').fill('25.000.000')
    await page.click('#submit-transfer')
    // Over 10,000,000 ₫: the citizen authenticates again on VNeID for this transfer, then confirms it.
    await signInAtProvider(page, demo, personas.level2Adult.personalId, { appOrigin: bank })
    await page.locator('#confirm-transfer').waitFor()
    await screenshot(page, 'bank-6-confirm-transfer')
    await page.click('#confirm-transfer')
    await page.locator('#transfer-done').waitFor()
    expect(await page.locator('main').textContent()).toContain('VNeID mức 2')
    await screenshot(page, 'bank-7-transfer-done')
    // Sign out of the bank and of VNeID: the provider asks, then sends the citizen back signed out.
    await page.click('header form.account button[type=submit]')
    await page.locator('button[name=logout][value=yes]').click()
    await page.waitForURL((url) => url.origin === bank)
    expect(await page.locator('header form.account').count()).toBe(0)
  })

  it('bank: a citizen who refuses to share gets a friendly page and no account', async () => {
    const { demo, page } = await use()
    const bank = demo.urls.bank
    await page.goto(bank)
    await page.click('#open-account')
    await enterNumberAndPasscode(page, demo, personas.noHealthInsurance.personalId)
    await enterOtp(page, demo)
    await decideConsent(page, 'deny')
    await page.waitForURL((url) => url.origin === bank)
    await page.locator('[data-problem="declined"]').waitFor()
    expect(await page.locator('#account-opened').count()).toBe(0)
    await screenshot(page, 'bank-8-consent-denied')
  })
}

import { personas } from '@dinhdanh/testing'
import { expect, it } from 'vitest'
import { screenshot } from '../support/chromium.js'
import { PASSCODE } from '../support/citizen.js'
import type { Journeys } from './context.js'

/**
 * The bank: account opening by sharing from the VNeID app (docs/vneid-share.md). The customer works on
 * the bank's desktop page (a QR code); a second browser plays their phone in the mock's phone simulator.
 */
export const bankShareJourneys: Journeys = (use) => {
  it('bank: a customer shares from the VNeID app: the QR on the desktop, the approval on the phone, the face match, the account', async () => {
    const { demo, page, newPage } = await use()
    const bank = demo.urls.bank
    // A citizen no other journey opens an account for: the demo keeps the bank's accounts between journeys,
    // and an existing customer is told so only after the face match.
    const personalId = personas.nfdName.personalId
    await page.goto(bank)
    await page.click('#share-from-app')
    // Typed as printed on the card.
    await page
      .locator('#personal-id')
      .fill(personalId.replace(/^(\d{3})(\d{3})(\d{3})(\d{3})$/, '$1 $2 $3 $4'))
    await page.click('#start-share')
    await page.locator('#share-qr svg').waitFor()
    expect(await page.locator('#share-waiting').getAttribute('data-device')).toBe('desktop')
    await screenshot(page, 'bank-share-1-qr')
    const appLink = await page.locator('#app-link').getAttribute('href')
    expect(appLink?.startsWith(`${demo.idp.url}/share/`)).toBe(true)

    // The phone: the app link opens the phone simulator, which asks the citizen to sign in.
    const phone = await newPage({ width: 390, height: 844 })
    await phone.goto(appLink!)
    await phone.locator('#personalId').fill(personalId)
    await phone.locator('#passcode').fill(PASSCODE)
    await phone.locator('form[action="/phone/sign-in"] button[type=submit]').click()
    await phone.locator('#otp').fill(await demo.latestOtp())
    await phone.locator('form[action="/phone/otp"] button[type=submit]').click()
    await phone.locator('button[name=decision][value=approve]').waitFor()
    const boxes = await phone.locator('input[name=attributes]').all()
    expect(boxes.length).toBe(5)
    for (const box of boxes) await box.check()
    await screenshot(phone, 'bank-share-2-phone-approve')
    await phone.locator('button[name=decision][value=approve]').click()
    // The phone's browser comes back to the bank without the desktop's session: told to carry on there.
    await phone.locator('#share-ended[data-reason="mismatch"]').waitFor()

    // The desktop page refreshes itself onto the face-match step.
    await page.locator('#face-step').waitFor({ timeout: 30_000 })
    // Nothing shared is shown before the face match (the browser may not be the citizen's).
    expect(await page.locator('#face-step img').count()).toBe(0)
    await screenshot(page, 'bank-share-3-face-match')
    await page.click('#take-selfie')
    await page.locator('#account-opened-share').waitFor()
    expect(await page.locator('#face-result').getAttribute('data-matched')).toBe('true')
    expect(await page.locator('#share-consent-id').textContent()).toMatch(/\S/)
    expect(await page.locator('#masked-personal-id').textContent()).toBe(`••••••••${personalId.slice(-4)}`)
    await screenshot(page, 'bank-share-4-account-opened')
  })
}

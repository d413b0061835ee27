import { personas } from '@dinhdanh/testing'
import { expect, it } from 'vitest'
import { screenshot } from '../support/chromium.js'
import { enterOtp, PASSCODE, signInAtProvider } from '../support/citizen.js'
import type { Journeys } from './context.js'

/**
 * The hospital: a patient checks in with the health-insurance card and vaccinations; the reception desk
 * signs a patient in on the patient's phone (CIBA); VNeID down gives a friendly page.
 */
export const hospitalJourneys: Journeys = (use) => {
  it('hospital: a patient checks in with a valid card and vaccinations and takes a queue number', async () => {
    const { demo, page } = await use()
    const hospital = demo.urls.hospital
    await page.goto(hospital)
    await screenshot(page, 'hospital-1-home')
    await page.click('#check-in')
    await signInAtProvider(page, demo, personas.level2Adult.personalId, {
      appOrigin: hospital,
      shots: 'hospital',
    })
    await page.locator('#insurance[data-insurance-status="valid"]').waitFor()
    expect(await page.locator('#card-number').textContent()).toContain('0101234567')
    expect(await page.locator('#vaccinations').textContent()).toContain('Vero Cell')
    await screenshot(page, 'hospital-4-check-in')
    await page.click('#take-number')
    await page.locator('#queue-number').waitFor()
    expect(await page.locator('#queue-number').textContent()).toMatch(/A\d{3}/)
    await screenshot(page, 'hospital-5-queue-number')
  })

  it('hospital desk: staff start a sign-in, the patient approves on the VNeID phone, the desk shows the card', async () => {
    const { demo, page, newPage } = await use()
    const hospital = demo.urls.hospital
    await page.goto(`${hospital}/desk`)
    await page.locator('#pin').fill('2468')
    await page.click('#desk-unlock')
    await page.locator('#patient-number').fill(personas.level2Adult.personalId)
    await page.locator('#binding-message').fill('Quầy 3')
    await page.click('#desk-start')
    await page.locator('#desk-result[data-status="waiting"]').waitFor()
    await screenshot(page, 'hospital-6-desk-waiting')

    // The patient's own phone: another device, so another browser profile.
    const phone = await newPage({ width: 420, height: 900 })
    await phone.goto(`${demo.idp.url}/phone`)
    await phone.locator('#personalId').fill(personas.level2Adult.personalId)
    await phone.locator('#passcode').fill(PASSCODE)
    await phone.locator('form[action="/phone/sign-in"] button[type=submit]').click()
    // The phone signs in with the SMS one-time code too, as the login screen does.
    await enterOtp(phone, demo)
    const request = phone.locator('section.request').first()
    await request.waitFor()
    expect(await request.textContent()).toContain('Quầy 3')
    for (const box of await request.locator('input[name=attributes]').all()) await box.check()
    await screenshot(phone, 'hospital-7-phone-approve')
    await request.locator('button[name=decision][value=approve]').click()

    // The desk page refreshes itself until the patient's answer arrives.
    await page.locator('#desk-result[data-status="approved"]').waitFor({ timeout: 30_000 })
    expect(await page.locator('#desk-patient-name').textContent()).toContain('Nguyễn Văn An')
    await screenshot(page, 'hospital-8-desk-approved')
  })

  it('hospital: VNeID down gives a friendly page, not an error', async () => {
    const { demo, page } = await use()
    await demo.admin('POST', '/scenarios', { name: 'server_error', endpoint: 'par', status: 503 })
    await page.goto(demo.urls.hospital)
    await page.click('#check-in')
    await page.locator('[data-problem="provider_down"]').waitFor()
    expect(await page.locator('h1').textContent()).toBe('VNeID tạm thời không phản hồi')
    await screenshot(page, 'hospital-9-provider-down')
  })
}

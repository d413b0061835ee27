/**
 * The bank on the VNeID dialect (`EID_PROFILE=vneid`) in a real browser (Debian's Chromium through
 * playwright-core): the citizen signs in through the mock provider's real screens reached by
 * /vneid/authorize (number and passcode, the SMS code from the outbox, consent when asked), the browser
 * comes back to the bank's callback with the dialect's code, and the signed-in pages say what this
 * profile gives and what it cannot do. Plain mode (Node 20). Without Chromium it is skipped, loudly.
 */
import { personas } from '@dinhdanh/testing'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CHROMIUM_PATH, launchChromium, screenshot } from './support/chromium.js'
import { enterNumberAndPasscode, enterOtp } from './support/citizen.js'
import type { Demo } from './support/demo.js'
import { startVneidBank } from './support/vneid-bank.js'

if (!CHROMIUM_PATH) {
  console.warn(
    '\n⚠⚠⚠ BROWSER TESTS SKIPPED: no Chromium at /usr/bin/chromium (or CHROMIUM_PATH). ' +
      'Install it with `apt-get install -y chromium` (Debian) or set CHROMIUM_PATH, then run `npm test` again. ⚠⚠⚠\n',
  )
}

/** After the SMS code: the consent screen when the provider shows one, then back at the bank. */
async function finishAtProvider(page: Page, bank: string): Promise<void> {
  const allow = page.locator('button[name=decision][value=allow]')
  const back = page.waitForURL((url) => url.origin === bank)
  const shown = await Promise.race([allow.waitFor().then(() => true), back.then(() => false)])
  if (shown) {
    for (const box of await page.locator('input[name=attributes]').all()) await box.check()
    await allow.click()
  }
  await back
}

describe.skipIf(!CHROMIUM_PATH)('the bank on the VNeID dialect in Chromium', () => {
  let demo: Demo
  let browser: Browser

  beforeAll(async () => {
    ;[demo, browser] = await Promise.all([startVneidBank(), launchChromium()])
  })
  afterAll(async () => {
    await browser?.close()
    await demo?.close()
  })

  it('bank (vneid): a level-2 citizen signs in through /vneid/authorize and the mock’s screens, is told account opening is not available on this profile, reaches the account, and a large transfer is explained as unavailable', async () => {
    const context = await browser.newContext({ locale: 'vi-VN', viewport: { width: 1100, height: 900 } })
    try {
      const page = await context.newPage()
      page.setDefaultTimeout(15_000)
      const bank = demo.urls.bank
      const authorizations: string[] = []
      const callbacks: string[] = []
      page.on('request', (request) => {
        const url = new URL(request.url())
        if (url.pathname === '/vneid/authorize') authorizations.push(url.href)
        if (url.origin === bank && url.pathname === '/auth/callback') callbacks.push(url.href)
      })
      await page.goto(bank)
      await page.locator('#vneid-dialect').waitFor()
      await screenshot(page, 'bank-vneid-1-home')
      // Account opening asks level 2 through the dialect: the provider's real screens, then back.
      await page.click('#open-account')
      await enterNumberAndPasscode(page, demo, personas.level2Adult.personalId)
      await enterOtp(page, demo)
      await finishAtProvider(page, bank)
      await page.waitForURL(`${bank}/open-account`)
      // The sign-in went through the dialect: its authorization request, and a callback with code and state.
      expect(authorizations).toHaveLength(1)
      const asked = new URL(authorizations[0]!).searchParams
      expect([asked.get('response_type'), asked.get('acr_values')]).toEqual(['code', '2'])
      expect(callbacks).toHaveLength(1)
      expect([...new URL(callbacks[0]!).searchParams.keys()].sort()).toEqual(['code', 'state'])

      // The identity that arrived, and what this profile cannot bring: no account is opened online.
      await page.locator('#dialect-opening').waitFor()
      const opening = await page.locator('main').textContent()
      expect(opening).toContain('Nguyễn Văn An')
      expect(await page.locator('#dialect-opening').getAttribute('data-absent')).toBe('address,phone,id_card')
      expect(await page.locator('#confirm-open').count()).toBe(0)
      await screenshot(page, 'bank-vneid-2-opening-unavailable')

      // Internet banking with the same session (no new sign-in): the signed-in account page.
      await page.click('#go-banking')
      await page.waitForURL(`${bank}/account`)
      expect(await page.locator('#balance').textContent()).toContain('50.000.000 ₫')
      await screenshot(page, 'bank-vneid-3-account')

      // A transfer over 10,000,000 ₫ is refused with the reason; nothing is debited.
      await page.goto(`${bank}/transfer`)
      await page.locator('#recipient').fill('0123456789')
      await page.locator('#amount').fill('15000000')
      await page.click('#submit-transfer')
      await page.locator('#large-transfer-unavailable').waitFor()
      await screenshot(page, 'bank-vneid-4-large-transfer-unavailable')
      await page.goto(`${bank}/account`)
      expect(await page.locator('#balance').textContent()).toContain('50.000.000 ₫')
      expect(authorizations).toHaveLength(1)
    } finally {
      await context.close()
    }
  })
})

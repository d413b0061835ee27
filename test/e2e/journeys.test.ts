/**
 * The examples' journeys in a real browser (Debian's Chromium through playwright-core), through the
 * mock provider's real screens: typing the number and passcode, the SMS code from the outbox, ticking
 * consents. Each journey saves screenshots of its key screens (`npm run screenshots` writes them to
 * docs/screenshots). Without Chromium the suite is skipped, loudly.
 */
import type { Browser, BrowserContext } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe } from 'vitest'
import { bankJourneys } from './journeys/bank.js'
import { bankShareJourneys } from './journeys/bank-share.js'
import type { JourneyContext } from './journeys/context.js'
import { hospitalJourneys } from './journeys/hospital.js'
import { narrowScreenJourneys } from './journeys/narrow-screen.js'
import { pharmacyJourneys } from './journeys/pharmacy.js'
import { retailJourneys } from './journeys/retail.js'
import { switchCitizenJourneys } from './journeys/switch-citizen.js'
import { travelJourneys } from './journeys/travel.js'
import { CHROMIUM_PATH, launchChromium } from './support/chromium.js'
import { type Demo, startDemo } from './support/demo.js'

if (!CHROMIUM_PATH) {
  console.warn(
    '\n⚠⚠⚠ BROWSER TESTS SKIPPED: no Chromium at /usr/bin/chromium (or CHROMIUM_PATH). ' +
      'Install it with `apt-get install -y chromium` (Debian) or set CHROMIUM_PATH, then run `npm test` again. ⚠⚠⚠\n',
  )
}

describe.skipIf(!CHROMIUM_PATH)('the demo in Chromium', () => {
  let demo: Demo
  let browser: Browser
  let contexts: BrowserContext[] = []

  beforeAll(async () => {
    ;[demo, browser] = await Promise.all([startDemo(), launchChromium()])
  })
  afterAll(async () => {
    await browser?.close()
    await demo?.close()
  })
  afterEach(async () => {
    await Promise.all(contexts.map((context) => context.close()))
    contexts = []
    await demo.admin('DELETE', '/scenarios')
  })

  const newPage = async (viewport = { width: 1100, height: 900 }) => {
    const context = await browser.newContext({ locale: 'vi-VN', viewport })
    contexts.push(context)
    const page = await context.newPage()
    page.setDefaultTimeout(15_000)
    return page
  }
  const use = async (): Promise<JourneyContext> => ({ demo, page: await newPage(), newPage })

  describe('bank', () => bankJourneys(use))
  describe('bank: share from the VNeID app', () => bankShareJourneys(use))
  describe('hospital', () => hospitalJourneys(use))
  describe('travel', () => travelJourneys(use))
  describe('retail', () => retailJourneys(use))
  describe('pharmacy', () => pharmacyJourneys(use))
  describe('switching citizen', () => switchCitizenJourneys(use))
  describe('a phone-sized screen', () => narrowScreenJourneys(use))
})

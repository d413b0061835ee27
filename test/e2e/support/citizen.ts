/**
 * What a citizen does on the mock provider's real screens, in Chromium: type the number and passcode,
 * read the SMS one-time code (from the outbox, as a tester would), tick what to share and agree or refuse.
 */
import type { Page } from 'playwright-core'
import { screenshot } from './chromium.js'
import type { Demo } from './demo.js'

/** The passcode of every synthetic citizen. */
export const PASSCODE = '123456'

/** Types the number and passcode on the provider's sign-in screen and continues. */
export async function enterNumberAndPasscode(page: Page, demo: Demo, personalId: string): Promise<void> {
  await page.waitForURL((url) => url.origin === new URL(demo.idp.url).origin)
  // Typed as it is printed on the card, in groups (#15: the screen refused `001 090 001 234`).
  await page.locator('#personalId').fill(personalId.replace(/^(\d{3})(\d{3})(\d{3})(\d{3})$/, '$1 $2 $3 $4'))
  await page.locator('#passcode').fill(PASSCODE)
  await page.locator('form[action$="/login"] button[type=submit]:not(.secondary)').click()
  await page.waitForLoadState()
}

/** Reads the newest code from the SMS outbox and types it. */
export async function enterOtp(page: Page, demo: Demo): Promise<void> {
  await page.locator('#otp').waitFor()
  await page.locator('#otp').fill(await demo.latestOtp())
  await page.locator('form[action$="/otp"] button[type=submit]:not(.secondary)').click()
  await page.waitForLoadState()
}

/**
 * On the consent screen: ticks every attribute asked for (nothing is pre-ticked) and agrees, or refuses.
 * `shot` saves a screenshot of the screen before deciding.
 */
export async function decideConsent(page: Page, decision: 'allow' | 'deny', shot?: string): Promise<void> {
  await page.locator('button[name=decision][value=allow]').waitFor()
  if (decision === 'allow') {
    for (const box of await page.locator('input[name=attributes]').all()) await box.check()
  }
  if (shot) await screenshot(page, shot)
  await page.locator(`button[name=decision][value=${decision}]`).click()
  await page.waitForLoadState()
}

/**
 * The whole provider part of a sign-in: number and passcode, SMS code, consent. Ends back at the app.
 * A consent the citizen already gave this app for the same purpose is remembered (#15, point 4: a
 * re-authentication is not a new consent), so with `consent: 'if asked'` the screen may not come; a
 * journey that refuses or photographs the consent screen needs it and waits for it.
 *
 * @example
 * ```ts
 * await page.click('#verify-age')
 * await signInAtProvider(page, demo, personas.level2Adult.personalId, { shots: 'retail' })
 * ```
 */
export async function signInAtProvider(
  page: Page,
  demo: Demo,
  personalId: string,
  options: { decision?: 'allow' | 'deny'; shots?: string; appOrigin: string; consent?: 'if asked' },
): Promise<void> {
  await enterNumberAndPasscode(page, demo, personalId)
  if (options.shots) await screenshot(page, `${options.shots}-2-otp`)
  await enterOtp(page, demo)
  const atApp = (url: URL) => url.origin === options.appOrigin
  if (options.consent === 'if asked' && options.decision !== 'deny' && !options.shots) {
    // Whichever comes first: the consent screen, or the app (the consent was remembered).
    const consent = page.locator('button[name=decision][value=allow]')
    // The loser keeps waiting until its timeout: its rejection is not this sign-in's failure.
    await Promise.race([consent.waitFor().catch(() => {}), page.waitForURL(atApp).catch(() => {})])
    if (atApp(new URL(page.url()))) return
  }
  await decideConsent(
    page,
    options.decision ?? 'allow',
    options.shots ? `${options.shots}-3-consent` : undefined,
  )
  await page.waitForURL(atApp)
}

import { personas } from '@dinhdanh/testing'
import { expect, it } from 'vitest'
import { screenshot } from '../support/chromium.js'
import { enterNumberAndPasscode, signInAtProvider } from '../support/citizen.js'
import type { Journeys } from './context.js'

/** The airline: a level-2 citizen checks in and gets a boarding pass; a level-1 citizen is told why not. */
export const travelJourneys: Journeys = (use) => {
  it('travel: a level-2 citizen finds the booking, shares identity only, and gets a boarding pass', async () => {
    const { demo, page } = await use()
    const airline = demo.urls.travel
    await page.goto(airline)
    await page.locator('#pnr').fill('K7AN2H')
    await page.locator('#passenger-name').fill('Nguyễn Văn An')
    await screenshot(page, 'travel-1-find-booking')
    await page.click('#find-booking')
    await signInAtProvider(page, demo, personas.level2Adult.personalId, {
      appOrigin: airline,
      shots: 'travel',
    })
    const pass = page.locator('#boarding-pass')
    await pass.waitFor()
    expect(await pass.getAttribute('data-pnr')).toBe('K7AN2H')
    expect(await pass.getAttribute('data-match')).toBe('same')
    expect(await page.locator('#passenger').textContent()).toContain('Nguyễn Văn An')
    expect(await page.locator('#bcbp').textContent()).toMatch(/^M1NGUYEN\/VAN AN/)
    await screenshot(page, 'travel-4-boarding-pass')
  })

  it('travel: a level-1 citizen is told a level-2 account is needed to fly', async () => {
    const { demo, page } = await use()
    const airline = demo.urls.travel
    await page.goto(airline)
    await page.locator('#pnr').fill('L1NGOC')
    await page.locator('#passenger-name').fill('Trần Thị Bích Ngọc')
    await page.click('#find-booking')
    await enterNumberAndPasscode(page, demo, personas.level1Adult.personalId)
    const heading = page.locator('h1')
    expect(await heading.textContent()).toBe('Tài khoản chưa đủ mức định danh')
    // A reload of the refusal loads a page (GET) and does not send the passcode form again (#15 point 3:
    // headless Chromium re-posts a form result on reload without asking).
    const navigations: string[] = []
    page.on('request', (request) => {
      if (request.isNavigationRequest() && request.frame() === page.mainFrame())
        navigations.push(request.method())
    })
    await page.reload()
    expect(navigations).toEqual(['GET'])
    expect(await heading.textContent()).toBe('Tài khoản chưa đủ mức định danh')
    // The provider explains first, then sends the citizen back to the airline.
    await page.locator('[role=alert] button[type=submit]').click()
    await page.waitForURL((url) => url.origin === airline)
    await page.locator('[data-problem="level_too_low"]').waitFor()
    expect(await page.locator('main').textContent()).toContain('mức 2 thay thế thẻ căn cước')
    expect(await page.locator('#boarding-pass').count()).toBe(0)
    await screenshot(page, 'travel-5-level1-refused')
    // Back from the airline to the refusal: the provider's styled page for a finished sign-in, with the way
    // back to the airline, not Chromium's ERR_CACHE_MISS for a form result no longer in its cache.
    await page.goBack()
    expect(await heading.textContent()).toBe('Liên kết đăng nhập này đã hết hạn')
    const wayBack = page.locator('a.button')
    expect(new URL((await wayBack.getAttribute('href')) ?? '', page.url()).origin).toBe(airline)
    expect(await wayBack.textContent()).toMatch(/^Quay lại /)
  })
}

import { personas } from '@dinhdanh/testing'
import { throughProvider } from '@dinhdanh/testing/browser'
import { DEMO_APPS } from 'dinhdanh-example-shared/demo'
import { Browser, type ExampleUnderTest, startExample, textOf } from 'dinhdanh-example-shared/testing'
import type { Express } from 'express'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp, PURPOSE } from './app.js'

const travel = DEMO_APPS.find((app) => app.name === 'travel')!
const { level2Adult } = personas

/**
 * The airline gives its purpose in both languages (#15, point 7): a passenger who reads the site in
 * English sees the English purpose on the provider's consent screen, not the Vietnamese one. Through the
 * real mock provider's screens (no auto-approval), from the app's own sign-in.
 */
describe("Stork Air: the provider's English consent screen", () => {
  let rp: ExampleUnderTest<Express>

  beforeAll(async () => {
    rp = await startExample(travel, ({ client, config }) => createApp({ client, config }), {
      idp: { autoApprove: false },
    })
  })
  afterAll(() => rp?.close())

  it('shows the English purpose, and the provider records the Vietnamese one consented to', async () => {
    const browser = new Browser()
    await browser.get(rp.url('/?lang=en'))
    const login = await browser.get(rp.url('/check-in/K7AN2H'))
    expect(login.url.origin).toBe(new URL(rp.idp.url).origin)
    expect(login.body).toContain('<html lang="en">')

    const otpForm = await browser.shared.follow(
      await browser.shared.submit(login, /\/login$/, {
        personalId: level2Adult.personalId,
        passcode: '123456',
        lang: 'en',
      }),
    )
    const { messages } = (await rp.admin('GET', '/sms')) as { messages: { text: string }[] }
    const otp = /\b(\d{6})\b/.exec(messages[0]?.text ?? '')?.[1] ?? ''
    const consent = await browser.shared.follow(
      await browser.shared.submit(otpForm, /\/otp$/, { otp, lang: 'en' }),
    )

    const screen = textOf(consent)
    expect(consent.body).toContain('<html lang="en">')
    expect(screen).toContain(
      'Purpose: Domestic flight check-in: matching the name on the ticket with your identity record',
    )
    expect(screen).not.toContain(PURPOSE)

    // Allowed: the boarding pass, and the consent the provider keeps is for the Vietnamese purpose.
    const { page } = await throughProvider(browser.shared, consent)
    expect(page.url.pathname).toBe('/check-in/K7AN2H')
    expect(textOf(page)).toContain('Boarding pass')
    const { consents } = (await rp.admin('GET', '/consents?client_id=demo-travel')) as {
      consents: { purpose: string }[]
    }
    expect(consents.at(-1)?.purpose).toBe(PURPOSE)
  })
})

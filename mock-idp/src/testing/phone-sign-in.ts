import { citizenWithPersona } from '@dinhdanh/testing'
import type { MockIdp } from '../server.js'
import { type BrowserTab, formField } from './browser-tab.js'

/**
 * The newest code the outbox holds for the citizen with this number (tests only; through the admin API).
 *
 * @example
 * ```ts
 * const code = await latestCode(idp, '001090001234')
 * ```
 */
export async function latestCode(idp: MockIdp, personalId: string): Promise<string> {
  const phone = citizenWithPersona(personalId, { seed: idp.app.options.seed })?.phone?.number
  const response = await fetch(`${idp.url}/__admin/sms`, {
    headers: { authorization: `Bearer ${idp.adminToken}` },
  })
  const { messages } = (await response.json()) as {
    messages: Array<{ to: string; text: string; sentAt: number }>
  }
  const newest = messages.filter((m) => m.to === phone).sort((a, b) => b.sentAt - a.sentAt)[0]
  return /\b(\d{6})\b/.exec(newest?.text ?? '')?.[1] ?? ''
}

/**
 * Signs a phone simulator tab in the way a citizen does: number and passcode on `form` (the sign-in page
 * the tab is on), then the SMS one-time code from the outbox. Returns the page it lands on.
 *
 * @example
 * ```ts
 * const tab = new BrowserTab(new CookieJar(), idp.url)
 * const form = await (await tab.get('/phone')).text()
 * const { page } = await signInOnPhone(tab, idp, form, { personalId: '001090001234' })
 * ```
 */
export async function signInOnPhone(
  tab: BrowserTab,
  idp: MockIdp,
  form: string,
  input: { personalId: string; passcode?: string; lang?: string },
): Promise<{ status: number; page: string }> {
  const lang = input.lang ?? 'vi'
  const next = formField(form, 'next')
  const otpPage = await tab.follow(
    await tab.post('/phone/sign-in', {
      csrf: formField(form, 'csrf'),
      personalId: input.personalId,
      passcode: input.passcode ?? '123456',
      lang,
      ...(next && { next }),
    }),
  )
  if (!otpPage.page?.includes('name="otp"')) return { status: otpPage.status, page: otpPage.page ?? '' }
  const done = await tab.follow(
    await tab.post('/phone/otp', {
      csrf: formField(otpPage.page, 'csrf'),
      otp: await latestCode(idp, input.personalId),
      lang,
    }),
  )
  return { status: done.status, page: done.page ?? '' }
}

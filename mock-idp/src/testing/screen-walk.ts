import type { EidClient } from '@dinhdanh/client'
import type { AttributeName } from '@dinhdanh/client/schemas'
import { CookieJar } from '@dinhdanh/testing/browser'
import type { MockIdp } from '../server.js'
import { BrowserTab, formField } from './browser-tab.js'

/** The interaction uid a screen's form posts to (`/interaction/<uid>/<step>`). */
export function uidOf(page: string, step = 'login'): string {
  return new RegExp(`/interaction/([\\w-]+)/${step}`).exec(page)?.[1] ?? ''
}

/** The six digits of the newest SMS in the outbox (through the admin API). */
export async function latestOtp(idp: MockIdp): Promise<string> {
  const response = await fetch(`${idp.url}/__admin/sms`, {
    headers: { authorization: `Bearer ${idp.adminToken}` },
  })
  const { messages } = (await response.json()) as { messages: { text: string }[] }
  return /\b(\d{6})\b/.exec(messages[0]?.text ?? '')?.[1] ?? ''
}

/** A browser on the provider's screens, and the page it is looking at. */
export interface ScreenWalk {
  tab: BrowserTab
  page: string
  status: number
  location?: string
}

/**
 * Walks the sign-in screens as a browser would (tests only): opens the relying party's sign-in URL in
 * `tab` (a fresh one by default) and, when a citizen is given, types the number, the passcode and the
 * SMS code; stops at the next page (the consent screen) or at the relying party's redirect URI.
 *
 * @example
 * ```ts
 * const { tab, page } = await walkToConsent(idp, eid, rp.redirectUri, { personalId, attributes: ['phone'] })
 * ```
 */
export async function walkToConsent(
  idp: MockIdp,
  eid: EidClient,
  redirectUri: string,
  options: {
    personalId?: string
    attributes?: readonly AttributeName[]
    purpose?: string
    lang?: 'vi' | 'en'
    extraParams?: Record<string, string>
    tab?: BrowserTab
  } = {},
): Promise<ScreenWalk & { transaction: Awaited<ReturnType<EidClient['signIn']>>['transaction'] }> {
  const { url, transaction } = await eid.signIn({
    ...(options.attributes && { attributes: options.attributes }),
    ...(options.purpose && { purpose: options.purpose }),
    ...(options.lang && { uiLocales: options.lang }),
    ...(options.extraParams && { extraParams: options.extraParams }),
  })
  const tab = options.tab ?? new BrowserTab(new CookieJar(), idp.url)
  const first = await tab.follow(await tab.get(url), redirectUri)
  if (!options.personalId || first.location) return { tab, transaction, page: first.page ?? '', ...first }
  const login = first.page ?? ''
  const uid = uidOf(login)
  const csrf = formField(login, 'csrf')
  await tab.follow(
    await tab.post(`/interaction/${uid}/login`, {
      csrf,
      personalId: options.personalId,
      passcode: '123456',
      lang: options.lang ?? 'vi',
    }),
    redirectUri,
  )
  const next = await tab.follow(
    await tab.post(`/interaction/${uid}/otp`, {
      csrf,
      otp: await latestOtp(idp),
      lang: options.lang ?? 'vi',
    }),
    redirectUri,
  )
  return { tab, transaction, page: next.page ?? '', ...next }
}

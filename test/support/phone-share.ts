/**
 * The citizen's side of a share transaction on the mock provider's phone simulator, over HTTP: open the
 * app link, sign in to the phone (passcode, then the SMS code from the outbox), tick attributes, approve
 * or refuse, and follow the browser to wherever the app sends it (the relying party's callback). Forms
 * are read from the pages (their action and hidden fields), as a browser submits them.
 */
import { Browser, findForm, type Page } from '@dinhdanh/testing/browser'

/** A page the browser landed on. */
export interface LandedPage {
  url: URL
  status: number
  html: string
}

const landed = (page: Page): LandedPage => ({ url: page.url, status: page.status, html: page.body })

/** A browser tab with cookies that follows redirects, GET after a 303 as browsers do (loopback only). */
export class PhoneTab {
  readonly browser = new Browser({ loopbackOnly: true, accept: 'text/html', maxRedirects: 15 })

  async get(target: string | URL): Promise<LandedPage> {
    return landed(await this.browser.follow(new URL(target)))
  }

  /**
   * Submits the POST form of `page` whose action starts with `actionPrefix`: its hidden fields, then
   * `fields` (a list repeats the field). Same-origin headers, as a browser sends them.
   */
  async submit(
    page: LandedPage,
    actionPrefix: string,
    fields: Record<string, string | readonly string[]>,
  ): Promise<LandedPage> {
    const form = findForm(
      page.html,
      (candidate) => candidate.method === 'post' && candidate.action.startsWith(actionPrefix),
    )
    const posted = await this.browser.post(new URL(form.action, page.url), { ...form.hidden, ...fields })
    return landed(await this.browser.follow(posted))
  }
}

interface SmsMessage {
  id: string
  text: string
}

/** The provider's SMS outbox (through its admin API). */
async function smsOutbox(issuer: string, adminToken: string): Promise<SmsMessage[]> {
  const response = await fetch(`${issuer}/__admin/sms`, {
    headers: { authorization: `Bearer ${adminToken}` },
  })
  return ((await response.json()) as { messages: SmsMessage[] }).messages
}

/**
 * Opens `appLink` on a fresh phone tab and signs in as `personalId` (passcode `123456`, then the SMS
 * code). Returns the tab and the share screen it shows.
 *
 * @example
 * ```ts
 * const { tab, page } = await openShareOnPhone(idp.url, idp.adminToken, transaction.appLink, personalId)
 * ```
 */
export async function openShareOnPhone(
  issuer: string,
  adminToken: string,
  appLink: string,
  personalId: string,
): Promise<{ tab: PhoneTab; page: LandedPage }> {
  const tab = new PhoneTab()
  const signIn = await tab.get(appLink)
  const before = new Set((await smsOutbox(issuer, adminToken)).map((message) => message.id))
  const otp = await tab.submit(signIn, '/phone/sign-in', { personalId, passcode: '123456' })
  // The message this sign-in sent: the one the outbox did not hold before.
  const sent = (await smsOutbox(issuer, adminToken)).filter((message) => !before.has(message.id))
  const code = sent.length === 1 ? /\b(\d{6})\b/.exec(sent[0]?.text ?? '')?.[1] : undefined
  if (code === undefined) throw new Error(`expected one new SMS with a one-time code, found ${sent.length}`)
  const page = await tab.submit(otp, '/phone/otp', { otp: code })
  return { tab, page }
}

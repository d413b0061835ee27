/**
 * The citizen's side of a share transaction on the mock provider's phone simulator, over HTTP: open the
 * app link, sign in to the phone (passcode, then the SMS code from the outbox), tick attributes, approve
 * or refuse, and follow the browser to wherever the app sends it (the relying party's callback). Forms
 * are read from the pages (their action and hidden fields), as a browser submits them.
 */
import { CookieJar } from './browser.js'

/** A page the browser landed on. */
export interface LandedPage {
  url: URL
  status: number
  html: string
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]'])
const MAX_REDIRECTS = 15
const ENTITIES: Record<string, string> = { amp: '&', quot: '"', '#39': "'", '#x27': "'", lt: '<', gt: '>' }

const decode = (value: string) =>
  value.replace(/&(amp|quot|#39|#x27|lt|gt);/g, (_, name) => ENTITIES[name] ?? '')
const attribute = (tag: string, name: string) =>
  new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1] ?? undefined

/** A browser tab with cookies that follows redirects, GET after a 303 as browsers do. */
export class PhoneTab {
  readonly jar = new CookieJar()

  async get(target: string | URL): Promise<LandedPage> {
    return this.#follow(new URL(target), { method: 'GET' })
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
    const form = [...page.html.matchAll(/<form\b[^>]*>[\s\S]*?<\/form>/g)]
      .map(([markup]) => markup)
      .find(
        (markup) => /method="post"/i.test(markup) && attribute(markup, 'action')?.startsWith(actionPrefix),
      )
    if (form === undefined) throw new Error(`no form posting to ${actionPrefix} on ${page.url.pathname}`)
    const action = new URL(decode(attribute(form, 'action') ?? ''), page.url)
    const body = new URLSearchParams()
    for (const [input] of form.matchAll(/<input\b[^>]*>/g)) {
      const name = attribute(input, 'name')
      if (attribute(input, 'type') === 'hidden' && name !== undefined) {
        body.append(name, decode(attribute(input, 'value') ?? ''))
      }
    }
    for (const [name, value] of Object.entries(fields)) for (const v of [value].flat()) body.append(name, v)
    return this.#follow(action, {
      method: 'POST',
      body,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        origin: action.origin,
        'sec-fetch-site': 'same-origin',
      },
    })
  }

  async #follow(
    start: URL,
    init: { method: string; body?: URLSearchParams; headers?: Record<string, string> },
  ) {
    let url = start
    let request = init
    for (let hop = 0; hop < MAX_REDIRECTS; hop++) {
      if (url.protocol !== 'http:' || !LOOPBACK.has(url.hostname)) {
        throw new Error(`test browser refuses to leave loopback: ${url.origin}`)
      }
      const cookie = this.jar.header(url)
      const response = await fetch(url, {
        method: request.method,
        redirect: 'manual',
        ...(request.body && { body: request.body }),
        headers: { accept: 'text/html', ...request.headers, ...(cookie !== undefined && { cookie }) },
      })
      this.jar.store(url, response.headers.getSetCookie())
      const location = response.headers.get('location')
      if (response.status < 300 || response.status >= 400 || location === null) {
        return { url, status: response.status, html: await response.text() }
      }
      await response.body?.cancel()
      url = new URL(location, url)
      request = { method: 'GET' }
    }
    throw new Error(`more than ${MAX_REDIRECTS} redirects`)
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

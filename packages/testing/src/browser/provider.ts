/**
 * Journeys through the mock provider (`@dinhdanh/mock-idp`, oidc-provider underneath) the way a citizen
 * with a browser makes them: to the client's redirect URI, through its consent and self-submitting
 * screens, and through its "sign out?" page.
 */
import { Browser, type Page } from './browser.js'
import { CookieJar } from './cookie-jar.js'
import { type FormInfo, fieldValue, findForm } from './forms.js'

/**
 * Follows redirects from `startUrl` (an authorization URL, say; GETs on loopback only, cookies kept in
 * `jar`, by default one that ignores ports as browsers do, so two provider instances behind one issuer
 * share them) until a `Location` starts with `redirectUri`, and returns that callback URL without requesting
 * it (nothing need listen there). Throws on an answer that is not a redirect, showing its status and the
 * start of its body (the provider's error page), or after too many redirects.
 *
 * @example
 * ```ts
 * await admin('PATCH', '/settings', { autoApprove: true, autoApproveAs: '001090001234' })
 * const callbackUrl = await followToRedirectUri(authorizationUrl, 'http://127.0.0.1:3001/auth/callback')
 * const tokens = await client.callback(new URL(callbackUrl), state)
 * ```
 */
export async function followToRedirectUri(
  startUrl: string | URL,
  redirectUri: string,
  jar: CookieJar = new CookieJar({ scope: 'host' }),
): Promise<string> {
  const browser = new Browser({ jar, loopbackOnly: true, accept: 'text/html' })
  const page = await browser.follow(startUrl, { stopAt: redirectUri })
  if (page.status >= 300 && page.status < 400 && page.location?.href.startsWith(redirectUri))
    return page.location.href
  const body = page.body.replace(/\s+/g, ' ').slice(0, 500)
  throw new Error(`expected a redirect from ${page.url.pathname}, got HTTP ${page.status}: ${body}`)
}

/**
 * What a trip through the provider did.
 *
 * @example
 * ```ts
 * const { page, trail, consentShown }: ProviderVisit = await throughProvider(browser, loginUrl)
 * ```
 */
export interface ProviderVisit {
  /** The first page that is not a redirect, after the provider's screens. */
  page: Page
  /** Every URL requested, in order (form posts included). */
  trail: URL[]
  /** The attributes the provider's consent screen listed, when it showed one. */
  consentShown: string[] | undefined
}

const isConsent = (form: FormInfo) =>
  form.method === 'post' && /^\/interaction\/[^/]+\/consent$/.test(form.action)

/**
 * Follows from `start` (a URL, or a page already received) through the mock provider: its consent screen
 * (a citizen already signed in at the provider, asked for more) is answered "allow" with every attribute
 * ticked; a self-submitting form (oidc-provider's, e.g. ending the previous citizen's provider session)
 * is posted as a browser with JavaScript would. Headless sign-in (`autoApproveAs`) needs no screen.
 *
 * @example
 * ```ts
 * await idpAdmin('PATCH', '/settings', { autoApprove: true, autoApproveAs: personas.level2Adult.personalId })
 * const { page } = await throughProvider(browser, new URL('/auth/login?returnTo=/me', app.origin))
 * expect(page.url.pathname).toBe('/me')
 * ```
 */
export async function throughProvider(browser: Browser, start: string | URL | Page): Promise<ProviderVisit> {
  const trail: URL[] = []
  let page = await browser.follow(start, { trail })
  let consentShown: string[] | undefined
  for (let screens = 0; screens < 4 && page.status === 200; screens++) {
    let posted: Page
    if (/<form\b/i.test(page.body) && hasForm(page, isConsent)) {
      const form = findForm(page, isConsent)
      consentShown = [...page.body.matchAll(/name="attributes" value="([a-z_0-9]+)"/g)].map(
        (match) => match[1] ?? '',
      )
      posted = await browser.submit(page, form.action, {
        lang: form.hidden.lang || 'vi',
        decision: 'allow',
        attributes: consentShown,
      })
    } else if (
      /document\.forms\[0\]\.submit\(\)/.test(page.body) &&
      hasForm(page, (form) => form.method === 'post')
    ) {
      posted = await browser.submit(page, findForm(page, (form) => form.method === 'post').action)
    } else {
      break
    }
    page = await browser.follow(posted, { trail })
  }
  page.trail = trail
  return { page, trail, consentShown }
}

function hasForm(page: Page, which: (form: FormInfo) => boolean): boolean {
  try {
    findForm(page, which)
    return true
  } catch {
    return false
  }
}

/**
 * Confirms the provider's "sign out?" page (oidc-provider's `op.logoutForm` with its `xsrf` value) and
 * follows where it leads (the app's post-logout page).
 *
 * @example
 * ```ts
 * const question = await browser.follow(client.signOutUrl({ idTokenHint }))
 * const after = await confirmProviderLogout(browser, question)
 * ```
 */
export async function confirmProviderLogout(browser: Browser, page: Page): Promise<Page> {
  const logout = (form: FormInfo) => /\bid="op\.logoutForm"/.test(form.html)
  if (!hasForm(page, logout)) throw new Error(`no logout form in the page: ${page.body.slice(0, 300)}`)
  const form = findForm(page, logout)
  const xsrf = fieldValue(page, 'xsrf')
  return browser.follow(await browser.post(new URL(form.action, page.url), { xsrf, logout: 'yes' }))
}

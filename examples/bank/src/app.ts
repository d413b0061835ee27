/**
 * Ngân hàng Sen Vàng (Golden Lotus Bank): open a payment account online with VNeID (eKYC), and sign in
 * to internet banking.
 *
 * - Account opening (src/routes/account-opening.ts) needs level 2 (an e-ID account checked in person
 *   against the chip ID card) and asks for identity, address, phone and ID card with a stated purpose. The
 *   bank then fetches the consent record from the provider's consent API, verifies its signed receipt and
 *   stores it with the account.
 * - Existing customers sign in at level 1 (src/routes/banking.ts). A transfer over 10,000,000 VND, or one
 *   that takes the day's total over 20,000,000 VND, needs strong authentication for that transfer
 *   (src/routes/transfers.ts): it waits server-side, and its confirm page asks VNeID for a new level-2
 *   authentication made after the transfer was requested (prompt=login, max_age), even when the session
 *   is already at level 2.
 * - Account opening can also take the data shared from the VNeID app by transaction, with the chip
 *   card's portrait and a DEMO face match (src/routes/share.ts, docs/vneid-share.md).
 * - When the citizen withdraws the consent on the VNeID portal, the bank deletes the data it copied
 *   (keeping only what the law makes it keep) and marks the receipt withdrawn.
 */
import type { EidClient, EidError } from '@dinhdanh/client'
import { eidAuth } from '@dinhdanh/express'
import {
  type Brand,
  type EidProfile,
  friendlySignInErrors,
  languageSwitch,
  problemOf,
  renderPage,
  type SiteConfig,
  siteBasics,
  uiLocaleOf,
  unexpectedErrors,
} from 'dinhdanh-example-shared'
import express, { type Express, type Request, type Response } from 'express'
import { EKYC_ATTRIBUTES, EKYC_PURPOSE_TEXT } from './purposes.js'
import { accountOpeningRoutes } from './routes/account-opening.js'
import { bankingRoutes } from './routes/banking.js'
import { homeRoutes } from './routes/home.js'
import { shareRoutes } from './routes/share.js'
import { transferRoutes } from './routes/transfers.js'
import type { ShareLimits } from './share/limits.js'
import { ShareSessions } from './share/sessions.js'
import type { BankSite } from './site.js'
import { BankStore } from './store.js'
import { csrfRefusedBody, notFoundBody } from './views/messages.js'
import { levelTooLowPage, SIGN_IN_PROBLEMS } from './views/sign-in-problems.js'

export { EKYC_ATTRIBUTES, EKYC_PURPOSE, SHARE_ATTRIBUTES, SHARE_PURPOSE } from './purposes.js'
export {
  createShareClient,
  loadShareSettings,
  type ShareSettings,
  shareClientOptions,
} from './share/settings.js'

/** The bank's brand on every page. */
export const brand: Brand = {
  name: { vi: 'Ngân hàng Sen Vàng', en: 'Golden Lotus Bank' },
  tagline: { vi: 'Ngân hàng số cho mọi nhà', en: 'Digital banking for every home' },
  mark: 'SV',
  color: '#8a5a00',
  nav: [
    { href: '/', vi: 'Trang chủ', en: 'Home' },
    { href: '/account', vi: 'Tài khoản', en: 'Account' },
    { href: '/transfer', vi: 'Chuyển khoản', en: 'Transfer' },
  ],
}

/** What `createApp` needs. */
export interface BankDeps {
  client: EidClient
  config: SiteConfig
  /** The SQLite file of the bank's records (default `:memory:`). */
  databaseFile?: string
  /**
   * How `client` signs in: standard OpenID Connect (the default), or the VNeID dialect, which gives the
   * identity only and cannot ask for a fresh login: account opening and large transfers then explain
   * that they are not available (src/views/vneid-profile.ts).
   */
  profile?: EidProfile
  /**
   * The client for sharing from the VNeID app (a `profile: 'vneid'` client with `share` options,
   * src/share/settings.ts), whatever `client` signs in with. Without it the bank does not offer sharing
   * from the app (src/routes/share.ts).
   */
  share?: EidClient | undefined
  /** The limits of sharing from the app (src/share/limits.ts); tests lower them. */
  shareLimits?: Partial<ShareLimits>
}

/**
 * Builds the bank's Express app (no listening, no environment reading): the shared site basics, the
 * adapter, then the home page, internet banking, account opening and transfers (src/routes), a 404 page
 * and a friendly page for anything unexpected.
 *
 * @example
 * ```ts
 * const app = createApp({ client, config, databaseFile: '.data/bank.sqlite' })
 * app.listen(3001)
 * ```
 */
export function createApp({
  client,
  config,
  databaseFile = ':memory:',
  profile = 'standard',
  share,
  shareLimits,
}: BankDeps): Express {
  const friendly = friendlySignInErrors(brand, { portalUrl: config.portalUrl, texts: SIGN_IN_PROBLEMS })
  const page: BankSite['page'] = (req, res, title, body, status = 200, options = {}) => {
    res
      .status(status)
      .type('html')
      .send(renderPage(req, res, brand, { title, body, portalUrl: config.portalUrl, ...options }))
  }
  const site: BankSite = {
    config,
    bank: new BankStore(databaseFile),
    dialect: profile === 'vneid',
    shareFromApp: share !== undefined,
    page,
    csrfRefused: (req, res) =>
      page(req, res, { vi: 'Yêu cầu không hợp lệ', en: 'Request refused' }, csrfRefusedBody(res), 403),
    notFound: (req, res) =>
      page(req, res, { vi: 'Không tìm thấy trang', en: 'Page not found' }, notFoundBody(res), 404),
  }
  const explain = explainSignInProblem(site, friendly)

  const app = express()
  app.disable('x-powered-by')
  app.use(siteBasics({ providerOrigin: new URL(config.issuer).origin }))
  app.use(languageSwitch())
  app.use(express.urlencoded({ extended: false, limit: '8kb' }))
  app.use(
    eidAuth({
      client,
      baseUrl: config.baseUrl,
      session: { secret: config.sessionSecret, cookieName: 'bank_session' },
      // The provider's screens in the language the citizen chose here.
      uiLocales: uiLocaleOf,
      // `/auth/login` is, in this app, the "share again" link of account opening (the review page links
      // to it with the missing attributes): the consent screen then shows the eKYC purpose, and the new
      // receipt covers that purpose. Internet banking signs in through `/banking` with its own purpose.
      defaults: { purpose: EKYC_PURPOSE_TEXT },
      // ...and those links may ask only for the eKYC data: no link can put other data on that screen.
      queryAttributes: EKYC_ATTRIBUTES,
      onError: explain,
      // The citizen withdrew a consent on the VNeID portal. The adapter already removed those attributes
      // from every session; the bank deletes what it copied into its own database (see withdrawConsent
      // for what the law makes it keep). Idempotent: the provider retries events. The consent id is
      // remembered even when the bank holds no receipt for it yet (an account opening in flight).
      onConsentWithdrawn: (event) => {
        site.bank.withdrawConsent(event.consentId, event.withdrawnAt)
      },
    }),
  )
  homeRoutes(app, site)
  bankingRoutes(app, site)
  accountOpeningRoutes(app, site, client)
  transferRoutes(app, site)
  shareRoutes(app, site, {
    client: share,
    sessions: new ShareSessions({
      secureCookie: config.baseUrl.startsWith('https:'),
      ...(shareLimits && { limits: shareLimits }),
    }),
  })
  app.use((req, res) => site.notFound(req, res))
  // Anything that escapes a route: an SDK error outside the sign-in routes and guards (which `onError`
  // already covers), or anything unexpected. A friendly page, never a stack trace.
  app.use(
    unexpectedErrors(brand, {
      explain,
      message: {
        vi: 'Ngân hàng gặp sự cố kỹ thuật. Không có giao dịch nào được thực hiện dở dang. Vui lòng thử lại sau.',
        en: 'The bank hit a technical problem. No transaction was left half-done. Please try again later.',
      },
    }),
  )
  return app
}

/**
 * Every sign-in error: the bank's own page for "level too low", the kit's friendly pages for the rest.
 * A level-1 account at a level-2 step keeps its level-1 session (if any); the page explains where level 2
 * is obtained and what still works. A large transfer waiting for this step-up is cancelled.
 */
function explainSignInProblem(site: BankSite, friendly: ReturnType<typeof friendlySignInErrors>) {
  return (error: EidError, req: Request, res: Response): void => {
    if (problemOf(error) !== 'level_too_low') {
      friendly(error, req, res)
      return
    }
    const pending = site.bank.pendingTransferOf(req.eid.subject)
    if (pending) site.bank.cancelTransfer(pending.id)
    const { title, body } = levelTooLowPage(res, pending)
    site.page(req, res, title, body, 403)
  }
}

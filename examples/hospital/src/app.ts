/**
 * Bệnh viện Đa khoa Hồng Hà: patient check-in with VNeID.
 *
 * Two journeys:
 * - Online check-in (`/check-in`, src/routes/check-in.ts): the patient signs in with VNeID and shares their
 *   health-insurance card and vaccination history; the page checks the card against today's date,
 *   explains an expired, missing or unreachable card, and gives a queue number.
 * - The reception desk (`/desk`, src/routes/desk.ts): a clerk types the patient's personal ID number, the
 *   patient approves on their own phone (decoupled sign-in, OpenID Connect CIBA in poll mode), and the
 *   desk shows the result.
 */
import type { EidClient } from '@dinhdanh/client'
import { eidAuth } from '@dinhdanh/express'
import {
  type Bilingual,
  type Brand,
  type ExampleConfig,
  friendlySignInErrors,
  html,
  languageSwitch,
  renderPage,
  siteBasics,
  uiLocaleOf,
  unexpectedErrors,
} from 'dinhdanh-example-shared'
import express, { type Express } from 'express'
import { CHECK_IN_ATTRIBUTES, CHECK_IN_PURPOSE, Queue } from './check-in.js'
import { DEFAULT_DESK_PIN, DeskAccess, type PinThrottleOptions } from './desk-access.js'
import { DeskRequests } from './desk-requests.js'
import { checkInRoutes } from './routes/check-in.js'
import { deskRoutes } from './routes/desk.js'
import { homeRoutes } from './routes/home.js'
import type { HospitalSite } from './site.js'
import { FORGED_POST_TITLE, forgedPostNotice, messageBody } from './views/messages.js'
import { SIGN_IN_PROBLEMS } from './views/sign-in-problems.js'

/** The hospital's brand on every page. */
export const brand: Brand = {
  name: { vi: 'Bệnh viện Đa khoa Hồng Hà', en: 'Hồng Hà General Hospital' },
  tagline: { vi: 'Tiếp đón người bệnh bằng VNeID', en: 'Patient check-in with VNeID' },
  mark: 'HH',
  color: '#0b6e4f',
  nav: [
    { href: '/', vi: 'Trang chủ', en: 'Home' },
    { href: '/check-in', vi: 'Đăng ký khám', en: 'Check in' },
    { href: '/desk', vi: 'Quầy tiếp đón', en: 'Reception desk' },
  ],
}

/** The purpose of the desk's decoupled sign-in, shown on the patient's phone. */
export const DESK_PURPOSE: Bilingual = {
  vi: 'Tiếp nhận người bệnh tại quầy: kiểm tra thẻ bảo hiểm y tế và tiền sử tiêm chủng',
  en: 'Registering the patient at the desk: checking the health-insurance card and vaccination history',
}

/**
 * The demo's desk PIN when `deskPin` is not given. It is published on the demo's pages, so `server.ts`
 * refuses to start with it anywhere but on loopback (see `deskPinFromEnv`).
 */
export { DEFAULT_DESK_PIN }

/** What `createApp` needs. */
export interface HospitalDeps {
  client: EidClient
  config: ExampleConfig
  /**
   * The PIN that unlocks the reception desk (default {@link DEFAULT_DESK_PIN}, the demo's published PIN:
   * fine in tests and on loopback only; `server.ts` checks that with `deskPinFromEnv`).
   */
  deskPin?: string
  /** How wrong desk PINs are throttled (defaults: 5 per address and 50 in all per 10 minutes). */
  deskPinThrottle?: PinThrottleOptions
  /** The clock the card validity is checked against (tests pin it). */
  now?: () => Date
}

/**
 * Builds the hospital's site: the shared site basics, the adapter, then the home page, online check-in
 * and the reception desk (src/routes), a 404 page and a friendly page for anything unexpected.
 *
 * @example
 * ```ts
 * const { pin } = deskPinFromEnv(process.env) // throws when the demo PIN would be reachable from outside
 * const app = createApp({ client, config, deskPin: pin })
 * app.listen(3002)
 * ```
 */
export function createApp({
  client,
  config,
  deskPin,
  deskPinThrottle,
  now = () => new Date(),
}: HospitalDeps): Express {
  const app = express()
  const explainError = friendlySignInErrors(brand, { portalUrl: config.portalUrl, texts: SIGN_IN_PROBLEMS })
  const page: HospitalSite['page'] = (req, res, title, body, status = 200, refreshSec) => {
    res
      .status(status)
      .type('html')
      .send(
        renderPage(req, res, brand, {
          title,
          body,
          portalUrl: config.portalUrl,
          ...(refreshSec && { refreshSec }),
        }),
      )
  }
  const site: HospitalSite = {
    config,
    now,
    queue: new Queue(),
    page,
    message: (req, res, status, title, body) => page(req, res, title, messageBody(res, body), status),
    refuseForgedPost: (req, res) =>
      page(req, res, FORGED_POST_TITLE, messageBody(res, forgedPostNotice(res)), 403),
  }

  app.disable('x-powered-by')
  app.use(siteBasics({ providerOrigin: new URL(config.issuer).origin }))
  app.use(languageSwitch())
  app.use(express.urlencoded({ extended: false, limit: '8kb' }))
  app.use(
    eidAuth({
      client,
      baseUrl: config.baseUrl,
      session: { secret: config.sessionSecret, cookieName: 'hospital_session' },
      // The provider's screens in the language the citizen chose here.
      uiLocales: uiLocaleOf,
      onError: explainError,
      // `/auth/login` (the "share again" link) asks anew for the same data, with the same purpose.
      defaults: { attributes: [...CHECK_IN_ATTRIBUTES], purpose: CHECK_IN_PURPOSE },
      // Links may ask for the check-in data again, nothing else (a crafted link cannot add education…).
      queryAttributes: CHECK_IN_ATTRIBUTES,
    }),
  )
  homeRoutes(app, site)
  checkInRoutes(app, site)
  deskRoutes(app, site, {
    client,
    access: new DeskAccess({
      pin: deskPin ?? DEFAULT_DESK_PIN,
      secret: config.sessionSecret,
      secure: config.baseUrl.startsWith('https:'),
      ...(deskPinThrottle && { throttle: deskPinThrottle }),
    }),
    requests: new DeskRequests(),
    purpose: DESK_PURPOSE,
    // The demo's PIN is published (landing page, README): the desk may as well say it, on loopback.
    demoPin: (deskPin ?? DEFAULT_DESK_PIN) === DEFAULT_DESK_PIN ? DEFAULT_DESK_PIN : undefined,
  })
  app.use((req, res) => {
    site.message(req, res, 404, { vi: 'Không tìm thấy trang', en: 'Page not found' }, html``)
  })
  // Anything that escapes a route: an SDK error a desk route did not handle itself, or anything
  // unexpected. A friendly page, never a stack trace.
  app.use(
    unexpectedErrors(brand, {
      explain: explainError,
      message: {
        vi: 'Chúng tôi chưa xử lý được yêu cầu. Vui lòng thử lại sau ít phút.',
        en: 'We could not handle the request. Please try again in a few minutes.',
      },
    }),
  )
  return app
}

/**
 * Hãng bay Cánh Cò (Stork Air): online check-in for domestic flights with the national e-ID.
 *
 * Since 2 August 2023 a level-2 e-ID account (VNeID) can replace the ID card on domestic flights, so the
 * airline checks passengers in online with that same account:
 *
 * 1. The passenger finds the booking (booking code + name as on the booking): no e-ID yet, the airline does
 *    not ask anyone to share data for a booking that does not exist.
 * 2. `/check-in/<PNR>` requires a level-2 sign-in and asks for identity only (name, personal ID number, birth
 *    date, gender): no address, no phone, nothing else. Level 2 because the boarding pass stands in for the
 *    ID-card check; a level-1 account (registered online, never verified in person) proves too little.
 * 3. The name on the booking is matched with the name in the national record (`name-match.ts`): a match
 *    issues the boarding pass, a mismatch sends the passenger to the counter with their ID card.
 */
import type { EidClient } from '@dinhdanh/client'
import { eidAuth } from '@dinhdanh/express'
import {
  type Bilingual,
  type Brand,
  type ExampleConfig,
  friendlySignInErrors,
  languageSwitch,
  renderPage,
  siteBasics,
  uiLocaleOf,
  unexpectedErrors,
} from 'dinhdanh-example-shared'
import express, { type Express } from 'express'
import { type Booking, demoBookings } from './bookings.js'
import { landingForms } from './landing-form.js'
import { checkInRoutes } from './routes/check-in.js'
import { findBookingRoutes } from './routes/find-booking.js'
import type { CheckIn, TravelSite } from './site.js'
import { checkInViews } from './views/check-in.js'
import { SIGN_IN_PROBLEMS } from './views/sign-in-problems.js'

export type { CheckIn } from './site.js'

/** The airline's brand on every page. */
export const brand: Brand = {
  name: { vi: 'Hãng bay Cánh Cò', en: 'Stork Air' },
  tagline: { vi: 'Bay nội địa, làm thủ tục bằng VNeID', en: 'Domestic flights, check in with VNeID' },
  mark: 'CC',
  color: '#0b6e99',
  nav: [{ href: '/', vi: 'Làm thủ tục trực tuyến', en: 'Online check-in' }],
}

/**
 * The purpose on the VNeID consent screen. It says what the identity is used for (matching the name on the
 * ticket), so the citizen can see why a check-in needs it and that nothing else is asked.
 */
export const PURPOSE = 'Làm thủ tục chuyến bay nội địa: đối chiếu họ tên trên vé với dữ liệu định danh'
const PURPOSE_TEXT: Bilingual = {
  vi: PURPOSE,
  en: 'Domestic flight check-in: matching the name on the ticket with your identity record',
}

/** What `createApp` needs. */
export interface TravelDeps {
  client: EidClient
  config: ExampleConfig
  /** The bookings (default: the demo bookings on tomorrow's flights). */
  bookings?: readonly Booking[]
  /** Where issued boarding passes are kept, by booking code (default: a new in-memory map). */
  checkIns?: Map<string, CheckIn>
}

/**
 * Builds the airline's site: the shared site basics, the adapter, then the two steps of check-in
 * (src/routes), a 404 page and a friendly page for anything unexpected.
 *
 * @example
 * ```ts
 * const app = createApp({ client, config })
 * app.listen(3003)
 * ```
 */
export function createApp({ client, config, bookings, checkIns }: TravelDeps): Express {
  const app = express()
  const explainError = friendlySignInErrors(brand, { portalUrl: config.portalUrl, texts: SIGN_IN_PROBLEMS })
  const site: TravelSite = {
    config,
    bookings: new Map((bookings ?? demoBookings(new Date())).map((booking) => [booking.pnr, booking])),
    checkIns: checkIns ?? new Map<string, CheckIn>(),
    forms: landingForms(config.sessionSecret, config.baseUrl.startsWith('https:')),
    page: (req, res, title, body, status = 200) => {
      res
        .status(status)
        .type('html')
        .set('cache-control', 'no-store')
        .send(renderPage(req, res, brand, { title, body, portalUrl: config.portalUrl }))
    },
  }

  app.disable('x-powered-by')
  app.use(siteBasics({ providerOrigin: new URL(config.issuer).origin }))
  app.use(languageSwitch())
  app.use(express.urlencoded({ extended: false, limit: '4kb' }))
  app.use(
    eidAuth({
      client,
      baseUrl: config.baseUrl,
      session: { secret: config.sessionSecret, cookieName: 'travel_session' },
      // The provider's screens in the language the citizen chose here.
      uiLocales: uiLocaleOf,
      // `/auth/login` without a query asks for what check-in needs: level 2, identity, this purpose.
      defaults: { level: 2, purpose: PURPOSE_TEXT },
      onError: explainError,
    }),
  )
  findBookingRoutes(app, site)
  checkInRoutes(app, site, PURPOSE_TEXT)
  app.use((req, res) => {
    site.page(
      req,
      res,
      { vi: 'Không tìm thấy trang', en: 'Page not found' },
      checkInViews(res).notFound(),
      404,
    )
  })
  // Anything that escapes a route (a bug, a failing store, an SDK error outside the sign-in routes and
  // guards, which `onError` already covers): a friendly page, never a stack trace.
  app.use(
    unexpectedErrors(brand, {
      explain: explainError,
      message: {
        vi: 'Rất tiếc, hệ thống làm thủ tục đang gặp sự cố. Vui lòng thử lại sau ít phút, hoặc làm thủ tục tại quầy ở sân bay.',
        en: 'Sorry, check-in is having trouble. Please try again in a few minutes, or check in at the airport counter.',
      },
    }),
  )
  return app
}

/**
 * Nhà thuốc Cỏ Mây: a pharmacy that fills prescriptions covered by health insurance, on Hono.
 *
 * The citizen signs in with VNeID at level 2 and shares the health-insurance card; the pharmacy checks
 * the card (validity today, benefit level) and shows what the fund pays and what the citizen pays. The
 * sign-in is `@dinhdanh/hono` (the same rules as the Express examples, from `@dinhdanh/web`); pages,
 * language switch, security headers and friendly errors are the shared kit's Hono flavour.
 */
import type { EidClient } from '@dinhdanh/client'
import { eidAuth } from '@dinhdanh/hono'
import type { ExampleConfig } from 'dinhdanh-example-shared'
import {
  friendlySignInErrors,
  langOf,
  languageSwitch,
  renderPage,
  siteBasics,
  uiLocaleOf,
  unexpectedErrors,
} from 'dinhdanh-example-shared/hono'
import { Hono } from 'hono'
import { brand, PURPOSE } from './brand.js'
import { homeRoutes } from './routes/home.js'
import { prescriptionRoutes } from './routes/prescription.js'
import { notFoundPage } from './views/not-found.js'

export { brand, PURPOSE } from './brand.js'

/** What `createApp` needs. */
export interface PharmacyDeps {
  client: EidClient
  config: ExampleConfig
  /** The clock the card's validity is checked against (tests pin it). */
  now?: () => Date
}

/**
 * Builds the pharmacy: a Hono app (`app.fetch`; on Node.js, `getRequestListener(app.fetch)`).
 *
 * @example
 * ```ts
 * serve({ fetch: createApp({ client, config }).fetch, port: 3005 })
 * ```
 */
export function createApp({ client, config, now = () => new Date() }: PharmacyDeps): Hono {
  const app = new Hono()
  const explainError = friendlySignInErrors(brand, {
    portalUrl: config.portalUrl,
    texts: {
      declined: {
        title: { vi: 'Bạn chưa chia sẻ thẻ bảo hiểm y tế', en: 'You did not share your card' },
        body: {
          vi: 'Bạn đã hủy hoặc từ chối chia sẻ trên VNeID, nên nhà thuốc chưa tính được phần bảo hiểm chi trả. Bạn có thể thử lại, hoặc mang thẻ bảo hiểm y tế tới quầy.',
          en: 'You cancelled or declined on VNeID, so the pharmacy cannot work out what insurance pays yet. You can try again, or bring your health-insurance card to the counter.',
        },
      },
      level_too_low: {
        title: { vi: 'Cần tài khoản định danh mức 2', en: 'A level 2 e-ID account is needed' },
        body: {
          vi: 'Thẻ bảo hiểm y tế chỉ thay được thẻ giấy khi nằm trong tài khoản định danh điện tử mức 2 (kích hoạt tại cơ quan Công an với thẻ căn cước gắn chip). Tài khoản của bạn đang ở mức 1: bạn vẫn mua được thuốc tại quầy với thẻ căn cước hoặc thẻ BHYT.',
          en: 'A health-insurance card replaces the paper card only from a level 2 e-ID account (activated at the police with the chip ID card). Your account is at level 1: you can still fill the prescription at the counter with your ID card or insurance card.',
        },
      },
    },
  })

  app.use(siteBasics({ providerOrigin: new URL(config.issuer).origin }), languageSwitch())
  app.use(
    eidAuth({
      client,
      baseUrl: config.baseUrl,
      session: { secret: config.sessionSecret, cookieName: 'pharmacy_session' },
      uiLocales: uiLocaleOf,
      onError: explainError,
      // `/auth/login` (the "share again" link) asks anew for the card, at level 2, with the same purpose;
      // a link may ask for the card and nothing else.
      defaults: { level: 2, attributes: ['health_insurance'], purpose: PURPOSE },
      queryAttributes: ['health_insurance'],
    }),
  )
  app.route('/', homeRoutes({ portalUrl: config.portalUrl }))
  app.route('/', prescriptionRoutes({ portalUrl: config.portalUrl, now }))
  app.notFound((c) => renderPage(c, brand, notFoundPage(langOf(c)), 404))
  // Anything unexpected: a friendly page, never a stack trace.
  app.onError(
    unexpectedErrors(brand, {
      explain: explainError,
      message: {
        vi: 'Nhà thuốc gặp sự cố kỹ thuật; chưa có khoản nào được tính. Vui lòng thử lại sau.',
        en: 'The pharmacy hit a technical problem; nothing was charged. Please try again later.',
      },
    }),
  )
  return app
}

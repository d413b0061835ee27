/**
 * Hầm rượu Đà Lạt Xưa: an online wine shop that must not sell alcohol to anyone under 18.
 *
 * The shop asks VNeID one question, "is this buyer 18 or older?" (`age_over_18`), with `identity: false`:
 * it never learns the buyer's name, birth date or personal ID number, and nobody is signed in. This is the
 * data-minimisation pattern of the Personal Data Protection Law: ask only what the purpose needs.
 *
 * The adapter's identity-free check does it (`requireAttributes(['age_over_18'], { identity: false })`):
 * the answer holds ten minutes in this browser, then the shop asks again.
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
import express, { type Express, type Request } from 'express'
import { Orders } from './orders.js'
import { anotherPersonRoutes } from './routes/another-person.js'
import { checkoutRoutes } from './routes/checkout.js'
import { orderRoutes } from './routes/orders.js'
import { productRoutes } from './routes/products.js'
import type { RetailSite } from './site.js'
import { anotherPersonBar } from './views/another-person.js'
import { notFoundBody } from './views/products.js'
import { SIGN_IN_PROBLEMS } from './views/sign-in-problems.js'

/** The shop's brand on every page. */
export const brand: Brand = {
  name: { vi: 'Hầm rượu Đà Lạt Xưa', en: 'Old Đà Lạt Wine Cellar' },
  tagline: { vi: 'Rượu vang và đặc sản cao nguyên', en: 'Wines and highland specialities' },
  mark: 'ĐL',
  color: '#7b1e3a',
  nav: [{ href: '/', vi: 'Sản phẩm', en: 'Products' }],
}

/**
 * The purpose shown on the VNeID consent screen. It names the law that makes the check necessary, so the
 * citizen can judge whether the question is justified.
 */
export const PURPOSE =
  'Xác nhận người mua đủ 18 tuổi khi bán đồ uống có cồn (Luật Phòng, chống tác hại của rượu, bia)'
const PURPOSE_TEXT: Bilingual = {
  vi: PURPOSE,
  en: 'Confirming the buyer is 18 or older when selling alcoholic drinks (Law on Prevention and Control of Harmful Effects of Alcoholic Beverages)',
}

/** What `createApp` needs. */
export interface RetailDeps {
  client: EidClient
  config: ExampleConfig
}

/**
 * Builds the shop: the shared site basics, the adapter, then the products, checkout with its age check,
 * and orders (src/routes), a 404 page and a friendly page for anything unexpected.
 *
 * @example
 * ```ts
 * const app = createApp({ client, config })
 * app.listen(3004)
 * ```
 */
export function createApp({ client, config }: RetailDeps): Express {
  const app = express()
  const explainError = friendlySignInErrors(brand, { portalUrl: config.portalUrl, texts: SIGN_IN_PROBLEMS })
  const site: RetailSite = {
    config,
    orders: new Orders(),
    page: (req, res, title, body, status = 200) => {
      // While VNeID's answer is held, every page offers to check another person (the shop's sign-out).
      const held = answerHeld(req) ? anotherPersonBar(res) : html``
      res
        .status(status)
        .type('html')
        .send(renderPage(req, res, brand, { title, body: html`${held}${body}`, portalUrl: config.portalUrl }))
    },
    // The 404 page has no portal link: nothing was shared to get there.
    notFound: (req, res) => {
      const title = { vi: 'Không tìm thấy trang', en: 'Page not found' }
      res
        .status(404)
        .type('html')
        .send(renderPage(req, res, brand, { title, body: notFoundBody(res) }))
    },
  }

  app.disable('x-powered-by')
  app.use(siteBasics({ providerOrigin: new URL(config.issuer).origin }))
  app.use(languageSwitch())
  app.use(
    eidAuth({
      client,
      baseUrl: config.baseUrl,
      session: { secret: config.sessionSecret, cookieName: 'shop' },
      uiLocales: uiLocaleOf,
      onError: explainError,
      // The provider pushes consent withdrawals here (`/auth/consent-events`). The shop holds no personal
      // data to delete; it records that the consent behind an order was withdrawn.
      onConsentWithdrawn: (event) => {
        site.orders.markWithdrawn(event.consentId, event.withdrawnAt)
      },
    }),
  )
  productRoutes(app, site)
  anotherPersonRoutes(app, site, client)
  checkoutRoutes(app, site, PURPOSE_TEXT)
  orderRoutes(app, site, PURPOSE_TEXT)
  app.use((req, res) => site.notFound(req, res))
  // Anything unexpected: a friendly page, never a stack trace.
  app.use(
    unexpectedErrors(brand, {
      explain: explainError,
      message: {
        vi: 'Cửa hàng gặp sự cố kỹ thuật; đơn hàng chưa được ghi nhận. Vui lòng thử lại sau.',
        en: 'The shop hit a technical problem; no order was placed. Please try again later.',
      },
    }),
  )
  return app
}

/** Whether this browser holds an answer of VNeID's age check (for its few minutes). */
function answerHeld(req: Request): boolean {
  const { eid } = req
  return (
    eid.consentId !== undefined ||
    eid.attributes.ageOver18 !== undefined ||
    eid.missing.length > 0 ||
    eid.unavailable.length > 0
  )
}

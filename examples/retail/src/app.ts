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
import { eidAuth, requireAttributes } from '@dinhdanh/express'
import {
  type Brand,
  type ExampleConfig,
  formatVnd,
  friendlySignInErrors,
  html,
  langOf,
  languageSwitch,
  notice,
  renderPage,
  sharedDataPanel,
  siteBasics,
  speaker,
  uiLocaleOf,
  unexpectedErrors,
} from 'dinhdanh-example-shared'
import express, { type Express, type Request, type Response } from 'express'
import { findProduct, PRODUCTS, type Product } from './catalogue.js'
import { type Order, Orders } from './orders.js'

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
const PURPOSE_EN =
  'Confirm the buyer is 18 or older when selling alcoholic drinks (Law on Prevention of Harmful Effects of Alcohol)'

/** What `createApp` needs. */
export interface RetailDeps {
  client: EidClient
  config: ExampleConfig
}

/**
 * Builds the shop.
 *
 * @example
 * ```ts
 * const app = createApp({ client, config })
 * app.listen(3004)
 * ```
 */
export function createApp({ client, config }: RetailDeps): Express {
  const app = express()
  const orders = new Orders()
  const explainError = friendlySignInErrors(brand, {
    portalUrl: config.portalUrl,
    texts: {
      declined: {
        title: { vi: 'Chưa xác nhận được độ tuổi', en: 'Your age was not confirmed' },
        body: {
          vi: 'Bạn đã hủy hoặc từ chối chia sẻ trên VNeID, nên cửa hàng chưa thể bán sản phẩm có cồn. Bạn có thể thử lại, hoặc chọn sản phẩm không cồn.',
          en: 'You cancelled or declined on VNeID, so the shop cannot sell an alcoholic product yet. You can try again, or choose an alcohol-free product.',
        },
      },
    },
  })

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
        orders.markWithdrawn(event.consentId, event.withdrawnAt)
      },
    }),
  )

  const page = (
    req: Request,
    res: Response,
    title: { vi: string; en: string },
    body: ReturnType<typeof html>,
  ) => res.type('html').send(renderPage(req, res, brand, { title, body, portalUrl: config.portalUrl }))

  app.get('/', (req, res) => {
    const lang = langOf(res)
    const say = speaker(res)
    page(
      req,
      res,
      { vi: 'Sản phẩm', en: 'Products' },
      html`${notice('info', say('Sản phẩm có cồn chỉ bán cho người từ 18 tuổi trở lên. Khi thanh toán, bạn xác nhận độ tuổi bằng VNeID: cửa hàng chỉ nhận câu trả lời "đủ 18 tuổi" hoặc "chưa đủ", không nhận tên, ngày sinh hay số định danh của bạn.', 'Alcoholic products are sold to people 18 and over only. At checkout you confirm your age with VNeID: the shop receives only "18 or over" or "under 18", never your name, birth date or ID number.'))}
${PRODUCTS.map(
  (product) => html`<section class="panel" id="product-${product.id}">
<h2>${product.name[lang]}</h2>
<p class="muted">${product.description[lang]}${product.ageRestricted ? html` · <strong>18+</strong>` : ''}</p>
<p><strong>${formatVnd(product.priceVnd, lang)}</strong></p>
<p><a class="button" id="buy-${product.id}" href="/checkout/${product.id}">${say('Mua ngay', 'Buy now')}</a></p>
</section>`,
)}`,
    )
  })

  app.get('/checkout/:productId', (req, res) => {
    const product = findProduct(req.params.productId)
    if (!product) return notFound(req, res)
    const lang = langOf(res)
    const say = speaker(res)
    const action = product.ageRestricted
      ? html`${notice('info', say('Sản phẩm này có cồn. Hãy xác nhận bạn đã đủ 18 tuổi bằng VNeID. Cửa hàng chỉ hỏi một câu: bạn đã đủ 18 tuổi chưa?', 'This product contains alcohol. Please confirm you are 18 or older with VNeID. The shop asks one question only: are you 18 or older?'))}
<p><a class="button vneid" id="verify-age" href="/checkout/${product.id}/verify-age">${say('Xác nhận đủ 18 tuổi bằng VNeID', 'Confirm I am 18+ with VNeID')}</a></p>`
      : html`<form method="post" action="/checkout/${product.id}/order"><button id="place-order" type="submit">${say('Đặt hàng', 'Place order')}</button></form>`
    page(
      req,
      res,
      { vi: 'Thanh toán', en: 'Checkout' },
      html`<section class="panel"><h2>${product.name[lang]}</h2><p>${formatVnd(product.priceVnd, lang)}</p></section>${action}`,
    )
  })

  // An alcohol-free product needs no check. (A form post without CSRF token is harmless here: the
  // worst a forged post does is create an anonymous order nobody sees.)
  app.post('/checkout/:productId/order', (req, res) => {
    const product = findProduct(req.params.productId)
    if (!product || product.ageRestricted) return notFound(req, res)
    res.redirect(303, `/orders/${orders.create(product.id, undefined).id}`)
  })

  // The age check: VNeID is asked `age_over_18` only, without identity, at level 1 (any VNeID account
  // proves its birth date against the population database). Back here, the answer decides.
  const ageCheck = requireAttributes(['age_over_18'], { identity: false, purpose: PURPOSE })
  app.get('/checkout/:productId/verify-age', ageCheck, (req, res) => {
    const product = findProduct(String(req.params.productId))
    if (!product?.ageRestricted) return notFound(req, res)
    const ageOver18 = req.eid.attributes.ageOver18
    if (ageOver18 === true) {
      res.redirect(303, `/orders/${orders.create(product.id, req.eid.consentId).id}`)
      return
    }
    res.status(403)
    const say = speaker(res)
    if (ageOver18 === false) {
      return page(
        req,
        res,
        {
          vi: 'Rất tiếc, chúng tôi không thể bán sản phẩm này',
          en: 'Sorry, we cannot sell you this product',
        },
        html`<div id="age-refused">${notice('info', say('VNeID cho biết bạn chưa đủ 18 tuổi. Theo quy định, cửa hàng không bán đồ uống có cồn cho người dưới 18 tuổi. Cảm ơn bạn đã thông cảm — mời bạn xem các sản phẩm không cồn của chúng tôi.', 'VNeID says you are under 18. By law the shop does not sell alcoholic drinks to anyone under 18. Thank you for understanding — have a look at our alcohol-free products.'))}</div>
<p><a class="button" href="/checkout/siro-dau-tay">${say('Xem siro dâu tây (không cồn)', 'See the strawberry syrup (alcohol-free)')}</a></p>`,
      )
    }
    return page(
      req,
      res,
      { vi: 'Chưa xác nhận được độ tuổi', en: 'Your age was not confirmed' },
      html`<div id="age-missing">${notice('warning', say('Bạn chưa chia sẻ thông tin "đủ 18 tuổi", nên cửa hàng chưa thể bán sản phẩm có cồn.', 'You did not share "18 or over", so the shop cannot sell an alcoholic product yet.'))}</div>
<p><a class="button" href="/checkout/${product.id}/ask-again">${say('Thử lại', 'Try again')}</a></p>`,
    )
  })

  // Forget the answer this browser holds, and ask VNeID again. (Forgetting is all a forged link can do.)
  app.get('/checkout/:productId/ask-again', async (req, res) => {
    const product = findProduct(String(req.params.productId))
    if (!product?.ageRestricted) return notFound(req, res)
    await req.eid.signOut()
    res.redirect(303, `/checkout/${product.id}/verify-age`)
  })

  app.get('/orders/:orderId', (req, res) => {
    const order = orders.get(req.params.orderId)
    const product = order && findProduct(order.productId)
    if (!order || !product) return notFound(req, res)
    page(
      req,
      res,
      { vi: 'Đơn hàng đã đặt', en: 'Order placed' },
      orderBody(res, order, product, config.portalUrl),
    )
  })

  app.use((req, res) => notFound(req, res))

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

function orderBody(res: Response, order: Order, product: Product, portalUrl: string) {
  const lang = langOf(res)
  const say = speaker(res)
  const checked = order.consentId !== undefined
  return html`${notice('success', html`<span id="order-confirmed">${say('Cảm ơn bạn! Đơn hàng', 'Thank you! Order')} <strong>${order.id.slice(0, 8).toUpperCase()}</strong> ${say('đã được ghi nhận.', 'is confirmed.')}</span>`)}
<section class="panel"><h2>${product.name[lang]}</h2><p>${formatVnd(product.priceVnd, lang)}</p></section>
${
  checked
    ? html`${order.consentWithdrawnAt ? notice('info', say('Bạn đã rút lại sự đồng ý trên VNeID. Cửa hàng vẫn giữ mã đơn hàng và thời điểm xác nhận độ tuổi (chứng từ bán hàng), không giữ dữ liệu cá nhân nào khác.', 'You withdrew the consent on VNeID. The shop keeps the order number and the time of the age check (the sales record), and no other personal data.')) : ''}
${sharedDataPanel(res, {
  purpose: { vi: PURPOSE, en: PURPOSE_EN },
  rows: [
    [{ vi: 'Đủ 18 tuổi', en: '18 or over' }, say('Có', 'Yes')],
    [
      { vi: 'Họ tên, ngày sinh, số định danh', en: 'Name, birth date, ID number' },
      say('Không nhận: cửa hàng không hỏi', 'Not received: the shop does not ask'),
    ],
  ],
  portalUrl,
  note: {
    vi: 'Cửa hàng chỉ lưu mã đơn hàng, thời điểm xác nhận và mã sự đồng ý trên VNeID.',
    en: 'The shop stores only the order number, the time of the check and the VNeID consent id.',
  },
})}`
    : ''
}`
}

function notFound(req: Request, res: Response): void {
  const say = speaker(res)
  res
    .status(404)
    .type('html')
    .send(
      renderPage(req, res, brand, {
        title: { vi: 'Không tìm thấy trang', en: 'Page not found' },
        body: html`<p><a href="/">${say('Về trang sản phẩm', 'Back to products')}</a></p>`,
      }),
    )
}

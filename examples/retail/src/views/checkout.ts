import { formatVnd, html, langOf, notice, type SafeHtml, speaker } from 'dinhdanh-example-shared'
import type { Response } from 'express'
import type { Product } from '../catalogue.js'

/**
 * The checkout page: the product, then either the age check (alcohol) or the order button.
 *
 * @example
 * ```ts
 * page(req, res, { vi: 'Thanh toán', en: 'Checkout' }, checkoutBody(res, product))
 * ```
 */
export function checkoutBody(res: Response, product: Product): SafeHtml {
  const lang = langOf(res)
  const say = speaker(res)
  const action = product.ageRestricted
    ? html`${notice('info', say('Sản phẩm này có cồn. Hãy xác nhận bạn đã đủ 18 tuổi bằng VNeID. Cửa hàng chỉ hỏi một câu: bạn đã đủ 18 tuổi chưa?', 'This product contains alcohol. Please confirm you are 18 or older with VNeID. The shop asks one question only: are you 18 or older?'))}
<p><a class="button vneid" id="verify-age" href="/checkout/${product.id}/verify-age">${say('Xác nhận đủ 18 tuổi bằng VNeID', 'Confirm I am 18+ with VNeID')}</a></p>`
    : html`<form method="post" action="/checkout/${product.id}/order"><button id="place-order" type="submit">${say('Đặt hàng', 'Place order')}</button></form>`
  return html`<section class="panel"><h2>${product.name[lang]}</h2><p>${formatVnd(product.priceVnd, lang)}</p></section>${action}`
}

/**
 * VNeID says the buyer is under 18: no sale, and where the alcohol-free products are.
 *
 * @example
 * ```ts
 * page(req, res, title, ageRefusedBody(res), 403)
 * ```
 */
export function ageRefusedBody(res: Response): SafeHtml {
  const say = speaker(res)
  return html`<div id="age-refused">${notice('info', say('VNeID cho biết bạn chưa đủ 18 tuổi. Theo quy định, cửa hàng không bán đồ uống có cồn cho người dưới 18 tuổi. Cảm ơn bạn đã thông cảm — mời bạn xem các sản phẩm không cồn của chúng tôi.', 'VNeID says you are under 18. By law the shop does not sell alcoholic drinks to anyone under 18. Thank you for understanding — have a look at our alcohol-free products.'))}</div>
<p><a class="button" href="/checkout/siro-dau-tay">${say('Xem siro dâu tây (không cồn)', 'See the strawberry syrup (alcohol-free)')}</a></p>`
}

/**
 * The buyer did not share "18 or over": no sale yet, and a way to be asked again.
 *
 * @example
 * ```ts
 * page(req, res, title, ageMissingBody(res, product), 403)
 * ```
 */
export function ageMissingBody(res: Response, product: Product): SafeHtml {
  const say = speaker(res)
  return html`<div id="age-missing">${notice('warning', say('Bạn chưa chia sẻ thông tin "đủ 18 tuổi", nên cửa hàng chưa thể bán sản phẩm có cồn.', 'You did not share "18 or over", so the shop cannot sell an alcoholic product yet.'))}</div>
<p><a class="button" href="/checkout/${product.id}/ask-again">${say('Thử lại', 'Try again')}</a></p>`
}

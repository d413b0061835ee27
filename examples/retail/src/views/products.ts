import { formatVnd, html, langOf, notice, type SafeHtml, speaker } from 'dinhdanh-example-shared'
import type { Response } from 'express'
import { PRODUCTS } from '../catalogue.js'

/**
 * The product list, with what the age check asks and what it does not.
 *
 * @example
 * ```ts
 * page(req, res, { vi: 'Sản phẩm', en: 'Products' }, productsBody(res))
 * ```
 */
export function productsBody(res: Response): SafeHtml {
  const lang = langOf(res)
  const say = speaker(res)
  return html`${notice('info', say('Sản phẩm có cồn chỉ bán cho người từ 18 tuổi trở lên. Khi thanh toán, bạn xác nhận độ tuổi bằng VNeID: cửa hàng chỉ nhận câu trả lời "đủ 18 tuổi" hoặc "chưa đủ", không nhận tên, ngày sinh hay số định danh của bạn.', 'Alcoholic products are sold to people 18 and over only. At checkout you confirm your age with VNeID: the shop receives only "18 or over" or "under 18", never your name, birth date or ID number.'))}
${PRODUCTS.map(
  (product) => html`<section class="panel" id="product-${product.id}">
<h2>${product.name[lang]}</h2>
<p class="muted">${product.description[lang]}${product.ageRestricted ? html` · <strong>18+</strong>` : ''}</p>
<p><strong>${formatVnd(product.priceVnd, lang)}</strong></p>
<p><a class="button" id="buy-${product.id}" href="/checkout/${product.id}">${say('Mua ngay', 'Buy now')}</a></p>
</section>`,
)}`
}

/**
 * A page that does not exist (or a product that is not sold this way).
 *
 * @example
 * ```ts
 * renderPage(req, res, brand, { title, body: notFoundBody(res) })
 * ```
 */
export function notFoundBody(res: Response): SafeHtml {
  return html`<p><a href="/">${speaker(res)('Về trang sản phẩm', 'Back to products')}</a></p>`
}

import {
  type Bilingual,
  formatVnd,
  html,
  langOf,
  notice,
  type SafeHtml,
  sharedDataPanel,
  speaker,
} from 'dinhdanh-example-shared'
import type { Response } from 'express'
import type { Product } from '../catalogue.js'
import type { Order } from '../orders.js'

/**
 * The order page: the order number, the product, and for an age-checked order what was shared and why
 * (and that the consent was withdrawn, when it was).
 *
 * @example
 * ```ts
 * page(req, res, title, orderBody(res, { order, product, purpose, portalUrl }))
 * ```
 */
export function orderBody(
  res: Response,
  view: { order: Order; product: Product; purpose: Bilingual; portalUrl: string },
): SafeHtml {
  const { order, product } = view
  const lang = langOf(res)
  const say = speaker(res)
  const checked = order.consentId !== undefined
  return html`${notice('success', html`<span id="order-confirmed">${say('Cảm ơn bạn! Đơn hàng', 'Thank you! Order')} <strong>${order.id.slice(0, 8).toUpperCase()}</strong> ${say('đã được ghi nhận.', 'is confirmed.')}</span>`)}
<section class="panel"><h2>${product.name[lang]}</h2><p>${formatVnd(product.priceVnd, lang)}</p></section>
${
  checked
    ? html`${order.consentWithdrawnAt ? notice('info', say('Bạn đã rút lại sự đồng ý trên VNeID. Cửa hàng vẫn giữ mã đơn hàng và thời điểm xác nhận độ tuổi (chứng từ bán hàng), không giữ dữ liệu cá nhân nào khác.', 'You withdrew the consent on VNeID. The shop keeps the order number and the time of the age check (the sales record), and no other personal data.')) : ''}
${sharedDataPanel(res, {
  purpose: view.purpose,
  rows: [
    [{ vi: 'Đủ 18 tuổi', en: '18 or over' }, say('Có', 'Yes')],
    [
      { vi: 'Họ tên, ngày sinh, số định danh', en: 'Name, birth date, ID number' },
      say('Không nhận: cửa hàng không hỏi', 'Not received: the shop does not ask'),
    ],
  ],
  portalUrl: view.portalUrl,
  withdrawn: order.consentWithdrawnAt !== undefined,
  note: {
    vi: 'Cửa hàng chỉ lưu mã đơn hàng, thời điểm xác nhận và mã sự đồng ý trên VNeID.',
    en: 'The shop stores only the order number, the time of the check and the VNeID consent id.',
  },
})}`
    : ''
}`
}

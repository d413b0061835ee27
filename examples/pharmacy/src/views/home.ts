/** The home page: what the pharmacy does with VNeID, and the prescriptions of the demo. */
import { formatVnd, html, type Lang, notice, type SafeHtml } from 'dinhdanh-example-shared'
import { billFor } from '../co-payment.js'
import { PRESCRIPTIONS } from '../prescriptions.js'

/**
 * The body of the home page.
 *
 * @example
 * ```ts
 * renderPage(c, brand, { title, body: homeBody('vi') })
 * ```
 */
export function homeBody(lang: Lang): SafeHtml {
  const say = <T>(vi: T, en: T) => (lang === 'en' ? en : vi)
  return html`<p>${say('Mua thuốc theo đơn có bảo hiểm y tế mà không cần mang thẻ: đăng nhập bằng VNeID (tài khoản mức 2), chia sẻ thẻ bảo hiểm y tế, và xem ngay số tiền bạn cần trả.', 'Fill a prescription covered by health insurance without bringing the card: sign in with VNeID (a level-2 account), share your health-insurance card, and see at once what you pay.')}</p>
${notice('info', say('Nhà thuốc chỉ nhận thẻ bảo hiểm y tế và thông tin định danh của bạn, chỉ để bán thuốc theo đơn. Thẻ trong tài khoản định danh mức 2 có giá trị như thẻ giấy (Nghị định 69/2024/NĐ-CP).', 'The pharmacy receives only your health-insurance card and identity, only to fill the prescription. A card held in a level-2 e-ID account counts as presenting the card (Decree 69/2024).'))}
${PRESCRIPTIONS.map(
  (prescription) => html`<section class="panel" id="prescription-${prescription.id}">
<h2>${prescription.title[lang]}</h2>
<p class="muted">${prescription.items.map((item) => item.drug).join(' · ')} · ${prescription.days} ${say('ngày', 'days')}</p>
<p>${say('Giá chưa trừ bảo hiểm:', 'Price before insurance:')} <strong>${formatVnd(billFor(prescription, undefined).totalVnd, lang)}</strong></p>
<p><a class="button vneid" id="fill-${prescription.id}" href="/prescriptions/${prescription.id}">${say('Mua theo đơn này bằng VNeID', 'Fill this prescription with VNeID')}</a></p>
</section>`,
)}`
}

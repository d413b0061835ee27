/**
 * The prescription page after the card was shared: the card and what the pharmacy makes of it today,
 * the bill (what the fund pays, what the citizen pays), and what was received from VNeID and why.
 */
import type { Citizen } from '@dinhdanh/client'
import {
  type Bilingual,
  formatDate,
  formatVnd,
  html,
  type Lang,
  notice,
  type SafeHtml,
  sharedDataPanel,
} from 'dinhdanh-example-shared'
import { PURPOSE } from '../brand.js'
import { type Bill, type CardStatus, FUND_SHARE, LOW_COST_THRESHOLD_VND } from '../co-payment.js'
import type { Prescription } from '../prescriptions.js'

/** What the page shows. */
export interface PrescriptionView {
  lang: Lang
  prescription: Prescription
  status: CardStatus
  bill: Bill
  citizen: Citizen | undefined
  level: number
  portalUrl: string
}

const percent = (share: number) => `${Math.round(share * 100)}%`

/**
 * The title and body of the prescription page.
 *
 * @example
 * ```ts
 * const { title, body } = prescriptionPage({ lang, prescription, status, bill, citizen, level, portalUrl })
 * ```
 */
export function prescriptionPage(view: PrescriptionView): { title: Bilingual; body: SafeHtml } {
  const { lang, prescription, status } = view
  return {
    title: { vi: `Đơn thuốc: ${prescription.title.vi}`, en: `Prescription: ${prescription.title.en}` },
    body: html`<section class="panel" id="card" data-card-status="${status.kind}">
<h2>${lang === 'en' ? 'Health-insurance card' : 'Thẻ bảo hiểm y tế'}</h2>
${cardNotice(lang, status)}
${cardRetry(lang, status, prescription.id)}
</section>
${billTable(view)}
${sharedDataPanel(lang, {
  purpose: PURPOSE,
  rows: sharedRows(view),
  portalUrl: view.portalUrl,
  note: {
    vi: 'Nhà thuốc không lưu thẻ của bạn: thông tin chỉ nằm trong phiên đăng nhập này và mất khi bạn đăng xuất.',
    en: 'The pharmacy does not store your card: it lives only in this sign-in session and is gone when you sign out.',
  },
})}`,
  }
}

function cardNotice(lang: Lang, status: CardStatus): SafeHtml {
  const say = <T>(vi: T, en: T) => (lang === 'en' ? en : vi)
  switch (status.kind) {
    case 'valid':
      return notice(
        'success',
        html`<span id="card-valid">${say('Thẻ còn hạn đến', 'The card is valid until')} ${formatDate(status.card.validTo)}. ${say('Mức hưởng', 'Benefit level')} <strong id="benefit-level">${status.level}</strong>: ${say('quỹ bảo hiểm y tế chi trả', 'the insurance fund pays')} ${percent(FUND_SHARE[status.level])} ${say('chi phí thuốc trong danh mục.', 'of the drugs on its list.')}</span>`,
      )
    case 'no_level':
      return notice(
        'warning',
        html`<span id="card-no-level">${say('Thẻ còn hạn đến', 'The card is valid until')} ${formatDate(status.card.validTo)}, ${say('nhưng VNeID không gửi mức hưởng. Quầy thuốc sẽ kiểm tra thẻ trên cổng giám định BHYT; giá dưới đây chưa trừ phần bảo hiểm.', 'but VNeID did not send the benefit level. The counter will check the card on the insurance portal; the prices below are before insurance.')}</span>`,
      )
    case 'expired':
      return notice(
        'warning',
        html`<span id="card-expired">${say('Thẻ bảo hiểm y tế của bạn đã hết hạn ngày', 'Your health-insurance card expired on')} ${formatDate(status.card.validTo)}. ${say('Bạn vẫn mua được thuốc theo đơn nhưng tự chi trả toàn bộ. Hãy gia hạn thẻ tại cơ quan BHXH, đại lý thu hoặc Cổng dịch vụ công.', 'You can still fill the prescription, paying the full price. Renew the card at social insurance, a collection agent or the public-services portal.')}</span>`,
      )
    case 'not_yet_valid':
      return notice(
        'warning',
        html`<span id="card-not-yet-valid">${say('Thẻ bảo hiểm y tế của bạn có hiệu lực từ ngày', 'Your health-insurance card is valid from')} ${formatDate(status.card.validFrom)}. ${say('Hôm nay bạn tự chi trả toàn bộ.', 'Today you pay the full price.')}</span>`,
      )
    case 'missing':
      return notice(
        'info',
        html`<span id="card-missing">${say('Chúng tôi không nhận được thẻ bảo hiểm y tế từ VNeID: bạn không có thẻ, hoặc không chọn chia sẻ thẻ. Giá dưới đây là giá tự chi trả; nếu có thẻ giấy, hãy mang tới quầy.', 'We did not receive a health-insurance card from VNeID: you hold none, or did not tick it. The prices below are without insurance; if you have a paper card, bring it to the counter.')}</span>`,
      )
    case 'unavailable':
      return notice(
        'warning',
        html`<span id="card-unavailable">${say('Hệ thống bảo hiểm y tế đang không phản hồi, nên VNeID chưa gửi được thẻ của bạn. Thẻ của bạn không bị ảnh hưởng. Hãy thử lại sau ít phút, hoặc mang thẻ căn cước gắn chip tới quầy để kiểm tra thẻ.', 'The health-insurance register is not responding, so VNeID could not send your card. Nothing is wrong with your card. Try again in a few minutes, or bring your chip ID card to the counter to have the card checked.')}</span>`,
      )
  }
}

/** A "share again" link where sharing again can change the answer. */
function cardRetry(lang: Lang, status: CardStatus, prescriptionId: string): SafeHtml | string {
  if (status.kind !== 'missing' && status.kind !== 'unavailable') return ''
  const returnTo = encodeURIComponent(`/prescriptions/${prescriptionId}`)
  return html`<p><a class="button secondary" id="share-again" href="/auth/login?attributes=health_insurance&amp;level=2&amp;returnTo=${returnTo}">${lang === 'en' ? 'Share the card again from VNeID' : 'Chia sẻ lại thẻ từ VNeID'}</a></p>`
}

function billTable(view: PrescriptionView): SafeHtml {
  const { lang, bill, prescription } = view
  const say = <T>(vi: T, en: T) => (lang === 'en' ? en : vi)
  const vnd = (amount: number) => formatVnd(amount, lang)
  return html`<section class="panel" id="bill">
<h2>${say('Chi phí đơn thuốc', 'What the prescription costs')} (${prescription.days} ${say('ngày', 'days')})</h2>
<table><thead><tr><th>${say('Thuốc', 'Drug')}</th><th>${say('Số lượng', 'Quantity')}</th><th>${say('Thành tiền', 'Price')}</th><th>${say('BHYT trả', 'Insurance pays')}</th><th>${say('Bạn trả', 'You pay')}</th></tr></thead>
<tbody>${bill.lines.map(
    (line) =>
      html`<tr><td>${line.item.drug}${line.item.covered ? '' : html` <small class="muted">(${say('ngoài danh mục BHYT', 'not on the insurance list')})</small>`}</td><td>${line.item.quantity} ${line.item.unit[lang]}</td><td>${vnd(line.priceVnd)}</td><td>${vnd(line.fundVnd)}</td><td>${vnd(line.patientVnd)}</td></tr>`,
  )}</tbody></table>
<dl>
<dt>${say('Tổng cộng', 'Total')}</dt><dd id="total">${vnd(bill.totalVnd)}</dd>
<dt>${say('Quỹ bảo hiểm y tế chi trả', 'Paid by the insurance fund')}</dt><dd id="fund-pays">${vnd(bill.fundVnd)}</dd>
<dt>${say('Bạn thanh toán tại quầy', 'You pay at the counter')}</dt><dd id="co-payment">${vnd(bill.patientVnd)}</dd>
</dl>
${bill.lowCost ? html`<p class="note" id="low-cost">${say('Chi phí thuốc trong danh mục thấp hơn 15% mức lương cơ sở', 'The covered drugs cost less than 15% of the base salary')} (${vnd(LOW_COST_THRESHOLD_VND)}): ${say('quỹ bảo hiểm y tế chi trả toàn bộ, không phụ thuộc mức hưởng.', 'the insurance fund pays them in full, whatever the benefit level.')}</p>` : ''}
<p class="note">${say('Giá minh họa cho bản trình diễn. Mời bạn đến quầy, đọc tên và nhận thuốc; dược sĩ tư vấn cách dùng.', 'Illustrative prices for the demo. Come to the counter, give your name and collect the medicines; the pharmacist explains how to take them.')}</p>
</section>`
}

function sharedRows(view: PrescriptionView) {
  const { lang, status } = view
  const say = <T>(vi: T, en: T) => (lang === 'en' ? en : vi)
  const card = 'card' in status ? status.card : undefined
  const cardValue =
    status.kind === 'unavailable'
      ? say('Hệ thống BHYT không phản hồi', 'Insurance register not responding')
      : status.kind === 'missing'
        ? say('Không nhận được', 'Not received')
        : html`<span id="card-number">${card?.number}</span>`
  return [
    [{ vi: 'Họ và tên', en: 'Full name' }, view.citizen?.fullName],
    [{ vi: 'Mức tài khoản định danh', en: 'e-ID account level' }, String(view.level)],
    [{ vi: 'Thẻ bảo hiểm y tế', en: 'Health-insurance card' }, cardValue],
    ...(card
      ? ([
          [{ vi: 'Mã thẻ (15 ký tự)', en: 'Card code (15 characters)' }, card.legacyCode],
          [{ vi: 'Hạn thẻ', en: 'Valid' }, `${formatDate(card.validFrom)} – ${formatDate(card.validTo)}`],
          [
            { vi: 'Nơi đăng ký khám chữa bệnh ban đầu', en: 'Registered first-visit facility' },
            card.facility.name,
          ],
        ] as const)
      : []),
  ] as const
}

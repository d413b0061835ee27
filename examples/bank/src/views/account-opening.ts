import type { AttributeName } from '@dinhdanh/client'
import {
  type Bilingual,
  type DataRow,
  formatDate,
  formatVnd,
  html,
  langOf,
  notice,
  type SafeHtml,
  sharedDataPanel,
  speaker,
} from 'dinhdanh-example-shared'
import type { Request, Response } from 'express'
import { attributeLabel } from './format.js'

/**
 * What account opening needs and did not get: the attribute, and whether the citizen did not share it (or
 * holds none) or its data source at the provider was down.
 */
export interface AbsentAttribute {
  name: AttributeName
  why: 'missing' | 'unavailable'
}

/**
 * The review page of account opening: what VNeID sent, and the confirm form; or, when some of the eKYC
 * data did not arrive, what is missing, why, and a link to share it again (no confirm button).
 */
export function reviewBody(
  req: Request,
  res: Response,
  options: { purpose: Bilingual; portalUrl: string; absent: readonly AbsentAttribute[] },
): SafeHtml {
  const say = speaker(res)
  const { citizen, attributes } = req.eid
  const card = attributes.idCard
  const { absent } = options
  const rows: DataRow[] = [
    [{ vi: 'Họ và tên', en: 'Full name' }, citizen?.fullName],
    [{ vi: 'Số định danh cá nhân', en: 'Personal ID number' }, citizen?.personalId],
    [{ vi: 'Ngày sinh', en: 'Date of birth' }, formatDate(citizen?.birthDate)],
    [
      { vi: 'Giới tính', en: 'Gender' },
      citizen && (citizen.gender === 'male' ? say('Nam', 'Male') : say('Nữ', 'Female')),
    ],
    [{ vi: 'Nơi ở hiện tại', en: 'Current address' }, attributes.address?.current.formatted],
    [{ vi: 'Số điện thoại', en: 'Phone number' }, attributes.phone?.number],
    [{ vi: 'Thẻ căn cước', en: 'ID card' }, card && `${card.number} (${card.kind})`],
    [{ vi: 'Nơi cấp', en: 'Issued by' }, card?.issuedBy],
    [{ vi: 'Ngày cấp', en: 'Issued on' }, card && formatDate(card.issueDate)],
    [
      { vi: 'Có giá trị đến', en: 'Valid until' },
      card && (card.expiryDate ? formatDate(card.expiryDate) : say('Không thời hạn', 'No expiry')),
    ],
  ]
  const panel = html`<div id="shared-data">${sharedDataPanel(res, {
    purpose: options.purpose,
    rows,
    portalUrl: options.portalUrl,
    note: {
      vi: 'Ngân hàng lưu các thông tin này làm hồ sơ khách hàng, cùng biên nhận sự đồng ý có chữ ký của VNeID.',
      en: 'The bank keeps these details as your customer record, with the consent receipt signed by VNeID.',
    },
  })}</div>`
  if (absent.length > 0)
    return html`${incompleteNotice(res, absent)}
${panel}`
  return html`${notice('success', say('VNeID đã xác thực danh tính của bạn ở mức 2. Vui lòng kiểm tra thông tin trước khi mở tài khoản.', 'VNeID verified your identity at level 2. Please check the details before opening the account.'))}
${panel}
<section class="panel">
<h2>${say('Tài khoản thanh toán Sen Vàng', 'Golden Lotus payment account')}</h2>
<p>${say('Miễn phí quản lý tài khoản. Số dư ban đầu (demo): ', 'No account fee. Opening balance (demo): ')}<strong>${formatVnd(50_000_000, langOf(res))}</strong></p>
<form method="post" action="/open-account" class="stack">
<input type="hidden" name="_csrf" value="${req.eid.csrfToken}">
<button type="submit" id="confirm-open">${say('Tôi đồng ý với điều khoản và mở tài khoản', 'I accept the terms: open my account')}</button>
</form>
</section>`
}

/** Account opening without some of its data: why each one is missing, and "share again". */
function incompleteNotice(res: Response, absent: readonly AbsentAttribute[]): SafeHtml {
  const say = speaker(res)
  const names = absent.map((a) => a.name)
  // Only what is missing; the purpose on the consent screen is the eKYC one (`defaults.purpose`).
  const shareAgain = `/auth/login?level=2&attributes=${names.join(',')}&returnTo=${encodeURIComponent('/open-account')}`
  const reason = (why: AbsentAttribute['why']) =>
    why === 'unavailable'
      ? say('nguồn dữ liệu của VNeID tạm thời không phản hồi', 'the VNeID data source was not responding')
      : say(
          'bạn chưa chọn chia sẻ, hoặc VNeID không có dữ liệu này của bạn',
          'you did not tick it, or VNeID holds no such data for you',
        )
  return html`<section class="panel" id="ekyc-incomplete" data-absent="${names.join(',')}">
${notice('warning', say('Ngân hàng chưa nhận đủ thông tin để mở tài khoản trực tuyến. Theo quy định về định danh khách hàng điện tử (eKYC), ngân hàng cần họ tên và số định danh, địa chỉ, số điện thoại và thẻ căn cước. Chưa có tài khoản nào được mở.', 'The bank did not receive everything it needs to open an account online. The electronic customer identification (eKYC) rules require your name and personal ID number, address, phone number and ID card. No account was opened.'))}
<ul>${absent.map((a) => html`<li data-attribute="${a.name}" data-why="${a.why}"><strong>${attributeLabel(a.name, res)}</strong>: ${reason(a.why)}</li>`)}</ul>
<p>${say('Bạn có thể chia sẻ lại chỉ những thông tin còn thiếu trên VNeID (nếu nguồn dữ liệu vừa gặp sự cố, hãy thử lại sau ít phút), hoặc mở tài khoản tại quầy với thẻ căn cước.', 'You can share again only what is missing on VNeID (if a data source was down, try again in a few minutes), or open an account at a branch with your ID card.')}</p>
<p><a class="button vneid" id="share-again" href="${shareAgain}">${say('Chia sẻ lại từ VNeID', 'Share again from VNeID')}</a></p>
</section>`
}

/**
 * A citizen who already has an account at the bank.
 *
 * @example
 * ```ts
 * page(req, res, title, alreadyCustomerBody(res))
 * ```
 */
export function alreadyCustomerBody(res: Response): SafeHtml {
  const say = speaker(res)
  return html`<div id="already-customer">${notice('info', say('Bạn đã có tài khoản tại Ngân hàng Sen Vàng.', 'You already have an account at Golden Lotus Bank.'))}</div><p><a class="button" href="/account">${say('Xem tài khoản', 'See the account')}</a></p>`
}

/**
 * VNeID holds no active consent for the eKYC purpose (withdrawn meanwhile): nothing was stored.
 *
 * @example
 * ```ts
 * page(req, res, title, consentMissingBody(res), 409)
 * ```
 */
export function consentMissingBody(res: Response): SafeHtml {
  const say = speaker(res)
  return html`<div id="consent-missing">${notice('warning', say('VNeID không còn sự đồng ý nào cho mục đích mở tài khoản (có thể bạn vừa rút lại). Chưa có tài khoản nào được mở và không có dữ liệu nào được lưu. Vui lòng chia sẻ lại.', 'VNeID holds no active consent for opening an account (you may have just withdrawn it). No account was opened and nothing was stored. Please share again.'))}</div><p><a class="button" href="/open-account">${say('Thử lại', 'Try again')}</a></p>`
}

/**
 * The consent API or the receipt check failed (`down`: VNeID did not answer): nothing was stored.
 *
 * @example
 * ```ts
 * page(req, res, title, receiptProblemBody(res, true), 503)
 * ```
 */
export function receiptProblemBody(res: Response, down: boolean): SafeHtml {
  const say = speaker(res)
  return html`<div id="receipt-problem" data-problem="${down ? 'provider_down' : 'other'}">${notice('warning', down ? say('VNeID tạm thời không phản hồi, nên ngân hàng chưa lấy được biên nhận sự đồng ý có chữ ký. Chưa có tài khoản nào được mở và không có dữ liệu nào được lưu. Vui lòng thử lại sau ít phút.', 'VNeID is not responding right now, so the bank could not fetch the signed consent receipt. No account was opened and nothing was stored. Please try again in a few minutes.') : say('Ngân hàng chưa kiểm tra được biên nhận sự đồng ý của VNeID. Chưa có tài khoản nào được mở và không có dữ liệu nào được lưu.', 'The bank could not verify the VNeID consent receipt. No account was opened and nothing was stored.'))}</div>
<p><a class="button" href="/open-account">${say('Thử lại', 'Try again')}</a></p>`
}

/** The account page's body, and the page of a signed-in citizen without an account. */
import {
  type Bilingual,
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
import type { Account, Customer, StoredReceipt, Transfer } from '../store.js'
import { attributeLabel, formatTime, maskId } from './format.js'

/** The account page: number, balance, recent transfers, the stored customer data and consent receipts. */
export function accountBody(
  req: Request,
  res: Response,
  data: {
    account: Account
    customer: Customer | undefined
    receipts: readonly StoredReceipt[]
    transfers: readonly Transfer[]
    justOpened: boolean
    portalUrl: string
    purpose: Bilingual
  },
): SafeHtml {
  const say = speaker(res)
  const lang = langOf(res)
  const { account, customer, receipts } = data
  const holder = customer?.fullName ?? req.eid.citizen?.fullName
  return html`${data.justOpened ? html`<div id="account-opened">${notice('success', say('Chúc mừng! Tài khoản của bạn đã được mở.', 'Congratulations! Your account is open.'))}</div>` : ''}
<section class="panel" id="account">
<h2>${say('Tài khoản thanh toán', 'Payment account')}</h2>
<dl>
<dt>${say('Số tài khoản', 'Account number')}</dt><dd id="account-number">${account.number}</dd>
<dt>${say('Chủ tài khoản', 'Account holder')}</dt><dd>${holder ?? '—'}</dd>
<dt>${say('Số dư', 'Balance')}</dt><dd id="balance">${formatVnd(account.balance, lang)}</dd>
<dt>${say('Ngày mở', 'Opened on')}</dt><dd>${formatTime(account.openedAt, res)}</dd>
<dt>${say('Hình thức mở', 'Opened by')}</dt><dd data-kind="${account.kind}">${account.kind === 'ekyc' ? say('Trực tuyến bằng VNeID (eKYC)', 'Online with VNeID (eKYC)') : say('Tài khoản demo (như đã mở tại quầy)', 'Demo account (as if opened at a branch)')}</dd>
</dl>
<p><a class="button" id="go-transfer" href="/transfer">${say('Chuyển khoản', 'Make a transfer')}</a></p>
${account.kind === 'demo' ? html`<p class="note">${say('Bản demo: khách hàng đã có tài khoản tại quầy, nên khi đăng nhập lần đầu ngân hàng tạo sẵn một tài khoản demo với 50.000.000 ₫, không lưu dữ liệu cá nhân nào.', 'Demo: existing customers opened their account at a branch, so the first sign-in creates a demo account with 50,000,000 VND, storing no personal data.')}</p>` : ''}
</section>
${transfersPanel(res, data.transfers)}
${customer ? customerPanel(res, customer, data) : ''}
${receipts.length > 0 ? receiptsPanel(res, receipts, data.portalUrl) : ''}`
}

function transfersPanel(res: Response, transfers: readonly Transfer[]): SafeHtml {
  const say = speaker(res)
  if (transfers.length === 0) return html``
  // Each cell carries its column's name: a phone shows the table row by row, labelled (no header row).
  const [time, recipient, amount, verified] = [
    say('Thời gian', 'Time'),
    say('Người nhận', 'Recipient'),
    say('Số tiền', 'Amount'),
    say('Xác thực', 'Verified at'),
  ]
  return html`<section class="panel" id="recent-transfers"><h2>${say('Giao dịch gần đây', 'Recent transfers')}</h2>
<table class="stacked"><thead><tr><th>${time}</th><th>${recipient}</th><th>${amount}</th><th>${verified}</th></tr></thead>
<tbody>${transfers.map((t) => html`<tr><td data-label="${time}">${formatTime(t.executedAt ?? t.createdAt, res)}</td><td data-label="${recipient}">${t.recipient}</td><td data-label="${amount}">−${formatVnd(t.amount, langOf(res))}</td><td data-label="${verified}">${say('mức', 'level')} ${t.level ?? '—'}</td></tr>`)}</tbody>
</table></section>`
}

function customerPanel(
  res: Response,
  customer: Customer,
  data: { portalUrl: string; purpose: Bilingual },
): SafeHtml {
  const say = speaker(res)
  if (customer.personalDataDeletedAt !== undefined) {
    return html`<section class="panel" id="consent-withdrawn" data-deleted="true">
<h2>${say('Bạn đã rút lại sự đồng ý', 'You withdrew your consent')}</h2>
${notice('info', say(`Ngày ${formatTime(customer.personalDataDeletedAt, res)}, theo yêu cầu rút lại sự đồng ý của bạn trên VNeID, ngân hàng đã xóa: ngày sinh, giới tính, địa chỉ, số điện thoại và thông tin thẻ căn cước.`, `On ${formatTime(customer.personalDataDeletedAt, res)}, after you withdrew your consent on VNeID, the bank deleted: birth date, gender, address, phone number and ID-card details.`))}
<p>${say('Ngân hàng vẫn lưu họ tên, số định danh (', 'The bank still keeps your full name, personal ID number (')}${maskId(customer.personalId)}${say('), số tài khoản, số dư và lịch sử giao dịch, vì Luật Phòng, chống rửa tiền yêu cầu lưu hồ sơ nhận biết khách hàng và giao dịch ít nhất 5 năm, cùng biên nhận sự đồng ý (bằng chứng về điều bạn đã đồng ý).', '), account number, balance and transfer history, because the Anti-Money Laundering Law requires customer identification and transaction records to be kept for at least 5 years, and the consent receipt (the proof of what you agreed to).')}</p>
</section>`
  }
  return html`<div id="customer-data">${sharedDataPanel(res, {
    purpose: data.purpose,
    rows: [
      [{ vi: 'Họ và tên', en: 'Full name' }, customer.fullName],
      [{ vi: 'Số định danh cá nhân', en: 'Personal ID number' }, maskId(customer.personalId)],
      [{ vi: 'Ngày sinh', en: 'Date of birth' }, formatDate(customer.birthDate)],
      [{ vi: 'Nơi ở hiện tại', en: 'Current address' }, customer.address],
      [{ vi: 'Số điện thoại', en: 'Phone number' }, customer.phone],
      [
        { vi: 'Thẻ căn cước', en: 'ID card' },
        customer.idCardNumber && `${maskId(customer.idCardNumber)} (${customer.idCardKind})`,
      ],
    ],
    portalUrl: data.portalUrl,
    note: {
      vi: 'Đây là dữ liệu ngân hàng đang lưu trong hồ sơ khách hàng của bạn.',
      en: 'This is the data the bank keeps in your customer record.',
    },
  })}</div>`
}

function receiptsPanel(res: Response, receipts: readonly StoredReceipt[], portalUrl: string): SafeHtml {
  const say = speaker(res)
  return html`<section class="panel" id="consent-receipt">
<h2>${say('Biên nhận sự đồng ý', 'Consent receipt')}</h2>
${receipts.map(
  (r) => html`<dl data-consent-id="${r.consentId}" data-status="${r.status}">
<dt>${say('Mã sự đồng ý', 'Consent id')}</dt><dd class="receipt-id"><code>${r.consentId}</code></dd>
<dt>${say('Mục đích', 'Purpose')}</dt><dd>${r.purpose}</dd>
<dt>${say('Dữ liệu', 'Data')}</dt><dd>${r.attributes.map((a) => attributeLabel(a, res)).join(', ')}</dd>
<dt>${say('Thời điểm đồng ý', 'Agreed at')}</dt><dd>${formatTime(r.grantedAt, res)}</dd>
<dt>${say('Trạng thái', 'Status')}</dt><dd class="receipt-status">${r.status === 'active' ? say('Đang hiệu lực', 'Active') : say(`Đã rút lại lúc ${formatTime(r.withdrawnAt ?? 0, res)}`, `Withdrawn at ${formatTime(r.withdrawnAt ?? 0, res)}`)}</dd>
${r.method === 'app' ? html`<dt>${say('Hình thức', 'How')}</dt><dd class="receipt-app">${say('Đồng ý trong ứng dụng VNeID (chia sẻ theo giao dịch): cổng chia sẻ cấp mã sự đồng ý, không có biên nhận có chữ ký', 'Agreed in the VNeID app (sharing by transaction): the gateway gives a consent id, no signed receipt')}</dd>` : html`<dt>${say('Chữ ký', 'Signature')}</dt><dd class="receipt-verified">${say(`Đã kiểm tra chữ ký của nhà cung cấp định danh (VNeID) lúc ${formatTime(r.verifiedAt, res)}`, `Verified signature from the provider (VNeID) at ${formatTime(r.verifiedAt, res)}`)}</dd>`}
</dl>`,
)}
<p class="note">${say('Ngân hàng lưu biên nhận có chữ ký (JWT) làm bằng chứng về điều bạn đã đồng ý.', 'The bank stores the signed receipt (a JWT) as proof of what you agreed to.')}</p>
${
  receipts.some((r) => r.status === 'active')
    ? html`<p><a id="withdraw-link" href="${portalUrl}">${say('Rút lại sự đồng ý trên cổng công dân VNeID', 'Withdraw this consent on the VNeID citizen portal')}</a></p>`
    : ''
}
</section>`
}

/** A signed-in citizen without an account at the bank. */
export function noAccountBody(res: Response): SafeHtml {
  const say = speaker(res)
  return html`<div id="no-account">${notice('info', say('Bạn chưa có tài khoản tại Ngân hàng Sen Vàng.', 'You do not have an account at Golden Lotus Bank yet.'))}</div>
<p><a class="button vneid" href="/open-account">${say('Mở tài khoản trực tuyến bằng VNeID (cần mức 2)', 'Open an account online with VNeID (level 2 needed)')}</a>
<a class="button secondary" id="use-demo-account" href="/banking">${say('Dùng tài khoản demo (khách hàng hiện có)', 'Use a demo account (existing customer)')}</a></p>`
}

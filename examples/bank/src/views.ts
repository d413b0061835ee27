/** The bank's page bodies (the routes are in app.ts). Every value goes through the escaping `html` tag. */
import type { AttributeName } from '@dinhdanh/client'
import { attributeCatalogue } from '@dinhdanh/client/schemas'
import {
  type Bilingual,
  type Brand,
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
import {
  type Account,
  type Customer,
  DAILY_TRANSFER_LIMIT,
  LARGE_TRANSFER_LIMIT,
  type StoredReceipt,
  type Transfer,
} from './store.js'

/** The bank's brand on every page. */
export const brand: Brand = {
  name: { vi: 'Ngân hàng Sen Vàng', en: 'Golden Lotus Bank' },
  tagline: { vi: 'Ngân hàng số cho mọi nhà', en: 'Digital banking for every home' },
  mark: 'SV',
  color: '#8a5a00',
  nav: [
    { href: '/', vi: 'Trang chủ', en: 'Home' },
    { href: '/account', vi: 'Tài khoản', en: 'Account' },
    { href: '/transfer', vi: 'Chuyển khoản', en: 'Transfer' },
  ],
}

/** Date and time in Vietnam's time zone, from epoch seconds. */
export function formatTime(epochSec: number, res: Response): string {
  return new Date(epochSec * 1000).toLocaleString(langOf(res) === 'vi' ? 'vi-VN' : 'en-GB', {
    timeZone: 'Asia/Ho_Chi_Minh',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  })
}

/** The label of a catalogue attribute in the page's language. */
export function attributeLabel(name: AttributeName, res: Response): string {
  return attributeCatalogue[name].label[langOf(res)]
}

/** A personal ID or ID-card number with only its last four digits (on a chip card they are the same number). */
const maskId = (id: string) => `••••••••${id.slice(-4)}`

/** The landing page: the offer and the two ways in. */
export function landingBody(req: Request, res: Response): SafeHtml {
  const say = speaker(res)
  return html`<section class="panel">
<h2>${say('Tài khoản thanh toán miễn phí, mở trong 3 phút', 'A free payment account, opened in 3 minutes')}</h2>
<ul>
<li>${say('Không cần đến quầy: xác thực danh tính bằng tài khoản định danh điện tử VNeID mức 2.', 'No branch visit: your identity is verified with a level 2 VNeID e-ID account.')}</li>
<li>${say('Miễn phí chuyển khoản 24/7. Tặng 50.000.000 ₫ tiền demo khi mở tài khoản.', 'Free 24/7 transfers. 50,000,000 VND of demo money when you open the account.')}</li>
<li>${say('Bạn thấy rõ dữ liệu nào được chia sẻ, vì sao, và có thể rút lại sự đồng ý trên cổng công dân VNeID.', 'You see exactly which data is shared and why, and you can withdraw consent on the VNeID citizen portal.')}</li>
</ul>
<p><a class="button vneid" id="open-account" href="/open-account">${say('Mở tài khoản trực tuyến bằng VNeID', 'Open an account online with VNeID')}</a></p>
</section>
<section class="panel">
<h2>${say('Đã là khách hàng?', 'Already a customer?')}</h2>
<p>${say('Đăng nhập ngân hàng điện tử bằng VNeID (mức 1 là đủ để xem tài khoản và chuyển khoản tối đa 10.000.000 ₫ mỗi lần, 20.000.000 ₫ mỗi ngày).', 'Sign in to internet banking with VNeID (level 1 is enough to see your account and transfer up to 10,000,000 VND at a time, 20,000,000 VND a day).')}</p>
<p><a class="button secondary" id="sign-in" href="/banking">${say('Đăng nhập ngân hàng điện tử', 'Sign in to internet banking')}</a>
${req.eid.isSignedIn ? html` <a href="/account" id="go-account">${say('Xem tài khoản của bạn', 'See your account')}</a>` : ''}</p>
</section>`
}

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
  return html`<section class="panel" id="recent-transfers"><h2>${say('Giao dịch gần đây', 'Recent transfers')}</h2>
<table><tr><th>${say('Thời gian', 'Time')}</th><th>${say('Người nhận', 'Recipient')}</th><th>${say('Số tiền', 'Amount')}</th><th>${say('Xác thực', 'Verified at')}</th></tr>
${transfers.map((t) => html`<tr><td>${formatTime(t.executedAt ?? t.createdAt, res)}</td><td>${t.recipient}</td><td>−${formatVnd(t.amount, langOf(res))}</td><td>${say('mức', 'level')} ${t.level ?? '—'}</td></tr>`)}
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
<dt>${say('Chữ ký', 'Signature')}</dt><dd class="receipt-verified">${say(`Đã kiểm tra chữ ký của nhà cung cấp định danh (VNeID) lúc ${formatTime(r.verifiedAt, res)}`, `Verified signature from the provider (VNeID) at ${formatTime(r.verifiedAt, res)}`)}</dd>
</dl>`,
)}
<p class="note">${say('Ngân hàng lưu biên nhận có chữ ký (JWT) làm bằng chứng về điều bạn đã đồng ý.', 'The bank stores the signed receipt (a JWT) as proof of what you agreed to.')}</p>
<p><a id="withdraw-link" href="${portalUrl}">${say('Rút lại sự đồng ý trên cổng công dân VNeID', 'Withdraw this consent on the VNeID citizen portal')}</a></p>
</section>`
}

/** The transfer form. */
export function transferForm(
  req: Request,
  res: Response,
  account: Account,
  form: { recipient?: string; amount?: string; note?: string; error?: string } = {},
  todaysTotal = 0,
): SafeHtml {
  const say = speaker(res)
  const lang = langOf(res)
  const limit = formatVnd(LARGE_TRANSFER_LIMIT, lang)
  const daily = formatVnd(DAILY_TRANSFER_LIMIT, lang)
  return html`${form.error ? html`<div id="transfer-error">${notice('error', form.error)}</div>` : ''}
<section class="panel">
<p>${say('Từ tài khoản', 'From account')} <strong>${account.number}</strong> · ${say('số dư', 'balance')} <strong id="balance">${formatVnd(account.balance, lang)}</strong></p>
${notice('info', say(`Tối đa ${limit} mỗi lần và ${daily} mỗi ngày: đăng nhập VNeID mức 1 là đủ. Một giao dịch trên ${limit}, hoặc khi tổng trong ngày vượt ${daily}: theo quy định của Ngân hàng Nhà nước, cần xác thực mạnh cho từng giao dịch; ngân hàng dùng VNeID mức 2 và bạn sẽ xác thực lại trên VNeID, kể cả khi đang đăng nhập ở mức 2. Phiên hiện tại: mức ${req.eid.level}.`, `Up to ${limit} at a time and ${daily} a day: a VNeID level 1 sign-in is enough. A transfer over ${limit}, or once the day's total goes over ${daily}: State Bank rules require strong authentication for each transfer; the bank uses VNeID level 2 and you authenticate again on VNeID, even when signed in at level 2. This session: level ${req.eid.level}.`))}
<p id="todays-total">${say('Đã chuyển hôm nay:', 'Sent today:')} <strong>${formatVnd(todaysTotal, lang)}</strong></p>
<form method="post" action="/transfer" class="stack">
<input type="hidden" name="_csrf" value="${req.eid.csrfToken}">
<label for="recipient">${say('Số tài khoản người nhận', 'Recipient account number')}</label>
<input type="text" id="recipient" name="recipient" inputmode="numeric" required value="${form.recipient ?? ''}">
<label for="amount">${say('Số tiền (₫)', 'Amount (VND)')}</label>
<input type="number" id="amount" name="amount" min="1000" step="1000" required value="${form.amount ?? ''}">
<label for="note">${say('Nội dung', 'Message')}</label>
<input type="text" id="note" name="note" maxlength="140" value="${form.note ?? ''}">
<button type="submit" id="submit-transfer">${say('Chuyển tiền', 'Transfer')}</button>
</form>
</section>`
}

/** The confirmation of a transfer that needs strong authentication (after the new VNeID authentication). */
export function confirmTransferBody(req: Request, res: Response, transfer: Transfer): SafeHtml {
  const say = speaker(res)
  return html`${notice('success', say('Bạn vừa xác thực lại trên VNeID ở mức 2 cho giao dịch này. Vui lòng xác nhận giao dịch.', 'You just authenticated again on VNeID at level 2 for this transfer. Please confirm it.'))}
<section class="panel" id="pending-transfer">
<dl><dt>${say('Người nhận', 'Recipient')}</dt><dd>${transfer.recipient}</dd>
<dt>${say('Số tiền', 'Amount')}</dt><dd id="pending-amount">${formatVnd(transfer.amount, langOf(res))}</dd>
<dt>${say('Nội dung', 'Message')}</dt><dd>${transfer.note || '—'}</dd></dl>
<form method="post" action="/transfer/${transfer.id}/confirm">
<input type="hidden" name="_csrf" value="${req.eid.csrfToken}">
<button type="submit" id="confirm-transfer">${say('Xác nhận chuyển tiền', 'Confirm the transfer')}</button>
<a class="button secondary" href="/transfer">${say('Hủy', 'Cancel')}</a>
</form></section>`
}

/** The result of a transfer. */
export function transferDoneBody(res: Response, transfer: Transfer, balance: number): SafeHtml {
  const say = speaker(res)
  const lang = langOf(res)
  return html`<div id="transfer-done">${notice('success', say(`Đã chuyển ${formatVnd(transfer.amount, lang)} đến tài khoản ${transfer.recipient}.`, `${formatVnd(transfer.amount, lang)} sent to account ${transfer.recipient}.`))}</div>
<section class="panel"><dl>
<dt>${say('Mã giao dịch', 'Transaction id')}</dt><dd>${transfer.id}</dd>
<dt>${say('Thời gian', 'Time')}</dt><dd>${formatTime(transfer.executedAt ?? transfer.createdAt, res)}</dd>
<dt>${say('Xác thực', 'Authenticated at')}</dt><dd id="transfer-level">${say('VNeID mức', 'VNeID level')} ${transfer.level ?? '—'}</dd>
<dt>${say('Số dư còn lại', 'Remaining balance')}</dt><dd id="balance">${formatVnd(balance, lang)}</dd>
</dl><p><a class="button" href="/account">${say('Về tài khoản', 'Back to the account')}</a> <a href="/transfer">${say('Chuyển khoản khác', 'Another transfer')}</a></p></section>`
}

/** A signed-in citizen without an account at the bank. */
export function noAccountBody(res: Response): SafeHtml {
  const say = speaker(res)
  return html`<div id="no-account">${notice('info', say('Bạn chưa có tài khoản tại Ngân hàng Sen Vàng.', 'You do not have an account at Golden Lotus Bank yet.'))}</div>
<p><a class="button vneid" href="/open-account">${say('Mở tài khoản trực tuyến bằng VNeID (cần mức 2)', 'Open an account online with VNeID (level 2 needed)')}</a>
<a class="button secondary" id="use-demo-account" href="/banking">${say('Dùng tài khoản demo (khách hàng hiện có)', 'Use a demo account (existing customer)')}</a></p>`
}

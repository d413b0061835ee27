import { formatVnd, html, langOf, notice, type SafeHtml, speaker } from 'dinhdanh-example-shared'
import type { Request, Response } from 'express'
import { type Account, DAILY_TRANSFER_LIMIT, LARGE_TRANSFER_LIMIT, type Transfer } from '../store.js'
import { formatTime } from './format.js'

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
<input type="text" id="amount" name="amount" inputmode="numeric" pattern="[0-9][0-9., ]*" placeholder="15.000.000" autocomplete="off" required value="${form.amount ?? ''}">
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

/**
 * The balance was not enough when the debit was made: nothing was debited.
 *
 * @example
 * ```ts
 * page(req, res, transferTitle, insufficientFundsBody(res), 409)
 * ```
 */
export function insufficientFundsBody(res: Response): SafeHtml {
  return html`<div id="transfer-error">${notice('error', speaker(res)('Số dư không đủ. Không có khoản tiền nào bị trừ.', 'The balance is not enough. Nothing was debited.'))}</div><p><a href="/transfer">${speaker(res)('Quay lại', 'Back')}</a></p>`
}

/**
 * The authentication is not a new level-2 one made after the transfer was asked for: authenticate again
 * at `retryHref`.
 *
 * @example
 * ```ts
 * page(req, res, transferTitle, reauthenticationBody(res, req.originalUrl), 403)
 * ```
 */
export function reauthenticationBody(res: Response, retryHref: string): SafeHtml {
  return html`<div id="transfer-reauthentication">${notice('warning', speaker(res)('Giao dịch này cần một lần xác thực VNeID mức 2 mới, thực hiện sau khi bạn tạo giao dịch. Không có khoản tiền nào bị trừ.', 'This transfer needs a new VNeID level 2 authentication, made after you asked for the transfer. Nothing was debited.'))}</div><p><a class="button" href="${retryHref}">${speaker(res)('Xác thực lại và xác nhận', 'Authenticate again and confirm')}</a></p>`
}

/**
 * A transfer not confirmed within 10 minutes, or cancelled.
 *
 * @example
 * ```ts
 * page(req, res, transferTitle, transferExpiredBody(res), 410)
 * ```
 */
export function transferExpiredBody(res: Response): SafeHtml {
  const say = speaker(res)
  return html`<div id="transfer-expired">${notice('warning', say('Giao dịch này đã hết hạn xác nhận (10 phút) hoặc đã bị hủy. Không có khoản tiền nào bị trừ.', 'This transfer was not confirmed within 10 minutes or was cancelled. Nothing was debited.'))}</div><p><a class="button" href="/transfer">${say('Chuyển khoản mới', 'New transfer')}</a></p>`
}

import type { PersonalIdErrorReason } from '@dinhdanh/client/schemas'
import { formatDate, html, notice, type SafeHtml, speaker } from 'dinhdanh-example-shared'
import type { Response } from 'express'
import { insuranceStatus } from '../check-in.js'
import type { DeskBusyError, DeskRequest } from '../desk-requests.js'
import { insurancePanel, vaccinationPanel } from './health-data.js'

/** The title of the desk's pages (PIN form and request form). */
export const DESK_TITLE = { vi: 'Quầy tiếp đón', en: 'Reception desk' }

/**
 * The PIN form of a locked desk, with why the last PIN was refused, and the demo's published PIN when the
 * desk uses it (`demoPin`: given only on loopback, the one place the demo PIN is accepted).
 *
 * @example
 * ```ts
 * page(req, res, DESK_TITLE, pinFormBody(res, say('Mã PIN không đúng.', 'Wrong PIN.')), 401)
 * ```
 */
export function pinFormBody(res: Response, error?: string, demoPin?: string): SafeHtml {
  const say = speaker(res)
  return html`${notice('info', say('Trang dành cho nhân viên tiếp đón. Bản trình diễn mở quầy bằng mã PIN; bệnh viện thật dùng hệ thống đăng nhập nhân viên của mình.', 'For reception staff only. The demo unlocks the desk with a PIN; a real hospital uses its own staff sign-in.'))}
${demoPin ? html`<p class="note" id="desk-pin-hint">${say('Mã PIN của bản trình diễn:', "The demo's PIN:")} <code>${demoPin}</code> ${say('(chỉ dùng được khi ứng dụng chạy trên máy này, địa chỉ loopback).', '(accepted only while the app runs on this machine, on a loopback address).')}</p>` : ''}
${error ? html`<div id="desk-pin-error">${notice('error', error)}</div>` : ''}
<form method="post" action="/desk/unlock" class="panel stack" id="desk-pin-form">
<label for="pin">${say('Mã PIN của quầy', 'Desk PIN')}</label>
<input type="password" id="pin" name="pin" inputmode="numeric" autocomplete="off" maxlength="12" required>
<button type="submit" id="desk-unlock">${say('Mở quầy', 'Unlock the desk')}</button>
</form>`
}

/** What the desk's form shows again after a refusal: the typed values and why. */
export interface DeskFormValues {
  personalId?: string
  bindingMessage?: string
  error?: string | SafeHtml
}

/**
 * The unlocked desk's form: the patient's personal ID number and the code shown on their phone, and the
 * button that locks the desk.
 *
 * @example
 * ```ts
 * page(req, res, DESK_TITLE, deskFormBody(res, access.csrfToken(deskId), { personalId, error }), 400)
 * ```
 */
export function deskFormBody(res: Response, csrfToken: string, values: DeskFormValues = {}): SafeHtml {
  const say = speaker(res)
  return html`<p>${say('Nhập số định danh cá nhân của người bệnh. Người bệnh xác nhận trên ứng dụng VNeID của mình; quầy nhận thẻ bảo hiểm y tế và lịch sử tiêm chủng.', "Type the patient's personal ID number. The patient approves on their own VNeID app; the desk receives the health-insurance card and the vaccination history.")}</p>
${values.error ? html`<div id="desk-error">${notice('error', values.error)}</div>` : ''}
<form method="post" action="/desk/requests" class="panel stack" id="desk-form">
<input type="hidden" name="_csrf" value="${csrfToken}">
<label for="patient-number">${say('Số định danh cá nhân (12 chữ số)', 'Personal ID number (12 digits)')}</label>
<input type="text" id="patient-number" name="personalId" inputmode="numeric" autocomplete="off" maxlength="20" required value="${values.personalId ?? ''}">
<label for="binding-message">${say('Mã hiển thị trên điện thoại (tên quầy)', 'Code shown on the phone (desk name)')}</label>
<input type="text" id="binding-message" name="bindingMessage" maxlength="32" required value="${values.bindingMessage ?? 'Quầy 1'}">
<button type="submit" id="desk-start">${say('Gửi yêu cầu xác nhận', 'Send the approval request')}</button>
</form>
<form method="post" action="/desk/lock"><input type="hidden" name="_csrf" value="${csrfToken}"><button type="submit" class="secondary" id="desk-lock">${say('Khóa quầy', 'Lock the desk')}</button></form>`
}

/**
 * Why the number typed at the desk is not a personal ID number, one text per reason of
 * `safeParsePersonalId` (a new reason fails to compile here until it has its words).
 *
 * @example
 * ```ts
 * invalidPersonalIdText(res, 'future') // 'Invalid personal ID number: the birth year it encodes (5th and 6th digits) is in the future.'
 * ```
 */
export function invalidPersonalIdText(res: Response, reason: PersonalIdErrorReason): string {
  const say = speaker(res)
  const why: Record<PersonalIdErrorReason, string> = {
    format: say('cần đúng 12 chữ số', 'it must be exactly 12 digits'),
    province: say('3 chữ số đầu không phải mã tỉnh', 'the first 3 digits are not a province code'),
    century: say('chữ số thứ 4 không hợp lệ', 'the 4th digit is not valid'),
    future: say(
      'năm sinh (chữ số thứ 5 và 6) chưa đến',
      'the birth year it encodes (5th and 6th digits) is in the future',
    ),
  }
  return `${say('Số định danh không hợp lệ', 'Invalid personal ID number')}: ${why[reason]}.`
}

/**
 * Why the desk cannot send this request now (shown on the desk's form, above the typed values).
 *
 * @example
 * ```ts
 * deskFormBody(res, token, { ...values, error: deskBusyText(res, error, 60) })
 * ```
 */
export function deskBusyText(res: Response, error: DeskBusyError, retryAfterSec: number): SafeHtml {
  const say = speaker(res)
  let text: string | SafeHtml
  switch (error.reason) {
    case 'number_pending': {
      const own = error.details.requestId
      text = html`${say(
        'Số định danh này đã có một yêu cầu đang chờ người bệnh xác nhận. Mời người bệnh trả lời trên điện thoại, hoặc chờ yêu cầu hết hạn rồi gửi lại.',
        'This personal ID number already has a request waiting for the patient to approve. Ask the patient to answer it on their phone, or wait until it expires and send it again.',
      )}${own ? html` <a id="desk-pending-request" href="/desk/requests/${own}">${say('Xem yêu cầu đang chờ', 'See the waiting request')}</a>` : ''}`
      break
    }
    case 'rate':
      text = say(
        `Quầy đã gửi nhiều yêu cầu trong một phút. Vui lòng chờ ${retryAfterSec} giây rồi gửi lại.`,
        `This desk has sent many requests in the last minute. Please wait ${retryAfterSec} seconds and send it again.`,
      )
      break
    case 'desk_full':
      text = say(
        'Quầy đang có quá nhiều yêu cầu chờ người bệnh xác nhận. Hãy chờ người bệnh trả lời, hoặc xóa các yêu cầu đã xong, rồi gửi lại.',
        'This desk has too many requests waiting for patients to approve. Wait for the patients to answer, or clear the finished ones, then send it again.',
      )
      break
    case 'full':
      text = say(
        'Có quá nhiều yêu cầu đang chờ xác nhận. Vui lòng thử lại sau ít phút.',
        'Too many requests are waiting for approval. Please try again in a few minutes.',
      )
      break
  }
  return html`<span data-busy="${error.reason}">${text}</span>`
}

/**
 * One desk request: waiting (the page reloads itself), or how it ended: the approved patient's card and
 * vaccinations, nothing shared, refused, expired, VNeID down, failed.
 *
 * @example
 * ```ts
 * page(req, res, title, deskRequestBody(res, entry, { csrfToken, phoneUrl, today: new Date() }), 200, 2)
 * ```
 */
export function deskRequestBody(
  res: Response,
  entry: DeskRequest,
  options: { csrfToken: string; phoneUrl: string; today: () => Date },
): SafeHtml {
  const say = speaker(res)
  const outcome = entry.outcome
  const done = html`<form method="post" action="/desk/requests/${entry.id}/close"><input type="hidden" name="_csrf" value="${options.csrfToken}"><button type="submit" id="desk-done">${say('Xong, xóa khỏi màn hình', 'Done, clear the screen')}</button></form>`
  const header = html`<p>${say('Mã hiển thị', 'Code shown')}: <strong id="binding">${entry.bindingMessage}</strong> · ${say('số định danh', 'ID number')} …${entry.numberHint}</p>`
  switch (outcome.status) {
    case 'waiting':
      return html`<div id="desk-result" data-status="waiting">${header}
${notice('info', say('Đang chờ người bệnh xác nhận trên ứng dụng VNeID. Trang tự cập nhật mỗi 2 giây.', 'Waiting for the patient to approve on their VNeID app. This page refreshes every 2 seconds.'))}
<p class="muted">${say('Bản trình diễn: người bệnh xác nhận trên', 'Demo: the patient approves on')} <a id="phone-simulator" href="${options.phoneUrl}">${say('điện thoại mô phỏng của VNeID', "VNeID's phone simulator")}</a> ${say('(đăng nhập bằng số định danh và mật khẩu 123456).', '(sign in with the ID number and passcode 123456).')}</p></div>`
    case 'approved': {
      const patient = outcome.patient
      const status = insuranceStatus(
        { card: patient.card, unavailable: patient.cardUnavailable },
        options.today(),
      )
      return html`<div id="desk-result" data-status="approved">${header}
${notice('success', say('Người bệnh đã xác nhận.', 'The patient approved.'))}
<section class="panel" id="patient"><h2>${say('Người bệnh', 'Patient')}</h2><dl>
<dt>${say('Họ và tên', 'Full name')}</dt><dd id="desk-patient-name">${patient.citizen?.fullName ?? '—'}</dd>
<dt>${say('Ngày sinh', 'Date of birth')}</dt><dd>${formatDate(patient.citizen?.birthDate)}</dd>
<dt>${say('Mức tài khoản', 'Account level')}</dt><dd>${patient.level}</dd></dl></section>
${insurancePanel(res, status, patient.level, 'desk')}
${vaccinationPanel(res, patient.vaccinations, patient.vaccinationUnavailable, 'desk')}
${done}</div>`
    }
    case 'nothing_shared':
      return html`<div id="desk-result" data-status="nothing_shared">${header}${notice('warning', say('Người bệnh đã xác nhận nhưng không có thông tin nào được chia sẻ (không chọn mục nào, hoặc không có hồ sơ cho mục đã chọn). Hãy tiếp nhận bằng giấy tờ.', 'The patient approved, but nothing was shared (nothing ticked, or no record for what was ticked). Register them with their papers.'))}${done}</div>`
    case 'refused':
      return html`<div id="desk-result" data-status="refused">${header}${notice('warning', say('Người bệnh đã từ chối trên điện thoại. Không có dữ liệu nào được chia sẻ; hãy tiếp nhận bằng giấy tờ.', 'The patient refused on the phone. Nothing was shared; register them with their papers.'))}${done}</div>`
    case 'expired':
      return html`<div id="desk-result" data-status="expired">${header}${notice('warning', say('Yêu cầu đã hết hạn vì người bệnh chưa xác nhận kịp. Hãy gửi lại yêu cầu.', 'The request expired before the patient approved it. Send a new request.'))}${done}</div>`
    case 'provider_down':
      return html`<div id="desk-result" data-status="provider_down">${header}${notice('warning', say('VNeID tạm thời không phản hồi. Hãy tiếp nhận bằng thẻ bảo hiểm y tế giấy hoặc thử lại sau ít phút.', 'VNeID is not responding right now. Register the patient with the paper card, or try again in a few minutes.'))}${done}</div>`
    case 'failed':
      return html`<div id="desk-result" data-status="failed" data-code="${outcome.code}">${header}${notice('error', say('Không hoàn tất được yêu cầu. Hãy gửi lại yêu cầu hoặc tiếp nhận bằng giấy tờ.', 'The request could not be completed. Send a new one, or register the patient with their papers.'))}${done}</div>`
  }
}

/**
 * A desk request that ended or was cleared (after 15 minutes).
 *
 * @example
 * ```ts
 * message(req, res, 404, title, requestGoneNotice(res))
 * ```
 */
export function requestGoneNotice(res: Response): SafeHtml {
  return notice(
    'info',
    speaker(res)(
      'Yêu cầu đã kết thúc hoặc đã được xóa khỏi quầy (sau 15 phút).',
      'The request has ended or was cleared from the desk (after 15 minutes).',
    ),
  )
}

import type { HealthInsurance, Vaccination } from '@dinhdanh/client/schemas'
import {
  formatDate,
  html,
  langOf,
  notice,
  type SafeHtml,
  sharedDataPanel,
  speaker,
} from 'dinhdanh-example-shared'
import type { Request, Response } from 'express'
import {
  CHECK_IN_PURPOSE,
  DEPARTMENTS,
  type InsuranceStatus,
  PAYMENT_LABELS,
  type Payment,
  type Ticket,
} from '../check-in.js'
import { insurancePanel, vaccinationPanel } from './health-data.js'

/** The card and vaccinations of the signed-in patient, and whether their source did not answer. */
export interface CheckInData {
  card: HealthInsurance | undefined
  vaccinations: Vaccination[] | undefined
  cardUnavailable: boolean
  vaccinationUnavailable: boolean
}

/**
 * The check-in page: the queue number (or the form to take one, with the ways to pay this card allows),
 * the card, the vaccinations, a "share again" link under the first item that did not arrive, and what
 * was shared and why.
 *
 * @example
 * ```ts
 * page(req, res, title, checkInBody(req, res, { data, status, options, ticket, portalUrl }))
 * ```
 */
export function checkInBody(
  req: Request,
  res: Response,
  view: {
    data: CheckInData
    status: InsuranceStatus
    options: readonly Payment[]
    ticket: Ticket | undefined
    portalUrl: string
  },
): SafeHtml {
  const { data, status, options, ticket } = view
  const say = speaker(res)
  const lang = langOf(res)
  const citizen = req.eid.citizen
  // The guard does not ask again for an item not shared (card or vaccinations); this link does (the
  // login route always asks anew). It is offered once, under the first item that did not arrive.
  const cardNotReceived = status.kind === 'missing' || status.kind === 'unavailable'
  const retry = html`<p><a class="button secondary" id="share-again" href="/auth/login?attributes=health_insurance,vaccination&amp;returnTo=%2Fcheck-in">${say('Chia sẻ lại từ VNeID', 'Share again from VNeID')}</a></p>`
  const queueBox = ticket
    ? html`<section class="card" id="queue-ticket" data-number="${ticket.number}">
<p>${say('Số thứ tự:', 'Queue number:')} <strong id="queue-number">${ticket.number}</strong></p>
<p>${say('Khoa', 'Department')}: ${ticket.department.name[lang]} · ${PAYMENT_LABELS[ticket.payment][lang]}</p>
<p class="muted">${ticket.payment === 'insurance' ? say('Mời bạn đến thẳng khu chờ của khoa, không cần qua quầy tiếp đón.', 'Please go straight to the waiting area of the department; no need to stop at reception.') : say('Mời bạn đến quầy tiếp đón trước khi vào khu chờ.', 'Please stop at reception before going to the waiting area.')}</p>
</section>`
    : html`<form method="post" action="/check-in/queue" class="panel stack" id="queue-form">
<h2>${say('Lấy số thứ tự', 'Get a queue number')}</h2>
<input type="hidden" name="_csrf" value="${req.eid.csrfToken}">
<label for="department">${say('Khoa khám', 'Department')}</label>
<select id="department" name="department">${DEPARTMENTS.map((d) => html`<option value="${d.id}">${d.name[lang]}</option>`)}</select>
<fieldset><legend>${say('Hình thức khám', 'How the visit is paid')}</legend>
${options.map((option, index) => html`<div><input type="radio" id="payment-${option}" name="payment" value="${option}"${index === 0 ? html` checked` : ''}> <label for="payment-${option}">${PAYMENT_LABELS[option][lang]}</label></div>`)}
</fieldset>
<button type="submit" id="take-number">${say('Lấy số', 'Get my number')}</button>
</form>`
  return html`<p>${say('Xin chào', 'Hello')} <strong id="patient-name">${citizen?.fullName ?? ''}</strong>.</p>
${queueBox}
${insurancePanel(res, status, req.eid.level, 'patient')}
${cardNotReceived ? retry : ''}
${vaccinationPanel(res, data.vaccinations, data.vaccinationUnavailable, 'patient')}
${!cardNotReceived && data.vaccinations === undefined ? retry : ''}
${sharedDataPanel(res, {
  purpose: CHECK_IN_PURPOSE,
  rows: [
    [{ vi: 'Họ và tên', en: 'Full name' }, citizen?.fullName],
    [{ vi: 'Số định danh cá nhân', en: 'Personal ID number' }, citizen?.personalId],
    [{ vi: 'Ngày sinh', en: 'Date of birth' }, formatDate(citizen?.birthDate)],
    [
      { vi: 'Thẻ bảo hiểm y tế', en: 'Health-insurance card' },
      data.card?.number ??
        (data.cardUnavailable
          ? say('Hệ thống BHYT không phản hồi', 'Insurance system not responding')
          : say('Không nhận được', 'Not received')),
    ],
    [
      { vi: 'Lịch sử tiêm chủng', en: 'Vaccination history' },
      data.vaccinations
        ? say(`${data.vaccinations.length} mũi tiêm`, `${data.vaccinations.length} doses`)
        : data.vaccinationUnavailable
          ? say('Hệ thống tiêm chủng không phản hồi', 'Vaccination register not responding')
          : say('Không được chia sẻ', 'Not shared'),
    ],
  ],
  portalUrl: view.portalUrl,
  note: {
    vi: 'Bệnh viện lưu số thứ tự và mã tài khoản VNeID mà VNeID cấp riêng cho bệnh viện (không phải số định danh của bạn) trong ngày khám; hồ sơ bệnh án được lưu theo quy định về khám chữa bệnh.',
    en: 'The hospital keeps your queue number and the VNeID account code VNeID issues for this hospital only (not your personal ID number) for the day of the visit; medical records are kept as health-care law requires.',
  },
})}`
}

/**
 * The queue form came back without a listed department or way to pay.
 *
 * @example
 * ```ts
 * message(req, res, 400, title, queueRefusedBody(res))
 * ```
 */
export function queueRefusedBody(res: Response): SafeHtml {
  const say = speaker(res)
  return html`${notice('error', say('Vui lòng chọn khoa khám và một hình thức khám có trong danh sách.', 'Please choose a department and one of the listed ways to pay.'))}<p><a href="/check-in">${say('Quay lại', 'Back')}</a></p>`
}

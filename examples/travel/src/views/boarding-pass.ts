import {
  type Bilingual,
  type DataRow,
  formatDate,
  html,
  langOf,
  notice,
  type SafeHtml,
  sharedDataPanel,
  speaker,
} from 'dinhdanh-example-shared'
import type { Request, Response } from 'express'
import { bcbp, codeDrawing } from '../boarding-pass.js'
import { type Booking, boardingTime } from '../bookings.js'
import { boardingPassName } from '../name-match.js'
import type { CheckIn } from '../site.js'

/** `001090001234` → `001••••••234`: the panel lists the number without putting it whole on a screen. */
function maskedId(personalId: string): string {
  return `${personalId.slice(0, 3)}${'•'.repeat(Math.max(0, personalId.length - 6))}${personalId.slice(-3)}`
}

/**
 * The boarding pass, with everything the `identity` attribute brought listed field by field (and that
 * nothing else was asked). Empty for a request without a citizen (the route signs in first).
 *
 * @example
 * ```ts
 * page(req, res, { vi: 'Thẻ lên máy bay', en: 'Boarding pass' }, boardingPassBody(req, res, { booking, checkIn, rule, purpose, portalUrl }))
 * ```
 */
export function boardingPassBody(
  req: Request,
  res: Response,
  input: { booking: Booking; checkIn: CheckIn; rule: string; purpose: Bilingual; portalUrl: string },
): SafeHtml {
  const { booking, checkIn, rule } = input
  const citizen = req.eid.citizen
  if (!citizen) return html``
  const say = speaker(res)
  const lang = langOf(res)
  const { flight } = booking
  const data = bcbp(booking, citizen.fullName, checkIn.sequence)
  // Everything the `identity` attribute brought, field by field, and nothing else was asked.
  const rows: DataRow[] = [
    [{ vi: 'Họ và tên', en: 'Full name' }, citizen.fullName],
    [{ vi: 'Họ', en: 'Family name' }, citizen.familyName],
    [{ vi: 'Chữ đệm', en: 'Middle name' }, citizen.middleName],
    [{ vi: 'Tên', en: 'Given name' }, citizen.givenName],
    [{ vi: 'Số định danh cá nhân', en: 'Personal ID number' }, maskedId(citizen.personalId)],
    [{ vi: 'Ngày sinh', en: 'Date of birth' }, formatDate(citizen.birthDate)],
    [{ vi: 'Giới tính', en: 'Gender' }, citizen.gender === 'male' ? say('Nam', 'Male') : say('Nữ', 'Female')],
    [{ vi: 'Mức định danh', en: 'Level of assurance' }, String(req.eid.level)],
    [{ vi: 'Hạng mục đã đồng ý chia sẻ', en: 'Consented items' }, req.eid.granted.join(', ') || undefined],
  ]
  return html`${notice('success', say('Làm thủ tục thành công: họ tên trên vé khớp với dữ liệu định danh của bạn.', 'Checked in: the name on the ticket matches your identity record.'))}
<section class="card" id="boarding-pass" data-pnr="${booking.pnr}" data-match="${rule}">
<h2>${flight.number} · ${flight.from.code} → ${flight.to.code}</h2>
<dl>
<dt>${say('Hành khách', 'Passenger')}</dt><dd id="passenger">${citizen.fullName}</dd>
<dt>${say('Tên in trên thẻ', 'Name as printed')}</dt><dd><code>${boardingPassName(citizen.fullName)}</code></dd>
<dt>${say('Hành trình', 'Route')}</dt><dd>${flight.from.city[lang]} → ${flight.to.city[lang]}</dd>
<dt>${say('Ngày bay', 'Date')}</dt><dd>${formatDate(flight.date)}</dd>
<dt>${say('Giờ khởi hành', 'Departure')}</dt><dd>${flight.departs}</dd>
<dt>${say('Giờ lên máy bay', 'Boarding time')}</dt><dd id="boarding-time">${boardingTime(flight.departs)}</dd>
<dt>${say('Cửa', 'Gate')}</dt><dd id="gate">${flight.gate}</dd>
<dt>${say('Ghế', 'Seat')}</dt><dd id="seat">${booking.seat}</dd>
<dt>${say('Mã đặt chỗ', 'Booking code')}</dt><dd>${booking.pnr}</dd>
<dt>${say('Số thứ tự', 'Sequence')}</dt><dd>${String(checkIn.sequence).padStart(3, '0')}</dd>
</dl>
<figure>${codeDrawing(data, say('Mã lên máy bay', 'Boarding code'))}
<figcaption><pre id="bcbp">${data}</pre><span class="muted">${say('Hình minh họa của bản trình diễn, không phải mã QR quét được.', 'A demo illustration, not a scannable QR code.')}</span></figcaption></figure>
</section>
${notice('info', say('Tại sân bay: xuất trình tài khoản định danh điện tử mức 2 trên ứng dụng VNeID (hoặc thẻ căn cước) cùng thẻ lên máy bay tại điểm kiểm tra an ninh. Cửa lên máy bay đóng 20 phút trước giờ khởi hành.', 'At the airport: show your level 2 e-ID account in the VNeID app (or your ID card) with the boarding pass at security. The gate closes 20 minutes before departure.'))}
${sharedDataPanel(res, {
  purpose: input.purpose,
  rows,
  portalUrl: input.portalUrl,
  note: {
    vi: 'Chúng tôi chỉ yêu cầu thông tin định danh cơ bản, không yêu cầu dữ liệu nào khác (không địa chỉ, số điện thoại, thẻ bảo hiểm y tế hay giấy phép lái xe). Chúng tôi chỉ lưu trạng thái đã làm thủ tục của đặt chỗ này, không lưu số định danh của bạn.',
    en: 'We asked for your basic identity only and for no other data (no address, phone number, health insurance or driving licence). We keep only the check-in status of this booking, not your personal ID number.',
  },
})}`
}

import { html, langOf, notice, type SafeHtml, speaker } from 'dinhdanh-example-shared'
import type { Request, Response } from 'express'
import type { Booking } from '../bookings.js'

/** A problem shown above the form (its status is the route's). */
export interface LandingProblem {
  status: number
  id: string
  text: SafeHtml | string
}

/**
 * The check-in landing page: what a level-2 account replaces, the find-your-booking form (with what was
 * typed when a problem is shown), and the demo bookings to try.
 *
 * @example
 * ```ts
 * page(req, res, title, landingBody(req, res, { bookings, token }))
 * ```
 */
export function landingBody(
  req: Request,
  res: Response,
  input: { bookings: Iterable<Booking>; token: string; problem?: LandingProblem | undefined },
): SafeHtml {
  const say = speaker(res)
  const lang = langOf(res)
  const { problem } = input
  // Each cell carries its column's name: a phone shows the table row by row, labelled (no header row).
  const [code, flight, name, tryWith] = [
    say('Mã', 'Code'),
    say('Chuyến bay', 'Flight'),
    say('Tên trên vé', 'Name on booking'),
    say('Thử với', 'Try with'),
  ]
  const typed = problem ? { pnr: String(req.body?.pnr ?? ''), name: String(req.body?.name ?? '') } : undefined
  return html`${problem ? html`<div id="${problem.id}">${notice('error', problem.text)}</div>` : ''}
${notice('info', say('Từ 2/8/2023, tài khoản định danh điện tử mức 2 (VNeID) thay thế thẻ căn cước khi bay nội địa. Làm thủ tục trực tuyến, bạn đăng nhập bằng VNeID mức 2 và chỉ chia sẻ thông tin định danh cơ bản: chúng tôi đối chiếu họ tên trên vé với dữ liệu định danh rồi cấp thẻ lên máy bay.', 'Since 2 August 2023 a level 2 e-ID account (VNeID) replaces the ID card on domestic flights. To check in online you sign in with VNeID at level 2 and share your basic identity only: we match the name on the ticket with your identity record, then issue the boarding pass.'))}
<section class="panel">
<h2>${say('Tìm đặt chỗ', 'Find your booking')}</h2>
<form class="stack" id="check-in-form" method="post" action="/check-in">
<input type="hidden" name="csrf" value="${input.token}">
<label for="pnr">${say('Mã đặt chỗ (6 ký tự)', 'Booking code (6 characters)')}</label>
<input type="text" id="pnr" name="pnr" required maxlength="6" autocomplete="off" value="${typed?.pnr ?? ''}">
<label for="passenger-name">${say('Họ và tên hành khách (như trên vé)', "Passenger's name (as on the booking)")}</label>
<input type="text" id="passenger-name" name="name" required maxlength="100" value="${typed?.name ?? ''}">
<button type="submit" id="find-booking">${say('Làm thủ tục', 'Check in')}</button>
</form>
</section>
<section class="panel" id="demo-bookings">
<h2>${say('Mã đặt chỗ để thử', 'Booking codes to try')}</h2>
<p class="muted">${say('Vé mẫu trên các chuyến bay ngày mai. Đăng nhập bằng công dân mẫu được ghi bên cạnh (mật mã 123456).', "Sample bookings on tomorrow's flights. Sign in as the sample citizen given beside each (passcode 123456).")}</p>
<table class="stacked"><thead><tr><th>${code}</th><th>${flight}</th><th>${name}</th><th>${tryWith}</th></tr></thead>
<tbody>${[...input.bookings].map(
    (booking) =>
      html`<tr data-pnr="${booking.pnr}"><td data-label="${code}"><code>${booking.pnr}</code></td><td data-label="${flight}">${booking.flight.number} · ${booking.flight.from.code} → ${booking.flight.to.code}</td><td data-label="${name}">${booking.passengerName}</td><td data-label="${tryWith}">${booking.demoHint?.[lang] ?? '—'}</td></tr>`,
  )}</tbody></table>
</section>`
}

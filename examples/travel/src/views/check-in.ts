import { html, notice, type SafeHtml, speaker } from 'dinhdanh-example-shared'
import type { Response } from 'express'

/**
 * The pages of the check-in step that issue no boarding pass: a booking code that does not exist, a name
 * that does not match the identity record, a booking already checked in by another account, and a
 * landing form that has expired.
 *
 * @example
 * ```ts
 * page(req, res, title, checkInViews(res).unknownBooking(), 404)
 * ```
 */
export function checkInViews(res: Response) {
  const say = speaker(res)
  return {
    unknownBooking: (): SafeHtml =>
      html`<div id="unknown-booking">${notice('warning', say('Không có đặt chỗ nào với mã này. Hãy kiểm tra mã trong email xác nhận đặt vé.', 'There is no booking with this code. Please check the code in your booking confirmation email.'))}</div>
<p><a class="button" href="/">${say('Về trang làm thủ tục', 'Back to check-in')}</a></p>`,

    nameMismatch: (pnr: string, fullName: string, reason: string): SafeHtml =>
      html`<div id="name-mismatch" data-reason="${reason}">${notice('warning', say(`Họ tên trên đặt chỗ ${pnr} không khớp với họ tên trong dữ liệu định danh của tài khoản VNeID đang đăng nhập (${fullName}). Chúng tôi chưa cấp thẻ lên máy bay.`, `The name on booking ${pnr} does not match the name in the identity record of the VNeID account signed in (${fullName}). No boarding pass was issued.`))}</div>
<section class="panel">
<h2>${say('Bạn cần làm gì', 'What to do')}</h2>
<ul>
<li>${say('Đến quầy làm thủ tục của Cánh Cò tại sân bay, mang theo thẻ căn cước (hoặc tài khoản VNeID mức 2): nhân viên sẽ đối chiếu và sửa tên trên vé nếu đó là lỗi chính tả.', 'Go to the Stork Air check-in counter at the airport with your ID card (or your level 2 VNeID account): staff will check it and correct the name on the booking if it is a typo.')}</li>
${reason === 'diacritics-differ' ? html`<li>${say('Tên trên vé có dấu khác với tên trong dữ liệu định danh (ví dụ "Ân" và "An" là hai tên khác nhau).', 'The name on the booking has different diacritics from your identity record ("Ân" and "An" are different names).')}</li>` : ''}
<li>${say('Nếu bạn đặt vé cho người khác, người đó cần tự làm thủ tục bằng tài khoản VNeID của mình (đăng xuất ở góc trên).', 'If you booked for someone else, that person must check in with their own VNeID account (sign out at the top).')}</li>
</ul>
</section>`,

    alreadyCheckedIn: (): SafeHtml =>
      html`<div id="already-checked-in">${notice('warning', say('Đặt chỗ này đã được làm thủ tục bằng một tài khoản VNeID khác. Vui lòng đến quầy làm thủ tục tại sân bay với thẻ căn cước.', 'This booking was already checked in with another VNeID account. Please go to the check-in counter at the airport with your ID card.'))}</div>`,

    formExpired: (): SafeHtml =>
      html`<div id="csrf-refused">${notice('warning', say('Biểu mẫu này không còn hợp lệ (mở từ trang khác, hoặc cookie đã bị xóa). Vui lòng mở lại trang làm thủ tục và thử lại.', 'This form is no longer valid (sent from another page, or its cookie was cleared). Please open the check-in page again and retry.'))}</div>
<p><a class="button" href="/">${say('Mở lại trang làm thủ tục', 'Open the check-in page again')}</a></p>`,

    notFound: (): SafeHtml =>
      html`<p id="not-found">${say('Trang này không tồn tại.', 'This page does not exist.')} <a href="/">${say('Về trang làm thủ tục', 'Back to check-in')}</a></p>`,
  }
}

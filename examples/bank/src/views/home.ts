import { html, type SafeHtml, speaker } from 'dinhdanh-example-shared'
import type { Request, Response } from 'express'

/** The landing page: the offer and the two ways in (three with sharing from the VNeID app, `share`). */
export function landingBody(req: Request, res: Response, share = false): SafeHtml {
  const say = speaker(res)
  return html`<section class="panel">
<h2>${say('Tài khoản thanh toán miễn phí, mở trong 3 phút', 'A free payment account, opened in 3 minutes')}</h2>
<ul>
<li>${say('Không cần đến quầy: xác thực danh tính bằng tài khoản định danh điện tử VNeID mức 2.', 'No branch visit: your identity is verified with a level 2 VNeID e-ID account.')}</li>
<li>${say('Miễn phí chuyển khoản 24/7. Tặng 50.000.000 ₫ tiền demo khi mở tài khoản.', 'Free 24/7 transfers. 50,000,000 VND of demo money when you open the account.')}</li>
<li>${say('Bạn thấy rõ dữ liệu nào được chia sẻ, vì sao, và có thể rút lại sự đồng ý trên cổng công dân VNeID.', 'You see exactly which data is shared and why, and you can withdraw consent on the VNeID citizen portal.')}</li>
</ul>
<p><a class="button vneid" id="open-account" href="/open-account">${say('Mở tài khoản trực tuyến bằng VNeID', 'Open an account online with VNeID')}</a>
${share ? html` <a class="button secondary" id="share-from-app" href="/open-account/share">${say('Chia sẻ từ ứng dụng VNeID', 'Share from the VNeID app')}</a>` : ''}</p>
${share ? html`<p class="note">${say('Chia sẻ từ ứng dụng: nhập số định danh, đồng ý trong ứng dụng VNeID trên điện thoại (quét mã QR), rồi đối chiếu khuôn mặt với ảnh chân dung trên thẻ căn cước.', 'Share from the app: type your personal ID number, approve in the VNeID app on your phone (scan the QR code), then match your face against your ID-card portrait.')}</p>` : ''}
</section>
<section class="panel">
<h2>${say('Đã là khách hàng?', 'Already a customer?')}</h2>
<p>${say('Đăng nhập ngân hàng điện tử bằng VNeID (mức 1 là đủ để xem tài khoản và chuyển khoản tối đa 10.000.000 ₫ mỗi lần, 20.000.000 ₫ mỗi ngày).', 'Sign in to internet banking with VNeID (level 1 is enough to see your account and transfer up to 10,000,000 VND at a time, 20,000,000 VND a day).')}</p>
<p><a class="button secondary" id="sign-in" href="/banking">${say('Đăng nhập ngân hàng điện tử', 'Sign in to internet banking')}</a>
${req.eid.isSignedIn ? html` <a href="/account" id="go-account">${say('Xem tài khoản của bạn', 'See your account')}</a>` : ''}</p>
</section>`
}

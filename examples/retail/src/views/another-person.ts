import { html, notice, type SafeHtml, speaker } from 'dinhdanh-example-shared'
import type { Response } from 'express'

/**
 * Shown on every page while this browser holds VNeID's answer about the buyer's age: the shop has no
 * sign-out (nobody signs in here, it never learns who the buyer is), so this is how the next person at
 * the same computer gets checked as themselves: the answer is forgotten and VNeID offers to sign out.
 *
 * @example
 * ```ts
 * html`${anotherPersonBar(res)}${body}`
 * ```
 */
export function anotherPersonBar(res: Response): SafeHtml {
  const say = speaker(res)
  return html`<form method="post" action="/another-person" class="notice info actions" id="another-person">
<span>${say('Trình duyệt này đang nhớ câu trả lời của VNeID về độ tuổi trong 10 phút; cửa hàng không biết bạn là ai nên không có nút đăng xuất. Người khác mua trên máy này? Cửa hàng sẽ quên câu trả lời và VNeID hỏi bạn có muốn đăng xuất không.', "This browser remembers VNeID's answer about your age for 10 minutes; the shop does not know who you are, so there is no sign-out. Someone else buying on this computer? The shop forgets the answer and VNeID asks whether to sign you out.")}</span>
<button type="submit" class="secondary" id="check-another">${say('Kiểm tra người khác', 'Check another person')}</button>
</form>`
}

/**
 * A "check another person" post that did not come from the shop's own pages.
 *
 * @example
 * ```ts
 * page(req, res, title, anotherPersonRefusedBody(res), 403)
 * ```
 */
export function anotherPersonRefusedBody(res: Response): SafeHtml {
  const say = speaker(res)
  return html`${notice('error', say('Yêu cầu này không đến từ trang của cửa hàng nên không được thực hiện.', "This request did not come from the shop's own pages, so nothing was done."))}
<p><a class="button" href="/">${say('Về trang sản phẩm', 'Back to the products')}</a></p>`
}

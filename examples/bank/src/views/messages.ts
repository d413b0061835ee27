import { html, notice, type SafeHtml, speaker } from 'dinhdanh-example-shared'
import type { Response } from 'express'

/**
 * A form that expired or did not come from the bank's page: nothing was done.
 *
 * @example
 * ```ts
 * page(req, res, { vi: 'Yêu cầu không hợp lệ', en: 'Request refused' }, csrfRefusedBody(res), 403)
 * ```
 */
export function csrfRefusedBody(res: Response): SafeHtml {
  const say = speaker(res)
  return html`<div id="csrf-refused">${notice('error', say('Biểu mẫu đã hết hạn hoặc không được gửi từ trang của ngân hàng. Không có giao dịch nào được thực hiện. Vui lòng tải lại trang và thử lại.', 'The form expired or did not come from the bank’s page. Nothing was done. Please reload the page and try again.'))}</div>`
}

/**
 * A page that does not exist (or a transfer that is not this citizen's).
 *
 * @example
 * ```ts
 * page(req, res, { vi: 'Không tìm thấy trang', en: 'Page not found' }, notFoundBody(res), 404)
 * ```
 */
export function notFoundBody(res: Response): SafeHtml {
  return html`<p><a href="/">${speaker(res)('Về trang chủ', 'Back to the home page')}</a></p>`
}

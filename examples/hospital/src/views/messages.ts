import { html, notice, type SafeHtml, speaker } from 'dinhdanh-example-shared'
import type { Response } from 'express'

/**
 * A short message with a way back to the home page (errors, refusals, page not found).
 *
 * @example
 * ```ts
 * page(req, res, title, messageBody(res, notice('info', text)), 404)
 * ```
 */
export function messageBody(res: Response, body: SafeHtml): SafeHtml {
  return html`${body}<p><a class="button secondary" href="/">${speaker(res)('Về trang chủ', 'Home')}</a></p>`
}

/** The title of {@link forgedPostNotice}'s page. */
export const FORGED_POST_TITLE = { vi: 'Yêu cầu không hợp lệ', en: 'Request refused' }

/**
 * Why a form was refused: it expired, or it was not sent from the hospital's pages.
 *
 * @example
 * ```ts
 * page(req, res, FORGED_POST_TITLE, messageBody(res, forgedPostNotice(res)), 403)
 * ```
 */
export function forgedPostNotice(res: Response): SafeHtml {
  return notice(
    'error',
    speaker(res)(
      'Biểu mẫu đã hết hạn hoặc không gửi từ trang của bệnh viện. Vui lòng tải lại trang và thử lại.',
      "The form expired or was not sent from the hospital's page. Please reload the page and try again.",
    ),
  )
}

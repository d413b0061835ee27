import { html, notice, type SafeHtml, speaker } from 'dinhdanh-example-shared'
import type { Response } from 'express'

/**
 * The home page: what online check-in is, what the hospital receives, and the two ways in (the patient's
 * check-in, the reception desk).
 *
 * @example
 * ```ts
 * page(req, res, title, homeBody(res))
 * ```
 */
export function homeBody(res: Response): SafeHtml {
  const say = speaker(res)
  return html`<p>${say('Không cần xếp hàng lấy số, không cần khai lại thông tin: đăng nhập bằng VNeID, chia sẻ thẻ bảo hiểm y tế và lịch sử tiêm chủng, chọn khoa khám và nhận số thứ tự.', 'No queue for a number, no forms to fill in: sign in with VNeID, share your health-insurance card and vaccination history, choose a department and get your queue number.')}</p>
${notice('info', say('Bệnh viện chỉ nhận thẻ bảo hiểm y tế, lịch sử tiêm chủng và thông tin định danh của bạn, chỉ để tiếp nhận khám. Bạn xem và rút lại sự đồng ý bất cứ lúc nào trên cổng công dân VNeID.', 'The hospital receives only your health-insurance card, vaccination history and identity, only to register your visit. You can see and withdraw your consent at any time on the VNeID citizen portal.'))}
<p><a class="button vneid" id="check-in" href="/check-in">${say('Đăng ký khám bằng VNeID', 'Check in with VNeID')}</a></p>
<p class="muted">${say('Nhân viên tiếp đón:', 'Reception staff:')} <a id="desk-link" href="/desk">${say('mở quầy tiếp đón', 'open the reception desk')}</a></p>`
}

/**
 * What the bank says when it runs on the VNeID dialect (`EID_PROFILE=vneid`, docs/vneid-dialect.md).
 * The dialect's sign-in gives the identity only (personal number, name, birth date, level) and has no
 * way to ask for a fresh login (no `prompt=login`/`max_age` guarantee, no `auth_time`), so two things the
 * standard profile does are not available, and the pages say so instead of faking them:
 *
 * - online account opening needs address, phone and ID card and a signed consent receipt, none of which
 *   arrive: the page shows what did arrive and sends the citizen to a branch;
 * - a transfer that needs strong authentication (over 10,000,000 VND, or over 20,000,000 VND in a day)
 *   cannot be confirmed: it is refused before anything is debited; smaller ones work as usual.
 */
import {
  type Bilingual,
  type DataRow,
  formatDate,
  formatVnd,
  html,
  langOf,
  notice,
  type SafeHtml,
  sharedDataPanel,
  speaker,
} from 'dinhdanh-example-shared'
import type { Request, Response } from 'express'
import { DAILY_TRANSFER_LIMIT, LARGE_TRANSFER_LIMIT } from '../store.js'
import { attributeLabel } from './format.js'

/** The eKYC data the dialect does not release (identity is all it gives). */
export const NOT_IN_THE_DIALECT = ['address', 'phone', 'id_card'] as const

/**
 * The banner of every page's body on the dialect: which profile this is and what it cannot do.
 *
 * @example
 * ```ts
 * html`${dialectBanner(res)}${landingBody(req, res)}`
 * ```
 */
export function dialectBanner(res: Response): SafeHtml {
  const say = speaker(res)
  const limit = formatVnd(LARGE_TRANSFER_LIMIT, langOf(res))
  return html`<div id="vneid-dialect">${notice('info', say(`Bản demo này đăng nhập bằng giao thức VNeID (profile "vneid"): VNeID chỉ gửi danh tính (họ tên, số định danh, ngày sinh, mức tài khoản). Mở tài khoản trực tuyến và chuyển khoản trên ${limit} không thực hiện được với giao thức này.`, `This demo signs in with the VNeID dialect (profile "vneid"): VNeID sends the identity only (name, personal ID number, birth date, account level). Opening an account online and transfers over ${limit} are not available with it.`))}</div>`
}

/**
 * Account opening on the dialect, for a citizen signed in at level 2: what VNeID sent, what eKYC also
 * needs and this sign-in cannot bring, and where to go instead. No confirm form: nothing is stored.
 *
 * @example
 * ```ts
 * page(req, res, title, dialectOpeningBody(req, res, { purpose, portalUrl }))
 * ```
 */
export function dialectOpeningBody(
  req: Request,
  res: Response,
  options: { purpose: Bilingual; portalUrl: string },
): SafeHtml {
  const say = speaker(res)
  const { citizen } = req.eid
  const rows: DataRow[] = [
    [{ vi: 'Họ và tên', en: 'Full name' }, citizen?.fullName],
    [{ vi: 'Số định danh cá nhân', en: 'Personal ID number' }, citizen?.personalId],
    [{ vi: 'Ngày sinh', en: 'Date of birth' }, formatDate(citizen?.birthDate)],
    [
      { vi: 'Giới tính', en: 'Gender' },
      citizen && (citizen.gender === 'male' ? say('Nam', 'Male') : say('Nữ', 'Female')),
    ],
    [{ vi: 'Mức tài khoản định danh', en: 'e-ID account level' }, String(req.eid.level)],
  ]
  return html`<section class="panel" id="dialect-opening" data-absent="${NOT_IN_THE_DIALECT.join(',')}">
${notice('warning', say('Ngân hàng chưa thể mở tài khoản trực tuyến với giao thức đăng nhập VNeID này. VNeID đã xác thực danh tính của bạn ở mức 2, nhưng giao thức này chỉ gửi danh tính: không gửi địa chỉ, số điện thoại, thẻ căn cước, và không có biên nhận sự đồng ý có chữ ký, những thứ mà quy định eKYC yêu cầu. Chưa có tài khoản nào được mở và ngân hàng không lưu dữ liệu nào.', 'The bank cannot open an account online with this VNeID sign-in dialect. VNeID verified your identity at level 2, but this dialect sends the identity only: no address, no phone number, no ID card, and no signed consent receipt, which the eKYC rules require. No account was opened and the bank stored nothing.'))}
<p>${say('Không nhận được qua giao thức này:', 'Not available through this dialect:')}</p>
<ul>${NOT_IN_THE_DIALECT.map((name) => html`<li data-attribute="${name}"><strong>${attributeLabel(name, res)}</strong></li>`)}</ul>
<p>${say('Bạn có thể mở tài khoản tại bất kỳ chi nhánh nào của Ngân hàng Sen Vàng với thẻ căn cước. Nếu đã là khách hàng, hãy dùng ngân hàng điện tử.', 'You can open an account at any Golden Lotus Bank branch with your ID card. If you are already a customer, use internet banking.')}</p>
<p><a class="button secondary" id="go-banking" href="/banking">${say('Ngân hàng điện tử', 'Internet banking')}</a></p>
</section>
<div id="shared-data">${sharedDataPanel(res, {
    purpose: options.purpose,
    rows,
    portalUrl: options.portalUrl,
    note: {
      vi: 'Ngân hàng chỉ hiển thị các thông tin này, không lưu lại.',
      en: 'The bank only shows these details; it does not keep them.',
    },
  })}</div>`
}

/**
 * A transfer that would need strong authentication, refused on the dialect before anything is debited.
 *
 * @example
 * ```ts
 * page(req, res, transferTitle, largeTransferUnavailableBody(res, amount), 403)
 * ```
 */
export function largeTransferUnavailableBody(res: Response, amount: number): SafeHtml {
  const say = speaker(res)
  const lang = langOf(res)
  const limit = formatVnd(LARGE_TRANSFER_LIMIT, lang)
  const daily = formatVnd(DAILY_TRANSFER_LIMIT, lang)
  return html`<div id="large-transfer-unavailable">${notice('warning', say(`Giao dịch ${formatVnd(amount, lang)} cần xác thực mạnh (trên ${limit} mỗi lần hoặc vượt ${daily} mỗi ngày). Ngân hàng xác thực bằng một lần đăng nhập VNeID mức 2 mới cho riêng giao dịch này, nhưng giao thức VNeID đang dùng không cho phép yêu cầu đăng nhập lại và không cho biết thời điểm xác thực, nên ngân hàng không thể chứng minh điều đó. Giao dịch chưa được thực hiện và không bị trừ tiền.`, `A transfer of ${formatVnd(amount, lang)} needs strong authentication (over ${limit} at a time, or over ${daily} in a day). The bank uses a new VNeID level 2 sign-in made for this transfer, but the VNeID dialect in use cannot ask for a new login and does not say when the citizen authenticated, so the bank cannot prove it. The transfer was not made and nothing was debited.`))}</div>
<p>${say(`Chuyển khoản tối đa ${limit} mỗi lần và ${daily} mỗi ngày vẫn thực hiện được. Giao dịch lớn hơn: tại quầy hoặc qua kênh xác thực mạnh khác của ngân hàng.`, `Transfers up to ${limit} at a time and ${daily} a day still work. Larger ones: at a branch, or through another strong-authentication channel of the bank.`)}</p>
<p><a class="button" href="/transfer">${say('Chuyển khoản mới', 'New transfer')}</a></p>`
}

import {
  type Bilingual,
  formatVnd,
  html,
  langOf,
  notice,
  type ProblemTexts,
  type SafeHtml,
  speaker,
} from 'dinhdanh-example-shared'
import type { Response } from 'express'
import { DAILY_TRANSFER_LIMIT, LARGE_TRANSFER_LIMIT, type Transfer } from '../store.js'

/**
 * What the bank says when the citizen does not share at account opening. Other problems get the shared
 * kit's friendly pages, except "level too low" ({@link levelTooLowPage}).
 *
 * @example
 * ```ts
 * friendlySignInErrors(brand, { portalUrl, texts: SIGN_IN_PROBLEMS })
 * ```
 */
export const SIGN_IN_PROBLEMS: ProblemTexts = {
  declined: {
    title: { vi: 'Bạn đã không chia sẻ dữ liệu', en: 'You chose not to share your data' },
    body: {
      vi: 'Bạn đã hủy hoặc từ chối chia sẻ trên VNeID, nên ngân hàng không nhận được thông tin nào và chưa mở tài khoản. Để mở tài khoản trực tuyến, ngân hàng cần họ tên, số định danh, địa chỉ, số điện thoại và thẻ căn cước theo quy định. Bạn có thể thử lại, hoặc mở tài khoản tại quầy.',
      en: 'You cancelled or declined on VNeID, so the bank received nothing and opened no account. To open an account online, the rules require your name, personal ID number, address, phone number and ID card. You can try again, or open an account at a branch.',
    },
  },
}

/**
 * A level-1 account at a level-2 step: where level 2 is obtained and what still works, for a large
 * transfer that waited for the step-up (`pending`: it was not made) or for account opening.
 *
 * @example
 * ```ts
 * const { title, body } = levelTooLowPage(res, pending)
 * page(req, res, title, body, 403)
 * ```
 */
export function levelTooLowPage(
  res: Response,
  pending: Transfer | undefined,
): { title: Bilingual; body: SafeHtml } {
  const say = speaker(res)
  const lang = langOf(res)
  const howTo = say(
    'Cách nâng lên mức 2: mang thẻ căn cước gắn chip đến cơ quan Công an (nơi làm thủ tục căn cước) để kích hoạt tài khoản định danh điện tử mức 2. Việc này làm một lần, trực tiếp, vì mức 2 đối chiếu khuôn mặt và thẻ của bạn.',
    'How to reach level 2: bring your chip ID card to the police (where ID cards are issued) to activate a level 2 e-ID account. It is done once, in person, because level 2 matches your face against your card.',
  )
  const limit = formatVnd(LARGE_TRANSFER_LIMIT, lang)
  const daily = formatVnd(DAILY_TRANSFER_LIMIT, lang)
  if (pending) {
    return {
      title: {
        vi: 'Giao dịch lớn cần tài khoản định danh mức 2',
        en: 'Large transfers need a level 2 e-ID account',
      },
      body: html`<div id="level-too-low" data-context="transfer">${notice('warning', say(`Theo quy định của Ngân hàng Nhà nước, một giao dịch chuyển khoản trực tuyến trên ${limit}, hoặc khi tổng chuyển khoản trong ngày vượt ${daily}, phải được xác thực mạnh. Ngân hàng dùng tài khoản định danh điện tử mức 2 cho việc này, nhưng tài khoản VNeID của bạn đang ở mức 1. Giao dịch ${formatVnd(pending.amount, lang)} đến ${pending.recipient} chưa được thực hiện và không bị trừ tiền.`, `State Bank rules require strong authentication for an online transfer over ${limit}, or once the day's transfers go over ${daily} in total. The bank uses a level 2 e-ID account for it, but your VNeID account is at level 1. The transfer of ${formatVnd(pending.amount, lang)} to ${pending.recipient} was not made and nothing was debited.`))}</div>
<p>${howTo}</p>
<p>${say(`Trong lúc đó, với tài khoản mức 1 bạn vẫn chuyển khoản tối đa ${limit} mỗi lần và ${daily} mỗi ngày.`, `Meanwhile, transfers up to ${limit} at a time and ${daily} a day still work with your level 1 account.`)}</p>
<p><a class="button" id="small-transfer" href="/transfer">${say(`Chuyển khoản tối đa ${limit}`, `Transfer up to ${limit}`)}</a></p>`,
    }
  }
  return {
    title: {
      vi: 'Mở tài khoản trực tuyến cần định danh mức 2',
      en: 'Opening an account online needs level 2',
    },
    body: html`<div id="level-too-low" data-context="open-account">${notice('warning', say('Theo quy định về định danh khách hàng điện tử (eKYC), ngân hàng chỉ mở tài khoản trực tuyến khi danh tính của bạn được xác thực ở mức 2: tài khoản VNeID đã được cơ quan Công an đối chiếu trực tiếp với thẻ căn cước gắn chip. Tài khoản VNeID của bạn đang ở mức 1, nên ngân hàng chưa mở tài khoản và không nhận dữ liệu nào.', 'Under the electronic customer identification (eKYC) rules, the bank opens accounts online only when your identity is verified at level 2: a VNeID account checked in person by the police against your chip ID card. Your VNeID account is at level 1, so no account was opened and no data was received.'))}</div>
<p>${howTo}</p>
<p>${say('Bạn cũng có thể mở tài khoản tại bất kỳ chi nhánh nào của Ngân hàng Sen Vàng, mang theo thẻ căn cước.', 'You can also open an account at any Golden Lotus Bank branch with your ID card.')}</p>
<p><a class="button" href="/">${say('Về trang chủ', 'Back to the home page')}</a></p>`,
  }
}

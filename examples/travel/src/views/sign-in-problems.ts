import type { ProblemTexts } from 'dinhdanh-example-shared'

/**
 * What the airline says when a sign-in does not give a boarding pass: a level-1 account (the 2 August 2023
 * rule) and identity not shared. Other problems get the shared kit's friendly pages.
 *
 * @example
 * ```ts
 * friendlySignInErrors(brand, { portalUrl, texts: SIGN_IN_PROBLEMS })
 * ```
 */
export const SIGN_IN_PROBLEMS: ProblemTexts = {
  level_too_low: {
    title: {
      vi: 'Cần tài khoản định danh điện tử mức 2 để làm thủ tục',
      en: 'A level 2 e-ID account is needed to check in',
    },
    body: {
      vi: 'Từ 2/8/2023, tài khoản định danh điện tử mức 2 thay thế thẻ căn cước khi đi máy bay nội địa, và làm thủ tục trực tuyến cần chính tài khoản đó. Tài khoản VNeID của bạn đang ở mức 1. Bạn có thể nâng lên mức 2 tại cơ quan Công an (mang theo thẻ căn cước gắn chip), hoặc làm thủ tục tại quầy của Cánh Cò ở sân bay với thẻ căn cước hay hộ chiếu còn hạn.',
      en: 'Since 2 August 2023 a level 2 e-ID account replaces the ID card on domestic flights, and online check-in needs that same account. Your VNeID account is at level 1. You can upgrade it to level 2 at the police (bring your chip ID card), or check in at the Stork Air counter at the airport with your ID card or a valid passport.',
    },
  },
  declined: {
    title: {
      vi: 'Chưa làm thủ tục: bạn đã không chia sẻ thông tin định danh',
      en: 'Not checked in: you did not share your identity',
    },
    body: {
      vi: 'Không có họ tên từ dữ liệu định danh, chúng tôi không thể đối chiếu với tên trên vé, nên chưa cấp thẻ lên máy bay. Chúng tôi không nhận được dữ liệu nào. Bạn có thể thử lại, hoặc làm thủ tục tại quầy ở sân bay.',
      en: 'Without the name from your identity record we cannot match the name on the ticket, so no boarding pass was issued. We received no data. You can try again, or check in at the airport counter.',
    },
  },
}

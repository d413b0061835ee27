import type { ProblemTexts } from 'dinhdanh-example-shared'

/**
 * What the hospital says when the patient does not share: online check-in cannot go ahead, the desk
 * still can. Other problems get the shared kit's friendly pages.
 *
 * @example
 * ```ts
 * friendlySignInErrors(brand, { portalUrl, texts: SIGN_IN_PROBLEMS })
 * ```
 */
export const SIGN_IN_PROBLEMS: ProblemTexts = {
  declined: {
    title: { vi: 'Bạn đã không chia sẻ dữ liệu', en: 'You chose not to share' },
    body: {
      vi: 'Bạn đã hủy hoặc từ chối chia sẻ trên VNeID, nên chưa thể đăng ký khám trực tuyến. Bạn vẫn có thể đăng ký trực tiếp tại quầy tiếp đón với thẻ bảo hiểm y tế giấy.',
      en: 'You cancelled or declined on VNeID, so online check-in cannot go ahead. You can still check in at the reception desk with your paper health-insurance card.',
    },
  },
}

import type { ProblemTexts } from 'dinhdanh-example-shared'

/**
 * What the shop says when the buyer does not share on VNeID: no alcoholic product yet. Other problems get
 * the shared kit's friendly pages.
 *
 * @example
 * ```ts
 * friendlySignInErrors(brand, { portalUrl, texts: SIGN_IN_PROBLEMS })
 * ```
 */
export const SIGN_IN_PROBLEMS: ProblemTexts = {
  declined: {
    title: { vi: 'Chưa xác nhận được độ tuổi', en: 'Your age was not confirmed' },
    body: {
      vi: 'Bạn đã hủy hoặc từ chối chia sẻ trên VNeID, nên cửa hàng chưa thể bán sản phẩm có cồn. Bạn có thể thử lại, hoặc chọn sản phẩm không cồn.',
      en: 'You cancelled or declined on VNeID, so the shop cannot sell an alcoholic product yet. You can try again, or choose an alcohol-free product.',
    },
  },
}

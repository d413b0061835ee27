/**
 * What the bank asks VNeID for, and why: each purpose is what the consent screen shows, so the citizen
 * can judge the request.
 */
import type { AttributeName } from '@dinhdanh/client'
import type { Bilingual } from 'dinhdanh-example-shared'

/**
 * The purpose shown on the VNeID consent screen at account opening. It says what the data is for and
 * on which rule the bank relies (the State Bank's rules on opening payment accounts by electronic
 * customer identification, Circular 17/2024/TT-NHNN), so the citizen can judge the request.
 */
export const EKYC_PURPOSE = 'Mở tài khoản thanh toán trực tuyến (eKYC) theo quy định của Ngân hàng Nhà nước'

/**
 * {@link EKYC_PURPOSE} in both languages: sent to VNeID (the Vietnamese text is what the citizen consents
 * to and what the consent records hold; the English one shows on VNeID's English screens) and shown on
 * the shared-data panels.
 */
export const EKYC_PURPOSE_TEXT: Bilingual = {
  vi: EKYC_PURPOSE,
  en: 'Open a payment account online (eKYC) as the State Bank of Vietnam requires',
}

/**
 * What eKYC needs, and nothing more: identity (name, personal ID number, birth date, gender), the
 * current address, a phone number for transaction OTPs, and the ID card (its number, dates, issuer).
 * No health, education or driving data: the purpose does not need them.
 */
export const EKYC_ATTRIBUTES = [
  'identity',
  'address',
  'phone',
  'id_card',
] as const satisfies readonly AttributeName[]

/** Internet-banking sign-in of an existing customer: identity only, level 1. */
export const SIGN_IN_PURPOSE: Bilingual = {
  vi: 'Đăng nhập ngân hàng điện tử Sen Vàng',
  en: 'Signing in to Golden Lotus Bank internet banking',
}

/**
 * Online transfers over 10,000,000 VND, or over 20,000,000 VND in a day, need strong authentication for
 * each transaction (State Bank Decision 2345/QĐ-NHNN, biometric check against the chip ID card). The demo
 * uses a new VNeID level-2 authentication for it, shown with this purpose.
 */
export const LARGE_TRANSFER_PURPOSE: Bilingual = {
  vi: 'Xác thực giao dịch chuyển khoản trên 10.000.000 ₫ hoặc vượt 20.000.000 ₫ trong ngày',
  en: 'Confirming a transfer of more than 10,000,000 ₫, or of more than 20,000,000 ₫ in one day',
}

/**
 * Account opening by sharing from the VNeID app (src/routes/share.ts): the eKYC data and the chip card's
 * portrait, which the bank matches the customer's face against (Circular 17/2024/TT-NHNN). The portrait
 * is biometric data: asked for this purpose only, deleted once the face match is done.
 */
export const SHARE_ATTRIBUTES = [...EKYC_ATTRIBUTES, 'portrait'] as const satisfies readonly AttributeName[]

/** The purpose the VNeID app shows for {@link SHARE_ATTRIBUTES} (at most 200 characters). */
export const SHARE_PURPOSE =
  'Mở tài khoản thanh toán trực tuyến (eKYC): đối chiếu khuôn mặt với ảnh chân dung theo Thông tư 17/2024/TT-NHNN'

/** {@link SHARE_PURPOSE} in both languages, for the bank's pages. */
export const SHARE_PURPOSE_TEXT: Bilingual = {
  vi: SHARE_PURPOSE,
  en: 'Open a payment account online (eKYC): match your face against your portrait, as Circular 17/2024/TT-NHNN requires',
}

/** Who the pharmacy is on every page, and the one purpose it asks VNeID for data under. */
import type { Bilingual, Brand } from 'dinhdanh-example-shared'

/** The pharmacy's brand on every page. */
export const brand: Brand = {
  name: { vi: 'Nhà thuốc Cỏ Mây', en: 'Cỏ Mây Pharmacy' },
  tagline: { vi: 'Mua thuốc theo đơn có bảo hiểm y tế', en: 'Prescriptions covered by health insurance' },
  mark: 'CM',
  color: '#1d6f8a',
  nav: [{ href: '/', vi: 'Đơn thuốc', en: 'Prescriptions' }],
}

/**
 * The purpose shown on the VNeID consent screen (both texts are sent: the Vietnamese one is what the
 * citizen consents to, the English one shows on the provider's English screens) and in the shared-data
 * panel: ONE purpose, naming the one data item it needs (Decree 13/2023, Law 91/2025).
 */
export const PURPOSE: Bilingual = {
  vi: 'Bán thuốc theo đơn có bảo hiểm y tế: kiểm tra thẻ BHYT và tính phần người bệnh cùng chi trả',
  en: "Filling a prescription covered by health insurance: checking the card and working out the patient's co-payment",
}

import { OLD_PROVINCE_CODES } from './personal-id.js'

/**
 * The 34 provinces and centrally governed cities in force since 1 July 2025 (Resolution 202/2025/QH15),
 * keyed by their 2-digit code. Addresses use these; the personal ID number does NOT (see
 * {@link OLD_PROVINCE_CODES}).
 *
 * @example
 * ```ts
 * PROVINCES_2025['44'] // 'Quảng Trị' (merged with old Quảng Bình)
 * Object.keys(PROVINCES_2025).length // 34
 * ```
 */
export const PROVINCES_2025: Readonly<Record<string, string>> = Object.freeze({
  '01': 'Hà Nội',
  '04': 'Cao Bằng',
  '08': 'Tuyên Quang',
  '11': 'Điện Biên',
  '12': 'Lai Châu',
  '14': 'Sơn La',
  '15': 'Lào Cai',
  '19': 'Thái Nguyên',
  '20': 'Lạng Sơn',
  '22': 'Quảng Ninh',
  '24': 'Bắc Ninh',
  '25': 'Phú Thọ',
  '31': 'Hải Phòng',
  '33': 'Hưng Yên',
  '37': 'Ninh Bình',
  '38': 'Thanh Hóa',
  '40': 'Nghệ An',
  '42': 'Hà Tĩnh',
  '44': 'Quảng Trị',
  '46': 'Huế',
  '48': 'Đà Nẵng',
  '51': 'Quảng Ngãi',
  '52': 'Gia Lai',
  '56': 'Khánh Hòa',
  '66': 'Đắk Lắk',
  '68': 'Lâm Đồng',
  '75': 'Đồng Nai',
  '79': 'TP Hồ Chí Minh',
  '80': 'Tây Ninh',
  '82': 'Đồng Tháp',
  '86': 'Vĩnh Long',
  '91': 'An Giang',
  '92': 'Cần Thơ',
  '96': 'Cà Mau',
})

/**
 * Whether a string is one of the 34 province codes of 2025 (two digits, e.g. `'01'`).
 *
 * @example
 * ```ts
 * isProvinceCode2025('79') // true (TP Hồ Chí Minh)
 * isProvinceCode2025('02') // false (old Hà Giang, merged into Tuyên Quang)
 * isProvinceCode2025('079') // false
 * ```
 */
export function isProvinceCode2025(code: string): boolean {
  return Object.hasOwn(PROVINCES_2025, code)
}

/**
 * Whether a string is a province code of the OLD 63-province table, written either with 3 digits as in
 * the personal ID number (`'002'`) or with the 2 digits older administrative records use (`'02'`).
 * Many 2-digit codes are in both tables, sometimes for a different area: `'44'` was Quảng Bình and is
 * now the merged Quảng Trị.
 *
 * @example
 * ```ts
 * isOldProvinceCode('002') // true
 * isOldProvinceCode('02') // true
 * isOldProvinceCode('03') // false
 * ```
 */
export function isOldProvinceCode(code: string): boolean {
  if (/^[0-9]{3}$/.test(code)) return Object.hasOwn(OLD_PROVINCE_CODES, code)
  if (/^[0-9]{2}$/.test(code)) return Object.hasOwn(OLD_PROVINCE_CODES, `0${code}`)
  return false
}

import { z } from 'zod'
import { toVietnamIsoDate } from './date.js'

/**
 * Province codes of the 12-digit personal identification number: the 63-province table of Circular
 * 07/2016/TT-BCA, keyed by the 3-digit prefix. The prefix keeps this OLD table after the 2025 reform, so
 * never map it to a 2025 province (`044` is old Quảng Bình, while the 2025 code `44` is the merged
 * Quảng Trị).
 *
 * @example
 * ```ts
 * OLD_PROVINCE_CODES['079'] // 'TP Hồ Chí Minh'
 * Object.keys(OLD_PROVINCE_CODES).length // 63
 * ```
 */
export const OLD_PROVINCE_CODES: Readonly<Record<string, string>> = Object.freeze({
  '001': 'Hà Nội',
  '002': 'Hà Giang',
  '004': 'Cao Bằng',
  '006': 'Bắc Kạn',
  '008': 'Tuyên Quang',
  '010': 'Lào Cai',
  '011': 'Điện Biên',
  '012': 'Lai Châu',
  '014': 'Sơn La',
  '015': 'Yên Bái',
  '017': 'Hòa Bình',
  '019': 'Thái Nguyên',
  '020': 'Lạng Sơn',
  '022': 'Quảng Ninh',
  '024': 'Bắc Giang',
  '025': 'Phú Thọ',
  '026': 'Vĩnh Phúc',
  '027': 'Bắc Ninh',
  '030': 'Hải Dương',
  '031': 'Hải Phòng',
  '033': 'Hưng Yên',
  '034': 'Thái Bình',
  '035': 'Hà Nam',
  '036': 'Nam Định',
  '037': 'Ninh Bình',
  '038': 'Thanh Hóa',
  '040': 'Nghệ An',
  '042': 'Hà Tĩnh',
  '044': 'Quảng Bình',
  '045': 'Quảng Trị',
  '046': 'Thừa Thiên Huế',
  '048': 'Đà Nẵng',
  '049': 'Quảng Nam',
  '051': 'Quảng Ngãi',
  '052': 'Bình Định',
  '054': 'Phú Yên',
  '056': 'Khánh Hòa',
  '058': 'Ninh Thuận',
  '060': 'Bình Thuận',
  '062': 'Kon Tum',
  '064': 'Gia Lai',
  '066': 'Đắk Lắk',
  '067': 'Đắk Nông',
  '068': 'Lâm Đồng',
  '070': 'Bình Phước',
  '072': 'Tây Ninh',
  '074': 'Bình Dương',
  '075': 'Đồng Nai',
  '077': 'Bà Rịa-Vũng Tàu',
  '079': 'TP Hồ Chí Minh',
  '080': 'Long An',
  '082': 'Tiền Giang',
  '083': 'Bến Tre',
  '084': 'Trà Vinh',
  '086': 'Vĩnh Long',
  '087': 'Đồng Tháp',
  '089': 'An Giang',
  '091': 'Kiên Giang',
  '092': 'Cần Thơ',
  '093': 'Hậu Giang',
  '094': 'Sóc Trăng',
  '095': 'Bạc Liêu',
  '096': 'Cà Mau',
})

/**
 * Why a personal ID number was rejected: `format` (not 12 ASCII digits), `province` (the prefix is not
 * in {@link OLD_PROVINCE_CODES}), `century` (the century/sex digit names a century that has not begun) or
 * `future` (the century has begun but the encoded birth year is after the current year in Vietnam).
 *
 * @example
 * ```ts
 * const reason: PersonalIdErrorReason = 'province'
 * ```
 */
export type PersonalIdErrorReason = 'format' | 'province' | 'century' | 'future'

/**
 * Thrown by {@link parsePersonalId}. The message says what was expected and what arrived but never
 * contains the number, which is personal data.
 *
 * @example
 * ```ts
 * try {
 *   parsePersonalId('12345')
 * } catch (error) {
 *   if (error instanceof PersonalIdError) console.log(error.code, error.reason) // ERR_EID_PERSONAL_ID_INVALID format
 * }
 * ```
 */
export class PersonalIdError extends Error {
  readonly code = 'ERR_EID_PERSONAL_ID_INVALID'
  readonly reason: PersonalIdErrorReason
  override name = 'PersonalIdError'

  constructor(reason: PersonalIdErrorReason, message: string) {
    super(message)
    this.reason = reason
  }
}

/**
 * The fields encoded in a 12-digit personal identification number (`PPP G YY RRRRRR`).
 *
 * @example
 * ```ts
 * const info: PersonalIdInfo = parsePersonalId('001099012345')
 * info.birthYear // 1999
 * ```
 */
export type PersonalIdInfo = {
  /** The number itself, 12 ASCII digits. */
  value: string
  /** `PPP`: the 3-digit code of the province where the birth was registered (old 63-province table). */
  provinceCode: string
  /** Name of that old province, from {@link OLD_PROVINCE_CODES}. */
  province: string
  /** From the century/sex digit `G`. */
  sex: 'male' | 'female'
  /** First year of the birth century, from `G`: 1900, 2000, 2100, ... */
  century: number
  /** `century + YY`. */
  birthYear: number
  /** `RRRRRR`: the 6 random digits. */
  serial: string
}

/**
 * Options for {@link parsePersonalId}.
 *
 * @example
 * ```ts
 * const options: ParsePersonalIdOptions = { now: new Date('2101-01-01T00:00:00Z') }
 * ```
 */
export type ParsePersonalIdOptions = {
  /** The instant that decides which centuries and birth years have begun; defaults to the current time. */
  now?: Date
}

/**
 * The result of {@link safeParsePersonalId}.
 *
 * @example
 * ```ts
 * const result: SafeParsePersonalIdResult = safeParsePersonalId('001099012345')
 * if (!result.ok) console.log(result.reason)
 * ```
 */
export type SafeParsePersonalIdResult =
  | { ok: true; value: PersonalIdInfo }
  | { ok: false; reason: PersonalIdErrorReason; message: string }

const TWELVE_DIGITS = /^[0-9]{12}$/
const NINE_DIGITS = /^[0-9]{9}$/

/**
 * Reads a 12-digit personal identification number without throwing. There is no checksum in this number,
 * so any 12 digits with a known province prefix and a century that has begun are accepted.
 *
 * @example
 * ```ts
 * const result = safeParsePersonalId('079301000123')
 * if (result.ok) result.value.sex // 'female' (digit 3: born in the 2000s)
 * safeParsePersonalId('003099012345') // { ok: false, reason: 'province', message: '...' }
 * ```
 */
export function safeParsePersonalId(
  value: string,
  options: ParsePersonalIdOptions = {},
): SafeParsePersonalIdResult {
  // Callers pass form fields and JSON values typed as strings that may be numbers, arrays or objects.
  if (typeof value !== 'string' || !TWELVE_DIGITS.test(value)) {
    return { ok: false, reason: 'format', message: `expected 12 ASCII digits, got ${describeShape(value)}` }
  }
  const provinceCode = value.slice(0, 3)
  const province = OLD_PROVINCE_CODES[provinceCode]
  if (province === undefined) {
    return {
      ok: false,
      reason: 'province',
      message:
        'expected the first 3 digits to be a province code from the 63-province table (Circular 07/2016), got an unknown code',
    }
  }
  const centuryDigit = Number(value[3])
  const century = 1900 + Math.floor(centuryDigit / 2) * 100
  const currentYear = Number(toVietnamIsoDate(options.now ?? new Date()).slice(0, 4))
  if (century > currentYear) {
    return {
      ok: false,
      reason: 'century',
      message: `expected the 4th digit to encode a century that has begun (up to the ${Math.floor(currentYear / 100) * 100}s), got a later century`,
    }
  }
  const birthYear = century + Number(value.slice(4, 6))
  if (birthYear > currentYear) {
    return {
      ok: false,
      reason: 'future',
      message: `expected the 5th and 6th digits to encode a birth year up to ${currentYear}, got a later year`,
    }
  }
  return {
    ok: true,
    value: {
      value,
      provinceCode,
      province,
      sex: centuryDigit % 2 === 0 ? 'male' : 'female',
      century,
      birthYear,
      serial: value.slice(6),
    },
  }
}

/**
 * Reads a 12-digit personal identification number (`PPP G YY RRRRRR`) into its fields.
 *
 * @throws {PersonalIdError} with `reason` `format`, `province`, `century` or `future`; the message never contains
 * the number.
 * @example
 * ```ts
 * const info = parsePersonalId('001099012345')
 * info.province // 'Hà Nội'
 * info.sex // 'male'
 * info.birthYear // 1999
 * info.serial // '012345'
 * ```
 */
export function parsePersonalId(value: string, options: ParsePersonalIdOptions = {}): PersonalIdInfo {
  const result = safeParsePersonalId(value, options)
  if (!result.ok) throw new PersonalIdError(result.reason, result.message)
  return result.value
}

/**
 * Whether a string is a 9-digit identity card number (CMND), the format issued before the 12-digit
 * personal identification number. It carries no structure that can be checked.
 *
 * @example
 * ```ts
 * isLegacyIdNumber('012345678') // true
 * isLegacyIdNumber('001099012345') // false
 * ```
 */
export function isLegacyIdNumber(value: string): boolean {
  return NINE_DIGITS.test(value)
}

/** Describes what arrived without repeating it: the length, and whether non-digits were present. */
function describeShape(value: unknown): string {
  if (typeof value !== 'string')
    return `a ${value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value}, not a string`
  const length = [...value].length
  const noun = length === 1 ? 'character' : 'characters'
  if (length === 12) return '12 characters that are not all ASCII digits'
  if (value !== '' && !/^[0-9]+$/.test(value)) return `${length} ${noun}, not all ASCII digits`
  return `${length} ${noun}`
}

/**
 * Zod schema for the 12-digit personal identification number claim: 12 ASCII digits, a province prefix
 * from the old 63-province table and a birth year that is not in the future (see {@link parsePersonalId}).
 * Issues carry `params.reason` and never the number.
 *
 * @example
 * ```ts
 * personalIdSchema.parse('001099012345') // '001099012345'
 * personalIdSchema.safeParse('003099012345').success // false (no province 003)
 * ```
 */
export const personalIdSchema = z.string().superRefine((value, ctx) => {
  const result = safeParsePersonalId(value)
  if (!result.ok) ctx.addIssue({ code: 'custom', message: result.message, params: { reason: result.reason } })
})

import { z } from 'zod'

/** Letters (with any combining marks) in words joined by single spaces, apostrophes or hyphens. */
const NAME_PATTERN = /^[\p{L}\p{M}]+(?:(?: |'|’|-)[\p{L}\p{M}]+)*$/u
const MAX_NAME_LENGTH = 100

/**
 * Normalises a personal name for storage and comparison: Unicode NFC (so NFD input, as some keyboards
 * and macOS file names produce, compares equal), runs of white space collapsed to one space, trimmed.
 *
 * @example
 * ```ts
 * normalizeName('  Nguyễn   Thị\tMinh  Khai ') // 'Nguyễn Thị Minh Khai'
 * normalizeName('Nguye\u0302\u0303n') === 'Nguyễn' // true
 * ```
 */
export function normalizeName(value: string): string {
  return value.normalize('NFC').replace(/\s+/gu, ' ').trim()
}

/**
 * The parts of a Vietnamese full name ("họ, chữ đệm và tên"), written surname first.
 *
 * @example
 * ```ts
 * const parts: VietnameseNameParts = { familyName: 'Trần', middleName: 'Văn', givenName: 'An' }
 * ```
 */
export type VietnameseNameParts = {
  /** Họ: the first word. */
  familyName: string
  /** Chữ đệm: the words between the first and the last, absent when there are none. */
  middleName?: string
  /** Tên: the LAST word. */
  givenName: string
}

/**
 * Splits a Vietnamese full name into family, middle and given name: the family name is the FIRST word and
 * the given name the LAST (generic "first name / last name" splitting gets this backwards). The input is
 * normalised first with {@link normalizeName}.
 *
 * @throws {RangeError} when the name has fewer than two words.
 * @example
 * ```ts
 * splitVietnameseName('Nguyễn Thị Minh Khai')
 * // { familyName: 'Nguyễn', middleName: 'Thị Minh', givenName: 'Khai' }
 * splitVietnameseName('Lê Lợi') // { familyName: 'Lê', givenName: 'Lợi' }
 * ```
 */
export function splitVietnameseName(fullName: string): VietnameseNameParts {
  const words = normalizeName(fullName).split(' ')
  const familyName = words[0]
  const givenName = words.at(-1)
  if (words.length < 2 || familyName === undefined || givenName === undefined) {
    const count = fullName.trim() === '' ? 0 : words.length
    throw new RangeError(`expected a full name of at least two words (family and given name), got ${count}`)
  }
  const middle = words.slice(1, -1)
  return middle.length === 0
    ? { familyName, givenName }
    : { familyName, middleName: middle.join(' '), givenName }
}

/**
 * Joins name parts back into a full name, surname first.
 *
 * @example
 * ```ts
 * joinVietnameseName({ familyName: 'Nguyễn', middleName: 'Thị Minh', givenName: 'Khai' }) // 'Nguyễn Thị Minh Khai'
 * ```
 */
export function joinVietnameseName(parts: VietnameseNameParts): string {
  const words = [parts.familyName, parts.middleName, parts.givenName].filter((word) => word !== undefined)
  return normalizeName(words.join(' '))
}

/**
 * Zod schema for a personal name (full name or one of its parts). Accepts NFC or NFD input and outputs
 * the {@link normalizeName} form (NFC, single spaces, trimmed); then requires 1 to 100 characters made of
 * letters (Vietnamese diacritics included), spaces, apostrophes (as in Ê Đê names such as H'Hen) and
 * hyphens. Control characters, digits and `<` `>` are rejected. Issue messages never repeat the name.
 *
 * @example
 * ```ts
 * citizenNameSchema.parse('Nguye\u0302\u0303n  Va\u0306n A') // 'Nguyễn Văn A' (NFC)
 * citizenNameSchema.safeParse('<script>').success // false
 * ```
 */
export const citizenNameSchema = z
  .string()
  .overwrite(normalizeName)
  .min(1, { message: 'expected a name of at least 1 character after normalisation, got an empty name' })
  .max(MAX_NAME_LENGTH, {
    message: `expected a name of at most ${MAX_NAME_LENGTH} characters after normalisation, got a longer one`,
  })
  .regex(NAME_PATTERN, {
    message:
      'expected letters (Vietnamese diacritics allowed), single spaces, apostrophes or hyphens, got other characters',
  })

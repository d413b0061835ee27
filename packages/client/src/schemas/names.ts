import { z } from 'zod'

/**
 * Words that START with a letter (then letters and combining marks) joined by single spaces, apostrophes
 * or hyphens: a combining mark with no letter before it (a stray accent typed first) is refused.
 */
const NAME_PATTERN = /^\p{L}[\p{L}\p{M}]*(?:(?: |'|’|-)\p{L}[\p{L}\p{M}]*)*$/u
/**
 * Vietnamese tone marks that sit ABOVE the vowel (huyền, sắc, ngã, hỏi; nặng sits below) and the vowel
 * marks they must follow (circumflex, breve): in NFD a vowel with both carries the vowel mark first
 * (`ê` then the tone: `ế` = e + U+0302 + U+0301). The reverse order is a different, non-Vietnamese
 * character sequence that renders wrongly and never matches the register's spelling.
 */
const TONE_BEFORE_VOWEL_MARK = /[\u0300\u0301\u0303\u0309][\u0302\u0306]/u
/** The five tone marks in NFD: grave, acute, tilde, hook above, dot below. */
const TONE_MARKS = /[\u0300\u0301\u0303\u0309\u0323]/gu
/** Look-alikes of Đ/đ that some keyboards and OCR produce: Icelandic Eth (U+00D0/U+00F0), African D (U+0189). */
const D_LOOKALIKES = /[\u00d0\u0189\u00f0]/gu
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
  return value
    .normalize('NFC')
    .replace(D_LOOKALIKES, (char) => (char === '\u00f0' ? 'đ' : 'Đ'))
    .replace(/\s+/gu, ' ')
    .trim()
}

/**
 * The form of a name used to MATCH two spellings of it (not to store it): {@link normalizeName}, lower
 * case, and each word's tone mark moved to the end of the word, so the old and new tone placements
 * ("Thuỷ" and "Thủy", "Hoà" and "Hòa", "Khoẻ" and "Khỏe", Decision 240/QĐ of 1984 versus the 2018
 * textbook convention) give the same key. Other diacritics still count: "Ân" and "An" stay different.
 *
 * @example
 * ```ts
 * nameMatchKey('Nguyễn Thị Thuỷ') === nameMatchKey('nguyễn thị thủy') // true
 * ```
 */
export function nameMatchKey(value: string): string {
  return normalizeName(value)
    .toLocaleLowerCase('vi')
    .normalize('NFD')
    .split(' ')
    .map((word) => {
      const tones = word.match(TONE_MARKS) ?? []
      return word.replace(TONE_MARKS, '') + tones.join('')
    })
    .join(' ')
}

/**
 * Whether two spellings are the same name for matching: equal {@link nameMatchKey} (NFC or NFD input, Ð
 * for Đ, spacing, letter case and old/new tone placement do not matter; every other diacritic does).
 *
 * @example
 * ```ts
 * sameName('Lê Thị Hoà', 'Lê Thị Hòa') // true
 * sameName('Trần Văn Ân', 'Trần Văn An') // false
 * ```
 */
export function sameName(a: string, b: string): boolean {
  return nameMatchKey(a) === nameMatchKey(b)
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
 * the {@link normalizeName} form (NFC, Ð folded to Đ, single spaces, trimmed); then requires 1 to 100
 * characters made of words that start with a letter (Vietnamese diacritics included), joined by spaces,
 * apostrophes (as in Ê Đê names such as H'Hen) and hyphens. Control characters, digits, `<` `>`, a
 * leading combining mark and a tone mark typed before its vowel's circumflex or breve are rejected.
 * Issue messages never repeat the name. To compare two names, use {@link sameName}.
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
      'expected words that start with a letter (Vietnamese diacritics allowed), joined by single spaces, apostrophes or hyphens, got other characters or a leading combining mark',
  })
  .refine((name) => !TONE_BEFORE_VOWEL_MARK.test(name.normalize('NFD')), {
    message:
      'expected each tone mark after the circumflex or breve of its vowel (ế, not a tone mark then a circumflex), got a tone mark first',
    params: { expected: 'tone_after_vowel_mark' },
  })

/**
 * Matching the passenger name on a booking with the name in the national population record.
 *
 * The national record (`req.eid.citizen.fullName`) is the truth: Vietnamese, surname first, with every
 * diacritic, in Unicode NFC. Bookings are messier: made by the passenger on a phone (maybe NFD, as macOS and
 * some keyboards produce), by a travel agent, or by a global distribution system that stores names in
 * uppercase ASCII ("NGUYEN/VAN AN"). The rule, from strict to lenient:
 *
 * 1. Both names are normalised: NFC, case ignored, white space collapsed, `/` and `,` read as spaces
 *    (the airline formats `SURNAME/GIVEN NAMES` and `SURNAME, GIVEN NAMES`).
 * 2. Diacritics are significant: "Nguyễn Văn Ân" is not "Nguyễn Văn An". Vietnamese diacritics change the
 *    name (Ân, An and Ấn are different names), so a booking written WITH diacritics must carry the same ones.
 * 3. A booking written WITHOUT any diacritic (plain ASCII) is compared with the diacritic-free form of the
 *    national record: "NGUYEN VAN AN" matches "Nguyễn Văn An". The airline could not have stored more.
 *    `đ`/`Đ` become `d`/`D`: Unicode does not decompose them (đ is a letter of its own, not d + a mark).
 * 4. The words must come in the same order, except that the name may be cut in two and the halves swapped:
 *    "Văn An Nguyễn" (given names first, surname last, as foreign booking sites ask) and "An Nguyễn Văn"
 *    (the first-name and last-name fields filled the other way) match "Nguyễn Văn An"; "An Văn Nguyễn"
 *    does not. In other words the words are the same cycle, read from another starting word.
 *
 * Anything else (a missing or extra word, another given name) is a mismatch: the passenger goes to the
 * counter with their ID card, where staff can judge a typo. The check never guesses.
 */

/** How two names compared. */
export type NameMatch =
  | { match: true; rule: 'same' | 'without-diacritics' }
  | { match: false; reason: 'different' | 'diacritics-differ' | 'empty' }

/**
 * The comparable form of a name: NFC, lowercase, `/` and `,` as spaces, white space collapsed.
 *
 * @example
 * ```ts
 * comparableName('  NGUYỄN/Văn   An ') // 'nguyễn văn an'
 * ```
 */
export function comparableName(name: string): string {
  return name.normalize('NFC').replace(/[/,]/g, ' ').replace(/\s+/gu, ' ').trim().toLocaleLowerCase('vi')
}

/**
 * The name without diacritics: every combining mark removed after NFD decomposition, and `đ`/`Đ` mapped to
 * `d`/`D` (NFD leaves them whole). The result is NFC.
 *
 * @example
 * ```ts
 * stripDiacritics('Đặng Thu Trang') // 'Dang Thu Trang'
 * ```
 */
export function stripDiacritics(name: string): string {
  return name.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').normalize('NFC')
}

/**
 * Whether a name carries any Vietnamese diacritic (or `đ`), whatever its normal form.
 *
 * @example
 * ```ts
 * hasDiacritics('NGUYEN VAN AN') // false
 * hasDiacritics('Nguye\u0302\u0303n') // true
 * ```
 */
export function hasDiacritics(name: string): boolean {
  const nfc = name.normalize('NFC')
  return stripDiacritics(nfc) !== nfc
}

/** The same words in the same cyclic order (the name cut in two, halves possibly swapped). */
function sameCycle(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length || a.length === 0) return false
  for (let start = 0; start < a.length; start++) {
    if (a.every((word, index) => word === b[(start + index) % b.length])) return true
  }
  return false
}

/**
 * Compares the passenger name on a booking with the citizen's name from the national record (the rule is in
 * this module's comment).
 *
 * @example
 * ```ts
 * matchBookingName('NGUYEN VAN AN', 'Nguyễn Văn An') // { match: true, rule: 'without-diacritics' }
 * matchBookingName('Nguyễn Văn Ân', 'Nguyễn Văn An') // { match: false, reason: 'diacritics-differ' }
 * ```
 */
export function matchBookingName(bookingName: string, nationalName: string): NameMatch {
  const booking = comparableName(bookingName)
  const national = comparableName(nationalName)
  if (booking === '' || national === '') return { match: false, reason: 'empty' }
  const bookingWords = booking.split(' ')
  const strippedNational = stripDiacritics(national).split(' ')
  if (sameCycle(bookingWords, national.split(' '))) return { match: true, rule: 'same' }
  if (!hasDiacritics(booking) && sameCycle(bookingWords, strippedNational)) {
    return { match: true, rule: 'without-diacritics' }
  }
  return sameCycle(stripDiacritics(booking).split(' '), strippedNational)
    ? { match: false, reason: 'diacritics-differ' }
    : { match: false, reason: 'different' }
}

/**
 * A looser comparison for FINDING a booking (code + name typed on the landing page): diacritics ignored on
 * both sides, same word order rule. It proves nothing about who the visitor is; the e-ID check does that.
 *
 * @example
 * ```ts
 * sameNameIgnoringDiacritics('nguyen van an', 'Nguyễn Văn An') // true
 * ```
 */
export function sameNameIgnoringDiacritics(a: string, b: string): boolean {
  const left = stripDiacritics(comparableName(a))
  const right = stripDiacritics(comparableName(b))
  return left !== '' && sameCycle(left.split(' '), right.split(' '))
}

/**
 * The name as an airline prints it on a boarding pass and in the bar code: uppercase ASCII,
 * `SURNAME/GIVEN NAMES` (the Vietnamese order: the first word is the surname).
 *
 * @example
 * ```ts
 * boardingPassName('Nguyễn Thị Ngọc Huyền') // 'NGUYEN/THI NGOC HUYEN'
 * ```
 */
export function boardingPassName(fullName: string): string {
  const [surname = '', ...given] = stripDiacritics(comparableName(fullName)).toUpperCase().split(' ')
  return given.length === 0 ? surname : `${surname}/${given.join(' ')}`
}

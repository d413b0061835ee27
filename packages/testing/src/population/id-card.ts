import type { IsoDate } from '@dinhdanh/client/schemas'
import { addYears, ageOn, laterOf, randomDayBetween, yearOf } from './calendar.js'
import { chance, type Prng, randomInt } from './prng.js'
import type { IdCardRecord } from './synthetic-citizen.js'

/** Chip cards (CCCD) were issued from early 2021. */
const CHIP_CARD_START: IsoDate = '2021-01-01'
/** The Law on Identification 2023 (CC cards, cards for children under 14) took effect on 1 July 2024. */
const CC_CARD_START: IsoDate = '2024-07-01'
/** Ages at which a card must be renewed; a card issued within 2 years before one lasts to the next. */
const RENEWAL_AGES = [25, 40, 60] as const

/**
 * Whether a chip card could have been issued to the citizen by `today` (ages 14 and over since 2021;
 * younger children on request since 1 July 2024).
 *
 * @example
 * ```ts
 * canHoldIdCard('2016-03-08', '2026-07-01') // true (a child's card, on request)
 * canHoldIdCard('1990-05-17', '2020-01-01') // false (before chip cards)
 * ```
 */
export function canHoldIdCard(birthDate: IsoDate, today: IsoDate): boolean {
  return issueWindowStart(birthDate, today) <= today
}

/** Earliest issue date of the card the citizen holds now: after the last renewal age passed. */
function issueWindowStart(birthDate: IsoDate, today: IsoDate): IsoDate {
  if (ageOn(birthDate, today) < 14) return laterOf(CC_CARD_START, birthDate)
  let start = laterOf(CHIP_CARD_START, addYears(birthDate, 14))
  for (const age of RENEWAL_AGES) {
    const birthday = addYears(birthDate, age)
    if (birthday <= today) start = laterOf(start, birthday)
  }
  return start
}

/**
 * Expiry of a card issued on `issueDate`: the 14th birthday for a child's card; otherwise the next
 * renewal age (25, 40, 60) that is more than 2 years away; none for a card issued from age 58.
 *
 * @example
 * ```ts
 * idCardExpiry('1990-05-17', '2021-04-10') // '2030-05-17' (age 40)
 * idCardExpiry('1950-05-17', '2022-01-05') // undefined (does not expire)
 * ```
 */
export function idCardExpiry(birthDate: IsoDate, issueDate: IsoDate): IsoDate | undefined {
  if (ageOn(birthDate, issueDate) < 14) return addYears(birthDate, 14)
  for (const age of RENEWAL_AGES) {
    const birthday = addYears(birthDate, age)
    if (issueDate < addYears(birthday, -2)) return birthday
  }
  return undefined
}

/**
 * The chip card the citizen holds on `today`, or `undefined` when none could have been issued: a card
 * issued after the last renewal age passed (so it is current), `CCCD` before 1 July 2024 and `CC` since,
 * with the old 9-digit CMND number for many citizens old enough to have had one.
 *
 * @example
 * ```ts
 * generateIdCard(prng, '001090001234', '1990-05-17', '2026-07-01')?.kind // 'CCCD' or 'CC'
 * ```
 */
export function generateIdCard(
  prng: Prng,
  personalId: string,
  birthDate: IsoDate,
  today: IsoDate,
): IdCardRecord | undefined {
  const start = issueWindowStart(birthDate, today)
  if (start > today) return undefined
  const issueDate = randomDayBetween(prng, start, today)
  const expiryDate = idCardExpiry(birthDate, issueDate)
  const kind = issueDate < CC_CARD_START ? 'CCCD' : 'CC'
  // 9-digit CMND cards were issued from age 14 until 2016 (12-digit CCCD cards replaced them from 2016).
  const birthYear = yearOf(birthDate)
  const hadCmnd = birthYear + 14 <= 2016 && chance(prng, birthYear < 1975 ? 0.9 : 0.5)
  return {
    number: personalId,
    kind,
    issue_date: issueDate,
    ...(expiryDate === undefined ? {} : { expiry_date: expiryDate }),
    issued_by: kind === 'CCCD' ? 'Cục Cảnh sát quản lý hành chính về trật tự xã hội' : 'Bộ Công an',
    ...(hadCmnd
      ? { legacy_id_number: String(randomInt(prng, 10_000_000, 389_999_999)).padStart(9, '0') }
      : {}),
  }
}

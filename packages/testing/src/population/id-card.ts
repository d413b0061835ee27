import type { IsoDate } from '@dinhdanh/client/schemas'
import {
  addYearsToDay,
  ageOnDay,
  anniversaryOf,
  civilOfDay,
  dayOf,
  isoOfDay,
  randomDayNumberBetween,
  yearOfDay,
} from './calendar.js'
import { chance, type Prng, randomInt } from './prng.js'
import type { IdCardRecord } from './synthetic-citizen.js'

/** Chip cards (CCCD) were issued from early 2021. */
const CHIP_CARD_START: IsoDate = '2021-01-01'
/** The Law on Identification 2023 (CC cards, cards for children under 14) took effect on 1 July 2024. */
const CC_CARD_START: IsoDate = '2024-07-01'
/** Ages at which a card must be renewed; a card issued within 2 years before one lasts to the next. */
const RENEWAL_AGES = [25, 40, 60] as const

/**
 * The first two digits of the 9-digit CMND by the old province that issued it (the police numbering of
 * the 1990s, which kept the provinces of the 1980s together: 19 for Quảng Bình, Quảng Trị and Huế, 16
 * for Nam Định, Hà Nam and Ninh Bình, ...). The generator takes the birth province as the issuing one.
 */
const CMND_PREFIX: Readonly<Record<string, string>> = {
  '001': '01',
  '079': '02',
  '031': '03',
  '011': '04',
  '012': '04',
  '014': '05',
  '010': '06',
  '015': '06',
  '002': '07',
  '008': '07',
  '020': '08',
  '004': '08',
  '019': '09',
  '006': '09',
  '022': '10',
  '017': '11',
  '024': '12',
  '027': '12',
  '025': '13',
  '026': '13',
  '030': '14',
  '033': '14',
  '034': '15',
  '035': '16',
  '036': '16',
  '037': '16',
  '038': '17',
  '040': '18',
  '042': '18',
  '044': '19',
  '045': '19',
  '046': '19',
  '048': '20',
  '049': '20',
  '051': '21',
  '052': '21',
  '054': '22',
  '056': '22',
  '062': '23',
  '064': '23',
  '066': '24',
  '067': '24',
  '068': '25',
  '058': '26',
  '060': '26',
  '075': '27',
  '077': '27',
  '074': '28',
  '070': '28',
  '072': '29',
  '080': '30',
  '082': '31',
  '083': '32',
  '084': '33',
  '086': '33',
  '087': '34',
  '089': '35',
  '092': '36',
  '093': '36',
  '094': '36',
  '091': '37',
  '095': '38',
  '096': '38',
}

/**
 * Whether a chip card could have been issued to the citizen by `today` (ages 14 and over since 2021;
 * younger children on request since 1 July 2024). Both days are day numbers (see `dayOf`).
 *
 * @example
 * ```ts
 * canHoldIdCard(dayOf('2016-03-08'), dayOf('2026-07-01')) // true (a child's card, on request)
 * canHoldIdCard(dayOf('1990-05-17'), dayOf('2020-01-01')) // false (before chip cards)
 * ```
 */
export function canHoldIdCard(birthDay: number, today: number): boolean {
  return issueWindowStart(birthDay, today) <= today
}

const CHIP_CARD_START_DAY = dayOf(CHIP_CARD_START)
const CC_CARD_START_DAY = dayOf(CC_CARD_START)

/** Earliest issue day of the card the citizen holds now: after the last renewal age passed. */
function issueWindowStart(birthDay: number, today: number): number {
  if (ageOnDay(birthDay, today) < 14) return Math.max(CC_CARD_START_DAY, birthDay)
  const birth = civilOfDay(birthDay)
  let start = Math.max(CHIP_CARD_START_DAY, anniversaryOf(birth, 14))
  for (const age of RENEWAL_AGES) {
    const birthday = anniversaryOf(birth, age)
    if (birthday <= today) start = Math.max(start, birthday)
  }
  return start
}

/**
 * Expiry of a card issued on `issueDay`: the 14th birthday for a child's card; otherwise the next
 * renewal age (25, 40, 60) that is more than 2 years away; none for a card issued from age 58. Day numbers
 * in and out.
 *
 * @example
 * ```ts
 * isoOfDay(idCardExpiry(dayOf('1990-05-17'), dayOf('2021-04-10'))!) // '2030-05-17' (age 40)
 * idCardExpiry(dayOf('1950-05-17'), dayOf('2022-01-05')) // undefined (does not expire)
 * ```
 */
export function idCardExpiry(birthDay: number, issueDay: number): number | undefined {
  const birth = civilOfDay(birthDay)
  if (ageOnDay(birthDay, issueDay) < 14) return anniversaryOf(birth, 14)
  for (const age of RENEWAL_AGES) {
    const birthday = anniversaryOf(birth, age)
    if (issueDay < addYearsToDay(birthday, -2)) return birthday
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
  const birthDay = dayOf(birthDate)
  const todayDay = dayOf(today)
  const start = issueWindowStart(birthDay, todayDay)
  if (start > todayDay) return undefined
  const issueDay = randomDayNumberBetween(prng, start, todayDay)
  const expiryDay = idCardExpiry(birthDay, issueDay)
  const kind = issueDay < CC_CARD_START_DAY ? 'CCCD' : 'CC'
  // 9-digit CMND cards were issued from age 14 until 2016 (12-digit CCCD cards replaced them from 2016).
  const birthYear = yearOfDay(birthDay)
  const hadCmnd = birthYear + 14 <= 2016 && chance(prng, birthYear < 1975 ? 0.9 : 0.5)
  const issuedBy = kind === 'CCCD' ? 'Cục Cảnh sát quản lý hành chính về trật tự xã hội' : 'Bộ Công an'
  const legacyIdNumber = hadCmnd
    ? `${CMND_PREFIX[personalId.slice(0, 3)] ?? '01'}${String(randomInt(prng, 0, 9_999_999)).padStart(7, '0')}`
    : undefined
  // The keys in the order the claim has always had them (expiry and CMND number only when there are).
  const number = personalId
  const issue_date = isoOfDay(issueDay)
  if (expiryDay === undefined) {
    return legacyIdNumber === undefined
      ? { number, kind, issue_date, issued_by: issuedBy }
      : { number, kind, issue_date, issued_by: issuedBy, legacy_id_number: legacyIdNumber }
  }
  const expiry_date = isoOfDay(expiryDay)
  return legacyIdNumber === undefined
    ? { number, kind, issue_date, expiry_date, issued_by: issuedBy }
    : { number, kind, issue_date, expiry_date, issued_by: issuedBy, legacy_id_number: legacyIdNumber }
}

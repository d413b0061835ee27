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
      ? {
          legacy_id_number: `${CMND_PREFIX[personalId.slice(0, 3)] ?? '01'}${String(randomInt(prng, 0, 9_999_999)).padStart(7, '0')}`,
        }
      : {}),
  }
}

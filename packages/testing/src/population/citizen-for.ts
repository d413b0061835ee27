import {
  type IsoDate,
  isIsoDate,
  normalizeName,
  OLD_PROVINCE_CODES,
  splitVietnameseName,
  type VietnameseNameParts,
} from '@dinhdanh/client/schemas'
import { ageOnDay, dayNumber, dayOf, isoOfDay, REFERENCE_DATE, yearOf } from './calendar.js'
import type { Ethnicity } from './ethnic-groups.js'
import { drawEthnicGroup, drawReligion, ethnicityOf, generateMinorityName } from './ethnic-groups.js'
import { canHoldIdCard } from './id-card.js'
import {
  type CitizenTarget,
  hold,
  INSPECT,
  inspectCitizen,
  LazyRecords,
  lazyCitizen,
  RECORDS,
} from './lazy-records.js'
import { decideAccount } from './level-of-assurance.js'
import { type Prng, streamsFor } from './prng.js'
import { OLD_PROVINCE_FACTS } from './province-map.js'
import type {
  AccountStatus,
  AddressRecord,
  DrivingLicenceRecord,
  EducationRecord,
  HealthInsuranceRecord,
  IdCardRecord,
  LevelOfAssurance,
  SourceStatuses,
  SyntheticCitizen,
  VaccinationRecord,
} from './synthetic-citizen.js'
import { generateName } from './vietnamese-names.js'

/**
 * The seed of the shared synthetic population: the mock provider and the msw kit use it, so the same
 * number is the same citizen everywhere. Changing it (or upgrading to a version whose tables changed)
 * gives everyone different names and records.
 *
 * @example
 * ```ts
 * citizenFor('001090001234', { seed: DEFAULT_SEED }) // the same as citizenFor('001090001234')
 * ```
 */
export const DEFAULT_SEED = 'dinhdanh'

/**
 * Explicit values laid over a generated citizen (what personas are made of). Fields that the rest of the
 * record depends on (`birthDate`, `level`) are applied BEFORE the records are derived, so the card, the
 * insurance validity and the licences stay consistent with them. For the optional records, `null` removes
 * the record and an object forces it (where the citizen can hold it: no licence for a minor, no chip card
 * before 2021) and is then merged over the generated one.
 *
 * @example
 * ```ts
 * const overrides: CitizenOverrides = {
 *   fullName: 'Nguyễn Văn An',
 *   birthDate: '1990-05-17',
 *   level: 2,
 *   healthInsurance: null,
 * }
 * ```
 */
export type CitizenOverrides = {
  /** Full name, surname first; stored in NFC and split into family, middle and given name. */
  readonly fullName?: string
  readonly ethnicity?: Ethnicity
  /** "Không" (none) or a recognised religion. */
  readonly religion?: string
  /** Must lie in the year the personal ID number encodes and not after `today`. */
  readonly birthDate?: IsoDate
  readonly level?: LevelOfAssurance
  readonly accountStatus?: AccountStatus
  readonly sources?: SourceStatuses
  readonly address?: AddressRecord
  readonly permanentAddress?: AddressRecord
  /** E.164 `+84...` mobile number. */
  readonly phoneNumber?: string
  readonly idCard?: Partial<IdCardRecord> | null
  readonly healthInsurance?: Partial<HealthInsuranceRecord> | null
  readonly drivingLicence?: Partial<DrivingLicenceRecord> | null
  readonly vaccinations?: readonly VaccinationRecord[]
  readonly education?: readonly EducationRecord[]
}

/**
 * Options of {@link citizenFor}.
 *
 * @example
 * ```ts
 * const options: CitizenOptions = { seed: 'staging', today: '2027-01-15' }
 * ```
 */
export type CitizenOptions = {
  /** Population seed; defaults to {@link DEFAULT_SEED}. */
  readonly seed?: string
  /** `YYYY-MM-DD` day for ages and validity; defaults to `REFERENCE_DATE` ('2026-07-01'), never the clock. */
  readonly today?: IsoDate
  /** Explicit values laid over the generated citizen. */
  readonly overrides?: CitizenOverrides
}

/**
 * The synthetic citizen behind a personal ID number, or `undefined` when the number is not a structurally
 * valid 12-digit personal ID (see `safeParsePersonalId`) or encodes a birth year after `today`. Every valid
 * number is a citizen. Pure and deterministic: the output depends only on the number, the seed, `today`
 * and the overrides (no `Math.random`, no clock, no state), so it is the same on every machine and every
 * run, costs microseconds and keeps nothing in memory.
 *
 * Sex and birth year come from the number, the birthplace is the OLD province of its prefix; the rest is
 * drawn from streams seeded by (seed, number, aspect): name with diacritics, birth day, 2025 addresses,
 * mobile number, level of assurance (Decree 69/2024 Art. 7), chip card, health insurance, vaccinations,
 * driving licence (adults) and education.
 *
 * @throws {RangeError} when `today` or an override is invalid (a programming error, unlike a bad number).
 * @example
 * ```ts
 * const citizen = citizenFor('001090001234')
 * citizen?.birthDate.startsWith('1990') // true: digit 0 = born in the 1900s, male; 90 = 1990
 * citizen?.birthplace.province // 'Hà Nội' (prefix 001)
 * citizenFor('003090001234') // undefined: there is no province 003
 * citizenFor('001090001234', { seed: 'other' })?.fullName // another name for the same number
 * ```
 */
export function citizenFor(personalId: string, options: CitizenOptions = {}): SyntheticCitizen | undefined {
  const today = options.today ?? REFERENCE_DATE
  if (today !== REFERENCE_DATE && !isIsoDate(today))
    throw new RangeError('expected options.today as a real date YYYY-MM-DD')
  const todayYear = yearOf(today)
  if (todayYear < 1900) return undefined
  const info = readNumber(personalId, todayYear)
  if (info === undefined) return undefined
  const seed = options.seed ?? DEFAULT_SEED
  const overrides = options.overrides ?? {}
  const streamFor = streamsFor(seed, personalId)

  const todayNumber = today === REFERENCE_DATE ? REFERENCE_DAY : dayOf(today)
  let birthDate: IsoDate
  let birthDayNumber: number
  if (overrides.birthDate === undefined) {
    birthDayNumber = drawBirthDay(streamFor('birth'), info.birthYear, todayYear, todayNumber)
    birthDate = isoOfDay(birthDayNumber)
  } else {
    checkBirthDate(overrides.birthDate, info.birthYear, today)
    birthDate = overrides.birthDate
    birthDayNumber = dayOf(birthDate)
  }
  const age = ageOnDay(birthDayNumber, todayNumber)
  const facts = OLD_PROVINCE_FACTS[info.provinceCode]
  const region = facts?.region ?? 'north'
  // Own stream: adding the ethnic draw did not shift the Kinh names of other aspects.
  const originStream = streamFor('origin')
  const group = drawEthnicGroup(originStream, info.provinceCode, region)
  const ethnicity = overrides.ethnicity ?? ethnicityOf(group)
  const religion = overrides.religion ?? drawReligion(originStream, group, region)
  let fullName: string
  let name: VietnameseNameParts
  if (overrides.fullName !== undefined) {
    fullName = normalizeName(overrides.fullName)
    name = splitVietnameseName(fullName)
  } else if (group !== undefined) {
    const minority = generateMinorityName(streamFor('name'), group, info.sex)
    fullName = minority.fullName
    name = minority
  } else {
    name = generateName(streamFor('name'), info.sex, info.birthYear, region)
    // The tables are NFC and single words: joining needs no normalisation (a test checks the result).
    fullName =
      name.middleName === undefined
        ? `${name.familyName} ${name.givenName}`
        : `${name.familyName} ${name.middleName} ${name.givenName}`
  }

  const cardPossible = canHoldIdCard(birthDayNumber, todayNumber)
  const account = decideAccount(streamFor('account'), age, today, cardPossible, overrides.level)
  const status: AccountStatus = overrides.accountStatus ?? (account.level === 0 ? 'none' : 'active')
  // Who the citizen is, now; every record (addresses, phone, card, insurance, doses, licence, education)
  // on first read, each from its own stream, so a lookup by identity generates none of them.
  const records = new LazyRecords({
    personalId,
    birthDate,
    birthDayNumber,
    age,
    today,
    todayNumber,
    birthProvinceCode: info.provinceCode,
    holdsIdCard: (hold(overrides.idCard) ?? account.holdsIdCard) && cardPossible,
    phoneVerified: account.level > 0 && status !== 'none' && status !== 'pending_activation',
    overrides,
    streamFor,
  })
  const target: CitizenTarget = {
    personalId,
    fullName,
    familyName: name.familyName,
    middleName: name.middleName as string, // deleted below when there is none
    givenName: name.givenName,
    ethnicity,
    religion,
    birthDate,
    gender: info.sex,
    age,
    referenceDate: today,
    birthplace: { provinceCode: info.provinceCode, province: info.province },
    level: account.level,
    account: { status },
    sources: { ...overrides.sources },
    ageOver18: age >= 18,
    [RECORDS]: records,
    [INSPECT]: inspectCitizen,
  }
  if (name.middleName === undefined) delete target.middleName
  return lazyCitizen(target)
}

const TWELVE_DIGITS = /^[0-9]{12}$/

/**
 * What `safeParsePersonalId` reads from a number (province, sex, birth year), with "the future" judged
 * against `todayYear` instead of the clock; `undefined` where it would refuse. Inlined because the
 * parser's clock handling (a `Date` and an ISO string per call) was a tenth of an identity lookup;
 * `citizen-for.test.ts` checks the two agree.
 */
export function readNumber(
  personalId: string,
  todayYear: number,
): { provinceCode: string; province: string; sex: 'male' | 'female'; birthYear: number } | undefined {
  if (typeof personalId !== 'string' || !TWELVE_DIGITS.test(personalId)) return undefined
  const provinceCode = personalId.slice(0, 3)
  const province = OLD_PROVINCE_CODES[provinceCode]
  if (province === undefined) return undefined
  const centuryDigit = personalId.charCodeAt(3) - 48
  const birthYear = 1900 + (centuryDigit >> 1) * 100 + Number(personalId.slice(4, 6))
  if (birthYear > todayYear) return undefined
  return { provinceCode, province, sex: centuryDigit % 2 === 0 ? 'male' : 'female', birthYear }
}

const REFERENCE_DAY = dayOf(REFERENCE_DATE)

/** A uniformly drawn day of the birth year, not after `today` (a day number). */
function drawBirthDay(prng: Prng, birthYear: number, todayYear: number, today: number): number {
  const first = dayNumber(birthYear, 1, 1)
  const last = birthYear === todayYear ? today : dayNumber(birthYear, 12, 31)
  return first + Math.floor(prng() * (last - first + 1))
}

function checkBirthDate(birthDate: IsoDate, birthYear: number, today: IsoDate): void {
  if (!isIsoDate(birthDate) || yearOf(birthDate) !== birthYear || birthDate > today) {
    throw new RangeError(
      'expected overrides.birthDate as YYYY-MM-DD in the year the personal ID number encodes, not after today',
    )
  }
}

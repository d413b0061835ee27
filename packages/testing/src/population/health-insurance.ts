import type { IsoDate } from '@dinhdanh/client/schemas'
import { addYearsToDay, type CitizenDates, isoOfDay } from './calendar.js'
import {
  chance,
  type Prng,
  pick,
  pickWeighted,
  randomInt,
  type WeightedTable,
  weightedTable,
} from './prng.js'
import { oldProvinceNameFor, REFORM_2025 } from './province-map.js'
import type { AddressRecord, HealthInsuranceRecord } from './synthetic-citizen.js'

/**
 * Beneficiary groups (mã đối tượng) and their benefit level (the third character of the 15-character
 * code): 1 = 100% without ceiling, 2 = 100% with ceiling, 3 = 95%, 4 = 80%. The pairs are those of
 * Vietnam Social Security's Decision 1351/QĐ-BHXH (2015) on card codes (`HEALTH_INSURANCE_GROUPS` in
 * `@dinhdanh/client/schemas`): children under 6 are TE at level 1 (100% without ceiling, Law on Health
 * Insurance Art. 22(1)(a)), not level 2.
 */
type Group = readonly [code: string, benefitLevel: 1 | 2 | 3 | 4]

const CHILD: Group = ['TE', 1]
const PUPIL: Group = ['HS', 4]
const STUDENT: Group = ['SV', 4]
const EMPLOYEE: Group = ['DN', 4]
const CIVIL_SERVANT: Group = ['HC', 4]
const HOUSEHOLD: Group = ['GD', 4]
const POOR_HOUSEHOLD: Group = ['HN', 2]
const MERITORIOUS: Group = ['CC', 1]
const PENSIONER: Group = ['HT', 3]

const YOUNG_ADULT_GROUPS: WeightedTable<Group> = weightedTable([
  [STUDENT, 50],
  [EMPLOYEE, 30],
  [HOUSEHOLD, 20],
])
const ADULT_GROUPS: WeightedTable<Group> = weightedTable([
  [EMPLOYEE, 45],
  [CIVIL_SERVANT, 10],
  [HOUSEHOLD, 38],
  [POOR_HOUSEHOLD, 6],
  [MERITORIOUS, 1],
])
const SENIOR_GROUPS: WeightedTable<Group> = weightedTable([
  [PENSIONER, 50],
  [HOUSEHOLD, 35],
  [POOR_HOUSEHOLD, 10],
  [MERITORIOUS, 5],
])

function groupFor(prng: Prng, age: number): Group {
  if (age < 6) return CHILD
  if (age < 18) return PUPIL
  if (age < 23) return pickWeighted(prng, YOUNG_ADULT_GROUPS)
  if (age < 60) return pickWeighted(prng, ADULT_GROUPS)
  return pickWeighted(prng, SENIOR_GROUPS)
}

/** Well-known hospitals of the two largest cities, used as registered facilities now and then. */
const CITY_HOSPITALS: Readonly<Record<string, readonly string[]>> = {
  '01': ['Bệnh viện Bạch Mai', 'Bệnh viện Thanh Nhàn', 'Bệnh viện Đa khoa Xanh Pôn', 'Bệnh viện E'],
  '79': [
    'Bệnh viện Chợ Rẫy',
    'Bệnh viện Nhân dân 115',
    'Bệnh viện Nhân dân Gia Định',
    'Bệnh viện Thống Nhất',
  ],
}

/**
 * The registered first-visit facility (nơi đăng ký khám chữa bệnh ban đầu) near an address: the commune
 * health station, the local health centre or a provincial hospital. The code is the 2-digit province code
 * and 3 digits (synthetic).
 *
 * @example
 * ```ts
 * generateFacility(prng, citizen.address) // e.g. { code: '01017', name: 'Trạm Y tế Phường Hoàn Kiếm' }
 * ```
 */
export function generateFacility(
  prng: Prng,
  address: AddressRecord,
  on: IsoDate,
  birthProvinceCode: string,
): { code: string; name: string } {
  const code = `${address.province_code}${String(randomInt(prng, 1, 999)).padStart(3, '0')}`
  const roll = prng()
  const cityHospitals = CITY_HOSPITALS[address.province_code]
  let name: string
  if (cityHospitals !== undefined && roll < 0.2) name = pick(prng, cityHospitals)
  else if (roll < 0.55) name = `Trạm Y tế ${address.locality}`
  else if (roll < 0.85) name = healthCentreName(address, on)
  else name = `Bệnh viện Đa khoa ${provinceNameOn(address, on, birthProvinceCode)}`
  return { code, name }
}

/**
 * The district-level health centre serving an address on a day: "Trung tâm Y tế khu vực …" since the
 * July 2025 reform abolished districts, "Trung tâm Y tế quận/huyện …" before it.
 *
 * @example
 * ```ts
 * healthCentreName(address, '2024-03-01') // e.g. 'Trung tâm Y tế huyện Đông Anh'
 * ```
 */
export function healthCentreName(address: AddressRecord, on: IsoDate): string {
  const place = withoutKind(address.locality)
  if (on >= REFORM_2025) return `Trung tâm Y tế khu vực ${place}`
  const district = address.locality.startsWith('Xã')
    ? 'huyện'
    : CITY_PROVINCES.has(address.province_code)
      ? 'quận'
      : 'thành phố'
  return `Trung tâm Y tế ${district} ${place}`
}

const LOCALITY_KINDS = ['Phường ', 'Xã ', 'Đặc khu '] as const

/** The name of a commune or ward without its kind ("Phường Hoàn Kiếm" → "Hoàn Kiếm"). */
function withoutKind(locality: string): string {
  for (const kind of LOCALITY_KINDS) if (locality.startsWith(kind)) return locality.slice(kind.length)
  return locality
}

/** Centrally governed cities, whose urban districts were "quận". */
const CITY_PROVINCES: ReadonlySet<string> = new Set(['01', '31', '48', '79', '92'])

/**
 * The province name of an address as it was on a day: the 2025 name since the reform, the old province's
 * before (see `oldProvinceNameFor`).
 *
 * @example
 * ```ts
 * provinceNameOn(address, '2020-01-01', '044') // 'Quảng Bình' for an address now in Quảng Trị
 * ```
 */
export function provinceNameOn(address: AddressRecord, on: IsoDate, birthProvinceCode: string): string {
  return on >= REFORM_2025 ? address.region : oldProvinceNameFor(address.province_code, birthProvinceCode)
}

/**
 * What the health-insurance generator needs to know about the citizen.
 *
 * @example
 * ```ts
 * const input: HealthInsuranceInput = { ...datesOf(birthDate, today), age, birthProvinceCode: '001', address }
 * ```
 */
export type HealthInsuranceInput = CitizenDates & {
  readonly age: number
  /** Old 3-digit province code of the ID prefix; its last 2 digits open the BHXH number. */
  readonly birthProvinceCode: string
  /** Current address: the card is (re)issued and the facility registered there. */
  readonly address: AddressRecord
}

/**
 * The health-insurance card, or `undefined` for the few without one (about 8%; `hold` forces either way):
 * the 10-digit BHXH number (2 province digits + 8), the 15-character code hospital software uses (group,
 * benefit level, province of issue, the same 10 digits) with a matching `benefit_level`, a yearly validity
 * period containing `today` for about 95% of holders (just expired for the rest), and the registered
 * first-visit facility.
 *
 * @example
 * ```ts
 * generateHealthInsurance(prng, input)?.legacy_code // e.g. 'DN4010123456789'
 * ```
 */
export function generateHealthInsurance(
  prng: Prng,
  input: HealthInsuranceInput,
  hold?: boolean,
): HealthInsuranceRecord | undefined {
  return holdsHealthInsurance(prng, hold) ? healthInsuranceRecord(prng, input) : undefined
}

/**
 * Whether the citizen holds a card (about 92%; `hold` decides without a draw): the first draw of the
 * health-insurance stream, so a lazy citizen knows whether the record exists before generating it.
 *
 * @example
 * ```ts
 * if (holdsHealthInsurance(prng)) healthInsuranceRecord(prng, input) // the same as generateHealthInsurance
 * ```
 */
export function holdsHealthInsurance(prng: Prng, hold?: boolean): boolean {
  return hold ?? chance(prng, 0.92)
}

/**
 * The card of a citizen who holds one: what {@link generateHealthInsurance} draws after
 * {@link holdsHealthInsurance}, from the same stream.
 *
 * @example
 * ```ts
 * healthInsuranceRecord(prng, input).number // e.g. '0112345678'
 * ```
 */
export function healthInsuranceRecord(prng: Prng, input: HealthInsuranceInput): HealthInsuranceRecord {
  const [group, benefitLevel] = groupFor(prng, input.age)
  const number = `${input.birthProvinceCode.slice(1)}${String(randomInt(prng, 0, 99_999_999)).padStart(8, '0')}`
  const birthDay = input.birthDayNumber
  const today = input.todayNumber
  let validFrom: number
  let validTo: number
  if (group === 'TE') {
    // A child's card runs from birth until the day before the 6th birthday (72 months: Law on Health
    // Insurance Art. 16(2)), with no yearly renewal.
    validFrom = birthDay
    validTo = addYearsToDay(birthDay, 6) - 1
  } else if (chance(prng, 0.95)) {
    validFrom = Math.max(today - randomInt(prng, 0, 364), birthDay)
    validTo = addYearsToDay(validFrom, 1) - 1
  } else {
    validTo = today - randomInt(prng, 1, 200)
    validFrom = Math.max(addYearsToDay(validTo, -1) + 1, birthDay)
    // A baby cannot hold a card that expired before birth: give such a citizen a current card instead.
    if (validTo < validFrom) {
      validFrom = birthDay
      validTo = addYearsToDay(validFrom, 1) - 1
    }
  }
  return {
    number,
    legacy_code: `${group}${benefitLevel}${input.address.province_code}${number}`,
    benefit_level: benefitLevel,
    valid_from: isoOfDay(validFrom),
    valid_to: isoOfDay(validTo),
    facility: generateFacility(prng, input.address, input.today, input.birthProvinceCode),
  }
}

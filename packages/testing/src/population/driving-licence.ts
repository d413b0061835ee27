import type { DrivingLicenceClass, IsoDate } from '@dinhdanh/client/schemas'
import { DRIVING_LICENCE_CLASSES } from '@dinhdanh/client/schemas'
import { addYearsToDay, type CitizenDates, dayOf, isoOfDay, randomDayNumberBetween } from './calendar.js'
import { provinceNameOn } from './health-insurance.js'
import { chance, type Prng, randomInt } from './prng.js'
import type { AddressRecord, DrivingLicenceRecord } from './synthetic-citizen.js'

/** Minimum age and validity in years (`undefined`: does not expire) of each class held by the generator. */
const CLASS_RULES: Readonly<Partial<Record<DrivingLicenceClass, { minAge: number; years?: number }>>> = {
  A1: { minAge: 18 },
  A: { minAge: 18 },
  B1: { minAge: 18 },
  B: { minAge: 18, years: 10 },
  C1: { minAge: 18, years: 10 },
  C: { minAge: 21, years: 5 },
  D2: { minAge: 24, years: 5 },
  D: { minAge: 27, years: 5 },
  CE: { minAge: 24, years: 5 },
}

/** Since 1 March 2025 the traffic police, not the transport departments, issue licences. */
const POLICE_ISSUES_FROM: IsoDate = '2025-03-01'
/** Licences issued from this day carry the 2024 law's classes; before it, the 2008 law's. */
const NEW_CLASSES_FROM: IsoDate = '2025-01-01'
/** Training and the test take time: nobody holds a licence on the day they reach the minimum age. */
const TRAINING_DAYS = 60

/**
 * The class a licence issued before 2025 carried for what the 2024 law calls `cls` (Circular 12/2017:
 * A1 motorcycles to 175 cm³, A2 above, A3 tricycles, B2 cars, C trucks, D buses to 30 seats, E above, FC
 * articulated trucks), and how many years it lasted (`undefined`: no expiry).
 */
const PRE_2025_CLASS: Readonly<Partial<Record<DrivingLicenceClass, { class: string; years?: number }>>> = {
  A1: { class: 'A1' },
  A: { class: 'A2' },
  B1: { class: 'A3' },
  B: { class: 'B2', years: 10 },
  C1: { class: 'C', years: 5 },
  C: { class: 'C', years: 5 },
  D2: { class: 'D', years: 5 },
  D: { class: 'E', years: 5 },
  CE: { class: 'FC', years: 5 },
}

/**
 * What the driving-licence generator needs to know about the citizen.
 *
 * @example
 * ```ts
 * const input: DrivingLicenceInput = { ...datesOf('1990-05-17', '2026-07-01'), age: 36, address, birthProvinceCode: '001' }
 * ```
 */
export type DrivingLicenceInput = CitizenDates & {
  readonly age: number
  /** Current address: the licence was issued in its province. */
  readonly address: AddressRecord
  /** Old province of the ID prefix: names the issuing province before the 2025 reform. */
  readonly birthProvinceCode: string
}

/** Classes a holder has: most ride a motorbike (A1, sometimes A), many drive a car (B), a few drive trucks and buses. */
function chooseClasses(prng: Prng): DrivingLicenceClass[] {
  const held = new Set<DrivingLicenceClass>()
  const motorbike = prng()
  if (motorbike < 0.82) held.add('A1')
  else if (motorbike < 0.9) held.add('A')
  else if (motorbike < 0.91) held.add('B1')
  const car = prng()
  if (car < 0.42) held.add('B')
  else if (car < 0.47) held.add('C1')
  else if (car < 0.53) held.add('C')
  else if (car < 0.55) held.add('D2')
  else if (car < 0.56) held.add('D')
  if (held.has('C') && chance(prng, 0.2)) held.add('CE')
  if (held.size === 0) held.add('A1')
  return DRIVING_LICENCE_CLASSES.filter((cls) => held.has(cls))
}

/**
 * The driving licence, or `undefined` for minors and the adults without one (about 55%; `hold` forces
 * the draw for adults). The 12-digit number is the 2-digit province code and 10 digits (the real
 * structure is uncertain). Each class has its own issue date at least two months after the minimum age
 * (training and test); a class issued before 2025 carries its 2008-law name (B2, not B; A2, not A; FC,
 * not CE) and validity; A1, A and B1 do not expire, B and C1 last 10 years, the others 5; about 15% of
 * the expiring classes have expired. The issuer is named as it was on the day of the latest issue: the
 * transport department of the old province before March 2025, the traffic police since.
 *
 * @example
 * ```ts
 * generateDrivingLicence(prng, input)?.classes // e.g. [{ class: 'A1', issue_date: '2009-03-02' }, ...]
 * ```
 */
export function generateDrivingLicence(
  prng: Prng,
  input: DrivingLicenceInput,
  hold?: boolean,
): DrivingLicenceRecord | undefined {
  return holdsDrivingLicence(prng, input, hold) ? drivingLicenceRecord(prng, input) : undefined
}

/**
 * Whether the citizen holds a licence: an adult (`hold`, or the first draw of the licence stream: about
 * 45%) past the minimum age and the training time. A lazy citizen knows from it whether the record
 * exists before generating it.
 *
 * @example
 * ```ts
 * if (holdsDrivingLicence(prng, input)) drivingLicenceRecord(prng, input) // = generateDrivingLicence
 * ```
 */
export function holdsDrivingLicence(
  prng: Prng,
  input: Pick<DrivingLicenceInput, 'birthDayNumber' | 'age' | 'todayNumber'>,
  hold?: boolean,
): boolean {
  if (input.age < 18) return false
  if (!(hold ?? chance(prng, 0.45))) return false
  // Every class needs 18 years and the training time (the record would have no class before that).
  return addYearsToDay(input.birthDayNumber, 18) + TRAINING_DAYS <= input.todayNumber
}

const NEW_CLASSES_FROM_DAY = dayOf(NEW_CLASSES_FROM)
const POLICE_ISSUES_FROM_DAY = dayOf(POLICE_ISSUES_FROM)

/**
 * The licence of a citizen who holds one: what {@link generateDrivingLicence} draws after
 * {@link holdsDrivingLicence}, from the same stream.
 *
 * @example
 * ```ts
 * drivingLicenceRecord(prng, input).classes[0]?.class // e.g. 'A1'
 * ```
 */
export function drivingLicenceRecord(prng: Prng, input: DrivingLicenceInput): DrivingLicenceRecord {
  const birthDay = input.birthDayNumber
  const today = input.todayNumber
  const classes: DrivingLicenceRecord['classes'] = []
  let latestIssue = Number.NEGATIVE_INFINITY
  const held = new Set<string>()
  const add = (cls: DrivingLicenceClass, issueDay: number, years: number | undefined) => {
    const old = issueDay < NEW_CLASSES_FROM_DAY ? PRE_2025_CLASS[cls] : undefined
    const name = old?.class ?? cls
    // Two 2024 classes can map to one old class (C1 and C are both old C): keep the first.
    if (held.has(name)) return
    held.add(name)
    const validity = old === undefined ? years : old.years
    const issue_date = isoOfDay(issueDay)
    classes.push(
      validity === undefined
        ? { class: name as DrivingLicenceClass, issue_date }
        : {
            class: name as DrivingLicenceClass,
            issue_date,
            expiry_date: isoOfDay(addYearsToDay(issueDay, validity)),
          },
    )
    latestIssue = Math.max(latestIssue, issueDay)
  }
  for (const cls of chooseClasses(prng)) {
    const rule = CLASS_RULES[cls] ?? { minAge: 18 }
    const earliest = addYearsToDay(birthDay, rule.minAge) + TRAINING_DAYS
    if (earliest > today) continue
    if (rule.years === undefined) {
      add(cls, randomDayNumberBetween(prng, earliest, today), undefined)
      continue
    }
    const expiredLatestIssue = addYearsToDay(today, -rule.years) - 1
    let issueDay: number
    if (chance(prng, 0.15) && earliest <= expiredLatestIssue) {
      issueDay = randomDayNumberBetween(
        prng,
        Math.max(earliest, expiredLatestIssue - 1500),
        expiredLatestIssue,
      )
    } else {
      issueDay = randomDayNumberBetween(
        prng,
        Math.max(earliest, addYearsToDay(today, -rule.years) + 1),
        today,
      )
    }
    add(cls, issueDay, rule.years)
  }
  if (classes.length === 0) {
    // holdsDrivingLicence checked that this day is not after today.
    add('A1', randomDayNumberBetween(prng, addYearsToDay(birthDay, 18) + TRAINING_DAYS, today), undefined)
  }
  const latest = isoOfDay(latestIssue)
  return {
    number: `${input.address.province_code}${String(randomInt(prng, 0, 9_999_999_999)).padStart(10, '0')}`,
    classes,
    issued_by:
      latestIssue >= POLICE_ISSUES_FROM_DAY
        ? `Phòng Cảnh sát giao thông Công an ${provinceNameOn(input.address, latest, input.birthProvinceCode)}`
        : `Sở Giao thông vận tải ${provinceNameOn(input.address, latest, input.birthProvinceCode)}`,
  }
}

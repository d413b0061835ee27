import type { DrivingLicenceClass, IsoDate } from '@dinhdanh/client/schemas'
import { DRIVING_LICENCE_CLASSES } from '@dinhdanh/client/schemas'
import { addDays, addYears, laterOf, randomDayBetween } from './calendar.js'
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

/**
 * What the driving-licence generator needs to know about the citizen.
 *
 * @example
 * ```ts
 * const input: DrivingLicenceInput = { birthDate: '1990-05-17', age: 36, today: '2026-07-01', address }
 * ```
 */
export type DrivingLicenceInput = {
  readonly birthDate: IsoDate
  readonly age: number
  readonly today: IsoDate
  /** Current address: the licence was issued in its province. */
  readonly address: AddressRecord
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
 * structure is uncertain). Each class has its own issue date after the minimum age; A1, A and B1 do not
 * expire, B and C1 last 10 years, the others 5; about 15% of the expiring classes have expired.
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
  if (input.age < 18) return undefined
  if (!(hold ?? chance(prng, 0.45))) return undefined
  const { birthDate, today } = input
  const classes: DrivingLicenceRecord['classes'] = []
  let latestIssue = ''
  for (const cls of chooseClasses(prng)) {
    const rule = CLASS_RULES[cls] ?? { minAge: 18 }
    const earliest = addYears(birthDate, rule.minAge)
    if (earliest > today) continue
    if (rule.years === undefined) {
      const issueDate = randomDayBetween(prng, earliest, today)
      classes.push({ class: cls, issue_date: issueDate })
      latestIssue = laterOf(latestIssue, issueDate)
      continue
    }
    const expiredLatestIssue = addDays(addYears(today, -rule.years), -1)
    let issueDate: IsoDate
    if (chance(prng, 0.15) && earliest <= expiredLatestIssue) {
      issueDate = randomDayBetween(
        prng,
        laterOf(earliest, addDays(expiredLatestIssue, -1500)),
        expiredLatestIssue,
      )
    } else {
      issueDate = randomDayBetween(prng, laterOf(earliest, addDays(addYears(today, -rule.years), 1)), today)
    }
    classes.push({ class: cls, issue_date: issueDate, expiry_date: addYears(issueDate, rule.years) })
    latestIssue = laterOf(latestIssue, issueDate)
  }
  if (classes.length === 0) {
    const issueDate = randomDayBetween(prng, addYears(birthDate, 18), today)
    classes.push({ class: 'A1', issue_date: issueDate })
    latestIssue = issueDate
  }
  const province = input.address.region
  return {
    number: `${input.address.province_code}${String(randomInt(prng, 0, 9_999_999_999)).padStart(10, '0')}`,
    classes,
    issued_by:
      latestIssue >= POLICE_ISSUES_FROM
        ? `Phòng Cảnh sát giao thông Công an ${province}`
        : `Sở Giao thông vận tải ${province}`,
  }
}

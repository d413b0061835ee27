import type { IsoDate } from '@dinhdanh/client/schemas'
import {
  ageOnDay,
  type CitizenDates,
  dayNumber,
  dayOf,
  isoOfDay,
  randomDayNumberBetween,
  yearOfDay,
} from './calendar.js'
import { healthCentreName, provinceNameOn } from './health-insurance.js'
import { chance, type Prng, pick, randomInt } from './prng.js'
import { REFORM_2025 } from './province-map.js'
import type { AddressRecord, VaccinationRecord } from './synthetic-citizen.js'

const COVID = 'COVID-19'
const ADULT_COVID_VACCINES = ['Vaxzevria', 'Comirnaty', 'Spikevax', 'Vero Cell'] as const
const CHILD_COVID_VACCINES = ['Comirnaty', 'Spikevax'] as const

/** The record of children born since the electronic immunisation register (2017) is complete. */
const REGISTER_START_YEAR = 2017

/**
 * What the vaccination generator needs to know about the citizen.
 *
 * @example
 * ```ts
 * const input: VaccinationInput = { ...datesOf('1990-05-17', '2026-07-01'), address, birthProvinceCode: '001' }
 * ```
 */
export type VaccinationInput = CitizenDates & {
  /** Current address: doses were given near it. */
  readonly address: AddressRecord
  /** Old province of the ID prefix: names the province of doses given before the 2025 reform. */
  readonly birthProvinceCode: string
}

/** A dose on a day number (days since 1970-01-01), before it is sorted, filtered and dated. */
type Dose = { vaccine: string; disease: string; dose: number; day: number }

/**
 * The expanded programme on immunisation (Tiêm chủng mở rộng, Ministry of Health schedule, Circular
 * 10/2024/TT-BYT and the National EPI's published calendar): BCG and the hepatitis B birth dose at birth,
 * the 5-in-1 DPT-VGB-Hib (ComBE Five) and oral polio (bOPV) at 2, 3 and 4 months, inactivated polio (IPV)
 * at 5 months (and 9 months from 2022), measles (MVVac) at 9 months, measles-rubella (MRVAC) and the DPT
 * booster at 18 months, Japanese encephalitis (Jevax) at 12 months (two doses 1-2 weeks apart) and a
 * third a year later. A share of urban parents pay instead for the 6-in-1 (Hexaxim) and add optional
 * vaccines (rotavirus, pneumococcus, chickenpox).
 */
function childhoodDoses(prng: Prng, birthDay: number, out: Dose[]): void {
  const at = (days: number, spread: number) => birthDay + days + randomInt(prng, 0, spread)
  out.push(
    { vaccine: 'Gene-HBvax', disease: 'Viêm gan B (liều sơ sinh)', dose: 1, day: at(0, 0) },
    { vaccine: 'BCG', disease: 'Lao', dose: 1, day: at(0, 25) },
  )
  const paidSixInOne = chance(prng, 0.3)
  for (let dose = 1; dose <= 3; dose++) {
    const day = at(30 * (dose + 1), 10)
    out.push(
      paidSixInOne
        ? {
            vaccine: 'Hexaxim',
            disease: 'Bạch hầu - Ho gà - Uốn ván - Bại liệt - Hib - Viêm gan B',
            dose,
            day,
          }
        : { vaccine: 'ComBE Five', disease: 'Bạch hầu - Ho gà - Uốn ván - Viêm gan B - Hib', dose, day },
    )
    if (!paidSixInOne) out.push({ vaccine: 'bOPV', disease: 'Bại liệt', dose, day })
  }
  if (!paidSixInOne) {
    out.push({ vaccine: 'IPV', disease: 'Bại liệt', dose: 1, day: at(150, 10) })
    if (yearOfDay(birthDay) >= 2022)
      out.push({ vaccine: 'IPV', disease: 'Bại liệt', dose: 2, day: at(270, 10) })
  }
  out.push({ vaccine: 'MVVac', disease: 'Sởi', dose: 1, day: at(270, 20) })
  const je = at(365, 30)
  out.push({ vaccine: 'Jevax', disease: 'Viêm não Nhật Bản', dose: 1, day: je })
  out.push({ vaccine: 'Jevax', disease: 'Viêm não Nhật Bản', dose: 2, day: je + randomInt(prng, 7, 14) })
  out.push({
    vaccine: 'Jevax',
    disease: 'Viêm não Nhật Bản',
    dose: 3,
    day: je + 365 + randomInt(prng, 0, 30),
  })
  out.push({ vaccine: 'MRVAC', disease: 'Sởi - Rubella', dose: 1, day: at(540, 20) })
  out.push({ vaccine: 'DPT', disease: 'Bạch hầu - Ho gà - Uốn ván', dose: 4, day: at(540, 20) })
  // Optional, paid.
  if (chance(prng, 0.35)) {
    out.push({ vaccine: 'Rotarix', disease: 'Tiêu chảy do Rotavirus', dose: 1, day: at(60, 10) })
    out.push({ vaccine: 'Rotarix', disease: 'Tiêu chảy do Rotavirus', dose: 2, day: at(90, 10) })
  }
  if (chance(prng, 0.25)) out.push({ vaccine: 'Synflorix', disease: 'Phế cầu', dose: 1, day: at(60, 20) })
  if (chance(prng, 0.3)) out.push({ vaccine: 'Varivax', disease: 'Thủy đậu', dose: 1, day: at(365, 60) })
}

/** The campaign (day numbers): age groups on 1 September 2021, first doses in each group's window. */
const COVID_CAMPAIGN_START = dayNumber(2021, 9, 1)
const ADULTS_FROM = dayNumber(2021, 7, 1)
const ADULTS_TO = dayNumber(2021, 10, 31)
const TEENS_FROM = dayNumber(2021, 10, 20)
const TEENS_TO = dayNumber(2022, 1, 31)
const CHILDREN_FROM = dayNumber(2022, 4, 15)
const CHILDREN_TO = dayNumber(2022, 7, 31)

/** COVID-19 doses: first dose in the campaign window of the citizen's age group, then 2nd, booster, 4th. */
function covidDoses(prng: Prng, birthDay: number, out: Dose[]): void {
  const ageAtStart = ageOnDay(birthDay, COVID_CAMPAIGN_START)
  let first: number
  let vaccine: string
  if (ageAtStart >= 18) {
    first = randomDayNumberBetween(prng, ADULTS_FROM, ADULTS_TO)
    vaccine = pick(prng, ADULT_COVID_VACCINES)
  } else if (ageAtStart >= 12) {
    first = randomDayNumberBetween(prng, TEENS_FROM, TEENS_TO)
    vaccine = 'Comirnaty'
  } else if (ageOnDay(birthDay, CHILDREN_FROM) >= 5) {
    first = randomDayNumberBetween(prng, CHILDREN_FROM, CHILDREN_TO)
    vaccine = pick(prng, CHILD_COVID_VACCINES)
  } else {
    return
  }
  const second = first + randomInt(prng, 28, 84)
  out.push({ vaccine, disease: COVID, dose: 1, day: first })
  out.push({ vaccine, disease: COVID, dose: 2, day: second })
  if (ageAtStart < 12) return
  const booster = second + randomInt(prng, 90, 180)
  out.push({ vaccine: pick(prng, CHILD_COVID_VACCINES), disease: COVID, dose: 3, day: booster })
  if (ageOnDay(birthDay, booster) >= 50) {
    const fourth = booster + randomInt(prng, 120, 180)
    out.push({ vaccine: pick(prng, CHILD_COVID_VACCINES), disease: COVID, dose: 4, day: fourth })
  }
}

/**
 * The vaccination record, oldest first, none after `today` or before birth: for children born since 2017
 * (when the electronic register started) the expanded programme's childhood schedule up to their age,
 * with optional paid vaccines; for everyone old enough, the COVID-19 campaign of 2021-2022 by age group
 * (about 90% of those eligible are on record); now and then a seasonal flu shot. Each dose names the
 * facility as it was called on the day (before July 2025: "Trung tâm Y tế quận/huyện …" and the old
 * province; since: "Trung tâm Y tế khu vực …").
 *
 * @example
 * ```ts
 * generateVaccinations(prng, input).map((dose) => dose.vaccine) // e.g. ['Gene-HBvax', 'BCG', 'ComBE Five', ...]
 * ```
 */
export function generateVaccinations(prng: Prng, input: VaccinationInput): VaccinationRecord[] {
  const birthDay = input.birthDayNumber
  const today = input.todayNumber
  const birthYear = yearOfDay(birthDay)
  const candidates: Dose[] = []
  if (birthYear >= REGISTER_START_YEAR) childhoodDoses(prng, birthDay, candidates)
  if (chance(prng, 0.9)) covidDoses(prng, birthDay, candidates)
  if (chance(prng, 0.2)) {
    const year = Math.max(birthYear + 1, randomInt(prng, 2019, Math.max(2019, yearOfDay(today))))
    const day = randomDayNumberBetween(prng, dayNumber(year, 9, 1), dayNumber(year, 11, 30))
    candidates.push({ vaccine: 'Vaxigrip Tetra', disease: 'Cúm', dose: 1, day })
  }
  // Stable, so doses on the same day keep the order they were drawn in.
  candidates.sort(byDay)
  // One facility near home for most doses (one draw for the whole record); the register names it as it
  // was called on the day, so a record has at most two names for it: before and since the 2025 reform.
  const kind = prng()
  let before: string | undefined
  let since: string | undefined
  const facilityOnDay = (day: number): string => {
    if (day >= REFORM_2025_DAY) {
      since ??= facilityOn(kind, input, REFORM_2025)
      return since
    }
    before ??= facilityOn(kind, input, BEFORE_REFORM_2025)
    return before
  }
  const records: VaccinationRecord[] = []
  for (const { vaccine, disease, dose, day } of candidates) {
    if (day > today || day < birthDay) continue
    records.push({ vaccine, disease, dose, date: isoOfDay(day), facility: facilityOnDay(day) })
  }
  return records
}

const byDay = (a: Dose, b: Dose) => a.day - b.day

const REFORM_2025_DAY = dayOf(REFORM_2025)
/** Any day before the reform names a facility the same way. */
const BEFORE_REFORM_2025 = isoOfDay(REFORM_2025_DAY - 1)

/** The facility that gave a dose, named as it was on the day (no "khu vực" centre before July 2025). */
function facilityOn(roll: number, input: VaccinationInput, date: IsoDate): string {
  if (roll < 0.6) return `Trạm Y tế ${input.address.locality}`
  if (roll < 0.85) return healthCentreName(input.address, date)
  return `Trung tâm Kiểm soát bệnh tật ${provinceNameOn(input.address, date, input.birthProvinceCode)}`
}

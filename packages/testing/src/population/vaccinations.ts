import type { IsoDate } from '@dinhdanh/client/schemas'
import { addDays, ageOn, randomDayBetween, yearOf } from './calendar.js'
import { healthCentreName, provinceNameOn } from './health-insurance.js'
import { chance, type Prng, pick, randomInt } from './prng.js'
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
 * const input: VaccinationInput = { birthDate: '1990-05-17', today: '2026-07-01', address, birthProvinceCode: '001' }
 * ```
 */
export type VaccinationInput = {
  readonly birthDate: IsoDate
  readonly today: IsoDate
  /** Current address: doses were given near it. */
  readonly address: AddressRecord
  /** Old province of the ID prefix: names the province of doses given before the 2025 reform. */
  readonly birthProvinceCode: string
}

/** The facility that gave a dose, named as it was on the day (no "khu vực" centre before July 2025). */
function facilityOn(prng: Prng, input: VaccinationInput, date: IsoDate): string {
  const roll = prng()
  if (roll < 0.6) return `Trạm Y tế ${input.address.locality}`
  if (roll < 0.85) return healthCentreName(input.address, date)
  return `Trung tâm Kiểm soát bệnh tật ${provinceNameOn(input.address, date, input.birthProvinceCode)}`
}

type Dose = { vaccine: string; disease: string; dose: number; date: IsoDate }

/**
 * The expanded programme on immunisation (Tiêm chủng mở rộng, Ministry of Health schedule, Circular
 * 10/2024/TT-BYT and the National EPI's published calendar): BCG and the hepatitis B birth dose at birth,
 * the 5-in-1 DPT-VGB-Hib (ComBE Five) and oral polio (bOPV) at 2, 3 and 4 months, inactivated polio (IPV)
 * at 5 months (and 9 months from 2022), measles (MVVac) at 9 months, measles-rubella (MRVAC) and the DPT
 * booster at 18 months, Japanese encephalitis (Jevax) at 12 months (two doses 1-2 weeks apart) and a
 * third a year later. A share of urban parents pay instead for the 6-in-1 (Hexaxim) and add optional
 * vaccines (rotavirus, pneumococcus, chickenpox).
 */
function childhoodDoses(prng: Prng, birthDate: IsoDate): Dose[] {
  const at = (days: number, spread: number) => addDays(birthDate, days + randomInt(prng, 0, spread))
  const doses: Dose[] = [
    { vaccine: 'Gene-HBvax', disease: 'Viêm gan B (liều sơ sinh)', dose: 1, date: at(0, 0) },
    { vaccine: 'BCG', disease: 'Lao', dose: 1, date: at(0, 25) },
  ]
  const paidSixInOne = chance(prng, 0.3)
  for (let dose = 1; dose <= 3; dose++) {
    const date = at(30 * (dose + 1), 10)
    doses.push(
      paidSixInOne
        ? {
            vaccine: 'Hexaxim',
            disease: 'Bạch hầu - Ho gà - Uốn ván - Bại liệt - Hib - Viêm gan B',
            dose,
            date,
          }
        : { vaccine: 'ComBE Five', disease: 'Bạch hầu - Ho gà - Uốn ván - Viêm gan B - Hib', dose, date },
    )
    if (!paidSixInOne) doses.push({ vaccine: 'bOPV', disease: 'Bại liệt', dose, date })
  }
  if (!paidSixInOne) {
    doses.push({ vaccine: 'IPV', disease: 'Bại liệt', dose: 1, date: at(150, 10) })
    if (yearOf(birthDate) >= 2022)
      doses.push({ vaccine: 'IPV', disease: 'Bại liệt', dose: 2, date: at(270, 10) })
  }
  doses.push({ vaccine: 'MVVac', disease: 'Sởi', dose: 1, date: at(270, 20) })
  const je = at(365, 30)
  doses.push({ vaccine: 'Jevax', disease: 'Viêm não Nhật Bản', dose: 1, date: je })
  doses.push({
    vaccine: 'Jevax',
    disease: 'Viêm não Nhật Bản',
    dose: 2,
    date: addDays(je, randomInt(prng, 7, 14)),
  })
  doses.push({
    vaccine: 'Jevax',
    disease: 'Viêm não Nhật Bản',
    dose: 3,
    date: addDays(je, 365 + randomInt(prng, 0, 30)),
  })
  doses.push({ vaccine: 'MRVAC', disease: 'Sởi - Rubella', dose: 1, date: at(540, 20) })
  doses.push({ vaccine: 'DPT', disease: 'Bạch hầu - Ho gà - Uốn ván', dose: 4, date: at(540, 20) })
  // Optional, paid.
  if (chance(prng, 0.35)) {
    doses.push({ vaccine: 'Rotarix', disease: 'Tiêu chảy do Rotavirus', dose: 1, date: at(60, 10) })
    doses.push({ vaccine: 'Rotarix', disease: 'Tiêu chảy do Rotavirus', dose: 2, date: at(90, 10) })
  }
  if (chance(prng, 0.25)) doses.push({ vaccine: 'Synflorix', disease: 'Phế cầu', dose: 1, date: at(60, 20) })
  if (chance(prng, 0.3)) doses.push({ vaccine: 'Varivax', disease: 'Thủy đậu', dose: 1, date: at(365, 60) })
  return doses
}

/** COVID-19 doses: first dose in the campaign window of the citizen's age group, then 2nd, booster, 4th. */
function covidDoses(prng: Prng, birthDate: IsoDate, out: Dose[]): void {
  const ageAtStart = ageOn(birthDate, '2021-09-01')
  let first: IsoDate
  let vaccine: string
  if (ageAtStart >= 18) {
    first = randomDayBetween(prng, '2021-07-01', '2021-10-31')
    vaccine = pick(prng, ADULT_COVID_VACCINES)
  } else if (ageAtStart >= 12) {
    first = randomDayBetween(prng, '2021-10-20', '2022-01-31')
    vaccine = 'Comirnaty'
  } else if (ageOn(birthDate, '2022-04-15') >= 5) {
    first = randomDayBetween(prng, '2022-04-15', '2022-07-31')
    vaccine = pick(prng, CHILD_COVID_VACCINES)
  } else {
    return
  }
  const second = addDays(first, randomInt(prng, 28, 84))
  out.push({ vaccine, disease: COVID, dose: 1, date: first })
  out.push({ vaccine, disease: COVID, dose: 2, date: second })
  if (ageAtStart < 12) return
  const booster = addDays(second, randomInt(prng, 90, 180))
  out.push({ vaccine: pick(prng, CHILD_COVID_VACCINES), disease: COVID, dose: 3, date: booster })
  if (ageOn(birthDate, booster) >= 50) {
    const fourth = addDays(booster, randomInt(prng, 120, 180))
    out.push({ vaccine: pick(prng, CHILD_COVID_VACCINES), disease: COVID, dose: 4, date: fourth })
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
  const { birthDate, today } = input
  const candidates: Dose[] = []
  if (yearOf(birthDate) >= REGISTER_START_YEAR) candidates.push(...childhoodDoses(prng, birthDate))
  if (chance(prng, 0.9)) covidDoses(prng, birthDate, candidates)
  if (chance(prng, 0.2)) {
    const year = Math.max(yearOf(birthDate) + 1, randomInt(prng, 2019, Math.max(2019, yearOf(today))))
    const date = randomDayBetween(prng, `${year}-09-01`, `${year}-11-30`)
    candidates.push({ vaccine: 'Vaxigrip Tetra', disease: 'Cúm', dose: 1, date })
  }
  candidates.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))
  // One facility near home for most doses; the register names it as it was called on the day.
  const facilityRoll = createFacilityPicker(prng, input)
  return candidates
    .filter((dose) => dose.date <= today && dose.date >= birthDate)
    .map((dose) => ({ ...dose, facility: facilityRoll(dose.date) }))
}

function createFacilityPicker(prng: Prng, input: VaccinationInput): (date: IsoDate) => string {
  const kind = prng()
  return (date) => facilityOn(() => kind, input, date)
}

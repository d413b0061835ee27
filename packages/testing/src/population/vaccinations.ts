import type { IsoDate } from '@dinhdanh/client/schemas'
import { addDays, ageOn, randomDayBetween, yearOf } from './calendar.js'
import { chance, type Prng, pick, pickWeighted, randomInt, weightedTable } from './prng.js'
import type { AddressRecord, VaccinationRecord } from './synthetic-citizen.js'

const COVID = 'COVID-19'
const ADULT_COVID_VACCINES = ['Vaxzevria', 'Comirnaty', 'Spikevax', 'Vero Cell'] as const
const CHILD_COVID_VACCINES = ['Comirnaty', 'Spikevax'] as const
const SIX_IN_ONE = 'Bạch hầu - Ho gà - Uốn ván - Bại liệt - Hib - Viêm gan B'

const RECORD_COUNT = weightedTable([
  [0, 10],
  [1, 8],
  [2, 25],
  [3, 37],
  [4, 20],
])

/**
 * What the vaccination generator needs to know about the citizen.
 *
 * @example
 * ```ts
 * const input: VaccinationInput = { birthDate: '1990-05-17', today: '2026-07-01', address }
 * ```
 */
export type VaccinationInput = {
  readonly birthDate: IsoDate
  readonly today: IsoDate
  /** Current address: doses were given near it. */
  readonly address: AddressRecord
}

function facilityNear(prng: Prng, address: AddressRecord): string {
  const roll = prng()
  if (roll < 0.6) return `Trạm Y tế ${address.locality}`
  if (roll < 0.85) return `Trung tâm Y tế khu vực ${address.locality.replace(/^(Phường|Xã|Đặc khu) /u, '')}`
  return `Trung tâm Kiểm soát bệnh tật ${address.region}`
}

/** COVID-19 doses: first dose in the campaign window of the citizen's age group, then 2nd, booster, 4th. */
function covidDoses(prng: Prng, birthDate: IsoDate, out: VaccinationRecord[], facility: string): void {
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
  out.push({ vaccine, disease: COVID, dose: 1, date: first, facility })
  out.push({ vaccine, disease: COVID, dose: 2, date: second, facility })
  if (ageAtStart < 12) return
  const booster = addDays(second, randomInt(prng, 90, 180))
  out.push({ vaccine: pick(prng, CHILD_COVID_VACCINES), disease: COVID, dose: 3, date: booster, facility })
  if (ageOn(birthDate, booster) >= 50) {
    const fourth = addDays(booster, randomInt(prng, 120, 180))
    out.push({ vaccine: pick(prng, CHILD_COVID_VACCINES), disease: COVID, dose: 4, date: fourth, facility })
  }
}

/**
 * The vaccination record (0 to 4 doses, oldest first, none after `today` or before birth): the infant
 * six-in-one and measles doses for children born since 2017 (when the electronic register started), the
 * COVID-19 campaign of 2021-2022 by age group, and now and then a seasonal flu shot.
 *
 * @example
 * ```ts
 * generateVaccinations(prng, input).map((dose) => dose.disease) // e.g. ['COVID-19', 'COVID-19', 'COVID-19']
 * ```
 */
export function generateVaccinations(prng: Prng, input: VaccinationInput): VaccinationRecord[] {
  const count = pickWeighted(prng, RECORD_COUNT)
  if (count === 0) return []
  const { birthDate, today } = input
  const facility = facilityNear(prng, input.address)
  const candidates: VaccinationRecord[] = []
  if (yearOf(birthDate) >= 2017) {
    for (let dose = 1; dose <= 3; dose++) {
      const date = addDays(birthDate, 30 * (dose + 1) + randomInt(prng, 0, 10))
      candidates.push({ vaccine: 'Hexaxim', disease: SIX_IN_ONE, dose, date, facility })
    }
    const measles = addDays(birthDate, 270 + randomInt(prng, 0, 20))
    candidates.push({ vaccine: 'MVVac', disease: 'Sởi', dose: 1, date: measles, facility })
  }
  covidDoses(prng, birthDate, candidates, facility)
  if (chance(prng, 0.3)) {
    const year = Math.max(yearOf(birthDate) + 1, randomInt(prng, 2019, Math.max(2019, yearOf(today))))
    const date = randomDayBetween(prng, `${year}-09-01`, `${year}-11-30`)
    candidates.push({ vaccine: 'Vaxigrip Tetra', disease: 'Cúm', dose: 1, date, facility })
  }
  candidates.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))
  const records: VaccinationRecord[] = []
  for (const record of candidates) {
    if (records.length === count) break
    if (record.date <= today && record.date >= birthDate) records.push(record)
  }
  return records
}

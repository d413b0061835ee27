import type { IsoDate } from '@dinhdanh/client/schemas'
import { citizenFor } from '../population/citizen-for.js'
import { randomPersonalId } from '../population/random-personal-id.js'
import type { SyntheticCitizen } from '../population/synthetic-citizen.js'
import type { RealismReport } from './report-types.js'
import {
  addresses,
  ethnicity,
  familyNames,
  idCards,
  licences,
  middleNames,
  phones,
  records,
  sexAndAge,
  vaccines,
} from './sections.js'

export { REALISM_TOLERANCES, type RealismReport, type ReportRow, type ReportSection } from './report-types.js'

/**
 * Options of {@link populationSample}.
 *
 * @example
 * ```ts
 * const options: PopulationSampleOptions = { seed: 'population-report', today: '2026-07-01' }
 * ```
 */
export type PopulationSampleOptions = {
  /** Seed of the personal numbers drawn (`randomPersonalId(seed, index)`); default `population-report`. */
  readonly seed?: string
  /** Population seed passed to `citizenFor` (default: the shared population's). */
  readonly populationSeed?: string
  /** Day of ages and validity; default `REFERENCE_DATE`. */
  readonly today?: IsoDate
}

/**
 * A sample of the synthetic population drawn like the real one (`randomPersonalId`: provinces by
 * population, the age pyramid), deterministic for a seed: the input of {@link realismReport}.
 *
 * @example
 * ```ts
 * populationSample(2000).length // 2000
 * ```
 */
export function populationSample(size: number, options: PopulationSampleOptions = {}): SyntheticCitizen[] {
  const seed = options.seed ?? 'population-report'
  const sample: SyntheticCitizen[] = []
  for (let index = 0; sample.length < size; index++) {
    const today = options.today === undefined ? {} : { today: options.today }
    const seedOption = options.populationSeed === undefined ? {} : { seed: options.populationSeed }
    const citizen = citizenFor(randomPersonalId(seed, index, today), { ...today, ...seedOption })
    if (citizen !== undefined) sample.push(citizen)
  }
  return sample
}

/**
 * The realism report of a sample of the synthetic population: the distributions issue 14 lists (sex and
 * age, family names, middle names by birth cohort, ethnicity and religion by province of birth, current
 * addresses, carriers, phone coverage by age, chip cards, driving licences, vaccines by age, full-name
 * sharing, health insurance), each next to its reference figure and source, and the checked rows
 * ({@link REALISM_TOLERANCES}) outside their tolerance. Pure: the same sample gives the same report.
 * `npm run population:report` prints it.
 *
 * @example
 * ```ts
 * const report = realismReport(populationSample(20_000))
 * console.log(formatRealismReport(report))
 * ```
 */
export function realismReport(citizens: readonly SyntheticCitizen[]): RealismReport {
  const today = citizens[0]?.referenceDate ?? ''
  const sections = [
    sexAndAge(citizens),
    familyNames(citizens),
    middleNames(citizens),
    ethnicity(citizens),
    addresses(citizens),
    ...phones(citizens),
    idCards(citizens, today),
    licences(citizens, today),
    vaccines(citizens),
    records(citizens),
  ]
  const failures = sections.flatMap((s) => s.rows.filter((row) => row.ok === false))
  return { sampleSize: citizens.length, today, sections, failures }
}

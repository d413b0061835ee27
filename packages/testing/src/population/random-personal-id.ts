import { type IsoDate, isIsoDate, OLD_PROVINCE_CODES } from '@dinhdanh/client/schemas'
import { REFERENCE_DATE, yearOf } from './calendar.js'
import { createPrng, type Prng, pickWeighted, randomInt, weightedTable } from './prng.js'
import { OLD_PROVINCE_TABLE } from './province-map.js'

/** Population by 5-year age band (percent, early 2020s, rounded): median age about 33. */
const AGE_BANDS = weightedTable<number>([
  [0, 7.0],
  [5, 8.0],
  [10, 7.9],
  [15, 7.0],
  [20, 6.8],
  [25, 7.5],
  [30, 8.0],
  [35, 8.1],
  [40, 7.5],
  [45, 6.8],
  [50, 6.0],
  [55, 5.3],
  [60, 4.6],
  [65, 3.7],
  [70, 2.6],
  [75, 1.6],
  [80, 1.0],
  [85, 0.6],
  [90, 0.4],
])

/**
 * Constraints on the numbers {@link randomPersonalId} makes. Ages are in whole years on `today`. The number
 * encodes only the birth year, so the bounds hold exactly whatever birth day `citizenFor` draws, except
 * when `minAge === maxAge` (then the age is that value or one less).
 *
 * @example
 * ```ts
 * const adults: RandomPersonalIdOptions = { minAge: 18, maxAge: 65 }
 * ```
 */
export type RandomPersonalIdOptions = {
  /** Reference day for ages; defaults to `REFERENCE_DATE` ('2026-07-01'). */
  readonly today?: IsoDate
  readonly sex?: 'male' | 'female'
  readonly minAge?: number
  readonly maxAge?: number
  /** Old 3-digit province code of the prefix (e.g. `'079'`); drawn by population when absent. */
  readonly provinceCode?: string
}

/**
 * A structurally valid 12-digit personal ID number (`PPP G YY RRRRRR`) drawn like the real population: a
 * province prefix from the old 63-province table weighted by population, sex about 51% male, an age from
 * the age pyramid (median about 33), a random 6-digit serial. Deterministic: the same seed and index (or
 * the same generator state) give the same number. Pass the number to `citizenFor` to get the citizen.
 *
 * @throws {RangeError} for an unknown `provinceCode`, an invalid `today`, or an age range that excludes
 * everyone born from 1900 to `today`.
 * @example
 * ```ts
 * randomPersonalId('load-test', 0) // e.g. '001090123456', the same on every run
 * randomPersonalId('load-test', 1, { minAge: 18, sex: 'female' })
 * randomPersonalId(createPrng('my-stream')) // draws from, and advances, an existing generator
 * ```
 */
export function randomPersonalId(seed: string, index: number, options?: RandomPersonalIdOptions): string
export function randomPersonalId(prng: Prng, options?: RandomPersonalIdOptions): string
export function randomPersonalId(
  source: string | Prng,
  indexOrOptions?: number | RandomPersonalIdOptions,
  maybeOptions?: RandomPersonalIdOptions,
): string {
  const prng =
    typeof source === 'string' ? createPrng(`${source}\u001fpersonal-id\u001f${indexOrOptions}`) : source
  const options = (typeof indexOrOptions === 'object' ? indexOrOptions : maybeOptions) ?? {}
  const today = options.today ?? REFERENCE_DATE
  if (!isIsoDate(today)) throw new RangeError('expected options.today as a real date YYYY-MM-DD')
  const todayYear = yearOf(today)
  const minAge = Math.max(0, options.minAge ?? 0)
  const maxAge = Math.min(todayYear - 1900, options.maxAge ?? 110)
  if (minAge > maxAge) throw new RangeError('expected minAge <= maxAge, with births from 1900 to today')

  let provinceCode = options.provinceCode
  if (provinceCode === undefined) provinceCode = pickWeighted(prng, OLD_PROVINCE_TABLE)
  else if (!Object.hasOwn(OLD_PROVINCE_CODES, provinceCode)) {
    throw new RangeError('expected provinceCode to be a 3-digit code of the old 63-province table')
  }
  const sex = options.sex ?? (prng() < 0.51 ? 'male' : 'female')

  // Draw a band from the pyramid; a few tries, then fall back to a uniform age within the bounds.
  let age = -1
  for (let attempt = 0; attempt < 8 && age < 0; attempt++) {
    const candidate = pickWeighted(prng, AGE_BANDS) + randomInt(prng, 0, 4)
    if (candidate >= minAge && candidate <= maxAge) age = candidate
  }
  if (age < 0) age = randomInt(prng, minAge, maxAge)
  // Someone aged `age` on `today` was born in `todayYear - age` or the year before.
  let birthYear = todayYear - age - (prng() < 0.5 ? 1 : 0)
  // The birth day is drawn later (by citizenFor), so only whole years before `today` guarantee the bounds.
  if (options.minAge !== undefined && birthYear > todayYear - minAge - 1 && minAge < maxAge) {
    birthYear = todayYear - minAge - 1
  }
  if (options.maxAge !== undefined && birthYear < todayYear - maxAge) birthYear = todayYear - maxAge
  if (birthYear < 1900) birthYear = 1900
  if (birthYear > todayYear) birthYear = todayYear

  const century = Math.floor((birthYear - 1900) / 100)
  if (century > 4) throw new RangeError('expected a birth year before 2400, the last the number can encode')
  const centuryDigit = century * 2 + (sex === 'female' ? 1 : 0)
  const yy = String(birthYear % 100).padStart(2, '0')
  const serial = String(randomInt(prng, 0, 999_999)).padStart(6, '0')
  return `${provinceCode}${centuryDigit}${yy}${serial}`
}

import type { IsoDate } from '@dinhdanh/client/schemas'

/**
 * The date the synthetic population is computed against unless told otherwise: ages, card validity and
 * `age_over_18` are relative to it, so the output never changes with the wall clock.
 *
 * @example
 * ```ts
 * citizenFor('001090001234', { today: REFERENCE_DATE }) // the same as citizenFor('001090001234')
 * ```
 */
export const REFERENCE_DATE: IsoDate = '2026-07-01'

// Calendar arithmetic on whole days (days since 1970-01-01, proleptic Gregorian), after Howard Hinnant's
// `days_from_civil` / `civil_from_days`: no Date objects, no time zones, nothing to allocate but strings.

/**
 * Days since 1970-01-01 of a calendar date.
 *
 * @example
 * ```ts
 * dayNumber(1970, 1, 2) // 1
 * ```
 */
export function dayNumber(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year
  const era = Math.floor(y / 400)
  const yearOfEra = y - era * 400
  const dayOfYear = Math.floor((153 * ((month + 9) % 12) + 2) / 5) + day - 1
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear
  return era * 146097 + dayOfEra - 719468
}

/**
 * Days since 1970-01-01 of a `YYYY-MM-DD` date (assumed valid).
 *
 * @example
 * ```ts
 * dayOf('1970-01-11') // 10
 * ```
 */
export function dayOf(date: IsoDate): number {
  return dayNumber(Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10)))
}

/**
 * The `YYYY-MM-DD` date of a day number.
 *
 * @example
 * ```ts
 * isoOfDay(10) // '1970-01-11'
 * ```
 */
export function isoOfDay(days: number): IsoDate {
  const z = days + 719468
  const era = Math.floor(z / 146097)
  const dayOfEra = z - era * 146097
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) /
      365,
  )
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100))
  const mp = Math.floor((5 * dayOfYear + 2) / 153)
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1
  const month = mp < 10 ? mp + 3 : mp - 9
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
  return isoOf(year, month, day)
}

/**
 * Formats a date as `YYYY-MM-DD`.
 *
 * @example
 * ```ts
 * isoOf(2016, 3, 8) // '2016-03-08'
 * ```
 */
export function isoOf(year: number, month: number, day: number): IsoDate {
  return `${String(year).padStart(4, '0')}-${month < 10 ? '0' : ''}${month}-${day < 10 ? '0' : ''}${day}`
}

/**
 * The year of a `YYYY-MM-DD` date.
 *
 * @example
 * ```ts
 * yearOf('2016-03-08') // 2016
 * ```
 */
export function yearOf(date: IsoDate): number {
  return Number(date.slice(0, 4))
}

/**
 * Whether a year is a leap year in the Gregorian calendar.
 *
 * @example
 * ```ts
 * isLeapYear(2024) // true
 * isLeapYear(2100) // false
 * ```
 */
export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
}

/**
 * The same day of the year `years` later (or earlier, when negative); 29 February becomes 1 March in a
 * year that has none, so that {@link ageOn} on the result gives exactly `years` more.
 *
 * @example
 * ```ts
 * addYears('2008-02-29', 18) // '2026-03-01'
 * ```
 */
export function addYears(date: IsoDate, years: number): IsoDate {
  const year = yearOf(date) + years
  const monthDay = date.slice(5)
  if (monthDay === '02-29' && !isLeapYear(year)) return isoOf(year, 3, 1)
  return `${String(year).padStart(4, '0')}-${monthDay}`
}

/**
 * A number of days later (or earlier, when negative).
 *
 * @example
 * ```ts
 * addDays('2026-07-01', -1) // '2026-06-30'
 * ```
 */
export function addDays(date: IsoDate, days: number): IsoDate {
  return isoOfDay(dayOf(date) + days)
}

/**
 * Age in whole years on a day: the number of birthdays reached by then (a birthday counts on the day).
 *
 * @example
 * ```ts
 * ageOn('2008-07-01', '2026-07-01') // 18
 * ageOn('2008-07-02', '2026-07-01') // 17
 * ```
 */
export function ageOn(birthDate: IsoDate, today: IsoDate): number {
  const years = yearOf(today) - yearOf(birthDate)
  return today.slice(5) < birthDate.slice(5) ? years - 1 : years
}

/**
 * A uniformly chosen day from `from` to `to`, both included (`from` when the range is empty).
 *
 * @example
 * ```ts
 * randomDayBetween(createPrng('x'), '2021-01-01', '2021-12-31')
 * ```
 */
export function randomDayBetween(prng: () => number, from: IsoDate, to: IsoDate): IsoDate {
  const start = dayOf(from)
  const span = dayOf(to) - start
  if (span <= 0) return from
  return isoOfDay(start + Math.floor(prng() * (span + 1)))
}

/**
 * The later of two `YYYY-MM-DD` dates.
 *
 * @example
 * ```ts
 * laterOf('2021-01-01', '2024-07-01') // '2024-07-01'
 * ```
 */
export function laterOf(a: IsoDate, b: IsoDate): IsoDate {
  return a > b ? a : b
}

/**
 * The earlier of two `YYYY-MM-DD` dates.
 *
 * @example
 * ```ts
 * earlierOf('2021-01-01', '2024-07-01') // '2021-01-01'
 * ```
 */
export function earlierOf(a: IsoDate, b: IsoDate): IsoDate {
  return a < b ? a : b
}

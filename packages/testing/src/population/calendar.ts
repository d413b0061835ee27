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

/**
 * A citizen's birth date and the day its records are computed for, as dates and as day numbers: worked
 * out once per citizen and read by every record generator (which computes on day numbers).
 *
 * @example
 * ```ts
 * const dates: CitizenDates = {
 *   birthDate: '1990-05-17',
 *   birthDayNumber: dayOf('1990-05-17'),
 *   today: REFERENCE_DATE,
 *   todayNumber: dayOf(REFERENCE_DATE),
 * }
 * ```
 */
export type CitizenDates = {
  readonly birthDate: IsoDate
  /** `dayOf(birthDate)`. */
  readonly birthDayNumber: number
  readonly today: IsoDate
  /** `dayOf(today)`. */
  readonly todayNumber: number
}

/**
 * The {@link CitizenDates} of a birth date and a day (both valid `YYYY-MM-DD`).
 *
 * @example
 * ```ts
 * datesOf('1990-05-17', REFERENCE_DATE).todayNumber // 20635
 * ```
 */
export function datesOf(birthDate: IsoDate, today: IsoDate): CitizenDates {
  return { birthDate, birthDayNumber: dayOf(birthDate), today, todayNumber: dayOf(today) }
}

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
  // Digit by digit: the same as Number() of the three slices for a valid date, without three substrings.
  const year =
    (date.charCodeAt(0) - 48) * 1000 +
    (date.charCodeAt(1) - 48) * 100 +
    (date.charCodeAt(2) - 48) * 10 +
    (date.charCodeAt(3) - 48)
  const month = (date.charCodeAt(5) - 48) * 10 + (date.charCodeAt(6) - 48)
  return dayNumber(year, month, (date.charCodeAt(8) - 48) * 10 + (date.charCodeAt(9) - 48))
}

/**
 * The calendar date of a day number packed as one number, `year * 10000 + month * 100 + day` (so
 * `20160308` for 8 March 2016): the records compute on day numbers and need the year, month and day only
 * now and then, without a string or an object per date.
 *
 * @example
 * ```ts
 * civilOfDay(10) // 19700111
 * ```
 */
export function civilOfDay(days: number): number {
  const z = days + 719468
  if (z >= 0 && z < 2 ** 31) return civilOfDayFrom0000(z)
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
  return year * 10000 + month * 100 + day
}

/**
 * {@link civilOfDay} for the days from 0000-03-01 on (`z` = days since then, non-negative), where every
 * `Math.floor` of a division is an integer division: `| 0` lets the compiler use one.
 */
function civilOfDayFrom0000(z: number): number {
  const era = (z / 146097) | 0
  const dayOfEra = z - era * 146097
  const yearOfEra =
    ((dayOfEra - ((dayOfEra / 1460) | 0) + ((dayOfEra / 36524) | 0) - ((dayOfEra / 146096) | 0)) / 365) | 0
  const dayOfYear = dayOfEra - (365 * yearOfEra + ((yearOfEra / 4) | 0) - ((yearOfEra / 100) | 0))
  const mp = ((5 * dayOfYear + 2) / 153) | 0
  const day = dayOfYear - (((153 * mp + 2) / 5) | 0) + 1
  const month = mp < 10 ? mp + 3 : mp - 9
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
  return year * 10000 + month * 100 + day
}

/** `-MM-DD` for `month * 32 + day`: every date's tail, made once. */
const MONTH_DAY_TEXT: readonly string[] = Array.from({ length: 13 * 32 }, (_, index) => {
  const month = index >> 5
  const day = index & 31
  return `-${month < 10 ? '0' : ''}${month}-${day < 10 ? '0' : ''}${day}`
})
/** `YYYY` for the years 0 … 9999, each made on first use (a citizen's dates span a century or two). */
const YEAR_TEXT: (string | undefined)[] = new Array(10000)

/**
 * The `YYYY-MM-DD` date of a day number.
 *
 * @example
 * ```ts
 * isoOfDay(10) // '1970-01-11'
 * ```
 */
export function isoOfDay(days: number): IsoDate {
  const civil = civilOfDay(days)
  const year = Math.floor(civil / 10000)
  const monthDay = civil - year * 10000
  if (year < 0 || year > 9999) return isoOf(year, Math.floor(monthDay / 100), monthDay % 100)
  let yearText = YEAR_TEXT[year]
  if (yearText === undefined) {
    yearText = String(year).padStart(4, '0')
    YEAR_TEXT[year] = yearText
  }
  return `${yearText}${MONTH_DAY_TEXT[Math.floor(monthDay / 100) * 32 + (monthDay % 100)]}`
}

/**
 * The year of a day number.
 *
 * @example
 * ```ts
 * yearOfDay(dayOf('2016-03-08')) // 2016
 * ```
 */
export function yearOfDay(days: number): number {
  return Math.floor(civilOfDay(days) / 10000)
}

/**
 * {@link addYears} on day numbers: the same day of the year `years` later (29 February becomes 1 March in
 * a year that has none).
 *
 * @example
 * ```ts
 * isoOfDay(addYearsToDay(dayOf('2008-02-29'), 18)) // '2026-03-01'
 * ```
 */
export function addYearsToDay(days: number, years: number): number {
  return anniversaryOf(civilOfDay(days), years)
}

/**
 * The day number of the same day of the year `years` after a packed date (see {@link civilOfDay}), 29
 * February becoming 1 March in a year that has none: {@link addYearsToDay} for a date whose parts are
 * already known (a birth date and its 14th, 25th, 40th and 60th birthdays, say).
 *
 * @example
 * ```ts
 * isoOfDay(anniversaryOf(20080229, 18)) // '2026-03-01'
 * ```
 */
export function anniversaryOf(civil: number, years: number): number {
  const fromYear = Math.floor(civil / 10000)
  const monthDay = civil - fromYear * 10000
  const year = fromYear + years
  if (monthDay === 229 && !isLeapYear(year)) return dayNumber(year, 3, 1)
  return dayNumber(year, Math.floor(monthDay / 100), monthDay % 100)
}

/**
 * {@link ageOn} on day numbers: whole years from `birthDay` to `today` (a birthday counts on the day).
 *
 * @example
 * ```ts
 * ageOnDay(dayOf('2008-07-01'), dayOf('2026-07-01')) // 18
 * ```
 */
export function ageOnDay(birthDay: number, today: number): number {
  const birth = civilOfDay(birthDay)
  const now = civilOfDay(today)
  const birthYear = Math.floor(birth / 10000)
  const year = Math.floor(now / 10000)
  return now - year * 10000 < birth - birthYear * 10000 ? year - birthYear - 1 : year - birthYear
}

/**
 * {@link randomDayBetween} on day numbers (and the same draw): a uniformly chosen day from `from` to `to`,
 * both included (`from` when the range is empty).
 *
 * @example
 * ```ts
 * randomDayNumberBetween(createPrng('x'), dayOf('2021-01-01'), dayOf('2021-12-31'))
 * ```
 */
export function randomDayNumberBetween(prng: () => number, from: number, to: number): number {
  const span = to - from
  if (span <= 0) return from
  return from + Math.floor(prng() * (span + 1))
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

import { z } from 'zod'

const ISO_DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/

/** Vietnam has kept UTC+7 without daylight saving since 1975. */
const VIETNAM_UTC_OFFSET_MS = 7 * 60 * 60 * 1000

/**
 * A calendar date written `YYYY-MM-DD` (ISO 8601 / RFC 3339 `full-date`), as OpenID Connect's
 * `birthdate` claim uses. Strings of this form compare correctly with `<`, `>` and `===`.
 *
 * @example
 * ```ts
 * const issued: IsoDate = '2021-04-01'
 * ```
 */
export type IsoDate = string

/**
 * Whether a string is a real calendar date in the form `YYYY-MM-DD` (rejects `2023-02-29`, `2024-13-01`,
 * `2024-1-5` and anything with a time part).
 *
 * @example
 * ```ts
 * isIsoDate('2024-02-29') // true (leap year)
 * isIsoDate('2023-02-29') // false
 * ```
 */
export function isIsoDate(value: string): boolean {
  const match = ISO_DATE_PATTERN.exec(value)
  if (match === null) return false
  const year = Number(match[1])
  const month = Number(match[2])
  const day = Number(match[3])
  if (month < 1 || month > 12 || day < 1) return false
  // Day 0 of the next month is the last day of this one; UTC avoids any local time-zone shift.
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate()
  return day <= daysInMonth
}

/**
 * Zod schema for a `YYYY-MM-DD` calendar date that really exists. The issue message never repeats the
 * input, since dates in these claims (birth dates above all) are personal data.
 *
 * @example
 * ```ts
 * isoDateSchema.parse('2000-01-31') // '2000-01-31'
 * isoDateSchema.safeParse('2000-02-30').success // false
 * ```
 */
export const isoDateSchema = z.string().refine(isIsoDate, {
  message: 'expected a real calendar date in the form YYYY-MM-DD',
})

/**
 * The calendar date in Vietnam (UTC+7) at a given instant, as `YYYY-MM-DD`. Card validity periods are
 * Vietnamese calendar dates, so an instant is compared in Vietnam's time zone whatever the server's is.
 *
 * @example
 * ```ts
 * toVietnamIsoDate(new Date('2025-06-30T18:00:00Z')) // '2025-07-01'
 * ```
 */
export function toVietnamIsoDate(instant: Date): IsoDate {
  return new Date(instant.getTime() + VIETNAM_UTC_OFFSET_MS).toISOString().slice(0, 10)
}

/**
 * Turns a `Date` (an instant, read in Vietnam's time zone) or a `YYYY-MM-DD` string into a `YYYY-MM-DD`
 * string, throwing a `RangeError` for anything else.
 *
 * @example
 * ```ts
 * toIsoDate('2025-01-01') // '2025-01-01'
 * toIsoDate(new Date('2025-01-01T00:00:00+07:00')) // '2025-01-01'
 * ```
 */
export function toIsoDate(date: Date | IsoDate): IsoDate {
  if (typeof date === 'string') {
    if (!isIsoDate(date)) throw new RangeError('expected a real calendar date in the form YYYY-MM-DD')
    return date
  }
  if (Number.isNaN(date.getTime())) throw new RangeError('expected a valid Date, got an invalid Date')
  return toVietnamIsoDate(date)
}

/**
 * Whether a `YYYY-MM-DD` date is not after the current day in Vietnam (or the day of `now`, read in
 * Vietnam): what the registers require of birth dates and dates of doses. The boundary follows the
 * Vietnamese calendar day, so a date that is today in Hà Nội passes even where it is still yesterday in UTC.
 *
 * @example
 * ```ts
 * isNotAfterTodayInVietnam('2099-01-01') // false
 * isNotAfterTodayInVietnam('2025-07-01', new Date('2025-06-30T18:00:00Z')) // true (already 1 July in Vietnam)
 * ```
 */
export function isNotAfterTodayInVietnam(date: IsoDate, now: Date = new Date()): boolean {
  return date <= toVietnamIsoDate(now)
}

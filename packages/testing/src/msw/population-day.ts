import { type IsoDate, isIsoDate, toVietnamIsoDate } from '@dinhdanh/client/schemas'
import { REFERENCE_DATE } from '../population/calendar.js'
import type { FakeClock } from './fake-clock.js'

/**
 * The day the kit's population is computed on (docs/decisions/0005-one-clock-for-population-and-screens.md):
 * a fixed `YYYY-MM-DD`, or `'clock'` for the kit's clock read as the day in Vietnam (Asia/Ho_Chi_Minh).
 *
 * @example
 * ```ts
 * const today: PopulationDay = 'clock'
 * ```
 */
export type PopulationDay = IsoDate | 'clock'

/** The day of `today` (default the reference date) read now; checked once so a typo fails at start. */
export function populationDay(today: PopulationDay | undefined, clock: FakeClock): () => IsoDate {
  if (today === undefined) return () => REFERENCE_DATE
  if (today === 'clock') return () => toVietnamIsoDate(new Date(clock.now() * 1000))
  if (!isIsoDate(today))
    throw new TypeError(`expected today as 'clock' or a real date YYYY-MM-DD, got ${today}`)
  return () => today
}

import type { IsoDate } from '@dinhdanh/client/schemas'
import { isIsoDate } from '@dinhdanh/client/schemas'
import { type Persona, personas } from './personas.js'
import { addDays, addYears, yearOf } from './population/calendar.js'

/** The serials of the boundary personas' numbers (the last six digits), kept whatever the day. */
const BOUNDARY_SERIALS = { turns18Today: '001808', turns18Tomorrow: '001809' } as const

/** `PPP G YY RRRRRR` for someone born in Hà Nội (001) in `birthYear`. */
function haNoiNumber(birthYear: number, sex: 'male' | 'female', serial: string): string {
  const century = Math.floor((birthYear - 1900) / 100)
  return `001${century * 2 + (sex === 'female' ? 1 : 0)}${String(birthYear % 100).padStart(2, '0')}${serial}`
}

function boundary(persona: Persona, birthDate: IsoDate, sex: 'male' | 'female', serial: string): Persona {
  return {
    ...persona,
    personalId: haNoiNumber(yearOf(birthDate), sex, serial),
    overrides: { ...persona.overrides, birthDate },
  }
}

/**
 * Born 18 years before `today`; on a 29 February whose year minus 18 has none, the 28th (18 since yesterday:
 * nobody turns 18 that day).
 */
function eighteenYearsBefore(today: IsoDate): IsoDate {
  const date = addYears(today, -18)
  return today.endsWith('-02-29') && date.endsWith('-03-01') ? addDays(date, -1) : date
}

/**
 * The personas as they must be on a given day (docs/decisions/0005-one-clock-for-population-and-screens.md):
 * the two age boundaries are defined relative to `today`, so that "turns 18 today" is 18 on that very day and
 * "turns 18 tomorrow" 17 until the next. Their birth date follows the day and, because the personal number
 * encodes the birth year, so does their number (same serial, `…001808` and `…001809`). Nobody turns 18 on
 * a 29 February whose birth year had none: on that day "turns 18 today" turned 18 the day before, and on the
 * day before it "turns 18 tomorrow" turns 18 on 1 March (17 for one more day). Every other persona
 * is the same as in {@link personas}. On the reference date (2026-07-01) the result equals `personas`.
 * Pass the same `today` to `citizenFor`/`citizenWithPersona` with the persona's overrides.
 *
 * @throws {RangeError} when `today` is not a real `YYYY-MM-DD` date.
 * @example
 * ```ts
 * const onTheDay = personasOn('2026-12-05')
 * onTheDay.turns18Today.personalId // '001208001808' (born 2008-12-05)
 * onTheDay.turns18Tomorrow.overrides.birthDate // '2008-12-06'
 * personasOn('2027-03-01').turns18Today.personalId // '001209001808' (born 2009: a new number)
 * ```
 */
export function personasOn(today: IsoDate): { readonly [Name in keyof typeof personas]: Persona } {
  if (!isIsoDate(today)) throw new RangeError('expected today as a real date YYYY-MM-DD')
  return {
    ...personas,
    turns18Today: boundary(
      personas.turns18Today,
      eighteenYearsBefore(today),
      'male',
      BOUNDARY_SERIALS.turns18Today,
    ),
    turns18Tomorrow: boundary(
      personas.turns18Tomorrow,
      addYears(addDays(today, 1), -18),
      'female',
      BOUNDARY_SERIALS.turns18Tomorrow,
    ),
  }
}

import type { IsoDate } from '@dinhdanh/client/schemas'
import { isIsoDate } from '@dinhdanh/client/schemas'
import { type Persona, personas } from './personas.js'
import { addDays, addYears, dayOf, REFERENCE_DATE, yearOf } from './population/calendar.js'

/** The serials of the boundary personas' numbers (the last six digits), kept whatever the day. */
const BOUNDARY_SERIALS = { turns18Today: '001808', turns18Tomorrow: '001809' } as const

/** How long before the reference date `expiredLicence`'s licence expired (2025-11-20): 223 days. */
const LICENCE_EXPIRED_DAYS_AGO = dayOf(REFERENCE_DATE) - dayOf('2025-11-20')

/**
 * `PPP G YY SSSSSS`: the persona's province prefix and serial, with the sex/century digit and the year of
 * `birthYear` (digit 4: 0/1 = male/female born 1900-1999, 2/3 = born 2000-2099).
 */
function numberFor(personalId: string, birthYear: number, sex: 'male' | 'female'): string {
  const century = Math.floor((birthYear - 1900) / 100)
  const year = String(birthYear % 100).padStart(2, '0')
  return `${personalId.slice(0, 3)}${century * 2 + (sex === 'female' ? 1 : 0)}${year}${personalId.slice(6)}`
}

function bornOn(persona: Persona, birthDate: IsoDate, sex: 'male' | 'female', serial?: string): Persona {
  const base = serial === undefined ? persona.personalId : `${persona.personalId.slice(0, 6)}${serial}`
  return {
    ...persona,
    personalId: numberFor(base, yearOf(birthDate), sex),
    overrides: { ...persona.overrides, birthDate },
  }
}

/** The persona's birth date moved by whole years so that on `today` they have the age they have on the reference date. */
function sameAgeOn(persona: Persona, today: IsoDate, sex: 'male' | 'female'): Persona {
  const birthDate = persona.overrides.birthDate as IsoDate
  const age =
    yearOf(REFERENCE_DATE) - yearOf(birthDate) - (REFERENCE_DATE.slice(5) < birthDate.slice(5) ? 1 : 0)
  const year = yearOf(today) - age - (today.slice(5) < birthDate.slice(5) ? 1 : 0)
  return bornOn(persona, addYears(birthDate, year - yearOf(birthDate)), sex)
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
 * what the mock provider, the msw kit and the demo show on `today`.
 *
 * - The two age boundaries are relative to `today`: "turns 18 today" is 18 on that very day and "turns 18
 *   tomorrow" 17 until the next. Nobody turns 18 on a 29 February whose birth year had none: on that day
 *   "turns 18 today" turned 18 the day before, and on the day before it "turns 18 tomorrow" turns 18 on
 *   1 March (17 for one more day).
 * - The children keep their age: `child10` is 10, `teen16` 16 and `toddler4NoAccount` 4 on any day (same
 *   birthday, a later year).
 * - `level2Adult`'s health-insurance card is valid for the calendar year of `today`, and `expiredLicence`'s
 *   licence expired 223 days before `today` (on 2025-11-20 for the reference date), ten years after its issue.
 *
 * A persona whose birth date moves changes its number with the year, because the number encodes the birth
 * year (same province prefix and serial: `…001808`, `…001809`, `…005566`, …). Refer to personas by name,
 * not number. Every other persona is the same as in {@link personas}, and on the reference date
 * (2026-07-01) the result equals `personas`. `personaFor(id, today)` and
 * `citizenWithPersona(id, { today })` resolve numbers through this.
 *
 * @throws {RangeError} when `today` is not a real `YYYY-MM-DD` date.
 * @example
 * ```ts
 * const onTheDay = personasOn('2026-12-05')
 * onTheDay.turns18Today.personalId // '001208001808' (born 2008-12-05)
 * onTheDay.turns18Tomorrow.overrides.birthDate // '2008-12-06'
 * personasOn('2027-03-01').turns18Today.personalId // '001209001808' (born 2009: a new number)
 * personasOn('2027-03-01').teen16.personalId // '079211007788' (born 2011-02-14: still 16)
 * personasOn('2027-03-01').level2Adult.overrides.healthInsurance?.valid_to // '2027-12-31'
 * ```
 */
export function personasOn(today: IsoDate): { readonly [Name in keyof typeof personas]: Persona } {
  if (!isIsoDate(today)) throw new RangeError('expected today as a real date YYYY-MM-DD')
  if (today === REFERENCE_DATE) return personas
  const year = yearOf(today)
  const licenceExpiry = addDays(today, -LICENCE_EXPIRED_DAYS_AGO)
  return {
    ...personas,
    level2Adult: {
      ...personas.level2Adult,
      overrides: {
        ...personas.level2Adult.overrides,
        healthInsurance: {
          ...personas.level2Adult.overrides.healthInsurance,
          valid_from: `${year}-01-01`,
          valid_to: `${year}-12-31`,
        },
      },
    },
    expiredLicence: {
      ...personas.expiredLicence,
      overrides: {
        ...personas.expiredLicence.overrides,
        drivingLicence: {
          ...personas.expiredLicence.overrides.drivingLicence,
          classes: [{ class: 'B', issue_date: addYears(licenceExpiry, -10), expiry_date: licenceExpiry }],
        },
      },
    },
    child10: sameAgeOn(personas.child10, today, 'female'),
    teen16: sameAgeOn(personas.teen16, today, 'male'),
    toddler4NoAccount: sameAgeOn(personas.toddler4NoAccount, today, 'female'),
    turns18Today: bornOn(
      personas.turns18Today,
      eighteenYearsBefore(today),
      'male',
      BOUNDARY_SERIALS.turns18Today,
    ),
    turns18Tomorrow: bornOn(
      personas.turns18Tomorrow,
      addYears(addDays(today, 1), -18),
      'female',
      BOUNDARY_SERIALS.turns18Tomorrow,
    ),
  }
}

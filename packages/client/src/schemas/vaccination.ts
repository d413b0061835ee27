import { z } from 'zod'
import { type IsoDate, isIsoDate, isNotAfterTodayInVietnam, isoDateSchema } from './date.js'

/**
 * Zod schema for the claims of the `vaccination` attribute: the citizen's vaccination record, one entry
 * per dose. An empty array means no vaccination is on record. A dose dated after today (in Vietnam) is
 * refused: the register records doses given, not appointments.
 *
 * @example
 * ```ts
 * vaccinationClaimsSchema.parse({
 *   vaccinations: [
 *     { vaccine: 'Comirnaty', disease: 'COVID-19', dose: 1, date: '2021-09-01', facility: 'Trạm Y tế Phường Hoàn Kiếm' },
 *   ],
 * })
 * ```
 */
export const vaccinationClaimsSchema = z.object({
  vaccinations: z.array(
    z.object({
      vaccine: z.string().trim().min(1),
      disease: z.string().trim().min(1),
      dose: z.number().int().min(1),
      date: isoDateSchema.refine((date) => !isIsoDate(date) || isNotAfterTodayInVietnam(date), {
        message: 'expected the date of a dose given on or before today (in Vietnam), got a later date',
        params: { expected: 'not_in_future' },
      }),
      /** Name of the facility that gave the dose. */
      facility: z.string().trim().min(1),
    }),
  ),
})

/**
 * The `vaccination` claims after validation.
 *
 * @example
 * ```ts
 * const claims: VaccinationClaims = vaccinationClaimsSchema.parse(userinfo)
 * ```
 */
export type VaccinationClaims = z.output<typeof vaccinationClaimsSchema>

/**
 * One dose in the citizen's vaccination record; the `vaccination` attribute's value is an array of these.
 *
 * @example
 * ```ts
 * const dose: Vaccination = {
 *   vaccine: 'Comirnaty',
 *   disease: 'COVID-19',
 *   dose: 2,
 *   date: '2021-10-01',
 *   facility: 'Trạm Y tế Phường Hoàn Kiếm',
 * }
 * ```
 */
export type Vaccination = {
  vaccine: string
  disease: string
  /** 1 for the first dose. */
  dose: number
  date: IsoDate
  facility: string
}

/**
 * Maps parsed `vaccination` claims to the attribute's value, an array of {@link Vaccination}.
 *
 * @example
 * ```ts
 * toVaccinations(vaccinationClaimsSchema.parse(userinfo)).length
 * ```
 */
export function toVaccinations(claims: VaccinationClaims): Vaccination[] {
  return claims.vaccinations.map(({ vaccine, disease, dose, date, facility }) => ({
    vaccine,
    disease,
    dose,
    date,
    facility,
  }))
}

import { z } from 'zod'

/**
 * Zod schema for the claims of the `age_over_18` attribute: only whether the citizen is 18 or older,
 * without disclosing the birth date (data minimisation for age-restricted sales).
 *
 * @example
 * ```ts
 * ageOver18ClaimsSchema.parse({ age_over_18: true }).age_over_18 // true
 * ```
 */
export const ageOver18ClaimsSchema = z.object({
  age_over_18: z.boolean(),
})

/**
 * The `age_over_18` claims after validation.
 *
 * @example
 * ```ts
 * const claims: AgeOver18Claims = ageOver18ClaimsSchema.parse(userinfo)
 * ```
 */
export type AgeOver18Claims = z.output<typeof ageOver18ClaimsSchema>

/**
 * Maps parsed `age_over_18` claims to the attribute's value, a boolean.
 *
 * @example
 * ```ts
 * toAgeOver18({ age_over_18: false }) // false
 * ```
 */
export function toAgeOver18(claims: AgeOver18Claims): boolean {
  return claims.age_over_18
}

import { z } from 'zod'

/**
 * Zod schema for the claims of the `phone` attribute (OIDC Core §5.1 `phone_number` and
 * `phone_number_verified`). The number is a Vietnamese mobile number in E.164 form: `+84`, then the 9
 * digits of the national number without its leading 0, starting with a mobile range (3, 5, 7, 8 or 9).
 *
 * @example
 * ```ts
 * phoneClaimsSchema.parse({ phone_number: '+84912345678', phone_number_verified: true })
 * phoneClaimsSchema.safeParse({ phone_number: '0912345678', phone_number_verified: true }).success // false
 * ```
 */
export const phoneClaimsSchema = z.object({
  phone_number: z.string().regex(/^\+84[35789][0-9]{8}$/, {
    message:
      'expected a Vietnamese mobile number in E.164 form: +84 then 9 digits starting with 3, 5, 7, 8 or 9',
  }),
  phone_number_verified: z.boolean(),
})

/**
 * The `phone` claims after validation.
 *
 * @example
 * ```ts
 * const claims: PhoneClaims = phoneClaimsSchema.parse(userinfo)
 * ```
 */
export type PhoneClaims = z.output<typeof phoneClaimsSchema>

/**
 * The value of the `phone` attribute.
 *
 * @example
 * ```ts
 * const phone: PhoneNumber = { number: '+84912345678', verified: true }
 * ```
 */
export type PhoneNumber = {
  /** E.164, `+84` followed by 9 digits. */
  number: string
  /** Whether the provider verified the number (by SMS on activation). */
  verified: boolean
}

/**
 * Maps parsed `phone` claims to the {@link PhoneNumber} value.
 *
 * @example
 * ```ts
 * toPhoneNumber({ phone_number: '+84912345678', phone_number_verified: true }) // { number: '+84912345678', verified: true }
 * ```
 */
export function toPhoneNumber(claims: PhoneClaims): PhoneNumber {
  return { number: claims.phone_number, verified: claims.phone_number_verified }
}

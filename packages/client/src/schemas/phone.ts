import { z } from 'zod'

/**
 * Vietnamese mobile carriers and the 2-digit prefixes (after `+84`, or after the leading 0 of the national
 * form) allocated to them since the 2018 move from 11- to 10-digit numbers (Ministry of Information and
 * Communications, Decision 798/QĐ-BTTTT and the carriers' published conversion tables). ONE table, read by
 * {@link phoneClaimsSchema} and by the synthetic population's number generator, so the generator never
 * produces a number the schema refuses and the schema never accepts a prefix that no carrier uses.
 *
 * @example
 * ```ts
 * MOBILE_CARRIERS.Viettel.includes('98') // true
 * ```
 */
export const MOBILE_CARRIERS = Object.freeze({
  Viettel: ['32', '33', '34', '35', '36', '37', '38', '39', '86', '96', '97', '98'],
  Vinaphone: ['81', '82', '83', '84', '85', '88', '91', '94'],
  MobiFone: ['70', '76', '77', '78', '79', '89', '90', '93'],
  Vietnamobile: ['52', '56', '58', '92'],
  Gmobile: ['59', '99'],
  Itelecom: ['87'],
  Reddi: ['55'],
} as const satisfies Readonly<Record<string, readonly string[]>>)

/**
 * One of the carriers of {@link MOBILE_CARRIERS}.
 *
 * @example
 * ```ts
 * const carrier: MobileCarrier = 'Viettel'
 * ```
 */
export type MobileCarrier = keyof typeof MOBILE_CARRIERS

const CARRIER_OF_PREFIX: ReadonlyMap<string, MobileCarrier> = new Map(
  (Object.entries(MOBILE_CARRIERS) as [MobileCarrier, readonly string[]][]).flatMap(([carrier, prefixes]) =>
    prefixes.map((prefix) => [prefix, carrier] as const),
  ),
)

/**
 * The carrier of a mobile number in E.164 (`+84…`) or national (`0…`) form, or `undefined` when the number
 * is not a Vietnamese mobile number with a prefix from {@link MOBILE_CARRIERS}. Numbers ported between
 * carriers keep their prefix, so this is the carrier that issued the number, not necessarily today's.
 *
 * @example
 * ```ts
 * mobileCarrierOf('+84912345678') // 'Vinaphone'
 * mobileCarrierOf('0301234567') // undefined (03 0 is not allocated)
 * ```
 */
export function mobileCarrierOf(number: string): MobileCarrier | undefined {
  const normalized = normalizeMobileNumber(number)
  if (!E164_MOBILE.test(normalized)) return undefined
  return CARRIER_OF_PREFIX.get(normalized.slice(3, 5))
}

const E164_MOBILE = /^\+84[0-9]{9}$/

/**
 * Turns the national form of a Vietnamese mobile number (`0912345678`, 10 digits with a leading 0) into
 * E.164 (`+84912345678`); any other string is returned unchanged (so a wrong number stays wrong).
 *
 * @example
 * ```ts
 * normalizeMobileNumber('0912345678') // '+84912345678'
 * normalizeMobileNumber('+84912345678') // '+84912345678'
 * ```
 */
export function normalizeMobileNumber(number: string): string {
  return /^0[0-9]{9}$/.test(number) ? `+84${number.slice(1)}` : number
}

/**
 * Zod schema for the claims of the `phone` attribute (OIDC Core §5.1 `phone_number` and
 * `phone_number_verified`). The number is a Vietnamese mobile number: E.164 (`+84` then the 9 digits of
 * the national number without its leading 0) or the national form `0` + 9 digits, which comes out in
 * E.164. Its first two digits must be a prefix some carrier holds ({@link MOBILE_CARRIERS}): `+8430…` or
 * `+8450…` are refused. Issues carry `params.expected` (`'e164'` or `'carrier_prefix'`) and never the number.
 *
 * @example
 * ```ts
 * phoneClaimsSchema.parse({ phone_number: '0912345678', phone_number_verified: true }).phone_number // '+84912345678'
 * phoneClaimsSchema.safeParse({ phone_number: '+84301234567', phone_number_verified: true }).success // false
 * ```
 */
export const phoneClaimsSchema = z.object({
  phone_number: z
    .string()
    .overwrite(normalizeMobileNumber)
    .superRefine((number, ctx) => {
      if (!E164_MOBILE.test(number)) {
        ctx.addIssue({
          code: 'custom',
          params: { expected: 'e164' },
          message:
            'expected a Vietnamese mobile number: +84 then 9 digits (E.164), or 0 then 9 digits (national form)',
        })
      } else if (!CARRIER_OF_PREFIX.has(number.slice(3, 5))) {
        ctx.addIssue({
          code: 'custom',
          params: { expected: 'carrier_prefix' },
          message:
            'expected the 2 digits after +84 to be a prefix allocated to a Vietnamese mobile carrier (MOBILE_CARRIERS), got an unallocated prefix',
        })
      }
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

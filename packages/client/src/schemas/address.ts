import { z } from 'zod'
import { isOldProvinceCode, isProvinceCode2025 } from './provinces.js'

const text = z.string().trim().min(1)

const addressObjectSchema = z.object({
  formatted: text,
  street_address: text,
  /** Commune, ward or special zone (xã / phường / đặc khu). */
  locality: text,
  /** District (quận / huyện): only in legacy three-level addresses, from before 1 July 2025. */
  district: text.optional(),
  /** Province or centrally governed city. */
  region: text,
  country: z.literal('VN', { message: "expected country 'VN'" }),
  province_code: z.string(),
  commune_code: z
    .string()
    .regex(/^[0-9]{5}$/, { message: 'expected commune_code of 5 digits' })
    .optional(),
  legacy: z.boolean().default(false),
})

type AddressObject = z.output<typeof addressObjectSchema>

/**
 * A legacy address is a pre-July-2025 three-level address: it says so, has a district, or uses a province
 * code that only the old 63-province table has (3-digit `'002'`, or 2-digit `'02'` that is not a 2025 code).
 */
function isLegacyAddress(address: AddressObject): boolean {
  const code = address.province_code
  return (
    address.legacy || address.district !== undefined || (!isProvinceCode2025(code) && isOldProvinceCode(code))
  )
}

/**
 * Zod schema for an address claim (`address`, `permanent_address`), shaped like OpenID Connect's address
 * claim (OIDC Core §5.1.1) plus Vietnamese administrative codes. Current addresses have two levels since
 * 1 July 2025: `locality` is the commune or ward, `region` the province, and `province_code` one of the 34
 * codes of 2025. Old records still hold three-level addresses (with `district` and an old province code):
 * these are accepted and come out with `legacy: true`, so callers can ask the citizen to update them.
 *
 * @example
 * ```ts
 * addressSchema.parse({
 *   formatted: '12 Tràng Tiền, Phường Hoàn Kiếm, Hà Nội',
 *   street_address: '12 Tràng Tiền',
 *   locality: 'Phường Hoàn Kiếm',
 *   region: 'Hà Nội',
 *   country: 'VN',
 *   province_code: '01',
 * }).legacy // false
 * ```
 */
export const addressSchema = addressObjectSchema
  .superRefine((address, ctx) => {
    if (isLegacyAddress(address)) {
      if (!isOldProvinceCode(address.province_code)) {
        ctx.addIssue({
          code: 'custom',
          path: ['province_code'],
          message:
            'expected province_code of a legacy address to be an old province code (2 or 3 digits), got an unknown code',
        })
      }
    } else if (!isProvinceCode2025(address.province_code)) {
      ctx.addIssue({
        code: 'custom',
        path: ['province_code'],
        message:
          'expected province_code to be one of the 34 two-digit province codes of 2025, got an unknown code',
      })
    }
  })
  .transform((address) => ({ ...address, legacy: isLegacyAddress(address) }))

/**
 * One address claim after validation.
 *
 * @example
 * ```ts
 * const claim: AddressClaim = addressSchema.parse(claims.address)
 * ```
 */
export type AddressClaim = z.output<typeof addressSchema>

/**
 * Zod schema for the claims of the `address` attribute: the current address (`address`, nơi ở hiện tại)
 * and, when it differs, the permanent address (`permanent_address`, nơi thường trú).
 *
 * @example
 * ```ts
 * const { address, permanent_address } = addressClaimsSchema.parse(userinfo)
 * ```
 */
export const addressClaimsSchema = z.object({
  address: addressSchema,
  permanent_address: addressSchema.optional(),
})

/**
 * The `address` claims after validation.
 *
 * @example
 * ```ts
 * const claims: AddressClaims = addressClaimsSchema.parse(userinfo)
 * ```
 */
export type AddressClaims = z.output<typeof addressClaimsSchema>

/**
 * An address as the SDK returns it.
 *
 * @example
 * ```ts
 * const address: Address = {
 *   formatted: '12 Tràng Tiền, Phường Hoàn Kiếm, Hà Nội',
 *   streetAddress: '12 Tràng Tiền',
 *   locality: 'Phường Hoàn Kiếm',
 *   region: 'Hà Nội',
 *   country: 'VN',
 *   provinceCode: '01',
 *   legacy: false,
 * }
 * ```
 */
export type Address = {
  formatted: string
  streetAddress: string
  /** Commune, ward or special zone. */
  locality: string
  /** Only in legacy addresses. */
  district?: string
  /** Province or centrally governed city. */
  region: string
  country: 'VN'
  /** 2-digit code of 2025; in a legacy address, an old 2- or 3-digit code. */
  provinceCode: string
  communeCode?: string
  /** `true` for a pre-July-2025 three-level address that the citizen has not updated. */
  legacy: boolean
}

/**
 * The value of the `address` attribute: the current address and, when known, the permanent one.
 *
 * @example
 * ```ts
 * const addresses: CitizenAddresses = { current: address }
 * ```
 */
export type CitizenAddresses = {
  current: Address
  permanent?: Address
}

/**
 * Maps one parsed address claim to an {@link Address}.
 *
 * @example
 * ```ts
 * toAddress(addressSchema.parse(claims.address)).provinceCode // '01'
 * ```
 */
export function toAddress(claim: AddressClaim): Address {
  return {
    formatted: claim.formatted,
    streetAddress: claim.street_address,
    locality: claim.locality,
    ...(claim.district === undefined ? {} : { district: claim.district }),
    region: claim.region,
    country: claim.country,
    provinceCode: claim.province_code,
    ...(claim.commune_code === undefined ? {} : { communeCode: claim.commune_code }),
    legacy: claim.legacy,
  }
}

/**
 * Maps parsed `address` claims to the {@link CitizenAddresses} value.
 *
 * @example
 * ```ts
 * const { current, permanent } = toCitizenAddresses(addressClaimsSchema.parse(userinfo))
 * ```
 */
export function toCitizenAddresses(claims: AddressClaims): CitizenAddresses {
  return {
    current: toAddress(claims.address),
    ...(claims.permanent_address === undefined ? {} : { permanent: toAddress(claims.permanent_address) }),
  }
}

import { z } from 'zod'
import { OLD_PROVINCE_CODES } from './personal-id.js'
import { isOldProvinceCode, isProvinceCode2025, PROVINCES_2025 } from './provinces.js'

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

/** "Thành phố Hà Nội", "TP. Hồ Chí Minh", "Tỉnh Gia Lai" → the bare name the province tables use. */
function bareProvinceName(region: string): string {
  const name = region
    .normalize('NFC')
    .replace(/^(?:Thành phố|Tỉnh|TP\.?)\s+/iu, '')
    .replace(/\s+/gu, ' ')
    .trim()
  return name === 'Hồ Chí Minh' ? 'TP Hồ Chí Minh' : name
}

const NAMES_2025: ReadonlySet<string> = new Set(Object.values(PROVINCES_2025))
/** Names of the old table that no 2025 province carries (Quảng Bình, Hà Giang, Bình Dương, ...). */
const ABOLISHED_PROVINCE_NAMES: ReadonlySet<string> = new Set(
  Object.values(OLD_PROVINCE_CODES).filter((name) => !NAMES_2025.has(name)),
)

/** A district-level unit (quận, huyện, thị xã) named in the locality or as a part of `formatted`. */
const DISTRICT_PART = /^(?:Quận|Huyện|Thị xã)\s/u

function namesDistrict(address: AddressObject): boolean {
  return (
    DISTRICT_PART.test(address.locality) ||
    address.formatted.split(',').some((part) => DISTRICT_PART.test(part.trim()))
  )
}

/**
 * A legacy address is a pre-July-2025 three-level address: it says so, has a district (in `district`, the
 * locality or a part of `formatted`: "Quận 1", "Huyện Bố Trạch"), names a province abolished in 2025
 * ("Quảng Bình", "Bình Dương") or uses a province code that only the old 63-province table has (3-digit
 * `'002'`, or 2-digit `'02'` that is not a 2025 code). Such an address is accepted and flagged
 * (`legacy: true`), never passed off as current.
 */
function isLegacyAddress(address: AddressObject): boolean {
  const code = address.province_code
  return (
    address.legacy ||
    address.district !== undefined ||
    (!isProvinceCode2025(code) && isOldProvinceCode(code)) ||
    ABOLISHED_PROVINCE_NAMES.has(bareProvinceName(address.region)) ||
    namesDistrict(address)
  )
}

/**
 * Zod schema for an address claim (`address`, `permanent_address`), shaped like OpenID Connect's address
 * claim (OIDC Core §5.1.1) plus Vietnamese administrative codes. Current addresses have two levels since
 * 1 July 2025: `locality` is the commune or ward, `region` the province, and `province_code` one of the 34
 * codes of 2025, whose name `region` must carry ("Thành phố"/"Tỉnh"/"TP" prefixes aside; code 01 with
 * "TP Hồ Chí Minh" is refused, with the expected name in `params.expected`). Old records still hold
 * three-level addresses (a district, an abolished province name, an old province code): these are
 * accepted and come out with `legacy: true`, so callers can ask the citizen to update them.
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
    } else if (PROVINCES_2025[address.province_code] !== bareProvinceName(address.region)) {
      ctx.addIssue({
        code: 'custom',
        path: ['region'],
        params: { expected: PROVINCES_2025[address.province_code] },
        message: `expected region to be the province of province_code ${address.province_code} (${PROVINCES_2025[address.province_code]}), got another province`,
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

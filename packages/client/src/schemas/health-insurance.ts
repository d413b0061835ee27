import { z } from 'zod'
import { type IsoDate, isIsoDate, isoDateSchema, toIsoDate } from './date.js'
import { isOldProvinceCode } from './provinces.js'

const LEGACY_CODE_PATTERN = /^[A-Z]{2}[1-5][0-9]{2}[0-9]{10}$/

/**
 * Beneficiary groups (mã đối tượng, the first 2 letters of the 15-character card code) and the benefit
 * level each one gives (the 3rd character), from Vietnam Social Security's Decision 1351/QĐ-BHXH
 * (16 November 2015) on card codes, as amended by Decision 1666/QĐ-BHXH (2020): level 1 = 100% without
 * ceiling (CC meritorious people, TE children under 6), 2 = 100% with ceiling, 3 = 95%, 4 = 80%, 5 = 100%
 * for the armed forces (QN, CA, CY).
 *
 * @example
 * ```ts
 * HEALTH_INSURANCE_GROUPS.TE // 1 (children under 6: 100%, Law on Health Insurance Art. 22)
 * HEALTH_INSURANCE_GROUPS.DN // 4 (employees)
 * ```
 */
export const HEALTH_INSURANCE_GROUPS: Readonly<Record<string, 1 | 2 | 3 | 4 | 5>> = Object.freeze({
  CC: 1,
  TE: 1,
  CK: 2,
  CB: 2,
  KC: 2,
  HN: 2,
  DT: 2,
  DK: 2,
  XD: 2,
  BT: 2,
  TS: 2,
  HT: 3,
  TC: 3,
  CN: 3,
  DN: 4,
  HX: 4,
  CH: 4,
  NN: 4,
  TK: 4,
  HC: 4,
  XK: 4,
  TB: 4,
  NO: 4,
  XB: 4,
  TN: 4,
  CS: 4,
  XN: 4,
  MS: 4,
  HD: 4,
  TQ: 4,
  TA: 4,
  TY: 4,
  HG: 4,
  LS: 4,
  PV: 4,
  HS: 4,
  SV: 4,
  GB: 4,
  GD: 4,
  QN: 5,
  CA: 5,
  CY: 5,
})

/**
 * Whether two digits are a province of social insurance: a code of the old 63-province table (BHXH kept
 * it after the 2025 reform), or 97/98, used by the social insurance of the Ministries of Defence and Public
 * Security (uncertain: kept as accepted rather than refused). 00 and 99 are no province.
 */
function isInsuranceProvince(digits: string): boolean {
  return digits === '97' || digits === '98' || isOldProvinceCode(digits)
}

/**
 * Zod schema for a health-care facility (the registered first-visit facility, cơ sở KCB ban đầu).
 *
 * @example
 * ```ts
 * facilitySchema.parse({ code: '01001', name: 'Bệnh viện Bạch Mai' })
 * ```
 */
export const facilitySchema = z.object({
  code: z.string().trim().min(1),
  name: z.string().trim().min(1),
})

/**
 * Zod schema for the claims of the `health_insurance` attribute.
 * - `number`: since April 2021 the card number is the 10-digit social-insurance (BHXH) number: 2 province
 *   digits and 8 digits.
 * - `legacy_code`: the 15-character form hospital software still uses: 2 uppercase letters (beneficiary
 *   group, one of {@link HEALTH_INSURANCE_GROUPS}), 1 digit benefit level (1-5, the one the group gives:
 *   TE1, not TE2), 2 province digits (not 00
 *   or 99), then the same 10-digit number, so it must end with `number`; when `benefit_level` is also
 *   given, the two must agree.
 * - `valid_from` / `valid_to`: the validity period, `valid_to` not before `valid_from`.
 * - `facility`: the registered first-visit facility.
 *
 * @example
 * ```ts
 * healthInsuranceClaimsSchema.parse({
 *   health_insurance: {
 *     number: '0123456789',
 *     legacy_code: 'DN4010123456789',
 *     benefit_level: 4,
 *     valid_from: '2025-01-01',
 *     valid_to: '2025-12-31',
 *     facility: { code: '01001', name: 'Bệnh viện Bạch Mai' },
 *   },
 * })
 * ```
 */
export const healthInsuranceClaimsSchema = z.object({
  health_insurance: z
    .object({
      number: z.string().regex(/^[0-9]{10}$/, { message: 'expected number of 10 digits (BHXH number)' }),
      legacy_code: z
        .string()
        .regex(LEGACY_CODE_PATTERN, {
          message:
            'expected legacy_code of 15 characters: 2 uppercase letters, benefit level 1-5, 2 province digits, 10 digits',
        })
        .optional(),
      benefit_level: z.number().int().min(1).max(5).optional(),
      valid_from: isoDateSchema,
      valid_to: isoDateSchema,
      facility: facilitySchema,
    })
    .superRefine((card, ctx) => {
      if (/^[0-9]{10}$/.test(card.number) && !isInsuranceProvince(card.number.slice(0, 2))) {
        ctx.addIssue({
          code: 'custom',
          path: ['number'],
          params: { expected: 'province' },
          message:
            'expected number to start with a province code of social insurance (01-96 of the old table, 97, 98), got an unknown code',
        })
      }
      if (card.legacy_code !== undefined && LEGACY_CODE_PATTERN.test(card.legacy_code)) {
        if (!Object.hasOwn(HEALTH_INSURANCE_GROUPS, card.legacy_code.slice(0, 2))) {
          ctx.addIssue({
            code: 'custom',
            path: ['legacy_code'],
            params: { expected: 'group' },
            message:
              'expected legacy_code to start with a beneficiary group of Decision 1351/QĐ-BHXH (DN, HC, GD, TE, HS, ...), got an unknown group',
          })
        }
        const groupLevel = HEALTH_INSURANCE_GROUPS[card.legacy_code.slice(0, 2)]
        if (groupLevel !== undefined && Number(card.legacy_code[2]) !== groupLevel) {
          ctx.addIssue({
            code: 'custom',
            path: ['legacy_code'],
            params: { expected: 'benefit_level', level: groupLevel },
            message: `expected benefit level ${groupLevel} for the beneficiary group of legacy_code (Decision 1351/QĐ-BHXH), got another level`,
          })
        }
        if (!isInsuranceProvince(card.legacy_code.slice(3, 5))) {
          ctx.addIssue({
            code: 'custom',
            path: ['legacy_code'],
            params: { expected: 'province' },
            message:
              'expected characters 4-5 of legacy_code to be a province code (01-96 of the old table, 97, 98), got an unknown code',
          })
        }
        if (!card.legacy_code.endsWith(card.number)) {
          ctx.addIssue({
            code: 'custom',
            path: ['legacy_code'],
            message: 'expected legacy_code to end with the 10-digit number, got a different number',
          })
        }
        if (card.benefit_level !== undefined && Number(card.legacy_code[2]) !== card.benefit_level) {
          ctx.addIssue({
            code: 'custom',
            path: ['benefit_level'],
            message:
              'expected benefit_level to equal the benefit digit of legacy_code, got a different level',
          })
        }
      }
      if (isIsoDate(card.valid_from) && isIsoDate(card.valid_to) && card.valid_to < card.valid_from) {
        ctx.addIssue({
          code: 'custom',
          path: ['valid_to'],
          message: 'expected valid_to on or after valid_from',
        })
      }
    }),
})

/**
 * The `health_insurance` claims after validation.
 *
 * @example
 * ```ts
 * const claims: HealthInsuranceClaims = healthInsuranceClaimsSchema.parse(userinfo)
 * ```
 */
export type HealthInsuranceClaims = z.output<typeof healthInsuranceClaimsSchema>

/**
 * The value of the `health_insurance` attribute. `benefitLevel` is read from `legacyCode` when the
 * provider sent only the code.
 *
 * @example
 * ```ts
 * const card: HealthInsurance = {
 *   number: '0123456789',
 *   validFrom: '2025-01-01',
 *   validTo: '2025-12-31',
 *   facility: { code: '01001', name: 'Bệnh viện Bạch Mai' },
 * }
 * ```
 */
export type HealthInsurance = {
  /** 10-digit BHXH number. */
  number: string
  /** 15-character code used by hospital software. */
  legacyCode?: string
  /** 1 to 5. */
  benefitLevel?: number
  validFrom: IsoDate
  validTo: IsoDate
  facility: { code: string; name: string }
}

/**
 * Maps parsed `health_insurance` claims to the {@link HealthInsurance} value.
 *
 * @example
 * ```ts
 * toHealthInsurance(healthInsuranceClaimsSchema.parse(userinfo)).validTo // '2025-12-31'
 * ```
 */
export function toHealthInsurance(claims: HealthInsuranceClaims): HealthInsurance {
  const card = claims.health_insurance
  const benefitLevel =
    card.benefit_level ?? (card.legacy_code === undefined ? undefined : Number(card.legacy_code[2]))
  return {
    number: card.number,
    ...(card.legacy_code === undefined ? {} : { legacyCode: card.legacy_code }),
    ...(benefitLevel === undefined ? {} : { benefitLevel }),
    validFrom: card.valid_from,
    validTo: card.valid_to,
    facility: { code: card.facility.code, name: card.facility.name },
  }
}

/**
 * Whether a health-insurance card is valid on a day: `validFrom <= day <= validTo`, both ends included.
 * A `Date` is read as the calendar day in Vietnam (UTC+7), whatever the server's time zone.
 *
 * @throws {RangeError} when `date` is neither a valid `Date` nor a `YYYY-MM-DD` date.
 * @example
 * ```ts
 * isHealthInsuranceValidOn(card, '2025-06-15') // true for a card valid 2025-01-01..2025-12-31
 * isHealthInsuranceValidOn(card, new Date()) // today, in Vietnam
 * ```
 */
export function isHealthInsuranceValidOn(
  card: Pick<HealthInsurance, 'validFrom' | 'validTo'>,
  date: Date | IsoDate,
): boolean {
  const day = toIsoDate(date)
  return card.validFrom <= day && day <= card.validTo
}

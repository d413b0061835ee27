import { z } from 'zod'
import { isIsoDate, isNotAfterTodayInVietnam, isoDateSchema } from './date.js'
import { citizenNameSchema, joinVietnameseName } from './names.js'
import { personalIdSchema, safeParsePersonalId } from './personal-id.js'

/**
 * Zod schema for the claims of the `identity` attribute: the basic identity the population database
 * holds (level 1). Besides checking each claim, it checks that they agree with one another: the century/
 * sex digit and the two year digits of `personal_id` must match the year of `birthdate` and `gender`, the
 * birth date must not be after today in Vietnam (nor the year the number encodes), and
 * `name` must equal `family_name`, `middle_name` and `given_name` joined (after NFC normalisation), or, for
 * the Ê Đê and other names written with the clan name last ("H'Hen Niê": `given_name` "H'Hen",
 * `family_name` "Niê"), the same parts in that order. Names
 * come out in NFC. Issues name the claims that disagree and never their values.
 *
 * @example
 * ```ts
 * const claims = identityClaimsSchema.parse({
 *   personal_id: '001099012345',
 *   name: 'Nguyễn Văn An',
 *   family_name: 'Nguyễn',
 *   middle_name: 'Văn',
 *   given_name: 'An',
 *   birthdate: '1999-05-17',
 *   gender: 'male',
 * })
 * ```
 */
export const identityClaimsSchema = z
  .object({
    personal_id: personalIdSchema,
    name: citizenNameSchema,
    family_name: citizenNameSchema,
    given_name: citizenNameSchema,
    middle_name: citizenNameSchema.optional(),
    birthdate: isoDateSchema,
    gender: z.enum(['male', 'female'], { message: "expected 'male' or 'female'" }),
  })
  .superRefine((claims, ctx) => {
    if (isIsoDate(claims.birthdate) && !isNotAfterTodayInVietnam(claims.birthdate)) {
      ctx.addIssue({
        code: 'custom',
        path: ['birthdate'],
        params: { expected: 'not_in_future' },
        message: 'expected birthdate on or before today (in Vietnam), got a later date',
      })
    }
    const id = safeParsePersonalId(claims.personal_id)
    if (id.ok) {
      // An unreal date already has its own issue; comparing its year would only add noise.
      if (isIsoDate(claims.birthdate) && String(id.value.birthYear) !== claims.birthdate.slice(0, 4)) {
        ctx.addIssue({
          code: 'custom',
          path: ['birthdate'],
          message: 'birthdate year does not match the century and year digits of the personal ID number',
        })
      }
      if (id.value.sex !== claims.gender) {
        ctx.addIssue({
          code: 'custom',
          path: ['gender'],
          message: 'gender does not match the century/sex digit of the personal ID number',
        })
      }
    }
    const joined = joinVietnameseName({
      familyName: claims.family_name,
      givenName: claims.given_name,
      ...(claims.middle_name === undefined ? {} : { middleName: claims.middle_name }),
    })
    // Ê Đê and other matrilineal Central Highlands groups write the clan (family) name LAST: "H'Hen Niê".
    const clanLast = joinVietnameseName({
      familyName: claims.given_name,
      givenName: claims.family_name,
      ...(claims.middle_name === undefined ? {} : { middleName: claims.middle_name }),
    })
    if (joined !== claims.name && clanLast !== claims.name) {
      ctx.addIssue({
        code: 'custom',
        path: ['name'],
        message:
          'name does not equal family_name, middle_name and given_name joined with spaces (or, for names with the clan last such as "H\'Hen Niê", given_name, middle_name and family_name)',
      })
    }
  })

/**
 * The `identity` claims after validation (names in NFC).
 *
 * @example
 * ```ts
 * const claims: IdentityClaims = identityClaimsSchema.parse(idToken)
 * ```
 */
export type IdentityClaims = z.output<typeof identityClaimsSchema>

/**
 * The citizen's basic identity as the SDK returns it (value of the `identity` attribute).
 *
 * @example
 * ```ts
 * const citizen: Citizen = {
 *   personalId: '001099012345',
 *   fullName: 'Nguyễn Văn An',
 *   familyName: 'Nguyễn',
 *   middleName: 'Văn',
 *   givenName: 'An',
 *   birthDate: '1999-05-17',
 *   gender: 'male',
 * }
 * ```
 */
export type Citizen = {
  /** The 12-digit personal identification number. */
  personalId: string
  /** Họ, chữ đệm và tên, surname first, NFC. */
  fullName: string
  familyName: string
  middleName?: string
  givenName: string
  /** `YYYY-MM-DD`. */
  birthDate: string
  gender: 'male' | 'female'
}

/**
 * Maps parsed `identity` claims to the {@link Citizen} value.
 *
 * @example
 * ```ts
 * const citizen = toCitizen(identityClaimsSchema.parse(claims))
 * citizen.fullName // 'Nguyễn Văn An'
 * ```
 */
export function toCitizen(claims: IdentityClaims): Citizen {
  return {
    personalId: claims.personal_id,
    fullName: claims.name,
    familyName: claims.family_name,
    ...(claims.middle_name === undefined ? {} : { middleName: claims.middle_name }),
    givenName: claims.given_name,
    birthDate: claims.birthdate,
    gender: claims.gender,
  }
}

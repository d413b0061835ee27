import { z } from 'zod'
import { isIsoDate, isNotAfterTodayInVietnam, isoDateSchema } from './date.js'
import { personalIdSchema } from './personal-id.js'

/**
 * Names of the chip identity card: `CCCD` (căn cước công dân, issued 2021 to June 2024) and `CC` (căn
 * cước, issued since 1 July 2024 under the Law on Identification 2023).
 *
 * @example
 * ```ts
 * ID_CARD_KINDS.includes('CC') // true
 * ```
 */
export const ID_CARD_KINDS = ['CCCD', 'CC'] as const

/** 12-digit CCCD cards (first without, from 2021 with a chip) were issued from 1 January 2016. */
const CCCD_FIRST_ISSUE = '2016-01-01'
/** The Law on Identification 2023 renamed the card CC from 1 July 2024; no CCCD is issued from that day. */
const CC_FIRST_ISSUE = '2024-07-01'

/**
 * Zod schema for the claims of the `id_card` attribute. The card number is the 12-digit personal
 * identification number (checked like `personal_id`). `expiry_date` is absent on cards that never expire
 * (issued after age 60); when present it must not precede `issue_date`. The kind must fit the issue date:
 * `CCCD` from 2016-01-01 to 2024-06-30, `CC` from 2024-07-01 (issue on `kind`, `params.expected` the kind
 * the date calls for); an issue date after today is refused. `legacy_id_number` is the old
 * 9-digit CMND, when the citizen had one.
 *
 * @example
 * ```ts
 * idCardClaimsSchema.parse({
 *   id_card: {
 *     number: '001099012345',
 *     kind: 'CCCD',
 *     issue_date: '2021-04-10',
 *     expiry_date: '2024-05-17',
 *     issued_by: 'Cục Cảnh sát quản lý hành chính về trật tự xã hội',
 *   },
 * })
 * ```
 */
export const idCardClaimsSchema = z.object({
  id_card: z
    .object({
      number: personalIdSchema,
      kind: z.enum(ID_CARD_KINDS, { message: "expected kind 'CCCD' or 'CC'" }),
      issue_date: isoDateSchema,
      expiry_date: isoDateSchema.optional(),
      issued_by: z.string().trim().min(1),
      legacy_id_number: z
        .string()
        .regex(/^[0-9]{9}$/, { message: 'expected legacy_id_number of 9 digits (CMND)' })
        .optional(),
    })
    .superRefine((card, ctx) => {
      const { issue_date: issued, expiry_date: expires } = card
      if (isIsoDate(issued)) {
        const expected =
          card.kind === 'CC'
            ? CC_FIRST_ISSUE <= issued
            : CCCD_FIRST_ISSUE <= issued && issued < CC_FIRST_ISSUE
        if (!expected) {
          ctx.addIssue({
            code: 'custom',
            path: ['kind'],
            params: { expected: issued < CC_FIRST_ISSUE ? 'CCCD' : 'CC' },
            message:
              card.kind === 'CC'
                ? 'expected kind CCCD for a card issued before 2024-07-01 (CC cards exist since the Law on Identification 2023 took effect), got CC'
                : 'expected a CCCD card to be issued from 2016-01-01 to 2024-06-30 (kind CC since 2024-07-01), got an issue date outside',
          })
        }
        if (!isNotAfterTodayInVietnam(issued)) {
          ctx.addIssue({
            code: 'custom',
            path: ['issue_date'],
            params: { expected: 'not_in_future' },
            message: 'expected issue_date on or before today (in Vietnam), got a later date',
          })
        }
      }
      if (expires !== undefined && isIsoDate(issued) && isIsoDate(expires) && expires < issued) {
        ctx.addIssue({
          code: 'custom',
          path: ['expiry_date'],
          message: 'expected expiry_date on or after issue_date',
        })
      }
    }),
})

/**
 * The `id_card` claims after validation.
 *
 * @example
 * ```ts
 * const claims: IdCardClaims = idCardClaimsSchema.parse(userinfo)
 * ```
 */
export type IdCardClaims = z.output<typeof idCardClaimsSchema>

/**
 * The value of the `id_card` attribute.
 *
 * @example
 * ```ts
 * const card: IdCard = {
 *   number: '001099012345',
 *   kind: 'CC',
 *   issueDate: '2024-07-01',
 *   expiryDate: '2039-05-17',
 *   issuedBy: 'Bộ Công an',
 * }
 * ```
 */
export type IdCard = {
  /** The 12-digit personal identification number. */
  number: string
  kind: (typeof ID_CARD_KINDS)[number]
  issueDate: string
  /** Absent when the card does not expire. */
  expiryDate?: string
  issuedBy: string
  /** The old 9-digit CMND number, when there was one. */
  legacyIdNumber?: string
}

/**
 * Maps parsed `id_card` claims to the {@link IdCard} value.
 *
 * @example
 * ```ts
 * toIdCard(idCardClaimsSchema.parse(userinfo)).kind // 'CCCD'
 * ```
 */
export function toIdCard(claims: IdCardClaims): IdCard {
  const card = claims.id_card
  return {
    number: card.number,
    kind: card.kind,
    issueDate: card.issue_date,
    ...(card.expiry_date === undefined ? {} : { expiryDate: card.expiry_date }),
    issuedBy: card.issued_by,
    ...(card.legacy_id_number === undefined ? {} : { legacyIdNumber: card.legacy_id_number }),
  }
}

import { z } from 'zod'
import { type IsoDate, isIsoDate, isoDateSchema, toIsoDate } from './date.js'

/**
 * Driving-licence classes of the Law on Road Traffic Order and Safety 2024 (in force 1 January 2025).
 *
 * @example
 * ```ts
 * DRIVING_LICENCE_CLASSES.includes('B') // true
 * ```
 */
export const DRIVING_LICENCE_CLASSES = [
  'A1',
  'A',
  'B1',
  'B',
  'C1',
  'C',
  'D1',
  'D2',
  'D',
  'BE',
  'C1E',
  'CE',
  'D1E',
  'D2E',
  'DE',
] as const

/**
 * One of {@link DRIVING_LICENCE_CLASSES}.
 *
 * @example
 * ```ts
 * const cls: DrivingLicenceClass = 'A1'
 * ```
 */
export type DrivingLicenceClass = (typeof DRIVING_LICENCE_CLASSES)[number]

const licenceClassSchema = z
  .object({
    class: z.enum(DRIVING_LICENCE_CLASSES, {
      message: `expected class to be one of ${DRIVING_LICENCE_CLASSES.join(', ')}`,
    }),
    issue_date: isoDateSchema,
    /** Absent for classes that do not expire (A1, A and B1). */
    expiry_date: isoDateSchema.optional(),
  })
  .superRefine((entry, ctx) => {
    const { issue_date: issued, expiry_date: expires } = entry
    if (expires !== undefined && isIsoDate(issued) && isIsoDate(expires) && expires < issued) {
      ctx.addIssue({
        code: 'custom',
        path: ['expiry_date'],
        message: 'expected expiry_date on or after issue_date',
      })
    }
  })

/**
 * Zod schema for the claims of the `driving_licence` attribute: the 12-digit PET card number, the classes
 * held (at least one, each at most once) with their own issue and expiry dates, and the issuing authority.
 *
 * @example
 * ```ts
 * drivingLicenceClaimsSchema.parse({
 *   driving_licence: {
 *     number: '010123456789',
 *     classes: [{ class: 'B', issue_date: '2020-03-01', expiry_date: '2030-03-01' }],
 *     issued_by: 'Sở Giao thông vận tải Hà Nội',
 *   },
 * })
 * ```
 */
export const drivingLicenceClaimsSchema = z.object({
  driving_licence: z.object({
    number: z.string().regex(/^[0-9]{12}$/, { message: 'expected number of 12 digits' }),
    classes: z
      .array(licenceClassSchema)
      .min(1, { message: 'expected at least one licence class' })
      .superRefine((classes, ctx) => {
        const seen = new Set<string>()
        for (const [index, entry] of classes.entries()) {
          if (seen.has(entry.class)) {
            ctx.addIssue({
              code: 'custom',
              path: [index, 'class'],
              message: 'expected each class at most once',
            })
          }
          seen.add(entry.class)
        }
      }),
    issued_by: z.string().trim().min(1),
  }),
})

/**
 * The `driving_licence` claims after validation.
 *
 * @example
 * ```ts
 * const claims: DrivingLicenceClaims = drivingLicenceClaimsSchema.parse(userinfo)
 * ```
 */
export type DrivingLicenceClaims = z.output<typeof drivingLicenceClaimsSchema>

/**
 * The value of the `driving_licence` attribute.
 *
 * @example
 * ```ts
 * const licence: DrivingLicence = {
 *   number: '010123456789',
 *   classes: [{ class: 'B', issueDate: '2020-03-01', expiryDate: '2030-03-01' }],
 *   issuedBy: 'Sở Giao thông vận tải Hà Nội',
 * }
 * ```
 */
export type DrivingLicence = {
  /** 12-digit PET card number. */
  number: string
  classes: Array<{ class: DrivingLicenceClass; issueDate: IsoDate; expiryDate?: IsoDate }>
  issuedBy: string
}

/**
 * Maps parsed `driving_licence` claims to the {@link DrivingLicence} value.
 *
 * @example
 * ```ts
 * toDrivingLicence(drivingLicenceClaimsSchema.parse(userinfo)).classes[0]?.class // 'B'
 * ```
 */
export function toDrivingLicence(claims: DrivingLicenceClaims): DrivingLicence {
  const licence = claims.driving_licence
  return {
    number: licence.number,
    classes: licence.classes.map((entry) => ({
      class: entry.class,
      issueDate: entry.issue_date,
      ...(entry.expiry_date === undefined ? {} : { expiryDate: entry.expiry_date }),
    })),
    issuedBy: licence.issued_by,
  }
}

/**
 * Whether a licence lets its holder drive a class on a day: the class is listed, issued on or before the
 * day, and not expired (the expiry day itself still counts). Only the class asked for is looked at: the
 * rules by which a higher class also covers a lower one are left to the caller. A `Date` is read as the
 * calendar day in Vietnam (UTC+7).
 *
 * @throws {RangeError} when `date` is neither a valid `Date` nor a `YYYY-MM-DD` date.
 * @example
 * ```ts
 * isDrivingLicenceValidOn(licence, 'B', '2025-06-15') // true while class B is in force
 * isDrivingLicenceValidOn(licence, 'C', new Date()) // false when class C is not held
 * ```
 */
export function isDrivingLicenceValidOn(
  licence: Pick<DrivingLicence, 'classes'>,
  cls: DrivingLicenceClass,
  date: Date | IsoDate,
): boolean {
  const day = toIsoDate(date)
  return licence.classes.some(
    (entry) =>
      entry.class === cls &&
      entry.issueDate <= day &&
      (entry.expiryDate === undefined || day <= entry.expiryDate),
  )
}

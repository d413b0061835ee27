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

/**
 * Classes of the Law on Road Traffic 2008 (Circular 12/2017/TT-BGTVT) that the 2024 law abolished. Licences
 * issued under them before 1 January 2025 stay valid until they expire (Law 36/2024/QH15 Art. 89), so the
 * registers still hold them.
 *
 * @example
 * ```ts
 * LEGACY_DRIVING_LICENCE_CLASSES.includes('B2') // true
 * ```
 */
export const LEGACY_DRIVING_LICENCE_CLASSES = ['A2', 'A3', 'A4', 'B2', 'E', 'FB2', 'FC', 'FD', 'FE'] as const

/**
 * One of {@link LEGACY_DRIVING_LICENCE_CLASSES}.
 *
 * @example
 * ```ts
 * const cls: LegacyDrivingLicenceClass = 'B2'
 * ```
 */
export type LegacyDrivingLicenceClass = (typeof LEGACY_DRIVING_LICENCE_CLASSES)[number]

/** Licences issued from this day carry the 2024 law's classes. */
const NEW_CLASSES_FROM = '2025-01-01'

/**
 * The 2024-law class a pre-2025 class is exchanged for (Law 36/2024/QH15 Art. 89(2)), with the limit the
 * exchanged licence carries. Classes A1, B1, C and D existed before 2025 too, under other definitions:
 * an entry of those classes issued before 2025 is read by this table as well. (uncertain: A4 and FB2,
 * whose exchange depends on the vehicle; the common case is given.)
 *
 * @example
 * ```ts
 * LEGACY_CLASS_EQUIVALENTS.B2 // { class: 'B', limit: '...' }
 * ```
 */
export const LEGACY_CLASS_EQUIVALENTS: Readonly<
  Record<LegacyDrivingLicenceClass | 'A1' | 'B1' | 'C' | 'D', { class: DrivingLicenceClass; limit?: string }>
> = Object.freeze({
  A1: { class: 'A', limit: 'motorcycles up to 175 cm³ or 14 kW' },
  A2: { class: 'A' },
  A3: { class: 'B1' },
  A4: { class: 'C1', limit: 'tractors up to 1,000 kg' },
  B1: { class: 'B', limit: 'not for hire (automatic transmission only when so stated)' },
  B2: { class: 'B' },
  C: { class: 'C' },
  D: { class: 'D2' },
  E: { class: 'D' },
  FB2: { class: 'C1E' },
  FC: { class: 'CE' },
  FD: { class: 'D2E' },
  FE: { class: 'DE' },
})

/** Classes that never expire: the motorcycle classes, before and since 2025 (B1 only under the 2024 law). */
const NON_EXPIRING: ReadonlySet<string> = new Set(['A1', 'A', 'A2', 'A3'])

/** Pre-2025 classes that still cover the 2024-law class of the same name (old A1 ⊃ new A1, old C ⊃ new C). */
const SAME_NAME_COVERS: ReadonlySet<string> = new Set(['A1', 'C'])

const ALL_CLASSES = [...DRIVING_LICENCE_CLASSES, ...LEGACY_DRIVING_LICENCE_CLASSES] as const

function isLegacyEntry(cls: string, issued: string): boolean {
  return (
    (LEGACY_DRIVING_LICENCE_CLASSES as readonly string[]).includes(cls) ||
    (issued < NEW_CLASSES_FROM && Object.hasOwn(LEGACY_CLASS_EQUIVALENTS, cls))
  )
}

const licenceClassSchema = z
  .object({
    class: z.enum(ALL_CLASSES, {
      message: `expected class to be one of ${DRIVING_LICENCE_CLASSES.join(', ')} (2024 law) or, issued before 2025, ${LEGACY_DRIVING_LICENCE_CLASSES.join(', ')}`,
    }),
    issue_date: isoDateSchema,
    /** Absent for classes that do not expire (A1, A and B1; before 2025 A1, A2, A3). */
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
    if (!isIsoDate(issued)) return
    const legacyOnly = (LEGACY_DRIVING_LICENCE_CLASSES as readonly string[]).includes(entry.class)
    if (legacyOnly && issued >= NEW_CLASSES_FROM) {
      ctx.addIssue({
        code: 'custom',
        path: ['class'],
        params: { expected: 'class_of_2024_law' },
        message:
          'expected a class of the 2024 law for a licence issued from 2025-01-01, got a pre-2025 class',
      })
    }
    // Old B1 (automatic cars, until 55/60 years of age) is the one class whose expiry depends on its era.
    const neverExpires = NON_EXPIRING.has(entry.class) || (entry.class === 'B1' && issued >= NEW_CLASSES_FROM)
    const mustExpire = !neverExpires && entry.class !== 'B1'
    if (neverExpires && expires !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['expiry_date'],
        params: { expected: 'no_expiry' },
        message: `expected no expiry_date for class ${entry.class} (motorcycle classes do not expire), got one`,
      })
    } else if (mustExpire && expires === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['expiry_date'],
        params: { expected: 'expiry_date' },
        message: `expected an expiry_date for class ${entry.class} (car, truck and bus classes expire), got none`,
      })
    }
  })

/**
 * Zod schema for the claims of the `driving_licence` attribute: the 12-digit PET card number, the classes
 * held (at least one, each at most once) with their own issue and expiry dates, and the issuing authority.
 * Pre-2025 classes (A2, B2, E, FC, ...) are accepted when issued before 2025 and come out of
 * {@link toDrivingLicence} with `legacy.equivalent`, their 2024-law class. Motorcycle classes (A1, A; A2,
 * A3 before 2025; B1 since) must not carry an expiry date; car, truck and bus classes must.
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
  classes: Array<{
    class: DrivingLicenceClass | LegacyDrivingLicenceClass
    issueDate: IsoDate
    expiryDate?: IsoDate
    /**
     * Present on a class issued before 2025 under the 2008 law's definitions (A2, B2, E, ..., and A1, B1,
     * C, D issued before 2025): the 2024-law class it is exchanged for, and its limit.
     */
    legacy?: { equivalent: DrivingLicenceClass; limit?: string }
  }>
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
    classes: licence.classes.map((entry) => {
      const equivalent = isLegacyEntry(entry.class, entry.issue_date)
        ? LEGACY_CLASS_EQUIVALENTS[entry.class as keyof typeof LEGACY_CLASS_EQUIVALENTS]
        : undefined
      return {
        class: entry.class,
        issueDate: entry.issue_date,
        ...(entry.expiry_date === undefined ? {} : { expiryDate: entry.expiry_date }),
        ...(equivalent === undefined
          ? {}
          : {
              legacy: {
                equivalent: equivalent.class,
                ...(equivalent.limit === undefined ? {} : { limit: equivalent.limit }),
              },
            }),
      }
    }),
    issuedBy: licence.issued_by,
  }
}

/**
 * Whether a licence lets its holder drive a class on a day: the class is listed (or a pre-2025 class whose
 * 2024-law equivalent it is), issued on or before the day, and not expired (the expiry day itself still
 * counts). Only the class asked for is looked at: the
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
      (entry.legacy === undefined
        ? entry.class === cls
        : entry.legacy.equivalent === cls || (entry.class === cls && SAME_NAME_COVERS.has(cls))) &&
      entry.issueDate <= day &&
      (entry.expiryDate === undefined || day <= entry.expiryDate),
  )
}

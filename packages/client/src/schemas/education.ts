import { z } from 'zod'

/**
 * Education levels, lowest first: lower secondary (THCS), upper secondary (THPT), vocational (trung
 * cấp), college (cao đẳng), bachelor (đại học), master (thạc sĩ), doctorate (tiến sĩ).
 *
 * @example
 * ```ts
 * EDUCATION_LEVELS.indexOf('master') > EDUCATION_LEVELS.indexOf('bachelor') // true
 * ```
 */
export const EDUCATION_LEVELS = [
  'lower_secondary',
  'upper_secondary',
  'vocational',
  'college',
  'bachelor',
  'master',
  'doctorate',
] as const

/**
 * One of {@link EDUCATION_LEVELS}.
 *
 * @example
 * ```ts
 * const level: EducationLevel = 'bachelor'
 * ```
 */
export type EducationLevel = (typeof EDUCATION_LEVELS)[number]

/**
 * Zod schema for the claims of the `education` attribute: the qualifications on record, each with its
 * level, title, institution and year awarded.
 *
 * @example
 * ```ts
 * educationClaimsSchema.parse({
 *   education: [
 *     { level: 'bachelor', qualification: 'Cử nhân Kinh tế', institution: 'Trường Đại học Kinh tế Quốc dân', year: 2020 },
 *   ],
 * })
 * ```
 */
export const educationClaimsSchema = z.object({
  education: z.array(
    z.object({
      level: z.enum(EDUCATION_LEVELS, {
        message: `expected level to be one of ${EDUCATION_LEVELS.join(', ')}`,
      }),
      qualification: z.string().trim().min(1),
      institution: z.string().trim().min(1),
      /** Year the qualification was awarded. */
      year: z.number().int().min(1900).max(2200),
    }),
  ),
})

/**
 * The `education` claims after validation.
 *
 * @example
 * ```ts
 * const claims: EducationClaims = educationClaimsSchema.parse(userinfo)
 * ```
 */
export type EducationClaims = z.output<typeof educationClaimsSchema>

/**
 * One qualification; the `education` attribute's value is an array of these.
 *
 * @example
 * ```ts
 * const degree: Education = {
 *   level: 'bachelor',
 *   qualification: 'Cử nhân Kinh tế',
 *   institution: 'Trường Đại học Kinh tế Quốc dân',
 *   year: 2020,
 * }
 * ```
 */
export type Education = {
  level: EducationLevel
  qualification: string
  institution: string
  year: number
}

/**
 * Maps parsed `education` claims to the attribute's value, an array of {@link Education}.
 *
 * @example
 * ```ts
 * toEducation(educationClaimsSchema.parse(userinfo)).map((entry) => entry.level)
 * ```
 */
export function toEducation(claims: EducationClaims): Education[] {
  return claims.education.map(({ level, qualification, institution, year }) => ({
    level,
    qualification,
    institution,
    year,
  }))
}

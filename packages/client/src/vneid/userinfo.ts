import { EidAttributeError, EidLevelError } from '../errors/validation-errors.js'
import { type Level, meetsLevel } from '../level-of-assurance.js'
import { type Citizen, identityClaimsSchema, toCitizen } from '../schemas/identity.js'
import { splitVietnameseName } from '../schemas/names.js'
import { safeParsePersonalId } from '../schemas/personal-id.js'
import type { VneidClaimNames, VneidDateFormat } from './options.js'

/**
 * The level an `accountLevel` claim stands for: 1 or 2, as a number or a string. Anything else
 * (missing, 0, 3, "2.0") is no level, so a provider typo cannot grant level 2.
 *
 * @example
 * ```ts
 * levelFromAccountLevel('2') // 2
 * levelFromAccountLevel(3) // undefined
 * ```
 */
export function levelFromAccountLevel(value: unknown): Level | undefined {
  if (value === 1 || value === '1') return 1
  if (value === 2 || value === '2') return 2
  return undefined
}

const DATE_PATTERNS: Record<VneidDateFormat, RegExp> = {
  'dd/MM/yyyy': /^(?<day>\d{2})\/(?<month>\d{2})\/(?<year>\d{4})$/,
  'yyyy-MM-dd': /^(?<year>\d{4})-(?<month>\d{2})-(?<day>\d{2})$/,
}

/**
 * Rewrites a birth date in one of the accepted formats as `YYYY-MM-DD` (whether the day exists is
 * checked afterwards by the identity schema). Returns `undefined` when no format matches.
 *
 * @example
 * ```ts
 * normalizeBirthDate('17/05/1990', ['dd/MM/yyyy', 'yyyy-MM-dd']) // '1990-05-17'
 * ```
 */
export function normalizeBirthDate(value: unknown, formats: readonly VneidDateFormat[]): string | undefined {
  if (typeof value !== 'string') return undefined
  for (const format of formats) {
    const groups = DATE_PATTERNS[format].exec(value.trim())?.groups
    if (groups) return `${groups.year}-${groups.month}-${groups.day}`
  }
  return undefined
}

const GENDERS: Record<string, 'male' | 'female'> = {
  nam: 'male',
  male: 'male',
  m: 'male',
  nữ: 'female',
  nu: 'female',
  female: 'female',
  f: 'female',
}

function genderOf(value: unknown): 'male' | 'female' | undefined | null {
  if (value === undefined || value === null || value === '') return undefined
  if (typeof value !== 'string') return null
  return GENDERS[value.normalize('NFC').trim().toLowerCase()] ?? null
}

/**
 * What a VNeID userinfo yields for a sign-in.
 *
 * @example
 * ```ts
 * const { citizen, level, subject }: VneidIdentity = identityFromUserinfo(userinfo, settings)
 * ```
 */
export interface VneidIdentity {
  citizen: Citizen
  level: Level
  /** The personal number: the only stable identifier the dialect gives. */
  subject: string
}

/**
 * Maps a VNeID userinfo to the SDK's citizen. In order: the level (`accountLevel` must meet `required`,
 * else {@link EidLevelError} with both), then the identity, validated exactly like every other
 * citizen's: the personal number by its schema, the full name split surname first, the birth date
 * normalised to ISO and its year checked against the number's century and year digits, and the gender
 * (derived from the number's century/sex digit when not sent) checked against that digit. Failures are
 * {@link EidAttributeError}s on `identity` that name claims, never values.
 *
 * @example
 * ```ts
 * const { citizen, level } = identityFromUserinfo(
 *   { citizenPid: '001090012345', fullName: 'Nguyễn Văn An', birthDate: '17/05/1990', accountLevel: 2 },
 *   { claims: DEFAULT_CLAIMS, birthDateFormats: ['dd/MM/yyyy'], required: 2 },
 * )
 * ```
 */
export function identityFromUserinfo(
  userinfo: Record<string, unknown>,
  settings: { claims: VneidClaimNames; birthDateFormats: readonly VneidDateFormat[]; required: Level },
): VneidIdentity {
  const names = settings.claims
  const level = levelFromAccountLevel(userinfo[names.accountLevel])
  if (!meetsLevel(level, settings.required))
    throw new EidLevelError({ required: settings.required, actual: level })

  const issues: { path: string; message: string }[] = []
  const personalId = userinfo[names.personalNumber]
  if (typeof personalId !== 'string' || personalId === '') {
    issues.push({ path: names.personalNumber, message: 'expected the 12-digit personal number, got none' })
  }
  const fullName = userinfo[names.fullName]
  let parts: ReturnType<typeof splitVietnameseName> | undefined
  if (typeof fullName !== 'string') {
    issues.push({ path: names.fullName, message: 'expected the full name as a string, got none' })
  } else {
    try {
      parts = splitVietnameseName(fullName)
    } catch {
      issues.push({ path: names.fullName, message: 'expected a full name of at least two words' })
    }
  }
  const birthDate = normalizeBirthDate(userinfo[names.birthDate], settings.birthDateFormats)
  if (birthDate === undefined) {
    issues.push({
      path: names.birthDate,
      message: `expected a birth date as ${settings.birthDateFormats.join(' or ')}, got none or another form`,
    })
  }
  let gender = genderOf(userinfo[names.gender])
  if (gender === null) {
    issues.push({ path: names.gender, message: 'expected Nam/Nữ, male/female or M/F' })
  } else if (gender === undefined && typeof personalId === 'string') {
    const parsed = safeParsePersonalId(personalId)
    if (parsed.ok) gender = parsed.value.sex
  }
  if (issues.length > 0 || typeof personalId !== 'string' || !parts || birthDate === undefined) {
    throw new EidAttributeError('identity', issues)
  }
  const checked = identityClaimsSchema.safeParse({
    personal_id: personalId,
    name: fullName,
    family_name: parts.familyName,
    ...(parts.middleName !== undefined && { middle_name: parts.middleName }),
    given_name: parts.givenName,
    birthdate: birthDate,
    gender,
  })
  if (!checked.success) {
    const claimOf: Record<string, string> = {
      personal_id: names.personalNumber,
      name: names.fullName,
      family_name: names.fullName,
      middle_name: names.fullName,
      given_name: names.fullName,
      birthdate: names.birthDate,
      gender: names.gender,
    }
    throw new EidAttributeError(
      'identity',
      checked.error.issues.map((issue) => {
        const first = String(issue.path[0] ?? '')
        return { path: claimOf[first] ?? first, message: issue.message }
      }),
    )
  }
  const citizen = toCitizen(checked.data)
  return { citizen, level: level as Level, subject: citizen.personalId }
}

import type { DialectDateFormat } from './registration.js'

/** Standard claims the dialect renames or leaves out (it has one `fullName`, no name parts, no `sub`). */
const REPLACED = new Set([
  'sub',
  'personal_id',
  'name',
  'family_name',
  'middle_name',
  'given_name',
  'birthdate',
])

/**
 * The `accountType` the dialect's userinfo carries for a citizen's account: `CONG_DAN` (công dân), the value
 * of docs/vneid-dialect.md's worked example, which the SDK's tests and fixtures use too. The real provider's
 * list of values is not public (a foreigner's account would carry another); the SDK passes the claim through
 * in `providerClaims` without interpreting it. The msw kit (`mockVneid`) sends the same value.
 *
 * @example
 * ```ts
 * dialectClaims({ personal_id: '001090001234' }, 2, 'dd/MM/yyyy').accountType === DIALECT_ACCOUNT_TYPE // true
 * ```
 */
export const DIALECT_ACCOUNT_TYPE = 'CONG_DAN'

/** `yyyy-MM-dd` as the client's dialect writes it. */
export function formatBirthDate(isoDate: string, format: DialectDateFormat): string {
  if (format === 'yyyy-MM-dd') return isoDate
  const [year, month, day] = isoDate.split('-')
  return `${day}/${month}/${year}`
}

/**
 * The dialect's userinfo from the standard one: `citizenPid` (the 12-digit personal number, a string
 * so leading zeros survive), `fullName`, `birthDate` (`dd/MM/yyyy` unless the client asks for ISO),
 * `accountType`, `accountLevel` (1 or 2, the level achieved, from `acr`); every other claim released
 * (gender, phone, address, …, `attribute_errors` of a scenario) passes through under its own name.
 *
 * @example
 * ```ts
 * dialectClaims({ sub: 'x', personal_id: '001090012345', name: 'Nguyễn Văn An', birthdate: '1990-05-17' }, 2, 'dd/MM/yyyy')
 * // { citizenPid: '001090012345', fullName: 'Nguyễn Văn An', birthDate: '17/05/1990', accountType: 'CONG_DAN', accountLevel: 2 }
 * ```
 */
export function dialectClaims(
  standard: Record<string, unknown>,
  level: 1 | 2,
  birthDateFormat: DialectDateFormat,
): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  if (typeof standard.personal_id === 'string') out.citizenPid = standard.personal_id
  if (typeof standard.name === 'string') out.fullName = standard.name
  if (typeof standard.birthdate === 'string')
    out.birthDate = formatBirthDate(standard.birthdate, birthDateFormat)
  // The mock's population is all citizens (the real provider's list of values is not public).
  out.accountType = DIALECT_ACCOUNT_TYPE
  out.accountLevel = level
  for (const [name, value] of Object.entries(standard)) if (!REPLACED.has(name)) out[name] = value
  return out
}

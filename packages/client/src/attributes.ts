import { EidAttributeError } from './errors/validation-errors.js'
import {
  type AttributeName,
  type AttributeValue,
  attributeCatalogue,
  isAttributeName,
} from './schemas/index.js'

/** `health_insurance` → `healthInsurance`, `age_over_18` → `ageOver18`. */
type SnakeToCamel<S extends string> = S extends `${infer Head}_${infer Tail}`
  ? `${Head}${Capitalize<SnakeToCamel<Tail>>}`
  : S

/**
 * The attributes a sign-in returns, typed from the request: exactly one camelCase key per requested
 * attribute (identity is returned as `citizen`, not here). A value is `undefined` when the citizen
 * holds no such record, declined to share it, or its source was unavailable (see `missing` and
 * `unavailable` on the result).
 *
 * @example
 * ```ts
 * type A = AttributesOf<['health_insurance', 'age_over_18']>
 * // { healthInsurance: HealthInsurance | undefined; ageOver18: boolean | undefined }
 * ```
 */
export type AttributesOf<A extends readonly AttributeName[]> = {
  [K in Exclude<A[number], 'identity'> as SnakeToCamel<K>]: AttributeValue<K> | undefined
}

/**
 * An attribute the provider could not supply, with the reason its source gave.
 *
 * @example
 * ```ts
 * for (const u of result.unavailable) console.log(u.attribute, u.reason) // 'health_insurance' 'source_unavailable'
 * ```
 */
export interface UnavailableAttribute {
  readonly attribute: AttributeName
  /** e.g. `source_unavailable`, `source_timeout`. */
  readonly reason: string
  /** The simulated or real data source that failed, e.g. `health_insurance`. */
  readonly source?: string
}

/** The `scope` and `claims` request parameters for a set of attributes. */
export interface AttributeRequest {
  scope: string
  claims: string
}

/**
 * Builds the scopes and the OpenID Connect `claims` parameter (with the OIDC4IDA per-claim `purpose`)
 * for the requested attributes. Identity claims are essential; others are voluntary, because the
 * citizen may decline each one on the consent screen.
 */
export function buildAttributeRequest(
  names: readonly AttributeName[],
  purpose: string | undefined,
): AttributeRequest {
  const scopes = ['openid', ...names.map((name) => attributeCatalogue[name].scope)]
  const userinfo: Record<string, { essential?: boolean; purpose?: string }> = {}
  for (const name of names) {
    for (const claim of attributeCatalogue[name].claims) {
      userinfo[claim] = {
        ...(name === 'identity' && { essential: true }),
        ...(purpose !== undefined && { purpose }),
      }
    }
  }
  return { scope: [...new Set(scopes)].join(' '), claims: JSON.stringify({ userinfo }) }
}

/** The claim names whose presence means an attribute was released. */
function releasedClaims(name: AttributeName, claims: Record<string, unknown>): boolean {
  return attributeCatalogue[name].claims.some(
    (claim) => claims[claim] !== undefined && claims[claim] !== null,
  )
}

function attributeErrors(claims: Record<string, unknown>): Map<AttributeName, UnavailableAttribute> {
  const raw = claims.attribute_errors
  const result = new Map<AttributeName, UnavailableAttribute>()
  if (typeof raw !== 'object' || raw === null) return result
  for (const [name, detail] of Object.entries(raw)) {
    if (!isAttributeName(name) || typeof detail !== 'object' || detail === null) continue
    const { reason, source } = detail as { reason?: unknown; source?: unknown }
    result.set(name, {
      attribute: name,
      reason: typeof reason === 'string' ? reason.slice(0, 64) : 'unavailable',
      ...(typeof source === 'string' && { source: source.slice(0, 64) }),
    })
  }
  return result
}

/**
 * Reads, validates and converts the requested attributes from the released claims. Schema failures are
 * {@link EidAttributeError}s carrying paths and messages but never the values.
 */
export function readAttributes<A extends readonly AttributeName[]>(
  names: A,
  claims: Record<string, unknown>,
): { values: Record<string, unknown>; missing: AttributeName[]; unavailable: UnavailableAttribute[] } {
  const values: Record<string, unknown> = {}
  const missing: AttributeName[] = []
  const unavailable: UnavailableAttribute[] = []
  const errors = attributeErrors(claims)
  for (const name of names) {
    const definition = attributeCatalogue[name]
    if (!releasedClaims(name, claims)) {
      const failure = errors.get(name)
      if (failure) unavailable.push(failure)
      else missing.push(name)
      if (name !== 'identity') values[definition.key] = undefined
      continue
    }
    values[definition.key] = parseAttribute(name, claims)
  }
  return { values, missing, unavailable }
}

/** Validates one attribute's claims with its catalogue schema and converts it to the SDK's value. */
export function parseAttribute<K extends AttributeName>(
  name: K,
  claims: Record<string, unknown>,
): AttributeValue<K> {
  const definition = attributeCatalogue[name]
  const parsed = definition.schema.safeParse(claims)
  if (!parsed.success) {
    throw new EidAttributeError(
      name,
      parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
    )
  }
  return (definition.toValue as (claims: unknown) => AttributeValue<K>)(parsed.data)
}

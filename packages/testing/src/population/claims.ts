import { type AttributeName, attributeCatalogue, isAttributeName } from '@dinhdanh/client/schemas'
import { portraitClaims } from './portrait.js'
import type { AddressRecord, SyntheticCitizen } from './synthetic-citizen.js'

/**
 * Whether the citizen's record for an attribute can be released: `held`, `not_held` (no health-insurance
 * card, no driving licence, no chip card, no own mobile number under 14) or `source_unavailable` (the citizen's `sources` marks the
 * attribute's source, from the catalogue, as unavailable).
 *
 * @example
 * ```ts
 * const availability: AttributeAvailability = attributeAvailability(citizen, 'health_insurance')
 * ```
 */
export type AttributeAvailability = 'held' | 'not_held' | 'source_unavailable'

/**
 * Whether a provider can release an attribute for the citizen. The mock provider and the msw kit use it
 * to fail an attribute whose source is down (and {@link claimsFor} to leave out what is not held).
 *
 * @example
 * ```ts
 * attributeAvailability(citizenWithPersona(personas.healthInsuranceSourceDown.personalId)!, 'health_insurance')
 * // 'source_unavailable'
 * attributeAvailability(citizenWithPersona(personas.child10.personalId)!, 'driving_licence') // 'not_held'
 * ```
 */
export function attributeAvailability(
  citizen: SyntheticCitizen,
  attribute: AttributeName,
): AttributeAvailability {
  if (citizen.sources[attributeCatalogue[attribute].source] === 'unavailable') return 'source_unavailable'
  switch (attribute) {
    case 'id_card':
      return citizen.idCard === undefined ? 'not_held' : 'held'
    case 'health_insurance':
      return citizen.healthInsurance === undefined ? 'not_held' : 'held'
    case 'driving_licence':
      return citizen.drivingLicence === undefined ? 'not_held' : 'held'
    case 'phone':
      return citizen.phone === undefined ? 'not_held' : 'held'
    default:
      return 'held'
  }
}

/**
 * A deep copy of plain JSON data (objects, arrays, strings, numbers, booleans), which is all a record
 * holds: several times faster than `structuredClone`, which was a fifth of a whole citizen's claims.
 */
function copyJson<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value
  if (Array.isArray(value)) return value.map(copyJson) as T
  const copy: Record<string, unknown> = {}
  for (const key in value) copy[key] = copyJson((value as Record<string, unknown>)[key])
  return copy as T
}

function sameAddress(a: AddressRecord, b: AddressRecord): boolean {
  return a.formatted === b.formatted && a.province_code === b.province_code && a.locality === b.locality
}

/**
 * The OpenID Connect claims the attribute catalogue defines for the requested attributes, snake_case and
 * at the top level as the provider releases them (`personal_id`, `name`, `family_name`, `middle_name`,
 * `given_name`, `birthdate`, `gender`, `address`, `permanent_address`, `phone_number`,
 * `phone_number_verified`, `id_card`, `health_insurance`, `vaccinations`, `driving_licence`, `education`,
 * `age_over_18`, `portrait`: a synthetic drawing, see {@link portraitSvg}). Each attribute's claims pass `attributeCatalogue[name].schema`. Records the citizen does
 * not hold are absent (no `health_insurance` without a card, no `driving_licence` for a child);
 * `permanent_address` only when it differs from `address`; `middle_name` only when there is one;
 * `vaccinations` and `education` may be empty arrays ("nothing on record"). Source availability is NOT
 * applied here: check {@link attributeAvailability} first. Names that are not attributes (`openid`, ...)
 * are ignored. The result is a fresh deep copy, safe to modify.
 *
 * @example
 * ```ts
 * const citizen = citizenFor('001090001234')!
 * claimsFor(citizen, ['identity', 'age_over_18'])
 * // { personal_id: '001090001234', name: '...', family_name: '...', ..., gender: 'male', age_over_18: true }
 * ```
 */
export function claimsFor(
  citizen: SyntheticCitizen,
  attributes: readonly AttributeName[],
): Record<string, unknown> {
  const claims: Record<string, unknown> = {}
  for (const attribute of attributes) {
    if (!isAttributeName(attribute)) continue
    switch (attribute) {
      case 'identity':
        claims.personal_id = citizen.personalId
        claims.name = citizen.fullName
        claims.family_name = citizen.familyName
        if (citizen.middleName !== undefined) claims.middle_name = citizen.middleName
        claims.given_name = citizen.givenName
        claims.birthdate = citizen.birthDate
        claims.gender = citizen.gender
        break
      case 'address':
        claims.address = copyJson(citizen.address)
        if (!sameAddress(citizen.address, citizen.permanentAddress)) {
          claims.permanent_address = copyJson(citizen.permanentAddress)
        }
        break
      case 'phone':
        if (citizen.phone !== undefined) {
          claims.phone_number = citizen.phone.number
          claims.phone_number_verified = citizen.phone.verified
        }
        break
      case 'id_card':
        if (citizen.idCard !== undefined) claims.id_card = copyJson(citizen.idCard)
        break
      case 'health_insurance':
        if (citizen.healthInsurance !== undefined) {
          claims.health_insurance = copyJson(citizen.healthInsurance)
        }
        break
      case 'vaccination':
        claims.vaccinations = copyJson(citizen.vaccinations)
        break
      case 'driving_licence':
        if (citizen.drivingLicence !== undefined) claims.driving_licence = copyJson(citizen.drivingLicence)
        break
      case 'education':
        claims.education = copyJson(citizen.education)
        break
      case 'age_over_18':
        claims.age_over_18 = citizen.ageOver18
        break
      case 'portrait':
        // Drawn on demand (a few KB), never stored on the citizen: see portraitSvg.
        Object.assign(claims, portraitClaims(citizen))
        break
    }
  }
  return claims
}

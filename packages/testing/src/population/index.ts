/**
 * The synthetic population: every structurally valid personal ID number is a citizen, derived
 * deterministically from the number and a seed.
 *
 * @example
 * ```ts
 * import { citizenFor, claimsFor } from '@dinhdanh/testing'
 * const claims = claimsFor(citizenFor('001090001234')!, ['identity', 'age_over_18'])
 * ```
 *
 * @packageDocumentation
 */
export { REFERENCE_DATE } from './calendar.js'
export {
  type CitizenOptions,
  type CitizenOverrides,
  citizenFor,
  DEFAULT_SEED,
} from './citizen-for.js'
export { type AttributeAvailability, attributeAvailability, claimsFor } from './claims.js'
export {
  PORTRAIT_MEDIA_TYPE,
  type PortraitSubject,
  portraitClaims,
  portraitSvg,
} from './portrait.js'
export { createPrng, type Prng } from './prng.js'
export { type RandomPersonalIdOptions, randomPersonalId } from './random-personal-id.js'
export type {
  AccountStatus,
  AddressRecord,
  DrivingLicenceRecord,
  EducationRecord,
  HealthInsuranceRecord,
  IdCardRecord,
  LevelOfAssurance,
  SourceStatus,
  SourceStatuses,
  SyntheticCitizen,
  VaccinationRecord,
} from './synthetic-citizen.js'

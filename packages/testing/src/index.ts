/**
 * Test kit for relying parties of Vietnam's national e-ID: a deterministic synthetic population (every
 * valid personal ID number is a citizen) and named personas, shared by the mock provider and the msw kit
 * so that the same number is the same citizen everywhere.
 *
 * @example
 * ```ts
 * import { citizenWithPersona, claimsFor, personas } from '@dinhdanh/testing'
 *
 * const citizen = citizenWithPersona(personas.level2Adult.personalId)!
 * claimsFor(citizen, ['identity', 'health_insurance'])
 * ```
 *
 * @packageDocumentation
 */

export {
  citizenWithPersona,
  type Persona,
  type PersonaName,
  personaFor,
  personas,
  personasMarkdown,
} from './personas.js'
export { personasOn } from './personas-on.js'
export {
  type AccountStatus,
  type AddressRecord,
  type AttributeAvailability,
  attributeAvailability,
  type CitizenOptions,
  type CitizenOverrides,
  citizenFor,
  claimsFor,
  createPrng,
  DEFAULT_SEED,
  type DrivingLicenceRecord,
  type EducationRecord,
  type HealthInsuranceRecord,
  type IdCardRecord,
  type LevelOfAssurance,
  PORTRAIT_MEDIA_TYPE,
  type PortraitSubject,
  type Prng,
  portraitClaims,
  portraitSvg,
  type RandomPersonalIdOptions,
  REFERENCE_DATE,
  randomPersonalId,
  type SourceStatus,
  type SourceStatuses,
  type SyntheticCitizen,
  type VaccinationRecord,
} from './population/index.js'
export {
  formatRealismReport,
  type PopulationSampleOptions,
  populationSample,
  REALISM_TOLERANCES,
  type RealismReport,
  type ReportRow,
  type ReportSection,
  realismReport,
} from './report/index.js'

/**
 * The attribute catalogue of `@dinhdanh/client`: zod schemas for the claims each attribute releases,
 * the camelCase values the SDK returns, and the Vietnamese formats behind them (personal ID number,
 * provinces, names, dates).
 *
 * @example
 * ```ts
 * import { attributeCatalogue, parsePersonalId } from '@dinhdanh/client/schemas'
 * ```
 *
 * @packageDocumentation
 */
export {
  type Address,
  type AddressClaim,
  type AddressClaims,
  addressClaimsSchema,
  addressSchema,
  type CitizenAddresses,
  toAddress,
  toCitizenAddresses,
} from './address.js'
export { type AgeOver18Claims, ageOver18ClaimsSchema, toAgeOver18 } from './age-over-18.js'
export {
  ATTRIBUTE_NAMES,
  ATTRIBUTE_SOURCES,
  type AttributeClaims,
  type AttributeDefinition,
  type AttributeKey,
  type AttributeName,
  type AttributeSource,
  type AttributeValue,
  attributeCatalogue,
  isAttributeName,
  type LocalizedText,
} from './catalogue.js'
export {
  type IsoDate,
  isIsoDate,
  isNotAfterTodayInVietnam,
  isoDateSchema,
  toIsoDate,
  toVietnamIsoDate,
} from './date.js'
export {
  DRIVING_LICENCE_CLASSES,
  type DrivingLicence,
  type DrivingLicenceClaims,
  type DrivingLicenceClass,
  drivingLicenceClaimsSchema,
  isDrivingLicenceValidOn,
  LEGACY_CLASS_EQUIVALENTS,
  LEGACY_DRIVING_LICENCE_CLASSES,
  type LegacyDrivingLicenceClass,
  toDrivingLicence,
} from './driving-licence.js'
export {
  EDUCATION_LEVELS,
  type Education,
  type EducationClaims,
  type EducationLevel,
  educationClaimsSchema,
  toEducation,
} from './education.js'
export {
  facilitySchema,
  HEALTH_INSURANCE_GROUPS,
  type HealthInsurance,
  type HealthInsuranceClaims,
  healthInsuranceClaimsSchema,
  isHealthInsuranceValidOn,
  toHealthInsurance,
} from './health-insurance.js'
export { ID_CARD_KINDS, type IdCard, type IdCardClaims, idCardClaimsSchema, toIdCard } from './id-card.js'
export { type Citizen, type IdentityClaims, identityClaimsSchema, toCitizen } from './identity.js'
export {
  citizenNameSchema,
  joinVietnameseName,
  nameMatchKey,
  normalizeName,
  sameName,
  splitVietnameseName,
  type VietnameseNameParts,
} from './names.js'
export {
  isLegacyIdNumber,
  OLD_PROVINCE_CODES,
  type ParsePersonalIdOptions,
  PersonalIdError,
  type PersonalIdErrorReason,
  type PersonalIdInfo,
  parsePersonalId,
  personalIdSchema,
  type SafeParsePersonalIdResult,
  safeParsePersonalId,
} from './personal-id.js'
export {
  MOBILE_CARRIERS,
  type MobileCarrier,
  mobileCarrierOf,
  normalizeMobileNumber,
  type PhoneClaims,
  type PhoneNumber,
  phoneClaimsSchema,
  toPhoneNumber,
} from './phone.js'
export {
  PORTRAIT_MAX_BYTES,
  PORTRAIT_MEDIA_TYPES,
  type Portrait,
  type PortraitClaims,
  portraitClaimsSchema,
  toPortrait,
} from './portrait.js'
export { isOldProvinceCode, isProvinceCode2025, PROVINCES_2025 } from './provinces.js'
export {
  toVaccinations,
  type Vaccination,
  type VaccinationClaims,
  vaccinationClaimsSchema,
} from './vaccination.js'

import type { z } from 'zod'
import { addressClaimsSchema, type CitizenAddresses, toCitizenAddresses } from './address.js'
import { ageOver18ClaimsSchema, toAgeOver18 } from './age-over-18.js'
import { type DrivingLicence, drivingLicenceClaimsSchema, toDrivingLicence } from './driving-licence.js'
import { type Education, educationClaimsSchema, toEducation } from './education.js'
import { type HealthInsurance, healthInsuranceClaimsSchema, toHealthInsurance } from './health-insurance.js'
import { type IdCard, idCardClaimsSchema, toIdCard } from './id-card.js'
import { type Citizen, identityClaimsSchema, toCitizen } from './identity.js'
import { type PhoneNumber, phoneClaimsSchema, toPhoneNumber } from './phone.js'
import { type Portrait, portraitClaimsSchema, toPortrait } from './portrait.js'
import { toVaccinations, type Vaccination, vaccinationClaimsSchema } from './vaccination.js'

/**
 * Every attribute a relying party can ask for; each is also the OAuth scope that requests it.
 *
 * @example
 * ```ts
 * ATTRIBUTE_NAMES.includes('health_insurance') // true
 * ```
 */
export const ATTRIBUTE_NAMES = [
  'identity',
  'address',
  'phone',
  'id_card',
  'health_insurance',
  'vaccination',
  'driving_licence',
  'education',
  'age_over_18',
  'portrait',
] as const

/**
 * One of {@link ATTRIBUTE_NAMES}.
 *
 * @example
 * ```ts
 * const wanted: AttributeName[] = ['identity', 'health_insurance']
 * ```
 */
export type AttributeName = (typeof ATTRIBUTE_NAMES)[number]

/**
 * The (simulated) data sources behind the attributes: the population database and the registers
 * connected to it.
 *
 * @example
 * ```ts
 * ATTRIBUTE_SOURCES.includes('population') // true
 * ```
 */
export const ATTRIBUTE_SOURCES = [
  'population',
  'health_insurance',
  'vaccination',
  'driving_licence',
  'education',
  'id_card',
  'address',
  'phone',
] as const

/**
 * One of {@link ATTRIBUTE_SOURCES}.
 *
 * @example
 * ```ts
 * const source: AttributeSource = attributeCatalogue.age_over_18.source // 'population'
 * ```
 */
export type AttributeSource = (typeof ATTRIBUTE_SOURCES)[number]

/**
 * Text shown to the citizen, in Vietnamese and English.
 *
 * @example
 * ```ts
 * const label: LocalizedText = { vi: 'Số điện thoại', en: 'Phone number' }
 * ```
 */
export type LocalizedText = { readonly vi: string; readonly en: string }

/**
 * The camelCase key under which the SDK returns an attribute (`health_insurance` → `healthInsurance`,
 * `age_over_18` → `ageOver18`).
 *
 * @example
 * ```ts
 * const key: AttributeKey<'driving_licence'> = 'drivingLicence'
 * ```
 */
export type AttributeKey<K extends AttributeName> = SnakeToCamel<K>

type SnakeToCamel<S extends string> = S extends `${infer Head}_${infer Tail}`
  ? `${Head}${Capitalize<SnakeToCamel<Tail>>}`
  : S

/** Claims schema and SDK value type of each attribute. */
type AttributeTypes = {
  identity: { schema: typeof identityClaimsSchema; value: Citizen }
  address: { schema: typeof addressClaimsSchema; value: CitizenAddresses }
  phone: { schema: typeof phoneClaimsSchema; value: PhoneNumber }
  id_card: { schema: typeof idCardClaimsSchema; value: IdCard }
  health_insurance: { schema: typeof healthInsuranceClaimsSchema; value: HealthInsurance }
  vaccination: { schema: typeof vaccinationClaimsSchema; value: Vaccination[] }
  driving_licence: { schema: typeof drivingLicenceClaimsSchema; value: DrivingLicence }
  education: { schema: typeof educationClaimsSchema; value: Education[] }
  age_over_18: { schema: typeof ageOver18ClaimsSchema; value: boolean }
  portrait: { schema: typeof portraitClaimsSchema; value: Portrait }
}

/**
 * The value the SDK returns for an attribute.
 *
 * @example
 * ```ts
 * type Card = AttributeValue<'health_insurance'> // HealthInsurance
 * type Over18 = AttributeValue<'age_over_18'> // boolean
 * ```
 */
export type AttributeValue<K extends AttributeName> = AttributeTypes[K]['value']

/**
 * An attribute's claims after validation by its schema (snake_case, as the provider sends them).
 *
 * @example
 * ```ts
 * type Claims = AttributeClaims<'phone'> // { phone_number: string; phone_number_verified: boolean }
 * ```
 */
export type AttributeClaims<K extends AttributeName> = z.output<AttributeTypes[K]['schema']>

/**
 * Everything the SDK, the mock provider and consent screens need to know about one attribute.
 *
 * @example
 * ```ts
 * const definition: AttributeDefinition<'phone'> = attributeCatalogue.phone
 * const value = definition.toValue(definition.schema.parse(userinfo))
 * ```
 */
export type AttributeDefinition<K extends AttributeName> = {
  readonly name: K
  /** The OAuth scope that requests the attribute (the same as its name). */
  readonly scope: K
  /** Key of the attribute's value in the SDK's result. */
  readonly key: AttributeKey<K>
  /** The claims the provider releases for it, at the top level of the ID token or UserInfo response. */
  readonly claims: readonly string[]
  /** The (simulated) register that supplies it. */
  readonly source: AttributeSource
  /**
   * Validates the claims (unknown extra claims are stripped). Typed as a plain `ZodType` so that generic
   * code over `K` can call it; the exported schemas (`identityClaimsSchema`, ...) keep their precise types.
   */
  readonly schema: z.ZodType<AttributeClaims<K>>
  /** Maps the validated claims to the camelCase value the SDK returns. */
  readonly toValue: (claims: AttributeClaims<K>) => AttributeValue<K>
  /**
   * Whether the data is sensitive personal data under Decree 13/2023 and Law 91/2025: health data
   * (`health_insurance`, `vaccination`) and biometric data (`portrait`).
   */
  readonly sensitive: boolean
  /** Short name for consent screens. */
  readonly label: LocalizedText
  /** What the attribute contains, for consent screens. */
  readonly description: LocalizedText
}

/**
 * The attribute catalogue: for each attribute, its scope, claims, source, schema, value mapping,
 * sensitivity and consent-screen texts.
 *
 * @example
 * ```ts
 * const { schema, toValue, key } = attributeCatalogue.health_insurance
 * const value = toValue(schema.parse(userinfo)) // HealthInsurance, returned under result.healthInsurance
 * ```
 */
export const attributeCatalogue: { readonly [K in AttributeName]: AttributeDefinition<K> } = Object.freeze({
  identity: {
    name: 'identity',
    scope: 'identity',
    key: 'identity',
    claims: ['personal_id', 'name', 'family_name', 'middle_name', 'given_name', 'birthdate', 'gender'],
    source: 'population',
    schema: identityClaimsSchema,
    toValue: toCitizen,
    sensitive: false,
    label: { vi: 'Thông tin định danh cơ bản', en: 'Basic identity' },
    description: {
      vi: 'Số định danh cá nhân, họ, chữ đệm và tên, ngày sinh và giới tính.',
      en: 'Personal identification number, full name, date of birth and sex.',
    },
  },
  address: {
    name: 'address',
    scope: 'address',
    key: 'address',
    claims: ['address', 'permanent_address'],
    source: 'address',
    schema: addressClaimsSchema,
    toValue: toCitizenAddresses,
    sensitive: false,
    label: { vi: 'Địa chỉ', en: 'Address' },
    description: {
      vi: 'Nơi ở hiện tại và nơi thường trú: số nhà, đường, xã hoặc phường, tỉnh hoặc thành phố.',
      en: 'Current and permanent address: street address, commune or ward, province or city.',
    },
  },
  phone: {
    name: 'phone',
    scope: 'phone',
    key: 'phone',
    claims: ['phone_number', 'phone_number_verified'],
    source: 'phone',
    schema: phoneClaimsSchema,
    toValue: toPhoneNumber,
    sensitive: false,
    label: { vi: 'Số điện thoại', en: 'Phone number' },
    description: {
      vi: 'Số điện thoại di động đăng ký với tài khoản định danh điện tử và việc số đó đã được xác thực hay chưa.',
      en: 'The mobile number registered with the e-ID account and whether it has been verified.',
    },
  },
  id_card: {
    name: 'id_card',
    scope: 'id_card',
    key: 'idCard',
    claims: ['id_card'],
    source: 'id_card',
    schema: idCardClaimsSchema,
    toValue: toIdCard,
    sensitive: false,
    label: { vi: 'Thẻ căn cước', en: 'Identity card' },
    description: {
      vi: 'Số thẻ, loại thẻ (CCCD hoặc CC), ngày cấp, ngày hết hạn, nơi cấp và số chứng minh nhân dân cũ nếu có.',
      en: 'Card number, kind (CCCD or CC), issue and expiry dates, issuing authority and the old 9-digit ID number if any.',
    },
  },
  health_insurance: {
    name: 'health_insurance',
    scope: 'health_insurance',
    key: 'healthInsurance',
    claims: ['health_insurance'],
    source: 'health_insurance',
    schema: healthInsuranceClaimsSchema,
    toValue: toHealthInsurance,
    sensitive: true,
    label: { vi: 'Thẻ bảo hiểm y tế', en: 'Health insurance card' },
    description: {
      vi: 'Mã số bảo hiểm xã hội, mã thẻ cũ 15 ký tự, mức hưởng, thời hạn sử dụng và nơi đăng ký khám chữa bệnh ban đầu.',
      en: 'Social-insurance number, the former 15-character card code, benefit level, validity period and registered first-visit facility.',
    },
  },
  vaccination: {
    name: 'vaccination',
    scope: 'vaccination',
    key: 'vaccination',
    claims: ['vaccinations'],
    source: 'vaccination',
    schema: vaccinationClaimsSchema,
    toValue: toVaccinations,
    sensitive: true,
    label: { vi: 'Thông tin tiêm chủng', en: 'Vaccination record' },
    description: {
      vi: 'Các mũi tiêm đã ghi nhận: loại vắc xin, bệnh được phòng, mũi thứ mấy, ngày tiêm và cơ sở tiêm chủng.',
      en: 'Recorded doses: vaccine, disease, dose number, date and the facility that gave it.',
    },
  },
  driving_licence: {
    name: 'driving_licence',
    scope: 'driving_licence',
    key: 'drivingLicence',
    claims: ['driving_licence'],
    source: 'driving_licence',
    schema: drivingLicenceClaimsSchema,
    toValue: toDrivingLicence,
    sensitive: false,
    label: { vi: 'Giấy phép lái xe', en: 'Driving licence' },
    description: {
      vi: 'Số giấy phép lái xe, các hạng được phép điều khiển cùng ngày cấp, ngày hết hạn và cơ quan cấp.',
      en: 'Licence number, the classes held with their issue and expiry dates, and the issuing authority.',
    },
  },
  education: {
    name: 'education',
    scope: 'education',
    key: 'education',
    claims: ['education'],
    source: 'education',
    schema: educationClaimsSchema,
    toValue: toEducation,
    sensitive: false,
    label: { vi: 'Trình độ học vấn', en: 'Education' },
    description: {
      vi: 'Các văn bằng đã được cấp: trình độ, tên văn bằng, cơ sở đào tạo và năm cấp.',
      en: 'Qualifications awarded: level, title, institution and year.',
    },
  },
  age_over_18: {
    name: 'age_over_18',
    scope: 'age_over_18',
    key: 'ageOver18',
    claims: ['age_over_18'],
    source: 'population',
    schema: ageOver18ClaimsSchema,
    toValue: toAgeOver18,
    sensitive: false,
    label: { vi: 'Đủ 18 tuổi', en: 'Aged 18 or over' },
    description: {
      vi: 'Chỉ cho biết bạn đã đủ 18 tuổi hay chưa, không tiết lộ ngày sinh.',
      en: 'Only whether you are 18 or older; your date of birth is not shared.',
    },
  },
  portrait: {
    name: 'portrait',
    scope: 'portrait',
    key: 'portrait',
    claims: ['portrait'],
    source: 'id_card',
    schema: portraitClaimsSchema,
    toValue: toPortrait,
    sensitive: true,
    label: { vi: 'Ảnh chân dung', en: 'Portrait photo' },
    description: {
      vi: 'Ảnh khuôn mặt lưu trong chip thẻ căn cước, dùng để đối chiếu khuôn mặt (dữ liệu sinh trắc học).',
      en: 'The face photo stored on the chip of the identity card, used for face matching (biometric data).',
    },
  },
})

/**
 * Whether a value is one of {@link ATTRIBUTE_NAMES}.
 *
 * @example
 * ```ts
 * isAttributeName('health_insurance') // true
 * isAttributeName('bank_account') // false
 * ```
 */
export function isAttributeName(value: unknown): value is AttributeName {
  return typeof value === 'string' && (ATTRIBUTE_NAMES as readonly string[]).includes(value)
}

import type {
  AddressClaim,
  AttributeSource,
  DrivingLicenceClaims,
  EducationClaims,
  HealthInsuranceClaims,
  IdCardClaims,
  IsoDate,
  VaccinationClaims,
} from '@dinhdanh/client/schemas'
import type { Ethnicity } from './ethnic-groups.js'

/**
 * Level of assurance of the citizen's e-ID account: `0` means no account, `1` a self-registered account,
 * `2` an account verified in person with the chip card.
 *
 * @example
 * ```ts
 * const level: LevelOfAssurance = citizenFor('001090001234')?.level ?? 0
 * ```
 */
export type LevelOfAssurance = 0 | 1 | 2

/**
 * State of the citizen's e-ID account. `none` goes with level 0. Generated citizens are `none` or
 * `active`; the other states come from personas (or explicit overrides): `pending_activation` (registered,
 * SMS activation not done), `locked` (locked by the citizen or after failed attempts) and `revoked` (the
 * number is revoked, e.g. the citizen has died).
 *
 * @example
 * ```ts
 * const status: AccountStatus = 'pending_activation'
 * ```
 */
export type AccountStatus = 'none' | 'active' | 'pending_activation' | 'locked' | 'revoked'

/**
 * Whether a (simulated) data source answers. A provider that honours it fails attributes from an
 * `unavailable` source instead of releasing them.
 *
 * @example
 * ```ts
 * const status: SourceStatus = 'unavailable'
 * ```
 */
export type SourceStatus = 'available' | 'unavailable'

/**
 * Sources that are not simply available, keyed by source (`{}` when all are).
 *
 * @example
 * ```ts
 * const sources: SourceStatuses = { health_insurance: 'unavailable' }
 * ```
 */
export type SourceStatuses = { readonly [S in AttributeSource]?: SourceStatus }

/**
 * An address as the `address` and `permanent_address` claims carry it (2025 two-level form).
 *
 * @example
 * ```ts
 * const address: AddressRecord = citizen.address
 * address.province_code // '01'
 * ```
 */
export type AddressRecord = AddressClaim

/**
 * The chip identity card as the `id_card` claim carries it.
 *
 * @example
 * ```ts
 * citizen.idCard?.expiry_date // '2030-05-17', or undefined for a card that does not expire
 * ```
 */
export type IdCardRecord = IdCardClaims['id_card']

/**
 * The health-insurance card as the `health_insurance` claim carries it.
 *
 * @example
 * ```ts
 * citizen.healthInsurance?.legacy_code // 'DN4010123456789'
 * ```
 */
export type HealthInsuranceRecord = HealthInsuranceClaims['health_insurance']

/**
 * One vaccination dose as the `vaccinations` claim carries it.
 *
 * @example
 * ```ts
 * const first: VaccinationRecord | undefined = citizen.vaccinations[0]
 * ```
 */
export type VaccinationRecord = VaccinationClaims['vaccinations'][number]

/**
 * The driving licence as the `driving_licence` claim carries it.
 *
 * @example
 * ```ts
 * citizen.drivingLicence?.classes.map((entry) => entry.class) // ['A1', 'B']
 * ```
 */
export type DrivingLicenceRecord = DrivingLicenceClaims['driving_licence']

/**
 * One qualification as the `education` claim carries it.
 *
 * @example
 * ```ts
 * const highest: EducationRecord | undefined = citizen.education.at(-1)
 * ```
 */
export type EducationRecord = EducationClaims['education'][number]

/**
 * A synthetic citizen: everything the population database and the registers connected to it hold about
 * one personal ID number, derived deterministically from the number (and a seed). Plain data, no methods:
 * it survives `JSON.stringify`/`JSON.parse` unchanged. Top-level keys are camelCase; the attribute
 * records are stored exactly as the provider releases them (snake_case), so {@link claimsFor} only picks.
 *
 * @example
 * ```ts
 * const citizen: SyntheticCitizen | undefined = citizenFor('001090001234')
 * citizen?.fullName // e.g. 'Nguyễn Văn An'
 * ```
 */
export type SyntheticCitizen = {
  /** The 12-digit personal identification number. */
  personalId: string
  /** Họ, chữ đệm và tên, surname first, NFC. */
  fullName: string
  familyName: string
  /** Absent for the few names without one. */
  middleName?: string
  /** The LAST word of the name (for names written with the clan last, "H'Hen Niê", the words before it). */
  givenName: string
  /**
   * Ethnic group (dân tộc): name, code and the code system the code belongs to. Population-register data
   * that no attribute releases yet: ethnic origin is sensitive personal data (Decree 13/2023 Art. 2(4)),
   * so it cannot ride along with `identity`; a sensitive attribute of its own is the place when a relying
   * party needs it.
   */
  ethnicity: Ethnicity
  /** Religion (tôn giáo): "Không" (none) or a recognised religion. Sensitive, like `ethnicity`. */
  religion: string
  /** `YYYY-MM-DD`; its year, like `gender`, is the one the personal ID number encodes. */
  birthDate: IsoDate
  gender: 'male' | 'female'
  /** Whole years on {@link SyntheticCitizen.referenceDate}. */
  age: number
  /** The day ages, validity and `ageOver18` were computed for (`today`). */
  referenceDate: IsoDate
  /** Where the birth was registered: the OLD province of the ID prefix (never mapped to a 2025 province). */
  birthplace: { provinceCode: string; province: string }
  level: LevelOfAssurance
  account: { status: AccountStatus }
  /** Sources that do not answer for this citizen; `{}` when all do. */
  sources: SourceStatuses
  /** Current address (nơi ở hiện tại). */
  address: AddressRecord
  /** Permanent address (nơi thường trú); often the same as the current one. */
  permanentAddress: AddressRecord
  /**
   * Own mobile number (registered with the account; `verified` once the account was activated by SMS).
   * Absent under 14 (`OWN_PHONE_MIN_AGE`): a child's SIM and e-ID account go through a parent or guardian.
   */
  phone?: { number: string; verified: boolean }
  /** The chip card (CCCD or CC), absent when none was issued. */
  idCard?: IdCardRecord
  /** Absent for citizens without health insurance. */
  healthInsurance?: HealthInsuranceRecord
  /** Recorded doses, oldest first; may be empty. */
  vaccinations: VaccinationRecord[]
  /** Adults only, and not all of them. */
  drivingLicence?: DrivingLicenceRecord
  /** Qualifications, lowest first; empty for young children. */
  education: EducationRecord[]
  /** Whether `age >= 18` on the reference date. */
  ageOver18: boolean
}

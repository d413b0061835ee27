import { generateAddresses } from './addresses.js'
import type { CitizenDates } from './calendar.js'
import type { CitizenOverrides } from './citizen-for.js'
import { type DrivingLicenceInput, drivingLicenceRecord, holdsDrivingLicence } from './driving-licence.js'
import { generateEducation } from './education.js'
import { type HealthInsuranceInput, healthInsuranceRecord, holdsHealthInsurance } from './health-insurance.js'
import { generateIdCard } from './id-card.js'
import { generateMobileNumber, OWN_PHONE_MIN_AGE } from './phone-number.js'
import type { Prng } from './prng.js'
import type {
  AddressRecord,
  DrivingLicenceRecord,
  EducationRecord,
  HealthInsuranceRecord,
  IdCardRecord,
  SyntheticCitizen,
  VaccinationRecord,
} from './synthetic-citizen.js'
import { generateVaccinations, type VaccinationInput } from './vaccinations.js'

/** What the records of one citizen are derived from: all known once the identity is. */
export type RecordInput = CitizenDates & {
  readonly personalId: string
  readonly age: number
  readonly birthProvinceCode: string
  /** Whether the citizen holds a chip card (the account decision, or an override). */
  readonly holdsIdCard: boolean
  readonly phoneVerified: boolean
  readonly overrides: CitizenOverrides
  /** The citizen's streams: `streamFor(aspect)` is seeded with (seed, number, aspect) and nothing else. */
  readonly streamFor: (aspect: string) => Prng
}

/** The input of the records issued near the current address (health insurance, licence, doses). */
type LocalRecordInput = HealthInsuranceInput & DrivingLicenceInput & VaccinationInput

type Addresses = { readonly current: AddressRecord; readonly permanent: AddressRecord }
type Phone = SyntheticCitizen['phone']
type Lazy = 'address' | 'permanentAddress' | 'phone' | 'idCard' | 'healthInsurance'
type LazyKey = Lazy | 'vaccinations' | 'drivingLicence' | 'education'

function merge<T extends object>(generated: T, override: Partial<T> | null | undefined): T {
  return override === undefined || override === null ? generated : { ...generated, ...override }
}

/**
 * The attribute records of one citizen, each generated on first read from its own stream (seeded with
 * the personal number and the record's name) and then kept: an identity-only lookup generates none of
 * them, and the order of the reads cannot change what they hold. Whether an optional record exists is
 * settled at construction (without generating it: the first draw of its stream, or the account
 * decision), so a citizen's keys are known before any record is read.
 *
 * @example
 * ```ts
 * const records = new LazyRecords(input)
 * records.has.drivingLicence // settled now
 * records.get('vaccinations') // generated now, from the 'vaccination' stream, then kept
 * ```
 */
export class LazyRecords {
  readonly #input: RecordInput
  #addresses: Addresses | undefined
  /** What the records issued where the citizen lives are drawn from (with the current address). */
  #local: LocalRecordInput | undefined
  readonly #values: { -readonly [K in LazyKey]?: SyntheticCitizen[K] } = {}
  readonly #healthStream: Prng | undefined
  readonly #licenceStream: Prng | undefined
  /** Whether each optional record is held; `false` also for a record whose key was deleted. */
  readonly has: { readonly [K in 'phone' | 'idCard' | 'healthInsurance' | 'drivingLicence']: boolean }

  /** The identity part this instance belongs to (set by {@link lazyCitizen}). */
  target!: CitizenTarget

  constructor(input: RecordInput) {
    this.#input = input
    const { overrides } = input
    let healthInsurance = false
    if (overrides.healthInsurance !== null) {
      this.#healthStream = input.streamFor('health-insurance')
      healthInsurance = holdsHealthInsurance(this.#healthStream, hold(overrides.healthInsurance))
    }
    let drivingLicence = false
    if (overrides.drivingLicence !== null && input.age >= 18) {
      this.#licenceStream = input.streamFor('driving-licence')
      drivingLicence = holdsDrivingLicence(this.#licenceStream, input, hold(overrides.drivingLicence))
    }
    this.has = {
      phone: overrides.phoneNumber !== undefined || input.age >= OWN_PHONE_MIN_AGE,
      idCard: input.holdsIdCard,
      healthInsurance,
      drivingLicence,
    }
  }

  /** The record (generated now if it was not yet); only read what {@link LazyRecords.has} says is held. */
  get<K extends LazyKey>(key: K): NonNullable<SyntheticCitizen[K]> {
    const values = this.#values
    if (key in values) return values[key] as NonNullable<SyntheticCitizen[K]>
    const value = this.#make(key)
    values[key] = value
    return value as NonNullable<SyntheticCitizen[K]>
  }

  /** Marks a record as not held (the citizen's key was deleted). */
  forget(key: LazyKey): void {
    ;(this.has as Record<string, boolean>)[key] = false
    delete this.#values[key]
  }

  #make<K extends LazyKey>(key: K): SyntheticCitizen[K] {
    const input = this.#input
    const { overrides } = input
    switch (key) {
      case 'address':
        return (overrides.address ?? this.#generatedAddresses().current) as SyntheticCitizen[K]
      case 'permanentAddress':
        return (overrides.permanentAddress ?? this.#generatedAddresses().permanent) as SyntheticCitizen[K]
      case 'phone':
        return {
          number: overrides.phoneNumber ?? generateMobileNumber(input.streamFor('phone')),
          verified: input.phoneVerified,
        } satisfies Phone as SyntheticCitizen[K]
      case 'idCard': {
        const card = generateIdCard(
          input.streamFor('id-card'),
          input.personalId,
          input.birthDate,
          input.today,
        )
        return (
          card === undefined ? undefined : merge<IdCardRecord>(card, overrides.idCard)
        ) as SyntheticCitizen[K]
      }
      case 'healthInsurance':
        return merge<HealthInsuranceRecord>(
          healthInsuranceRecord(this.#healthStream!, this.#inputWithAddress()),
          overrides.healthInsurance,
        ) as SyntheticCitizen[K]
      case 'drivingLicence':
        return merge<DrivingLicenceRecord>(
          drivingLicenceRecord(this.#licenceStream!, this.#inputWithAddress()),
          overrides.drivingLicence,
        ) as SyntheticCitizen[K]
      case 'vaccinations':
        return (overrides.vaccinations === undefined
          ? generateVaccinations(input.streamFor('vaccination'), this.#inputWithAddress())
          : [...overrides.vaccinations]) satisfies VaccinationRecord[] as SyntheticCitizen[K]
      default:
        return (overrides.education === undefined
          ? generateEducation(input.streamFor('education'), input.birthDate, input.today)
          : [...overrides.education]) satisfies EducationRecord[] as SyntheticCitizen[K]
    }
  }

  #inputWithAddress(): LocalRecordInput {
    if (this.#local === undefined) {
      // Spelt out: a spread of the whole input was a tenth of a health-insurance card's time.
      const input = this.#input
      this.#local = {
        birthDate: input.birthDate,
        birthDayNumber: input.birthDayNumber,
        today: input.today,
        todayNumber: input.todayNumber,
        age: input.age,
        birthProvinceCode: input.birthProvinceCode,
        address: this.get('address'),
      }
    }
    return this.#local
  }

  #generatedAddresses(): Addresses {
    this.#addresses ??= generateAddresses(this.#input.streamFor('address'), this.#input.birthProvinceCode)
    return this.#addresses
  }
}

/** `false` for a `null` override (remove the record), `true` for an object (force it), else undecided. */
export function hold<T>(override: Partial<T> | null | undefined): boolean | undefined {
  if (override === null) return false
  return override === undefined ? undefined : true
}

/** The citizen's keys in the order the eager model had them (so `JSON.stringify` gives the same text). */
const KEY_ORDER: readonly string[] = [
  'personalId',
  'fullName',
  'familyName',
  'middleName',
  'givenName',
  'ethnicity',
  'religion',
  'birthDate',
  'gender',
  'age',
  'referenceDate',
  'birthplace',
  'level',
  'account',
  'sources',
  'address',
  'permanentAddress',
  'phone',
  'idCard',
  'healthInsurance',
  'vaccinations',
  'drivingLicence',
  'education',
  'ageOver18',
]
const LAZY_KEYS: ReadonlySet<string> = new Set<LazyKey>([
  'address',
  'permanentAddress',
  'phone',
  'idCard',
  'healthInsurance',
  'vaccinations',
  'drivingLicence',
  'education',
])

/** Where the identity part keeps its records (a symbol: never a key of the citizen's data). */
export const RECORDS: unique symbol = Symbol('dinhdanh.citizen.records')
/** Node's inspect hook, without importing `node:util` (the msw kit runs in browsers too). */
export const INSPECT: unique symbol = Symbol.for('nodejs.util.inspect.custom') as never

/**
 * The identity part of a citizen (everything but the records) with its records and inspect hook: the
 * target of the {@link lazyCitizen} proxy.
 */
export type CitizenTarget = Omit<SyntheticCitizen, LazyKey> & {
  [RECORDS]: LazyRecords
  [INSPECT]: (this: SyntheticCitizen) => object
}

/** A held record the citizen has not read yet. */
function pending(target: CitizenTarget, key: string | symbol): key is LazyKey {
  return (
    typeof key === 'string' &&
    LAZY_KEYS.has(key) &&
    !Object.hasOwn(target, key) &&
    target[RECORDS].has[key as keyof LazyRecords['has']] !== false
  )
}

function materialize(target: CitizenTarget, key: LazyKey): void {
  ;(target as Record<string, unknown>)[key] = target[RECORDS].get(key)
}

/** A field of the citizen: its value, or the record generated now if it is held and not read yet. */
function readField(target: CitizenTarget, key: string | symbol): unknown {
  const value = (target as Record<string | symbol, unknown>)[key]
  if (value !== undefined || !pending(target, key)) return value
  materialize(target, key)
  return (target as Record<string, unknown>)[key]
}

const HANDLER: ProxyHandler<CitizenTarget> = {
  get: readField,
  has(target, key) {
    return key in target || pending(target, key)
  },
  ownKeys(target) {
    const keys = KEY_ORDER.filter((key) => Object.hasOwn(target, key) || pending(target, key))
    for (const key of Reflect.ownKeys(target)) {
      if (typeof key === 'string' && !keys.includes(key)) keys.push(key)
    }
    return keys
  },
  getOwnPropertyDescriptor(target, key) {
    if (pending(target, key)) materialize(target, key)
    return Reflect.getOwnPropertyDescriptor(target, key)
  },
  deleteProperty(target, key) {
    if (typeof key === 'string' && LAZY_KEYS.has(key)) target[RECORDS].forget(key as LazyKey)
    return Reflect.deleteProperty(target, key)
  },
}

/**
 * A citizen whose records are generated on first read: a proxy over the identity part that, when a
 * held record is read (directly, by `JSON.stringify`, spreading, `Object.keys`/`entries` or a test's deep
 * equality), generates it from its own stream and keeps it. It behaves as plain data with the keys of
 * the eager model, in the same order; `console.log` shows the whole citizen. One difference:
 * `structuredClone` (and `postMessage`) refuse proxies, so copy with `JSON` or a spread first.
 *
 * @example
 * ```ts
 * const citizen = lazyCitizen(target)
 * citizen.fullName // no record generated
 * citizen.vaccinations // generated now, then kept
 * ```
 */
export function lazyCitizen(target: CitizenTarget): SyntheticCitizen {
  target[RECORDS].target = target
  return new Proxy(target, HANDLER) as unknown as SyntheticCitizen
}

/**
 * A function reading the citizen's fields with the same answers as reading them on the citizen, for a
 * caller that reads many: a lazy citizen's reader skips its proxy (whose every read also checks the
 * target's property against the proxy invariants), a plain one's reads the object.
 *
 * @example
 * ```ts
 * const read = fieldReader(citizen)
 * read('vaccinations') // generated now if not yet, as `citizen.vaccinations` would be
 * ```
 */
export function fieldReader(
  citizen: SyntheticCitizen,
): <K extends keyof SyntheticCitizen>(key: K) => SyntheticCitizen[K] {
  const records = (citizen as Partial<CitizenTarget>)[RECORDS]
  if (records === undefined) return (key) => citizen[key]
  const target = records.target
  return (key) => readField(target, key) as SyntheticCitizen[typeof key]
}

/** `console.log(citizen)`: the whole citizen as plain data (every record generated). */
export function inspectCitizen(this: SyntheticCitizen): object {
  return { ...this }
}

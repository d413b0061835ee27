import { describe, expect, expectTypeOf, it } from 'vitest'
import type { CitizenAddresses } from './address.js'
import {
  ATTRIBUTE_NAMES,
  ATTRIBUTE_SOURCES,
  type AttributeName,
  type AttributeValue,
  attributeCatalogue,
  isAttributeName,
} from './catalogue.js'
import type { DrivingLicence } from './driving-licence.js'
import type { Education } from './education.js'
import type { HealthInsurance } from './health-insurance.js'
import type { IdCard } from './id-card.js'
import type { Citizen } from './identity.js'
import type { PhoneNumber } from './phone.js'
import type { Portrait } from './portrait.js'
import type { Vaccination } from './vaccination.js'

/** One valid set of released claims for every attribute, as a provider would put them in UserInfo. */
const claims: Record<string, unknown> = {
  sub: 'pairwise-subject',
  personal_id: '079301000123',
  name: 'Trần Thị Ngọc Anh',
  family_name: 'Trần',
  middle_name: 'Thị Ngọc',
  given_name: 'Anh',
  birthdate: '2001-08-09',
  gender: 'female',
  address: {
    formatted: '25 Lê Lợi, Phường Sài Gòn, TP Hồ Chí Minh',
    street_address: '25 Lê Lợi',
    locality: 'Phường Sài Gòn',
    region: 'TP Hồ Chí Minh',
    country: 'VN',
    province_code: '79',
  },
  phone_number: '+84912345678',
  phone_number_verified: true,
  id_card: {
    number: '079301000123',
    kind: 'CC',
    issue_date: '2024-08-01',
    expiry_date: '2026-08-09',
    issued_by: 'Bộ Công an',
  },
  health_insurance: {
    number: '7912345678',
    valid_from: '2025-01-01',
    valid_to: '2025-12-31',
    facility: { code: '79024', name: 'Bệnh viện Chợ Rẫy' },
  },
  vaccinations: [
    { vaccine: 'Vaxigrip', disease: 'Cúm', dose: 1, date: '2024-10-01', facility: 'VNVC Hoàng Văn Thụ' },
  ],
  driving_licence: {
    number: '790123456789',
    classes: [{ class: 'B', issue_date: '2022-01-01', expiry_date: '2032-01-01' }],
    issued_by: 'Sở Giao thông vận tải TP Hồ Chí Minh',
  },
  education: [
    {
      level: 'bachelor',
      qualification: 'Kỹ sư Phần mềm',
      institution: 'Trường Đại học Bách khoa',
      year: 2023,
    },
  ],
  age_over_18: true,
  portrait: {
    media_type: 'image/svg+xml',
    data: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>').toString('base64'),
  },
}

/** What an SDK does: validate with the catalogue schema, then map; generic over the attribute name. */
function read<K extends AttributeName>(name: K, input: unknown): AttributeValue<K> {
  const definition = attributeCatalogue[name]
  return definition.toValue(definition.schema.parse(input))
}

describe('attributeCatalogue', () => {
  it('has one definition per attribute name, named and scoped after it', () => {
    expect(Object.keys(attributeCatalogue)).toEqual([...ATTRIBUTE_NAMES])
    for (const name of ATTRIBUTE_NAMES) {
      const definition = attributeCatalogue[name]
      expect(definition.name).toBe(name)
      expect(definition.scope).toBe(name)
      expect(ATTRIBUTE_SOURCES).toContain(definition.source)
      expect(definition.label.vi.length).toBeGreaterThan(0)
      expect(definition.label.en.length).toBeGreaterThan(0)
      expect(definition.description.vi).toBe(definition.description.vi.normalize('NFC'))
      expect(definition.label.vi).toBe(definition.label.vi.normalize('NFC'))
    }
  })

  it('derives camelCase keys', () => {
    const keys = Object.fromEntries(ATTRIBUTE_NAMES.map((name) => [name, attributeCatalogue[name].key]))
    expect(keys).toEqual({
      identity: 'identity',
      address: 'address',
      phone: 'phone',
      id_card: 'idCard',
      health_insurance: 'healthInsurance',
      vaccination: 'vaccination',
      driving_licence: 'drivingLicence',
      education: 'education',
      age_over_18: 'ageOver18',
      portrait: 'portrait',
    })
  })

  it('lists exactly the claims each schema reads', () => {
    for (const name of ATTRIBUTE_NAMES) {
      const { schema, claims: released } = attributeCatalogue[name]
      const shape = schema as unknown as {
        shape?: Record<string, unknown>
        in?: { shape: Record<string, unknown> }
      }
      const keys = Object.keys(shape.shape ?? shape.in?.shape ?? {})
      expect([...released].sort(), name).toEqual(keys.sort())
    }
  })

  it('marks health and biometric data as sensitive', () => {
    const sensitive = ATTRIBUTE_NAMES.filter((name) => attributeCatalogue[name].sensitive)
    expect(sensitive).toEqual(['health_insurance', 'vaccination', 'portrait'])
  })

  it('validates and maps every attribute from one set of claims', () => {
    expect(read('identity', claims)).toEqual({
      personalId: '079301000123',
      fullName: 'Trần Thị Ngọc Anh',
      familyName: 'Trần',
      middleName: 'Thị Ngọc',
      givenName: 'Anh',
      birthDate: '2001-08-09',
      gender: 'female',
    })
    expect(read('address', claims).current).toMatchObject({ provinceCode: '79', legacy: false })
    expect(read('phone', claims)).toEqual({ number: '+84912345678', verified: true })
    expect(read('id_card', claims)).toMatchObject({ kind: 'CC', issueDate: '2024-08-01' })
    expect(read('health_insurance', claims)).toMatchObject({ number: '7912345678', validTo: '2025-12-31' })
    expect(read('vaccination', claims)).toHaveLength(1)
    expect(read('driving_licence', claims).classes[0]).toEqual({
      class: 'B',
      issueDate: '2022-01-01',
      expiryDate: '2032-01-01',
    })
    expect(read('education', claims)[0]?.level).toBe('bachelor')
    expect(read('age_over_18', claims)).toBe(true)
    expect(read('portrait', claims)).toMatchObject({ mediaType: 'image/svg+xml' })
  })

  it('is frozen', () => {
    expect(Object.isFrozen(attributeCatalogue)).toBe(true)
  })

  it('types each value', () => {
    expectTypeOf<AttributeValue<'identity'>>().toEqualTypeOf<Citizen>()
    expectTypeOf<AttributeValue<'address'>>().toEqualTypeOf<CitizenAddresses>()
    expectTypeOf<AttributeValue<'phone'>>().toEqualTypeOf<PhoneNumber>()
    expectTypeOf<AttributeValue<'id_card'>>().toEqualTypeOf<IdCard>()
    expectTypeOf<AttributeValue<'health_insurance'>>().toEqualTypeOf<HealthInsurance>()
    expectTypeOf<AttributeValue<'vaccination'>>().toEqualTypeOf<Vaccination[]>()
    expectTypeOf<AttributeValue<'driving_licence'>>().toEqualTypeOf<DrivingLicence>()
    expectTypeOf<AttributeValue<'education'>>().toEqualTypeOf<Education[]>()
    expectTypeOf<AttributeValue<'age_over_18'>>().toEqualTypeOf<boolean>()
    expectTypeOf<AttributeValue<'portrait'>>().toEqualTypeOf<Portrait>()
    expectTypeOf(attributeCatalogue.health_insurance.key).toEqualTypeOf<'healthInsurance'>()
    expectTypeOf(attributeCatalogue.age_over_18.key).toEqualTypeOf<'ageOver18'>()
  })
})

describe('isAttributeName', () => {
  it('accepts the ten names only', () => {
    for (const name of ATTRIBUTE_NAMES) expect(isAttributeName(name)).toBe(true)
    for (const other of ['bank_account', 'Identity', 'healthInsurance', '', 1, null, undefined]) {
      expect(isAttributeName(other)).toBe(false)
    }
  })
})

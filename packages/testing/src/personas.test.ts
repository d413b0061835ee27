import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import {
  ATTRIBUTE_NAMES,
  attributeCatalogue,
  citizenNameSchema,
  identityClaimsSchema,
  isDrivingLicenceValidOn,
  isHealthInsuranceValidOn,
  normalizeName,
  safeParsePersonalId,
  toDrivingLicence,
  toHealthInsurance,
} from '@dinhdanh/client/schemas'
import { describe, expect, it } from 'vitest'
import { citizenWithPersona, type PersonaName, personaFor, personas, personasMarkdown } from './personas.js'
import { personasOn } from './personas-on.js'
import { REFERENCE_DATE } from './population/calendar.js'
import { citizenFor } from './population/citizen-for.js'
import { attributeAvailability, claimsFor } from './population/claims.js'
import type { SyntheticCitizen } from './population/synthetic-citizen.js'

const names = Object.keys(personas) as PersonaName[]

function persona(name: PersonaName): SyntheticCitizen {
  const citizen = citizenWithPersona(personas[name].personalId)
  if (citizen === undefined) throw new Error(`persona ${name} has no citizen`)
  return citizen
}

describe('personas', () => {
  it('has at least 12 personas with distinct, valid numbers', () => {
    expect(names.length).toBeGreaterThanOrEqual(12)
    const numbers = new Set(names.map((name) => personas[name].personalId))
    expect(numbers.size).toBe(names.length)
    for (const name of names) expect(safeParsePersonalId(personas[name].personalId).ok).toBe(true)
  })

  it.each(names)(
    '%s: the number encodes the persona sex and birth year, and all claims pass the catalogue',
    (name) => {
      const citizen = persona(name)
      const info = safeParsePersonalId(citizen.personalId)
      if (!info.ok) throw new Error('invalid number')
      expect(citizen.gender).toBe(info.value.sex)
      expect(citizen.birthDate.slice(0, 4)).toBe(String(info.value.birthYear))
      expect(citizen.birthplace.province).toBe(info.value.province)
      expect(citizen.fullName).toBe(personas[name].overrides.fullName)
      const claims = claimsFor(citizen, ATTRIBUTE_NAMES)
      for (const attribute of ATTRIBUTE_NAMES) {
        if (attributeAvailability(citizen, attribute) === 'not_held') continue
        const result = attributeCatalogue[attribute].schema.safeParse(claims)
        expect(result.success, `${attribute}: ${result.error?.message}`).toBe(true)
      }
      expect(JSON.parse(JSON.stringify(citizen))).toStrictEqual(citizen)
      const documented = personas[name].description
      expect(documented.vi.length).toBeGreaterThan(0)
      expect(documented.en.length).toBeGreaterThan(0)
    },
  )

  it('personaFor finds personas by number, and only them', () => {
    expect(personaFor(personas.locked.personalId)?.name).toBe('locked')
    expect(personaFor('001090009999')).toBeUndefined()
    expect(citizenWithPersona('001090009999')).toStrictEqual(citizenFor('001090009999'))
    expect(citizenWithPersona('003090001234')).toBeUndefined()
  })

  it('the overrides change what the persona is about, the generated citizen keeps the rest', () => {
    const plain = citizenFor(personas.locked.personalId)!
    const overridden = persona('locked')
    expect(overridden.fullName).toBe('Phạm Thị Hương')
    expect(overridden.account.status).toBe('locked')
    expect(overridden.phone?.number).toBe(plain.phone?.number)
    expect(overridden.address).toEqual(plain.address)
  })

  it('options.overrides are laid over the persona', () => {
    const citizen = citizenWithPersona(personas.level2Adult.personalId, {
      overrides: { accountStatus: 'locked' },
    })!
    expect(citizen.account.status).toBe('locked')
    expect(citizen.fullName).toBe('Nguyễn Văn An')
  })
})

describe('each persona behaves as documented (reference date 2026-07-01)', () => {
  it('level2Adult: level 2, active, valid card, insurance and licence', () => {
    const citizen = persona('level2Adult')
    expect(citizen).toMatchObject({ level: 2, account: { status: 'active' }, age: 36, ageOver18: true })
    expect(citizen.idCard).toBeDefined()
    expect(citizen.phone?.verified).toBe(true)
    expect(citizen.address.region).toBe('Hà Nội')
    expect(claimsFor(citizen, ['address'])).not.toHaveProperty('permanent_address')
    expect(citizen.healthInsurance?.facility.code.slice(0, 2)).toBe('01')
    expect(
      isHealthInsuranceValidOn(
        toHealthInsurance({ health_insurance: citizen.healthInsurance! }),
        REFERENCE_DATE,
      ),
    ).toBe(true)
    const licence = toDrivingLicence({ driving_licence: citizen.drivingLicence! })
    expect(isDrivingLicenceValidOn(licence, 'B', REFERENCE_DATE)).toBe(true)
  })

  it('level1Adult: level 1 only', () => {
    expect(persona('level1Adult')).toMatchObject({ level: 1, account: { status: 'active' }, ageOver18: true })
  })

  it('awaitingActivation: pending SMS activation, phone not verified', () => {
    const citizen = persona('awaitingActivation')
    expect(citizen).toMatchObject({ level: 1, account: { status: 'pending_activation' } })
    expect(citizen.phone?.verified).toBe(false)
    expect(claimsFor(citizen, ['phone']).phone_number_verified).toBe(false)
  })

  it('locked and deceased: locked and revoked accounts', () => {
    expect(persona('locked').account.status).toBe('locked')
    expect(persona('deceased').account.status).toBe('revoked')
  })

  it('child10: 10 years old, level 1, under 18, no licence, no education yet', () => {
    const citizen = persona('child10')
    expect(citizen).toMatchObject({ age: 10, level: 1, ageOver18: false, gender: 'female' })
    expect(citizen.personalId[3]).toBe('3')
    expect(citizen.drivingLicence).toBeUndefined()
    expect(claimsFor(citizen, ['driving_licence', 'age_over_18'])).toEqual({ age_over_18: false })
    expect(citizen.education).toEqual([])
    // ADR 0005: on another day child10 is still 10, under the number of her new birth year.
    const onTheDay = personasOn('2030-01-01').child10.personalId
    expect(onTheDay).toBe('001319005566')
    expect(citizenWithPersona(onTheDay, { today: '2030-01-01' })).toMatchObject({ age: 10, level: 1 })
    expect(personaFor(personas.child10.personalId, '2030-01-01')).toBeUndefined()
  })

  it('teen16: 16, level 2 with a chip card, under 18', () => {
    const citizen = persona('teen16')
    expect(citizen).toMatchObject({ age: 16, level: 2, ageOver18: false })
    expect(citizen.idCard!.issue_date >= '2024-02-14').toBe(true)
  })

  it('elderlyLegacyId: old 9-digit ID on the card, which never expires', () => {
    const citizen = persona('elderlyLegacyId')
    expect(citizen.age).toBe(80)
    expect(citizen.idCard?.legacy_id_number).toBe('160123456')
    expect(citizen.idCard?.expiry_date).toBeUndefined()
    expect((claimsFor(citizen, ['id_card']).id_card as { legacy_id_number: string }).legacy_id_number).toBe(
      '160123456',
    )
  })

  it('noHealthInsurance: the claim is absent', () => {
    const citizen = persona('noHealthInsurance')
    expect(citizen.healthInsurance).toBeUndefined()
    expect(claimsFor(citizen, ['health_insurance'])).toEqual({})
    expect(attributeAvailability(citizen, 'health_insurance')).toBe('not_held')
  })

  it('expiredLicence: every class expired before the reference date', () => {
    const licence = persona('expiredLicence').drivingLicence!
    expect(licence.classes.length).toBeGreaterThan(0)
    for (const entry of licence.classes) expect(entry.expiry_date! < REFERENCE_DATE).toBe(true)
    expect(isDrivingLicenceValidOn(toDrivingLicence({ driving_licence: licence }), 'B', REFERENCE_DATE)).toBe(
      false,
    )
  })

  it('nfdName: NFD input normalises to the stored NFC name', () => {
    const citizen = persona('nfdName')
    const nfd = personas.nfdName.nameAsSuppliedNfd
    expect(nfd).not.toBe(citizen.fullName)
    expect(nfd.length).toBeGreaterThan(citizen.fullName.length)
    expect(citizen.fullName).toBe(citizen.fullName.normalize('NFC'))
    expect(normalizeName(nfd)).toBe(citizen.fullName)
    expect(citizenNameSchema.parse(nfd)).toBe(citizen.fullName)
    // The same persona built from the NFD input stores the NFC name.
    const fromNfd = citizenFor(citizen.personalId, {
      overrides: { ...personas.nfdName.overrides, fullName: nfd },
    })!
    expect(fromNfd.fullName).toBe(citizen.fullName)
    expect(fromNfd.givenName).toBe('Huyền')
    expect(fromNfd.middleName).toBe('Thị Ngọc')
    const claims = claimsFor(citizen, ['identity'])
    const nfdClaims = { ...claims, name: nfd, given_name: 'Huyền'.normalize('NFD') }
    expect(identityClaimsSchema.parse(nfdClaims).name).toBe(citizen.fullName)
  })

  it('healthInsuranceSourceDown: holds a card, but the source is unavailable', () => {
    const citizen = persona('healthInsuranceSourceDown')
    expect(citizen.sources).toEqual({ health_insurance: 'unavailable' })
    expect(citizen.healthInsurance).toBeDefined()
    expect(attributeAvailability(citizen, 'health_insurance')).toBe('source_unavailable')
    expect(attributeAvailability(citizen, 'identity')).toBe('held')
  })

  it('toddler4NoAccount: level 0, no account', () => {
    expect(persona('toddler4NoAccount')).toMatchObject({ age: 4, level: 0, account: { status: 'none' } })
  })

  it('turns18Today and turns18Tomorrow: the 18th birthday boundary', () => {
    expect(persona('turns18Today')).toMatchObject({ age: 18, ageOver18: true })
    expect(persona('turns18Tomorrow')).toMatchObject({ age: 17, ageOver18: false })
    // Her record is 18 the next day; the persona of the next day is someone born a day later (ADR 0005).
    const trang = personas.turns18Tomorrow
    expect(citizenFor(trang.personalId, { today: '2026-07-02', overrides: trang.overrides })?.ageOver18).toBe(
      true,
    )
    expect(citizenWithPersona(trang.personalId, { today: '2026-07-02' })).toMatchObject({
      birthDate: '2008-07-03',
      ageOver18: false,
    })
  })
})

describe('the table in the personas TSDoc', () => {
  it('matches the personas (number, name, level, account status)', () => {
    const source = readFileSync(fileURLToPath(new URL('./personas.ts', import.meta.url)), 'utf8')
    const rows = source
      .split('\n')
      .filter((line) => line.startsWith(' * | `'))
      .map((line) =>
        line
          .slice(3)
          .split('|')
          .map((cell) => cell.trim()),
      )
    expect(rows.map((cells) => cells[1]!.replaceAll('`', ''))).toEqual(names)
    for (const cells of rows) {
      const citizen = persona(cells[1]!.replaceAll('`', '') as PersonaName)
      expect(cells.slice(2, 6)).toEqual([
        citizen.personalId,
        citizen.fullName,
        String(citizen.level),
        citizen.account.status,
      ])
    }
  })
})

describe('personasMarkdown', () => {
  it('lists every persona with its number, name, level and account status', () => {
    const table = personasMarkdown()
    for (const name of names) {
      const citizen = persona(name)
      expect(table).toContain(
        `| \`${name}\` | ${citizen.personalId} | ${citizen.fullName} | ${citizen.level} | ${citizen.account.status} | ${citizen.age} |`,
      )
    }
    expect(table.split('\n')).toHaveLength(names.length + 2)
  })
})

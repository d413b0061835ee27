import { inspect } from 'node:util'
import { ATTRIBUTE_NAMES, safeParsePersonalId } from '@dinhdanh/client/schemas'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { generateAddresses } from './addresses.js'
import { citizenFor, readNumber } from './citizen-for.js'
import { claimsFor } from './claims.js'
import { drivingLicenceRecord } from './driving-licence.js'
import { generateEducation } from './education.js'
import { healthInsuranceRecord } from './health-insurance.js'
import { generateIdCard } from './id-card.js'
import { generateMobileNumber } from './phone-number.js'
import { randomPersonalId } from './random-personal-id.js'
import type { SyntheticCitizen } from './synthetic-citizen.js'
import { generateVaccinations } from './vaccinations.js'

// Every record generator, counted (the real implementation still runs).
vi.mock('./addresses.js', async (load) => {
  const real = await load<typeof import('./addresses.js')>()
  return { ...real, generateAddresses: vi.fn(real.generateAddresses) }
})
vi.mock('./vaccinations.js', async (load) => {
  const real = await load<typeof import('./vaccinations.js')>()
  return { ...real, generateVaccinations: vi.fn(real.generateVaccinations) }
})
vi.mock('./education.js', async (load) => {
  const real = await load<typeof import('./education.js')>()
  return { ...real, generateEducation: vi.fn(real.generateEducation) }
})
vi.mock('./health-insurance.js', async (load) => {
  const real = await load<typeof import('./health-insurance.js')>()
  return { ...real, healthInsuranceRecord: vi.fn(real.healthInsuranceRecord) }
})
vi.mock('./driving-licence.js', async (load) => {
  const real = await load<typeof import('./driving-licence.js')>()
  return { ...real, drivingLicenceRecord: vi.fn(real.drivingLicenceRecord) }
})
vi.mock('./id-card.js', async (load) => {
  const real = await load<typeof import('./id-card.js')>()
  return { ...real, generateIdCard: vi.fn(real.generateIdCard) }
})
vi.mock('./phone-number.js', async (load) => {
  const real = await load<typeof import('./phone-number.js')>()
  return { ...real, generateMobileNumber: vi.fn(real.generateMobileNumber) }
})

const generators = {
  generateAddresses,
  generateVaccinations,
  generateEducation,
  healthInsuranceRecord,
  drivingLicenceRecord,
  generateIdCard,
  generateMobileNumber,
}
const calls = () =>
  Object.fromEntries(Object.entries(generators).map(([name, fn]) => [name, vi.mocked(fn).mock.calls.length]))
const none = Object.fromEntries(Object.keys(generators).map((name) => [name, 0]))

const RECORD_KEYS = [
  'address',
  'permanentAddress',
  'phone',
  'idCard',
  'healthInsurance',
  'vaccinations',
  'drivingLicence',
  'education',
] as const satisfies readonly (keyof SyntheticCitizen)[]

const numbers = Array.from({ length: 300 }, (_, index) => randomPersonalId('lazy-records', index))

describe('lazy records (issue 13)', () => {
  beforeEach(() => vi.clearAllMocks())

  it('an identity lookup generates no record (addresses, phone, card, insurance, doses, licence, education)', () => {
    for (const number of numbers) {
      const citizen = citizenFor(number)!
      claimsFor(citizen, ['identity', 'age_over_18'])
      expect(citizen.level).toBeGreaterThanOrEqual(0)
    }
    expect(calls()).toEqual(none)
  })

  it('generates a record on its first read only, and only that record (and the address it depends on)', () => {
    const citizen = citizenFor('001090001234')!
    const first = citizen.vaccinations
    expect(citizen.vaccinations).toBe(first)
    expect(calls()).toEqual({ ...none, generateVaccinations: 1, generateAddresses: 1 })
  })

  it('claimsFor generates only the records the attributes release, and releases what the citizen holds', () => {
    const citizen = citizenFor('001090001234')!
    claimsFor(citizen, ['identity', 'phone', 'age_over_18'])
    expect(calls()).toEqual({ ...none, generateMobileNumber: 1 })
    claimsFor(citizen, ['vaccination'])
    expect(calls()).toEqual({
      ...none,
      generateMobileNumber: 1,
      generateVaccinations: 1,
      generateAddresses: 1,
    })
    for (const number of numbers) {
      const lazy = citizenFor(number)!
      const claims = claimsFor(lazy, ATTRIBUTE_NAMES)
      expect(claims).toEqual(claimsFor(JSON.parse(JSON.stringify(lazy)), ATTRIBUTE_NAMES))
    }
  })

  it('gives the same citizen whatever order the records are read in', () => {
    for (const number of numbers) {
      const forwards = citizenFor(number)!
      const backwards = citizenFor(number)!
      const claimsFirst = citizenFor(number)!
      for (const key of RECORD_KEYS) void forwards[key]
      for (const key of [...RECORD_KEYS].reverse()) void backwards[key]
      const claims = claimsFor(claimsFirst, [...ATTRIBUTE_NAMES].reverse())
      expect(JSON.stringify(backwards)).toBe(JSON.stringify(forwards))
      expect(JSON.stringify(claimsFirst)).toBe(JSON.stringify(forwards))
      expect(claims).toEqual(claimsFor(forwards, ATTRIBUTE_NAMES))
    }
  })

  it('behaves as plain data: keys, spread, JSON, `in`, assignment, deletion, console.log', () => {
    const citizen = citizenFor('001090001234')!
    const copy = JSON.parse(JSON.stringify(citizen)) as SyntheticCitizen
    expect(copy).toStrictEqual(citizen)
    expect({ ...citizen }).toStrictEqual(copy)
    expect(Object.keys(citizen)).toEqual(Object.keys(copy))
    const child = citizenFor('001316005566')!
    expect('phone' in child).toBe(false)
    expect(Object.keys(child)).not.toContain('phone')
    expect('education' in child).toBe(true)
    citizen.address = { ...citizen.address, locality: 'Phường Hoàn Kiếm' }
    expect(citizen.address.locality).toBe('Phường Hoàn Kiếm')
    delete citizen.drivingLicence
    expect('drivingLicence' in citizen).toBe(false)
    expect(inspect(child)).toContain('vaccinations')
  })
})

describe('readNumber', () => {
  it('agrees with safeParsePersonalId on which numbers are citizens', () => {
    const samples = [
      ...numbers,
      '003090001234',
      '001490001234',
      '001230001234',
      '00109000123a',
      '０01090001234',
      '001090001234 ',
    ]
    for (let index = 0; index < 2000; index++) {
      samples.push(String((index * 2654435761) % 1e12).padStart(12, '0'))
    }
    for (const number of samples) {
      const parsed = safeParsePersonalId(number, { now: new Date(Date.UTC(2026, 5, 15)) })
      const read = readNumber(number, 2026)
      expect(read === undefined, number).toBe(!parsed.ok)
      if (parsed.ok) {
        const { provinceCode, province, sex, birthYear } = parsed.value
        expect(read).toEqual({ provinceCode, province, sex, birthYear })
      }
    }
  })
})

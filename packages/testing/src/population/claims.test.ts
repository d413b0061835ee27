import {
  ATTRIBUTE_NAMES,
  type AttributeName,
  attributeCatalogue,
  identityClaimsSchema,
  OLD_PROVINCE_CODES,
} from '@dinhdanh/client/schemas'
import fc from 'fast-check'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { isoOf } from './calendar.js'
import { citizenFor } from './citizen-for.js'
import { attributeAvailability, claimsFor } from './claims.js'
import { randomPersonalId } from './random-personal-id.js'
import type { SyntheticCitizen } from './synthetic-citizen.js'

/**
 * The schemas judge dates against the wall clock (no birth, dose or card after today), as a relying party
 * must; a citizen generated for another `today` is checked with the clock set to that day (noon in Vietnam).
 */
let clockSetTo: string | undefined

function setClockTo(today: string): void {
  if (clockSetTo === today) return
  if (clockSetTo === undefined) vi.useFakeTimers({ toFake: ['Date'] })
  vi.setSystemTime(new Date(`${today}T12:00:00+07:00`))
  clockSetTo = today
}

afterEach(() => {
  vi.useRealTimers()
  clockSetTo = undefined
})

/** Checks every requested attribute's claims against the catalogue schema; returns the first failure. */
function schemaFailure(citizen: SyntheticCitizen): string | undefined {
  setClockTo(citizen.referenceDate)
  const claims = claimsFor(citizen, ATTRIBUTE_NAMES)
  for (const name of ATTRIBUTE_NAMES) {
    if (attributeAvailability(citizen, name) === 'not_held') {
      const own = attributeCatalogue[name].claims.filter((claim) => claim in claims)
      if (own.length > 0) return `${name}: not held, yet ${own.join(', ')} released`
      continue
    }
    const result = attributeCatalogue[name].schema.safeParse(claims)
    if (!result.success) {
      return `${name} for ${citizen.personalId}: ${JSON.stringify(result.error.issues)}`
    }
  }
  return undefined
}

describe('claimsFor: every citizen passes the catalogue', () => {
  it('10,000 numbers from randomPersonalId: every attribute passes its schema', () => {
    const failures: string[] = []
    const held = Object.fromEntries(ATTRIBUTE_NAMES.map((name) => [name, 0])) as Record<AttributeName, number>
    for (let index = 0; index < 10_000; index++) {
      const citizen = citizenFor(randomPersonalId('catalogue', index))
      if (citizen === undefined) {
        failures.push(`index ${index}: no citizen`)
        continue
      }
      const failure = schemaFailure(citizen)
      if (failure !== undefined) failures.push(failure)
      for (const name of ATTRIBUTE_NAMES) if (attributeAvailability(citizen, name) === 'held') held[name]++
    }
    expect(failures.slice(0, 5)).toEqual([])
    // Every attribute is exercised, held and not held.
    expect(held.driving_licence).toBeGreaterThan(2000)
    expect(held.driving_licence).toBeLessThan(10_000)
    expect(held.health_insurance).toBeGreaterThan(8500)
    expect(held.health_insurance).toBeLessThan(10_000)
    expect(held.id_card).toBeLessThan(10_000)
    // About 3 s alone; CI runs it beside every other project on two cores.
  }, 60_000)

  // The personal_id schema judges the century against the wall clock, so numbers of the 2100s (valid for a
  // generator asked about a day in 2100 or later) cannot pass it before 2100: digits 0-3 only here.
  it('any structurally valid number of the 1900s and 2000s on any day from 1990 to 2099 (fast-check)', () => {
    const provinces = Object.keys(OLD_PROVINCE_CODES)
    const arbitrary = fc
      .record({
        province: fc.constantFrom(...provinces),
        centuryDigit: fc.integer({ min: 0, max: 3 }),
        yy: fc.integer({ min: 0, max: 99 }),
        serial: fc.integer({ min: 0, max: 999_999 }),
        year: fc.integer({ min: 1990, max: 2099 }),
        month: fc.integer({ min: 1, max: 12 }),
        day: fc.integer({ min: 1, max: 28 }),
        seed: fc.string({ maxLength: 12 }),
      })
      .map((input) => ({
        personalId: `${input.province}${input.centuryDigit}${String(input.yy).padStart(2, '0')}${String(input.serial).padStart(6, '0')}`,
        today: isoOf(input.year, input.month, input.day),
        seed: input.seed,
      }))
    fc.assert(
      fc.property(arbitrary, ({ personalId, today, seed }) => {
        const birthYear = 1900 + Math.floor(Number(personalId[3]) / 2) * 100 + Number(personalId.slice(4, 6))
        const citizen = citizenFor(personalId, { today, seed })
        if (birthYear > Number(today.slice(0, 4))) return citizen === undefined
        if (citizen === undefined) return false
        expect(schemaFailure(citizen)).toBeUndefined()
        expect(citizen.birthDate <= today).toBe(true)
        return true
      }),
      { numRuns: 3000 },
    )
  })
})

describe('claimsFor: beyond the wall clock', () => {
  it('still passes every schema that does not judge the century, for a citizen born in 2100', () => {
    const citizen = citizenFor('079400012345', { today: '2150-06-01' })!
    expect(citizen.birthDate.slice(0, 4)).toBe('2100')
    // Doses and cards dated in 2100-2150 are in the future for today's wall clock: judge them in 2150.
    setClockTo('2150-06-01')
    const claims = claimsFor(citizen, ATTRIBUTE_NAMES)
    for (const name of ATTRIBUTE_NAMES) {
      if (name === 'identity' || name === 'id_card' || attributeAvailability(citizen, name) === 'not_held')
        continue
      expect(attributeCatalogue[name].schema.safeParse(claims).success).toBe(true)
    }
  })
})

describe('claimsFor: shape', () => {
  const citizen = citizenFor('001090001234')!

  it('releases exactly the claims the catalogue lists for the requested attributes', () => {
    for (const name of ATTRIBUTE_NAMES) {
      const claims = claimsFor(citizen, [name])
      const allowed: readonly string[] = attributeCatalogue[name].claims
      for (const key of Object.keys(claims)) expect(allowed).toContain(key)
    }
    expect(claimsFor(citizen, [])).toEqual({})
  })

  it('uses the snake_case OIDC claim names', () => {
    const claims = claimsFor(citizen, ['identity', 'phone', 'age_over_18'])
    expect(Object.keys(claims)).toEqual(
      expect.arrayContaining([
        'personal_id',
        'name',
        'family_name',
        'given_name',
        'birthdate',
        'gender',
        'phone_number',
        'phone_number_verified',
        'age_over_18',
      ]),
    )
    expect(identityClaimsSchema.parse(claims).name).toBe(citizen.fullName)
  })

  it('ignores names that are not attributes (scopes such as openid)', () => {
    expect(claimsFor(citizen, ['openid', 'age_over_18'] as unknown as AttributeName[])).toEqual({
      age_over_18: true,
    })
  })

  it('leaves out records the citizen does not hold and permanent_address when it is the same', () => {
    const child = citizenFor(randomPersonalId('child', 0, { minAge: 8, maxAge: 12 }))!
    expect(child.drivingLicence).toBeUndefined()
    expect(claimsFor(child, ['driving_licence'])).toEqual({})
    expect(attributeAvailability(child, 'driving_licence')).toBe('not_held')
    const withoutCard = { ...citizen }
    delete withoutCard.healthInsurance
    expect(claimsFor(withoutCard, ['health_insurance'])).toEqual({})
    const sameAddress = { ...citizen, permanentAddress: { ...citizen.address } }
    expect(claimsFor(sameAddress, ['address'])).not.toHaveProperty('permanent_address')
    const moved = {
      ...citizen,
      permanentAddress: { ...citizen.address, formatted: 'Xóm Đông, Xã Hòa An, Cao Bằng' },
    }
    expect(claimsFor(moved, ['address'])).toHaveProperty('permanent_address')
  })

  it('returns a deep copy', () => {
    const claims = claimsFor(citizen, ['address', 'vaccination'])
    ;(claims.address as { locality: string }).locality = 'changed'
    expect(citizen.address.locality).not.toBe('changed')
  })

  it('returns a deep copy of nested records too (facility, licence classes, doses), and a fresh one each time', () => {
    const holdsAll = (citizen: SyntheticCitizen | undefined) =>
      citizen?.drivingLicence !== undefined &&
      citizen.healthInsurance !== undefined &&
      citizen.idCard !== undefined &&
      citizen.vaccinations.length > 0
    const numbers = Array.from({ length: 200 }, (_, index) =>
      randomPersonalId('deep-copy', index, { minAge: 30 }),
    )
    const adult = citizenFor(numbers.find((number) => holdsAll(citizenFor(number)))!)!
    const before = JSON.stringify(adult)
    const claims = claimsFor(adult, ATTRIBUTE_NAMES) as unknown as {
      health_insurance: NonNullable<SyntheticCitizen['healthInsurance']>
      driving_licence: NonNullable<SyntheticCitizen['drivingLicence']>
      id_card: NonNullable<SyntheticCitizen['idCard']>
      vaccinations: SyntheticCitizen['vaccinations']
      education: SyntheticCitizen['education']
    }
    claims.health_insurance.facility.name = 'changed'
    claims.driving_licence.classes[0]!.issue_date = '2000-01-01'
    claims.driving_licence.classes.length = 0
    claims.vaccinations[0]!.facility = 'changed'
    claims.vaccinations.length = 0
    claims.education.length = 0
    claims.id_card.issued_by = 'changed'
    expect(JSON.stringify(adult)).toBe(before)
    expect(JSON.stringify(claimsFor(adult, ATTRIBUTE_NAMES))).toBe(
      JSON.stringify(claimsFor(JSON.parse(before), ATTRIBUTE_NAMES)),
    )
  })

  it('reports unavailable sources without hiding the record', () => {
    const down = { ...citizen, sources: { health_insurance: 'unavailable' as const } }
    expect(attributeAvailability(down, 'health_insurance')).toBe('source_unavailable')
    expect(attributeAvailability(down, 'identity')).toBe('held')
  })
})

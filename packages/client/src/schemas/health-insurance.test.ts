import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  HEALTH_INSURANCE_GROUPS,
  healthInsuranceClaimsSchema,
  isHealthInsuranceValidOn,
  toHealthInsurance,
} from './health-insurance.js'
import { OLD_PROVINCE_CODES } from './personal-id.js'

const card = {
  number: '0123456789',
  legacy_code: 'DN4010123456789',
  benefit_level: 4,
  valid_from: '2025-01-01',
  valid_to: '2025-12-31',
  facility: { code: '01001', name: 'Bệnh viện Bạch Mai' },
}

const parse = (patch: Record<string, unknown>) =>
  healthInsuranceClaimsSchema.safeParse({ health_insurance: { ...card, ...patch } })

describe('healthInsuranceClaimsSchema', () => {
  it('accepts a card with and without the legacy code', () => {
    expect(healthInsuranceClaimsSchema.parse({ health_insurance: card })).toEqual({ health_insurance: card })
    expect(parse({ legacy_code: undefined, benefit_level: undefined }).success).toBe(true)
  })

  it('cross-checks that the legacy code ends with the number', () => {
    const result = parse({ legacy_code: 'DN4019999999999' })
    expect(result.success).toBe(false)
    expect(result.error?.issues).toEqual([
      expect.objectContaining({ path: ['health_insurance', 'legacy_code'] }),
    ])
    expect(JSON.stringify(result.error)).not.toContain('9999999999')
  })

  it('cross-checks benefit_level against the legacy code', () => {
    expect(parse({ benefit_level: 3 }).error?.issues).toEqual([
      expect.objectContaining({ path: ['health_insurance', 'benefit_level'] }),
    ])
  })

  it('rejects malformed legacy codes', () => {
    for (const legacy_code of [
      'dn4010123456789',
      'DN6010123456789',
      'DN0010123456789',
      'DN401012345678',
      'D14010123456789',
    ]) {
      expect(parse({ legacy_code, benefit_level: undefined }).success, legacy_code).toBe(false)
    }
  })

  it('rejects malformed numbers, levels, dates and facilities', () => {
    for (const patch of [
      { number: '012345678' },
      { number: '01234567890' },
      { number: 'A123456789', legacy_code: undefined },
      { benefit_level: 0, legacy_code: undefined },
      { benefit_level: 6, legacy_code: undefined },
      { benefit_level: 2.5, legacy_code: undefined },
      { valid_from: '2025-02-29' },
      { valid_to: '2024-12-31' },
      { facility: { code: '01001' } },
      { facility: { code: '', name: 'Bệnh viện Bạch Mai' } },
    ]) {
      expect(parse(patch).success, JSON.stringify(patch)).toBe(false)
    }
  })

  it('accepts a one-day validity period', () => {
    expect(parse({ valid_to: '2025-01-01' }).success).toBe(true)
  })
})

describe('toHealthInsurance', () => {
  it('maps to camelCase', () => {
    expect(toHealthInsurance(healthInsuranceClaimsSchema.parse({ health_insurance: card }))).toEqual({
      number: '0123456789',
      legacyCode: 'DN4010123456789',
      benefitLevel: 4,
      validFrom: '2025-01-01',
      validTo: '2025-12-31',
      facility: { code: '01001', name: 'Bệnh viện Bạch Mai' },
    })
  })

  it('reads the benefit level from the legacy code when not sent, and omits absent fields', () => {
    const fromCode = toHealthInsurance(
      healthInsuranceClaimsSchema.parse({ health_insurance: { ...card, benefit_level: undefined } }),
    )
    expect(fromCode.benefitLevel).toBe(4)
    const bare = toHealthInsurance(
      healthInsuranceClaimsSchema.parse({
        health_insurance: { ...card, benefit_level: undefined, legacy_code: undefined },
      }),
    )
    expect('benefitLevel' in bare || 'legacyCode' in bare).toBe(false)
  })
})

describe('isHealthInsuranceValidOn', () => {
  const value = { validFrom: '2025-01-01', validTo: '2025-12-31' }

  it('includes both ends of the period', () => {
    expect(isHealthInsuranceValidOn(value, '2025-01-01')).toBe(true)
    expect(isHealthInsuranceValidOn(value, '2025-12-31')).toBe(true)
    expect(isHealthInsuranceValidOn(value, '2024-12-31')).toBe(false)
    expect(isHealthInsuranceValidOn(value, '2026-01-01')).toBe(false)
  })

  it('reads a Date as the day in Vietnam', () => {
    expect(isHealthInsuranceValidOn(value, new Date('2025-12-31T16:59:59Z'))).toBe(true)
    expect(isHealthInsuranceValidOn(value, new Date('2025-12-31T17:00:00Z'))).toBe(false)
  })

  it('throws on an invalid date', () => {
    expect(() => isHealthInsuranceValidOn(value, '31/12/2025')).toThrow(RangeError)
  })
})

describe('healthInsuranceClaimsSchema: codes the register would refuse', () => {
  const base = {
    number: '0123456789',
    valid_from: '2025-01-01',
    valid_to: '2025-12-31',
    facility: { code: '01001', name: 'Bệnh viện Bạch Mai' },
  }
  const parse = (card: Record<string, unknown>) =>
    healthInsuranceClaimsSchema.safeParse({ health_insurance: card })
  const letters = fc.stringMatching(/^[A-Z]{2}$/)

  it('accepts every group of Decision 1351/QĐ-BHXH and refuses any other 2 letters', () => {
    fc.assert(
      fc.property(letters, fc.integer({ min: 1, max: 5 }), (group, level) => {
        const result = parse({ ...base, legacy_code: `${group}${level}01${base.number}` })
        const known = Object.hasOwn(HEALTH_INSURANCE_GROUPS, group)
        const groupIssue = result.error?.issues.find(
          (issue) => (issue as { params?: { expected?: string } }).params?.expected === 'group',
        )
        expect(groupIssue === undefined, group).toBe(known)
      }),
    )
    expect(parse({ ...base, legacy_code: 'ZZ4010123456789' }).success).toBe(false)
    expect(parse({ ...base, legacy_code: 'XY4010123456789' }).success).toBe(false)
  })

  it('refuses the provinces 00 and 99 in the number and in the 15-character code', () => {
    for (const card of [
      { ...base, number: '0012345678' },
      { ...base, number: '9912345678' },
      { ...base, legacy_code: 'DN4000123456789' },
      { ...base, legacy_code: 'DN4990123456789' },
    ]) {
      const result = parse(card)
      expect(result.success, JSON.stringify(card)).toBe(false)
      expect(result.error?.issues[0]).toMatchObject({ params: { expected: 'province' } })
    }
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 96 }), fc.stringMatching(/^[0-9]{8}$/), (province, rest) => {
        const code = String(province).padStart(2, '0')
        const number = `${code}${rest}`
        const known = Object.hasOwn(OLD_PROVINCE_CODES, `0${code}`)
        expect(parse({ ...base, number }).success).toBe(known)
      }),
    )
  })
})

describe('healthInsuranceClaimsSchema: the benefit level the group gives', () => {
  it("refuses a level other than the group's (TE2: children under 6 are TE1) and accepts the right one", () => {
    const base = {
      number: '0123456789',
      valid_from: '2025-01-01',
      valid_to: '2025-12-31',
      facility: { code: '01001', name: 'Bệnh viện Bạch Mai' },
    }
    const parse = (legacy_code: string) =>
      healthInsuranceClaimsSchema.safeParse({ health_insurance: { ...base, legacy_code } })
    expect(parse('TE1010123456789').success).toBe(true)
    expect(parse('TE2010123456789').success).toBe(false)
    fc.assert(
      fc.property(
        fc.constantFrom(...Object.keys(HEALTH_INSURANCE_GROUPS)),
        fc.integer({ min: 1, max: 5 }),
        (group, level) => {
          expect(parse(`${group}${level}01${base.number}`).success).toBe(
            HEALTH_INSURANCE_GROUPS[group] === level,
          )
        },
      ),
    )
  })
})

import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  DRIVING_LICENCE_CLASSES,
  drivingLicenceClaimsSchema,
  isDrivingLicenceValidOn,
  LEGACY_CLASS_EQUIVALENTS,
  LEGACY_DRIVING_LICENCE_CLASSES,
  toDrivingLicence,
} from './driving-licence.js'

const licence = {
  number: '010123456789',
  classes: [
    { class: 'A1', issue_date: '2015-06-01' },
    { class: 'B', issue_date: '2020-03-01', expiry_date: '2030-03-01' },
  ],
  issued_by: 'Sở Giao thông vận tải Hà Nội',
}

const parse = (patch: Record<string, unknown>) =>
  drivingLicenceClaimsSchema.safeParse({ driving_licence: { ...licence, ...patch } })

describe('drivingLicenceClaimsSchema', () => {
  it('accepts a licence with several classes', () => {
    expect(drivingLicenceClaimsSchema.parse({ driving_licence: licence })).toEqual({
      driving_licence: licence,
    })
  })

  it('accepts every class of the 2024 law, with an expiry date exactly for the classes that expire', () => {
    expect(DRIVING_LICENCE_CLASSES).toHaveLength(15)
    for (const cls of DRIVING_LICENCE_CLASSES) {
      const expires = !['A1', 'A', 'B1'].includes(cls)
      const entry = {
        class: cls,
        issue_date: '2025-01-01',
        ...(expires ? { expiry_date: '2030-01-01' } : {}),
      }
      expect(parse({ classes: [entry] }).success, cls).toBe(true)
    }
  })

  it('rejects malformed licences', () => {
    for (const patch of [
      { number: '01012345678' },
      { number: 'AB0123456789' },
      { classes: [] },
      { classes: [{ class: 'B2', issue_date: '2025-02-01', expiry_date: '2035-02-01' }] },
      { classes: [{ class: 'B', issue_date: '2020-01-01', expiry_date: '2019-12-31' }] },
      { classes: [{ class: 'B', issue_date: '2020-02-30' }] },
      {
        classes: [
          { class: 'B', issue_date: '2020-01-01' },
          { class: 'B', issue_date: '2021-01-01' },
        ],
      },
      { issued_by: '' },
    ]) {
      expect(parse(patch).success, JSON.stringify(patch)).toBe(false)
    }
  })
})

describe('toDrivingLicence', () => {
  it('maps to camelCase, omitting absent expiry dates', () => {
    expect(toDrivingLicence(drivingLicenceClaimsSchema.parse({ driving_licence: licence }))).toEqual({
      number: '010123456789',
      classes: [
        {
          class: 'A1',
          issueDate: '2015-06-01',
          legacy: { equivalent: 'A', limit: 'motorcycles up to 175 cm³ or 14 kW' },
        },
        { class: 'B', issueDate: '2020-03-01', expiryDate: '2030-03-01' },
      ],
      issuedBy: 'Sở Giao thông vận tải Hà Nội',
    })
  })
})

describe('isDrivingLicenceValidOn', () => {
  const value = toDrivingLicence(drivingLicenceClaimsSchema.parse({ driving_licence: licence }))

  it('checks the class, issue date and expiry date (inclusive)', () => {
    expect(isDrivingLicenceValidOn(value, 'B', '2025-06-15')).toBe(true)
    expect(isDrivingLicenceValidOn(value, 'B', '2020-03-01')).toBe(true)
    expect(isDrivingLicenceValidOn(value, 'B', '2030-03-01')).toBe(true)
    expect(isDrivingLicenceValidOn(value, 'B', '2030-03-02')).toBe(false)
    expect(isDrivingLicenceValidOn(value, 'B', '2020-02-29')).toBe(false)
    expect(isDrivingLicenceValidOn(value, 'A1', '2099-01-01')).toBe(true)
    expect(isDrivingLicenceValidOn(value, 'C', '2025-06-15')).toBe(false)
    expect(isDrivingLicenceValidOn(value, 'B1', '2025-06-15')).toBe(false)
  })

  it('reads a Date as the day in Vietnam', () => {
    expect(isDrivingLicenceValidOn(value, 'B', new Date('2030-03-01T16:59:59Z'))).toBe(true)
    expect(isDrivingLicenceValidOn(value, 'B', new Date('2030-03-01T17:00:00Z'))).toBe(false)
  })
})

describe('drivingLicenceClaimsSchema: pre-2025 classes and expiry rules', () => {
  const day = (from: string, to: string) =>
    fc
      .date({ min: new Date(from), max: new Date(to), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10))
  const NON_EXPIRING_OLD = ['A2', 'A3']

  it('accepts a pre-2025 class issued before 2025, flagged legacy with its 2024-law equivalent', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...LEGACY_DRIVING_LICENCE_CLASSES),
        day('1995-01-01', '2024-12-31'),
        (cls, issued) => {
          const entry = {
            class: cls,
            issue_date: issued,
            ...(NON_EXPIRING_OLD.includes(cls) ? {} : { expiry_date: '2035-01-01' }),
          }
          const parsed = parse({ classes: [entry] })
          expect(parsed.success, cls).toBe(true)
          const value = toDrivingLicence(parsed.data!)
          expect(value.classes[0]?.legacy?.equivalent).toBe(LEGACY_CLASS_EQUIVALENTS[cls].class)
          expect(DRIVING_LICENCE_CLASSES).toContain(value.classes[0]?.legacy?.equivalent)
        },
      ),
    )
    const b2 = toDrivingLicence(
      drivingLicenceClaimsSchema.parse({
        driving_licence: {
          ...licence,
          classes: [{ class: 'B2', issue_date: '2016-04-01', expiry_date: '2026-04-01' }],
        },
      }),
    )
    expect(isDrivingLicenceValidOn(b2, 'B', '2025-06-01')).toBe(true)
    expect(isDrivingLicenceValidOn(b2, 'B', '2026-04-02')).toBe(false)
  })

  it('refuses a pre-2025 class issued from 2025', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...LEGACY_DRIVING_LICENCE_CLASSES),
        day('2025-01-01', '2030-12-31'),
        (cls, issued) => {
          expect(
            parse({ classes: [{ class: cls, issue_date: issued, expiry_date: '2040-01-01' }] }).success,
          ).toBe(false)
        },
      ),
    )
  })

  it('refuses an A1 or A with an expiry date and a B, C or D class without one', () => {
    fc.assert(
      fc.property(fc.constantFrom('A1', 'A'), day('2000-01-01', '2030-12-31'), (cls, issued) => {
        const result = parse({ classes: [{ class: cls, issue_date: issued, expiry_date: '2099-01-01' }] })
        expect(result.success).toBe(false)
        expect(result.error?.issues[0]).toMatchObject({ params: { expected: 'no_expiry' } })
      }),
    )
    fc.assert(
      fc.property(
        fc.constantFrom('B', 'C1', 'C', 'D2', 'D', 'CE', 'B2', 'E'),
        day('2000-01-01', '2024-12-31'),
        (cls, issued) => {
          const result = parse({ classes: [{ class: cls, issue_date: issued }] })
          expect(result.success).toBe(false)
          expect(result.error?.issues[0]).toMatchObject({ params: { expected: 'expiry_date' } })
        },
      ),
    )
  })
})

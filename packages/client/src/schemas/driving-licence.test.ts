import { describe, expect, it } from 'vitest'
import {
  DRIVING_LICENCE_CLASSES,
  drivingLicenceClaimsSchema,
  isDrivingLicenceValidOn,
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

  it('accepts every class of the 2024 law', () => {
    expect(DRIVING_LICENCE_CLASSES).toHaveLength(15)
    for (const cls of DRIVING_LICENCE_CLASSES) {
      expect(parse({ classes: [{ class: cls, issue_date: '2025-01-01' }] }).success, cls).toBe(true)
    }
  })

  it('rejects malformed licences', () => {
    for (const patch of [
      { number: '01012345678' },
      { number: 'AB0123456789' },
      { classes: [] },
      { classes: [{ class: 'B2', issue_date: '2020-01-01' }] },
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
        { class: 'A1', issueDate: '2015-06-01' },
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

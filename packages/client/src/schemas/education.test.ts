import { describe, expect, it } from 'vitest'
import { EDUCATION_LEVELS, educationClaimsSchema, toEducation } from './education.js'

const degree = {
  level: 'bachelor',
  qualification: 'Cử nhân Kinh tế',
  institution: 'Trường Đại học Kinh tế Quốc dân',
  year: 2020,
}

describe('educationClaimsSchema', () => {
  it('accepts every level and an empty list', () => {
    for (const level of EDUCATION_LEVELS) {
      expect(educationClaimsSchema.safeParse({ education: [{ ...degree, level }] }).success).toBe(true)
    }
    expect(educationClaimsSchema.parse({ education: [] })).toEqual({ education: [] })
  })

  it('rejects malformed entries', () => {
    for (const patch of [
      { level: 'phd' },
      { year: 2020.5 },
      { year: '2020' },
      { year: 1800 },
      { institution: '' },
    ]) {
      expect(
        educationClaimsSchema.safeParse({ education: [{ ...degree, ...patch }] }).success,
        JSON.stringify(patch),
      ).toBe(false)
    }
  })
})

describe('toEducation', () => {
  it('maps to an array', () => {
    expect(toEducation(educationClaimsSchema.parse({ education: [degree] }))).toEqual([degree])
  })
})

import { describe, expect, it } from 'vitest'
import { ageOver18ClaimsSchema, toAgeOver18 } from './age-over-18.js'

describe('ageOver18ClaimsSchema', () => {
  it('accepts a boolean and nothing else', () => {
    expect(toAgeOver18(ageOver18ClaimsSchema.parse({ age_over_18: true }))).toBe(true)
    expect(toAgeOver18(ageOver18ClaimsSchema.parse({ age_over_18: false, birthdate: '2000-01-01' }))).toBe(
      false,
    )
    expect(ageOver18ClaimsSchema.parse({ age_over_18: true, birthdate: '2000-01-01' })).toEqual({
      age_over_18: true,
    })
    for (const value of ['true', 1, null, undefined]) {
      expect(ageOver18ClaimsSchema.safeParse({ age_over_18: value }).success).toBe(false)
    }
  })
})

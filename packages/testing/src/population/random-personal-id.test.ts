import { safeParsePersonalId } from '@dinhdanh/client/schemas'
import { describe, expect, it } from 'vitest'
import { ageOn } from './calendar.js'
import { citizenFor } from './citizen-for.js'
import { createPrng } from './prng.js'
import { randomPersonalId } from './random-personal-id.js'

describe('randomPersonalId', () => {
  it('is deterministic from a seed and an index', () => {
    expect(randomPersonalId('load', 7)).toBe(randomPersonalId('load', 7))
    expect(randomPersonalId('load', 7)).not.toBe(randomPersonalId('load', 8))
    expect(randomPersonalId('load', 7)).not.toBe(randomPersonalId('other', 7))
  })

  it('draws from, and advances, a generator', () => {
    const a = createPrng('stream')
    const b = createPrng('stream')
    const first = randomPersonalId(a)
    expect(randomPersonalId(b)).toBe(first)
    expect(randomPersonalId(a)).not.toBe(first)
  })

  it('makes valid numbers that honour the options', () => {
    for (let index = 0; index < 2000; index++) {
      const number = randomPersonalId('options', index, {
        sex: 'female',
        minAge: 18,
        maxAge: 30,
        provinceCode: '044',
      })
      const info = safeParsePersonalId(number)
      expect(info.ok && info.value.sex === 'female' && info.value.provinceCode === '044').toBe(true)
      const citizen = citizenFor(number)!
      expect(ageOn(citizen.birthDate, '2026-07-01')).toBeGreaterThanOrEqual(18)
      expect(ageOn(citizen.birthDate, '2026-07-01')).toBeLessThanOrEqual(30)
    }
  })

  it('keeps minAge exactly, so adults-only load tests get no minor', () => {
    for (let index = 0; index < 3000; index++) {
      expect(citizenFor(randomPersonalId('adults', index, { minAge: 18 }))!.ageOver18).toBe(true)
      expect(citizenFor(randomPersonalId('minors', index, { maxAge: 17 }))!.ageOver18).toBe(false)
    }
  })

  it('never encodes a birth after `today`', () => {
    for (let index = 0; index < 2000; index++) {
      expect(citizenFor(randomPersonalId('today', index, { maxAge: 1 }))).toBeDefined()
      const today = '2040-03-01'
      expect(citizenFor(randomPersonalId('today', index, { today }), { today })).toBeDefined()
    }
  })

  it('rejects impossible options', () => {
    expect(() => randomPersonalId('x', 0, { provinceCode: '003' })).toThrow(RangeError)
    expect(() => randomPersonalId('x', 0, { minAge: 50, maxAge: 40 })).toThrow(RangeError)
    expect(() => randomPersonalId('x', 0, { today: '2026-13-01' })).toThrow(RangeError)
  })
})

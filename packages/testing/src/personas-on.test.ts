import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { personas } from './personas.js'
import { personasOn } from './personas-on.js'
import { REFERENCE_DATE } from './population/calendar.js'
import { citizenFor } from './population/citizen-for.js'

const day = fc
  .date({ min: new Date('2019-01-01T00:00:00Z'), max: new Date('2090-12-31T00:00:00Z'), noInvalidDate: true })
  .map((date) => date.toISOString().slice(0, 10))

const on = (today: string, name: 'turns18Today' | 'turns18Tomorrow') => {
  const persona = personasOn(today)[name]
  return citizenFor(persona.personalId, { today, overrides: persona.overrides })!
}

describe('personasOn (ADR 0005: boundary personas follow the day)', () => {
  it('equals the static personas on the reference date', () => {
    expect(personasOn(REFERENCE_DATE)).toEqual(personas)
  })

  it('keeps "turns 18 today" 18 and "turns 18 tomorrow" 17 on any day, and 18 the day after', () => {
    fc.assert(
      fc.property(day, (today) => {
        const minh = on(today, 'turns18Today')
        const trang = on(today, 'turns18Tomorrow')
        expect([minh.age, minh.ageOver18, minh.fullName]).toEqual([18, true, 'Bùi Đức Minh'])
        expect([trang.age, trang.ageOver18, trang.fullName]).toEqual([17, false, 'Đặng Thu Trang'])
        const tomorrow = new Date(Date.parse(`${today}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10)
        if (tomorrow.endsWith('-02-29')) return // nobody born 18 years before has that birthday
        const persona = personasOn(today).turns18Tomorrow
        expect(
          citizenFor(persona.personalId, { today: tomorrow, overrides: persona.overrides })?.ageOver18,
        ).toBe(true)
      }),
      { numRuns: 200 },
    )
  })

  it('gives the static number to the wrong person once the day has moved (why the screens need it)', () => {
    // 5 December 2026: the static "turns 18 tomorrow" (born 2008-07-02) is already 18.
    const stale = citizenFor(personas.turns18Tomorrow.personalId, {
      today: '2026-12-05',
      overrides: personas.turns18Tomorrow.overrides,
    })
    expect(stale?.ageOver18).toBe(true)
    expect(on('2026-12-05', 'turns18Tomorrow').ageOver18).toBe(false)
    expect(personasOn('2027-03-01').turns18Today.personalId).toBe('001209001808')
    expect(personasOn('2026-12-31').turns18Tomorrow.personalId).toBe('001309001809') // born 2009-01-01
  })

  it('around 29 February, where nobody has the birthday, stays 18 today and 17 tomorrow', () => {
    expect(on('2028-02-29', 'turns18Today').birthDate).toBe('2010-02-28')
    expect(on('2028-02-29', 'turns18Today').age).toBe(18)
    expect(on('2028-02-28', 'turns18Tomorrow').birthDate).toBe('2010-03-01')
    expect(on('2028-02-28', 'turns18Tomorrow').age).toBe(17)
  })

  it('refuses a day that is not a date', () => {
    expect(() => personasOn('2026-02-30')).toThrow(RangeError)
  })
})

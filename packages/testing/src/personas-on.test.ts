import {
  isDrivingLicenceValidOn,
  isHealthInsuranceValidOn,
  safeParsePersonalId,
  toDrivingLicence,
  toHealthInsurance,
} from '@dinhdanh/client/schemas'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { citizenWithPersona, type PersonaName, personaFor, personas } from './personas.js'
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

  it('keeps every persona what it demonstrates on any day: the children their age, the card current, the licence expired', () => {
    fc.assert(
      fc.property(day, (today) => {
        const ofDay = personasOn(today)
        const names = Object.keys(ofDay) as PersonaName[]
        expect(new Set(names.map((name) => ofDay[name].personalId)).size).toBe(names.length)
        for (const name of names) {
          const citizen = citizenWithPersona(ofDay[name].personalId, { today })!
          const info = safeParsePersonalId(citizen.personalId, { now: new Date(`${today}T12:00:00+07:00`) })
          if (!info.ok) throw new Error(`${name}: invalid number ${citizen.personalId}`)
          expect(citizen.fullName).toBe(ofDay[name].overrides.fullName)
          expect(String(info.value.birthYear)).toBe(citizen.birthDate.slice(0, 4))
          expect(info.value.sex).toBe(citizen.gender)
          expect(personaFor(citizen.personalId, today)?.name).toBe(name)
          // Same day, same citizen (determinism).
          expect(citizenWithPersona(ofDay[name].personalId, { today })).toStrictEqual(citizen)
        }
        const ageOf = (name: PersonaName) => citizenWithPersona(ofDay[name].personalId, { today })!.age
        expect([ageOf('child10'), ageOf('teen16'), ageOf('toddler4NoAccount')]).toEqual([10, 16, 4])
        const an = citizenWithPersona(ofDay.level2Adult.personalId, { today })!
        expect(
          isHealthInsuranceValidOn(toHealthInsurance({ health_insurance: an.healthInsurance! }), today),
        ).toBe(true)
        expect(
          isDrivingLicenceValidOn(toDrivingLicence({ driving_licence: an.drivingLicence! }), 'B', today),
        ).toBe(today >= '2019-03-01' && today < '2029-03-01') // fixed dates: ADR 0005 lists only the card
        const huy = citizenWithPersona(ofDay.expiredLicence.personalId, { today })!
        const licence = toDrivingLicence({ driving_licence: huy.drivingLicence! })
        expect(isDrivingLicenceValidOn(licence, 'B', today)).toBe(false)
        expect(huy.drivingLicence!.classes[0]!.expiry_date! < today).toBe(true)
      }),
      { numRuns: 100 },
    )
  })

  it('moves the relative dates with the day (and they were fixed before ADR 0005)', () => {
    const later = personasOn('2027-03-01')
    expect(later.teen16.personalId).toBe('079211007788')
    expect(later.teen16.overrides.birthDate).toBe('2011-02-14')
    expect(later.toddler4NoAccount.personalId).toBe('079323003456')
    expect(later.level2Adult.overrides.healthInsurance).toMatchObject({
      valid_from: '2027-01-01',
      valid_to: '2027-12-31',
    })
    expect(later.expiredLicence.overrides.drivingLicence?.classes).toEqual([
      { class: 'B', issue_date: '2016-07-21', expiry_date: '2026-07-21' },
    ])
    // The static personas on that day: the card has expired and the teen's number is an 17-year-old's.
    expect(
      citizenFor(personas.teen16.personalId, { today: '2027-03-01', overrides: personas.teen16.overrides })
        ?.age,
    ).toBe(17)
  })
})

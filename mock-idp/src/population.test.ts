import { personas, personasOn } from '@dinhdanh/testing'
import { describe, expect, it } from 'vitest'
import { resolveMockIdpOptions } from './options.js'
import { Population, populationDay } from './population.js'

describe('the population of the mock on a day (ADR 0005)', () => {
  it('computes the citizens on its day, keyed by day: a new day gives the new ages and the day’s personas', () => {
    let day = '2027-03-01'
    const population = new Population('population-day-test', () => day)
    const trang = personasOn('2027-03-01').turns18Tomorrow.personalId
    const first = population.find(trang)
    expect(first).toMatchObject({ fullName: 'Đặng Thu Trang', birthDate: '2009-03-02', ageOver18: false })
    expect(population.find(trang)).toBe(first) // cached within the day
    day = '2027-03-02'
    // The number of 'turns 18 tomorrow' follows the year only: on the next day it is someone born a day later.
    expect(population.find(trang)).toMatchObject({
      fullName: 'Đặng Thu Trang',
      birthDate: '2009-03-03',
      age: 17,
    })
    day = '2028-01-01'
    const an = population.find(personas.level2Adult.personalId)
    expect(an?.healthInsurance).toMatchObject({ valid_from: '2028-01-01', valid_to: '2028-12-31' })
    expect(an?.age).toBe(37)
    day = '2027-03-01'
    expect(population.find(trang)).toBe(first)
  })

  it('defaults to the reference date, the same as the static personas', () => {
    expect(new Population('x').today()).toBe('2026-07-01')
    expect(new Population('x').find(personas.turns18Tomorrow.personalId)).toMatchObject({ age: 17 })
    expect(resolveMockIdpOptions({}).today).toBe('2026-07-01')
  })

  it("reads 'clock' as the day in Vietnam at each call, and takes a fixed day as it is", () => {
    let seconds = Date.parse('2027-02-28T16:59:59Z') / 1000 // 23:59:59 in Hà Nội
    const day = populationDay('clock', () => seconds)
    expect(day()).toBe('2027-02-28')
    seconds += 1
    expect(day()).toBe('2027-03-01')
    expect(populationDay('2030-01-01', () => seconds)()).toBe('2030-01-01')
  })

  it('refuses a today that is neither clock nor a real date', () => {
    for (const today of ['2027-02-30', 'tomorrow', '27-03-01']) {
      expect(() => resolveMockIdpOptions({ today })).toThrow(/today: expected 'clock' or a real date/)
    }
    expect(resolveMockIdpOptions({ today: 'clock' }).today).toBe('clock')
  })
})

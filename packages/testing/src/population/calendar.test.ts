import { describe, expect, it } from 'vitest'
import {
  addDays,
  addYears,
  addYearsToDay,
  ageOn,
  ageOnDay,
  anniversaryOf,
  civilOfDay,
  dayNumber,
  dayOf,
  isoOfDay,
  randomDayBetween,
  randomDayNumberBetween,
  yearOf,
  yearOfDay,
} from './calendar.js'
import { createPrng } from './prng.js'

describe('calendar arithmetic', () => {
  it('agrees with Date.UTC for every day from 1899 to 2401', () => {
    const start = Date.UTC(1899, 0, 1) / 86_400_000
    const end = Date.UTC(2401, 11, 31) / 86_400_000
    for (let day = start; day <= end; day += 1) {
      const iso = new Date(day * 86_400_000).toISOString().slice(0, 10)
      if (isoOfDay(day) !== iso || dayOf(iso) !== day) {
        throw new Error(`calendar mismatch on ${iso}`)
      }
    }
    expect(dayNumber(1970, 1, 1)).toBe(0)
  })

  it('counts a birthday on the day itself', () => {
    expect(ageOn('2008-07-01', '2026-07-01')).toBe(18)
    expect(ageOn('2008-07-02', '2026-07-01')).toBe(17)
    expect(ageOn('2026-07-01', '2026-07-01')).toBe(0)
  })

  it('moves 29 February to 1 March in common years, consistently with ageOn', () => {
    expect(addYears('2008-02-29', 18)).toBe('2026-03-01')
    expect(ageOn('2008-02-29', addYears('2008-02-29', 18))).toBe(18)
    expect(ageOn('2008-02-29', '2026-02-28')).toBe(17)
    expect(addYears('2008-02-29', 16)).toBe('2024-02-29')
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29')
  })

  it('draws days within the range, both ends included', () => {
    const prng = createPrng('days')
    const seen = new Set<string>()
    for (let i = 0; i < 500; i++) {
      const day = randomDayBetween(prng, '2024-02-27', '2024-03-01')
      expect(day >= '2024-02-27' && day <= '2024-03-01').toBe(true)
      seen.add(day)
    }
    expect(seen.size).toBe(4)
    expect(randomDayBetween(prng, '2024-03-01', '2024-02-01')).toBe('2024-03-01')
  })

  it('gives the same answers on day numbers as on dates (the records compute on day numbers)', () => {
    const start = dayOf('1995-01-01')
    const end = dayOf('2033-12-31')
    const today = dayOf('2026-07-01')
    const leapToday = dayOf('2028-02-29')
    for (let day = start; day <= end; day += 1) {
      const date = isoOfDay(day)
      const civil = civilOfDay(day)
      expect(civil).toBe(Number(date.replaceAll('-', '')))
      expect(yearOfDay(day)).toBe(yearOf(date))
      for (const years of [-2, 1, 6, 14, 18, 25]) {
        expect(isoOfDay(addYearsToDay(day, years))).toBe(addYears(date, years))
        expect(anniversaryOf(civil, years)).toBe(addYearsToDay(day, years))
      }
      expect(ageOnDay(day, today)).toBe(ageOn(date, '2026-07-01'))
      expect(ageOnDay(day, leapToday)).toBe(ageOn(date, '2028-02-29'))
      expect(isoOfDay(day + 30)).toBe(addDays(date, 30))
    }
  })

  it('draws the same day from day numbers as from dates', () => {
    const byDate = createPrng('same draws')
    const byNumber = createPrng('same draws')
    for (let i = 0; i < 500; i++) {
      const from = isoOfDay(dayOf('2020-01-01') + i)
      const to = isoOfDay(dayOf('2020-03-01') + ((i * 7) % 90) - 30)
      expect(isoOfDay(randomDayNumberBetween(byNumber, dayOf(from), dayOf(to)))).toBe(
        randomDayBetween(byDate, from, to),
      )
    }
  })
})

import { describe, expect, it } from 'vitest'
import { addDays, addYears, ageOn, dayNumber, dayOf, isoOfDay, randomDayBetween } from './calendar.js'
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
})

import { describe, expect, it } from 'vitest'
import { toVaccinations, vaccinationClaimsSchema } from './vaccination.js'

const dose = {
  vaccine: 'Comirnaty',
  disease: 'COVID-19',
  dose: 1,
  date: '2021-09-01',
  facility: 'Trạm Y tế Phường Hoàn Kiếm',
}

describe('vaccinationClaimsSchema', () => {
  it('accepts a record, including an empty one', () => {
    expect(
      vaccinationClaimsSchema.parse({ vaccinations: [dose, { ...dose, dose: 2 }] }).vaccinations,
    ).toHaveLength(2)
    expect(vaccinationClaimsSchema.parse({ vaccinations: [] })).toEqual({ vaccinations: [] })
  })

  it('rejects malformed doses', () => {
    for (const patch of [
      { dose: 0 },
      { dose: 1.5 },
      { dose: '1' },
      { date: '2021-09-31' },
      { vaccine: '' },
      { facility: undefined },
    ]) {
      expect(
        vaccinationClaimsSchema.safeParse({ vaccinations: [{ ...dose, ...patch }] }).success,
        JSON.stringify(patch),
      ).toBe(false)
    }
    expect(vaccinationClaimsSchema.safeParse({ vaccinations: dose }).success).toBe(false)
  })
})

describe('toVaccinations', () => {
  it('maps to an array of doses, dropping unknown fields', () => {
    const parsed = vaccinationClaimsSchema.parse({ vaccinations: [{ ...dose, lot: 'X1' }] })
    expect(toVaccinations(parsed)).toEqual([dose])
  })
})

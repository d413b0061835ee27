import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { toVietnamIsoDate } from './date.js'
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

describe('vaccinationClaimsSchema: doses in the future', () => {
  it('refuses a dose dated after today in Vietnam and accepts one dated today or before', () => {
    const today = toVietnamIsoDate(new Date())
    const dose = (date: string) => ({
      vaccinations: [
        { vaccine: 'Comirnaty', disease: 'COVID-19', dose: 1, date, facility: 'Trạm Y tế Phường Hoàn Kiếm' },
      ],
    })
    expect(vaccinationClaimsSchema.safeParse(dose(today)).success).toBe(true)
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20_000 }), (days) => {
        const at = (offset: number) =>
          new Date(Date.parse(`${today}T00:00:00Z`) + offset * 86_400_000).toISOString().slice(0, 10)
        const future = vaccinationClaimsSchema.safeParse(dose(at(days)))
        expect(future.success).toBe(false)
        expect(future.error?.issues[0]).toMatchObject({
          path: ['vaccinations', 0, 'date'],
          params: { expected: 'not_in_future' },
        })
        expect(vaccinationClaimsSchema.safeParse(dose(at(-days))).success).toBe(true)
      }),
    )
  })
})

import type { HealthInsurance } from '@dinhdanh/client/schemas'
import { describe, expect, it } from 'vitest'
import { billFor, cardStatus, FUND_SHARE, LOW_COST_THRESHOLD_VND } from './co-payment.js'
import { findPrescription, PRESCRIPTIONS } from './prescriptions.js'

const card: HealthInsurance = {
  number: '0101234567',
  legacyCode: 'DN4010101234567',
  benefitLevel: 4,
  validFrom: '2026-01-01',
  validTo: '2026-12-31',
  facility: { code: '01001', name: 'Bệnh viện Bạch Mai' },
}
const bloodPressure = findPrescription('tang-huyet-ap')!

describe('cardStatus', () => {
  it('is valid on both ends of its period, expired the day after, not yet valid the day before', () => {
    expect(cardStatus({ card, unavailable: false }, '2026-01-01')).toEqual({ kind: 'valid', card, level: 4 })
    expect(cardStatus({ card, unavailable: false }, '2026-12-31').kind).toBe('valid')
    expect(cardStatus({ card, unavailable: false }, '2027-01-01').kind).toBe('expired')
    expect(cardStatus({ card, unavailable: false }, '2025-12-31').kind).toBe('not_yet_valid')
  })

  it('reads a Date as the day in Vietnam (UTC+7)', () => {
    // 31 Dec 2026 18:00 UTC is already 1 January 2027 in Hà Nội.
    expect(cardStatus({ card, unavailable: false }, new Date('2026-12-31T18:00:00Z')).kind).toBe('expired')
  })

  it('tells a card without benefit level, no card and the register down apart', () => {
    const { benefitLevel: _, ...noLevel } = card
    expect(cardStatus({ card: noLevel, unavailable: false }, '2026-06-01').kind).toBe('no_level')
    expect(cardStatus({ card: undefined, unavailable: false }, '2026-06-01')).toEqual({ kind: 'missing' })
    expect(cardStatus({ card: undefined, unavailable: true }, '2026-06-01')).toEqual({ kind: 'unavailable' })
  })
})

describe('billFor', () => {
  it('applies the share of each benefit level to the covered drugs', () => {
    expect(FUND_SHARE).toEqual({ 1: 1, 2: 1, 3: 0.95, 4: 0.8, 5: 1 })
    expect(billFor(bloodPressure, 4)).toMatchObject({
      totalVnd: 360_000,
      fundVnd: 288_000,
      patientVnd: 72_000,
    })
    expect(billFor(bloodPressure, 3)).toMatchObject({ fundVnd: 342_000, patientVnd: 18_000 })
    for (const level of [1, 2, 5] as const) expect(billFor(bloodPressure, level).patientVnd).toBe(0)
  })

  it('charges drugs off the fund list in full, and everything without a usable card', () => {
    const diabetes = billFor(findPrescription('dai-thao-duong')!, 4)
    expect(diabetes).toMatchObject({ totalVnd: 462_000, fundVnd: 297_600, patientVnd: 164_400 })
    expect(diabetes.lines.find((line) => !line.item.covered)?.patientVnd).toBe(90_000)
    expect(billFor(bloodPressure, undefined)).toMatchObject({ fundVnd: 0, patientVnd: 360_000, share: 0 })
  })

  it('pays covered drugs in full under 15% of the base salary (351.000 ₫), whatever the level', () => {
    expect(LOW_COST_THRESHOLD_VND).toBe(351_000)
    const bronchitis = billFor(findPrescription('viem-phe-quan')!, 4)
    expect(bronchitis).toMatchObject({ totalVnd: 236_500, patientVnd: 0, lowCost: true })
    expect(billFor(bloodPressure, 4).lowCost).toBe(false)
  })

  it('never bills a fraction of a đồng, and the parts add up', () => {
    for (const prescription of PRESCRIPTIONS) {
      for (const level of [1, 2, 3, 4, 5, undefined] as const) {
        const bill = billFor(prescription, level)
        expect(bill.fundVnd + bill.patientVnd).toBe(bill.totalVnd)
        for (const line of bill.lines) expect(Number.isInteger(line.fundVnd)).toBe(true)
      }
    }
  })
})

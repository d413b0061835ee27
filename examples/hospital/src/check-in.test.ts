import type { HealthInsurance } from '@dinhdanh/client/schemas'
import { describe, expect, it } from 'vitest'
import { DEPARTMENTS, insuranceStatus, paymentOptions, Queue } from './check-in.js'

const card: HealthInsurance = {
  number: '0101234567',
  validFrom: '2026-01-01',
  validTo: '2026-12-31',
  facility: { code: '01940', name: 'Trung tâm Y tế khu vực Hoàn Kiếm' },
}

describe('the health-insurance card on the day of the visit', () => {
  it('is valid on both ends of its period, expired the day after, not yet valid the day before', () => {
    expect(insuranceStatus({ card, unavailable: false }, '2026-01-01').kind).toBe('valid')
    expect(insuranceStatus({ card, unavailable: false }, '2026-12-31').kind).toBe('valid')
    expect(insuranceStatus({ card, unavailable: false }, '2027-01-01').kind).toBe('expired')
    expect(insuranceStatus({ card, unavailable: false }, '2025-12-31').kind).toBe('not_yet_valid')
  })

  it('reads a Date as the day in Vietnam (UTC+7): 31 Dec 18:00 UTC is already 1 January there', () => {
    expect(insuranceStatus({ card, unavailable: false }, new Date('2026-12-31T16:59:00Z')).kind).toBe('valid')
    expect(insuranceStatus({ card, unavailable: false }, new Date('2026-12-31T18:00:00Z')).kind).toBe(
      'expired',
    )
  })

  it('tells a missing card from a register that did not answer', () => {
    expect(insuranceStatus({ card: undefined, unavailable: false }, '2026-07-01')).toEqual({
      kind: 'missing',
    })
    expect(insuranceStatus({ card: undefined, unavailable: true }, '2026-07-01')).toEqual({
      kind: 'unavailable',
    })
  })
})

describe('how the visit may be paid', () => {
  it('bills insurance directly only for a valid card from a level-2 account', () => {
    expect(paymentOptions({ kind: 'valid', card }, 2)).toEqual(['insurance', 'self_pay'])
    expect(paymentOptions({ kind: 'valid', card }, 1)).toEqual(['insurance_check', 'self_pay'])
    expect(paymentOptions({ kind: 'unavailable' }, 2)).toEqual(['insurance_check', 'self_pay'])
    for (const status of [
      { kind: 'expired', card },
      { kind: 'not_yet_valid', card },
      { kind: 'missing' },
    ] as const) {
      expect(paymentOptions(status, 2)).toEqual(['self_pay'])
    }
  })
})

describe('the queue', () => {
  it('numbers each department per day, one ticket per patient a day', () => {
    const queue = new Queue()
    const [internal, paediatrics] = DEPARTMENTS as [(typeof DEPARTMENTS)[0], (typeof DEPARTMENTS)[0]]
    expect(queue.take('sub-a', '2026-07-01', internal, 'insurance').number).toBe('A001')
    expect(queue.take('sub-b', '2026-07-01', internal, 'self_pay').number).toBe('A002')
    expect(queue.take('sub-c', '2026-07-01', paediatrics, 'self_pay').number).toBe('B001')
    expect(queue.take('sub-a', '2026-07-01', paediatrics, 'self_pay').number).toBe('A001')
    expect(queue.ticketOf('sub-a', '2026-07-02')).toBeUndefined()
    expect(queue.take('sub-a', '2026-07-02', internal, 'insurance').number).toBe('A001')
  })
})

import { describe, expect, it } from 'vitest'
import { isIsoDate, isoDateSchema, toIsoDate, toVietnamIsoDate } from './date.js'

describe('isIsoDate', () => {
  it('accepts real calendar dates', () => {
    for (const date of ['2000-01-01', '2024-02-29', '2000-02-29', '1999-12-31', '2025-04-30']) {
      expect(isIsoDate(date), date).toBe(true)
    }
  })

  it('rejects impossible dates and other forms', () => {
    for (const date of ['2023-02-29', '1900-02-29', '2024-13-01', '2024-00-10', '2024-04-31', '2024-01-00']) {
      expect(isIsoDate(date), date).toBe(false)
    }
    for (const date of ['2024-1-05', '20240105', '2024-01-05T00:00:00Z', ' 2024-01-05', '05/01/2024', '']) {
      expect(isIsoDate(date), date).toBe(false)
    }
  })
})

describe('isoDateSchema', () => {
  it('parses valid dates and rejects others without echoing them', () => {
    expect(isoDateSchema.parse('2024-02-29')).toBe('2024-02-29')
    const result = isoDateSchema.safeParse('1987-02-30')
    expect(result.success).toBe(false)
    expect(JSON.stringify(result.error)).not.toContain('1987')
  })
})

describe('toVietnamIsoDate / toIsoDate', () => {
  it('reads an instant as the calendar day in Vietnam (UTC+7)', () => {
    expect(toVietnamIsoDate(new Date('2025-06-30T16:59:59Z'))).toBe('2025-06-30')
    expect(toVietnamIsoDate(new Date('2025-06-30T17:00:00Z'))).toBe('2025-07-01')
    expect(toIsoDate(new Date('2025-01-01T00:00:00+07:00'))).toBe('2025-01-01')
  })

  it('passes valid date strings through and throws RangeError otherwise', () => {
    expect(toIsoDate('2025-01-01')).toBe('2025-01-01')
    expect(() => toIsoDate('2025-02-30')).toThrow(RangeError)
    expect(() => toIsoDate(new Date('nope'))).toThrow(RangeError)
  })
})

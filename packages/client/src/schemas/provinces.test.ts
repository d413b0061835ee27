import { describe, expect, it } from 'vitest'
import { OLD_PROVINCE_CODES } from './personal-id.js'
import { isOldProvinceCode, isProvinceCode2025, PROVINCES_2025 } from './provinces.js'

describe('PROVINCES_2025', () => {
  it('holds the 34 provinces of Resolution 202/2025/QH15', () => {
    expect(Object.keys(PROVINCES_2025)).toHaveLength(34)
    expect(PROVINCES_2025['01']).toBe('Hà Nội')
    expect(PROVINCES_2025['44']).toBe('Quảng Trị')
    expect(PROVINCES_2025['46']).toBe('Huế')
    expect(PROVINCES_2025['96']).toBe('Cà Mau')
    for (const name of Object.values(PROVINCES_2025)) expect(name).toBe(name.normalize('NFC'))
    expect(Object.isFrozen(PROVINCES_2025)).toBe(true)
  })

  it('uses codes that all existed in the old table', () => {
    for (const code of Object.keys(PROVINCES_2025)) expect(OLD_PROVINCE_CODES[`0${code}`]).toBeDefined()
  })
})

describe('isProvinceCode2025', () => {
  it('accepts only the 34 two-digit codes', () => {
    expect(isProvinceCode2025('79')).toBe(true)
    expect(isProvinceCode2025('02')).toBe(false)
    expect(isProvinceCode2025('079')).toBe(false)
    expect(isProvinceCode2025('toString')).toBe(false)
    expect(isProvinceCode2025('')).toBe(false)
  })
})

describe('isOldProvinceCode', () => {
  it('accepts old codes with 3 or 2 digits', () => {
    expect(isOldProvinceCode('002')).toBe(true)
    expect(isOldProvinceCode('02')).toBe(true)
    expect(isOldProvinceCode('96')).toBe(true)
    expect(isOldProvinceCode('03')).toBe(false)
    expect(isOldProvinceCode('003')).toBe(false)
    expect(isOldProvinceCode('2')).toBe(false)
    expect(isOldProvinceCode('0002')).toBe(false)
  })
})

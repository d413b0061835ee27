import { describe, expect, it } from 'vitest'
import { addressClaimsSchema, addressSchema, toAddress, toCitizenAddresses } from './address.js'

const current = {
  formatted: '12 Tràng Tiền, Phường Hoàn Kiếm, Hà Nội',
  street_address: '12 Tràng Tiền',
  locality: 'Phường Hoàn Kiếm',
  region: 'Hà Nội',
  country: 'VN',
  province_code: '01',
  commune_code: '00070',
}

const legacyThreeLevel = {
  formatted: 'Thôn 3, Xã Phong Nha, Huyện Bố Trạch, Quảng Bình',
  street_address: 'Thôn 3',
  locality: 'Xã Phong Nha',
  district: 'Huyện Bố Trạch',
  region: 'Quảng Bình',
  country: 'VN',
  province_code: '044',
}

describe('addressSchema', () => {
  it('accepts a two-level 2025 address with legacy false by default', () => {
    expect(addressSchema.parse(current)).toEqual({ ...current, legacy: false })
  })

  it('accepts and flags a legacy three-level address', () => {
    expect(addressSchema.parse(legacyThreeLevel)).toEqual({ ...legacyThreeLevel, legacy: true })
  })

  it('flags a district even with a code that is also a 2025 code', () => {
    expect(addressSchema.parse({ ...legacyThreeLevel, province_code: '44' }).legacy).toBe(true)
  })

  it('flags an old 2-digit code that no longer exists, even without a district', () => {
    expect(addressSchema.parse({ ...current, province_code: '02', region: 'Hà Giang' }).legacy).toBe(true)
  })

  it('keeps an explicit legacy: true', () => {
    expect(addressSchema.parse({ ...current, legacy: true }).legacy).toBe(true)
  })

  it('rejects unknown province codes, for both kinds', () => {
    expect(addressSchema.safeParse({ ...current, province_code: '03' }).success).toBe(false)
    expect(addressSchema.safeParse({ ...current, province_code: '001' }).success).toBe(true)
    expect(addressSchema.safeParse({ ...current, province_code: '003' }).success).toBe(false)
    expect(addressSchema.safeParse({ ...legacyThreeLevel, province_code: '003' }).success).toBe(false)
    expect(addressSchema.safeParse({ ...current, province_code: 'HN' }).success).toBe(false)
  })

  it('rejects other malformed fields', () => {
    for (const patch of [
      { country: 'US' },
      { commune_code: '123' },
      { commune_code: 'ABCDE' },
      { locality: '' },
      { formatted: undefined },
      { legacy: 'yes' },
    ]) {
      expect(addressSchema.safeParse({ ...current, ...patch }).success, JSON.stringify(patch)).toBe(false)
    }
  })

  it('does not echo the address in issues', () => {
    const result = addressSchema.safeParse({ ...current, province_code: '03' })
    expect(JSON.stringify(result.error)).not.toContain('Tràng Tiền')
  })
})

describe('addressClaimsSchema', () => {
  it('requires address and accepts an optional permanent_address', () => {
    expect(addressClaimsSchema.parse({ address: current })).toEqual({
      address: { ...current, legacy: false },
    })
    const both = addressClaimsSchema.parse({ address: current, permanent_address: legacyThreeLevel })
    expect(both.permanent_address?.legacy).toBe(true)
    expect(addressClaimsSchema.safeParse({ permanent_address: current }).success).toBe(false)
  })
})

describe('toAddress / toCitizenAddresses', () => {
  it('maps to camelCase, omitting absent optional fields', () => {
    expect(toAddress(addressSchema.parse(legacyThreeLevel))).toEqual({
      formatted: legacyThreeLevel.formatted,
      streetAddress: 'Thôn 3',
      locality: 'Xã Phong Nha',
      district: 'Huyện Bố Trạch',
      region: 'Quảng Bình',
      country: 'VN',
      provinceCode: '044',
      legacy: true,
    })
    const value = toCitizenAddresses(addressClaimsSchema.parse({ address: current }))
    expect(value.current).toMatchObject({ communeCode: '00070', legacy: false })
    expect('permanent' in value).toBe(false)
    expect('district' in value.current).toBe(false)
  })

  it('maps the permanent address when present', () => {
    const value = toCitizenAddresses(
      addressClaimsSchema.parse({ address: current, permanent_address: legacyThreeLevel }),
    )
    expect(value.permanent?.district).toBe('Huyện Bố Trạch')
  })
})

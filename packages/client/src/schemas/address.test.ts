import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { addressClaimsSchema, addressSchema, toAddress, toCitizenAddresses } from './address.js'
import { OLD_PROVINCE_CODES } from './personal-id.js'
import { PROVINCES_2025 } from './provinces.js'

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

describe('addressSchema: new-form addresses as strict as the register', () => {
  const codes = Object.keys(PROVINCES_2025)
  const newForm = (code: string, region: string, locality = 'Phường Trung Tâm') => ({
    formatted: `1 Lê Lợi, ${locality}, ${region}`,
    street_address: '1 Lê Lợi',
    locality,
    region,
    country: 'VN',
    province_code: code,
  })

  it('accepts each 2025 code with its own name (with or without "Thành phố"/"Tỉnh"), legacy false', () => {
    fc.assert(
      fc.property(fc.constantFrom(...codes), fc.constantFrom('', 'Thành phố ', 'Tỉnh '), (code, prefix) => {
        const name = PROVINCES_2025[code]!
        const region = prefix === '' ? name : `${prefix}${name.replace(/^TP /u, '')}`
        expect(addressSchema.parse(newForm(code, region)).legacy).toBe(false)
      }),
    )
  })

  it('refuses a 2025 code with another 2025 province name (01 with "TP Hồ Chí Minh"), saying which name', () => {
    const result = addressSchema.safeParse(newForm('01', 'TP Hồ Chí Minh'))
    expect(result.success).toBe(false)
    expect(result.error?.issues[0]).toMatchObject({ path: ['region'], params: { expected: 'Hà Nội' } })
    fc.assert(
      fc.property(fc.constantFrom(...codes), fc.constantFrom(...codes), (code, other) => {
        fc.pre(code !== other)
        expect(addressSchema.safeParse(newForm(code, PROVINCES_2025[other]!)).success).toBe(false)
      }),
    )
  })

  it('flags as legacy an abolished province name ("Quảng Bình", "Bình Dương") in a new-form address', () => {
    const abolished = Object.entries(OLD_PROVINCE_CODES).filter(
      ([, name]) => !Object.values(PROVINCES_2025).includes(name),
    )
    expect(abolished.map(([, name]) => name)).toContain('Quảng Bình')
    fc.assert(
      fc.property(fc.constantFrom(...abolished), ([oldCode, name]) => {
        const parsed = addressSchema.parse(newForm(oldCode.slice(1), name))
        expect(parsed.legacy).toBe(true)
      }),
    )
    expect(addressSchema.parse(newForm('44', 'Quảng Bình')).legacy).toBe(true)
  })

  it('flags as legacy a district ("Quận 1", "Huyện Bố Trạch") in the locality or the formatted address', () => {
    expect(addressSchema.parse(newForm('79', 'TP Hồ Chí Minh', 'Quận 1')).legacy).toBe(true)
    expect(
      addressSchema.parse({
        ...newForm('79', 'TP Hồ Chí Minh', 'Phường Bến Nghé'),
        formatted: '1 Lê Lợi, Phường Bến Nghé, Quận 1, TP Hồ Chí Minh',
      }).legacy,
    ).toBe(true)
    fc.assert(
      fc.property(fc.constantFrom('Quận', 'Huyện', 'Thị xã'), fc.integer({ min: 1, max: 12 }), (kind, n) => {
        expect(addressSchema.parse(newForm('79', 'TP Hồ Chí Minh', `${kind} ${n}`)).legacy).toBe(true)
      }),
    )
  })
})

import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  MOBILE_CARRIERS,
  mobileCarrierOf,
  normalizeMobileNumber,
  phoneClaimsSchema,
  toPhoneNumber,
} from './phone.js'

describe('phoneClaimsSchema', () => {
  it('accepts Vietnamese mobile numbers in E.164', () => {
    for (const number of ['+84912345678', '+84387654321', '+84523456789', '+84701234567', '+84881234567']) {
      expect(
        phoneClaimsSchema.parse({ phone_number: number, phone_number_verified: true }).phone_number,
      ).toBe(number)
    }
  })

  it('rejects other forms', () => {
    for (const number of [
      '84912345678',
      '+84301234567',
      '+84501234567',
      '0301234567',
      '+8491234567',
      '+849123456789',
      '+840912345678',
      '+84212345678',
      '+1 415 555 0100',
      '+84 91 234 5678',
    ]) {
      expect(
        phoneClaimsSchema.safeParse({ phone_number: number, phone_number_verified: true }).success,
        number,
      ).toBe(false)
    }
    expect(phoneClaimsSchema.safeParse({ phone_number: '+84912345678' }).success).toBe(false)
    expect(
      phoneClaimsSchema.safeParse({ phone_number: '+84912345678', phone_number_verified: 'true' }).success,
    ).toBe(false)
  })

  it('does not echo the number in issues', () => {
    for (const number of ['+84301234567', '091234567']) {
      const result = phoneClaimsSchema.safeParse({ phone_number: number, phone_number_verified: true })
      expect(result.success).toBe(false)
      expect(JSON.stringify(result.error)).not.toContain(number.slice(3))
    }
  })
})

describe('toPhoneNumber', () => {
  it('maps to { number, verified }', () => {
    expect(toPhoneNumber({ phone_number: '+84912345678', phone_number_verified: false })).toEqual({
      number: '+84912345678',
      verified: false,
    })
  })
})

describe('phoneClaimsSchema and MOBILE_CARRIERS (one carrier table)', () => {
  const allocated = Object.values(MOBILE_CARRIERS).flat() as string[]
  const parse = (phone_number: string) =>
    phoneClaimsSchema.safeParse({ phone_number, phone_number_verified: true })

  it('normalises the national form 0xxxxxxxxx to +84xxxxxxxxx', () => {
    expect(parse('0912345678')).toMatchObject({ success: true, data: { phone_number: '+84912345678' } })
    fc.assert(
      fc.property(fc.constantFrom(...allocated), fc.stringMatching(/^[0-9]{7}$/), (prefix, rest) => {
        const e164 = `+84${prefix}${rest}`
        expect(parse(`0${prefix}${rest}`)).toMatchObject({ success: true, data: { phone_number: e164 } })
        expect(parse(e164)).toMatchObject({ success: true, data: { phone_number: e164 } })
        expect(mobileCarrierOf(e164)).toBeDefined()
        expect(normalizeMobileNumber(e164)).toBe(e164)
      }),
    )
  })

  it('refuses every 2-digit prefix that no carrier holds (+8430…, +8450…), with params.expected', () => {
    const unallocated = Array.from({ length: 100 }, (_, n) => String(n).padStart(2, '0')).filter(
      (prefix) => !allocated.includes(prefix),
    )
    expect(unallocated).toContain('30')
    expect(unallocated).toContain('50')
    fc.assert(
      fc.property(fc.constantFrom(...unallocated), fc.stringMatching(/^[0-9]{7}$/), (prefix, rest) => {
        const result = parse(`+84${prefix}${rest}`)
        expect(result.success).toBe(false)
        expect(result.error?.issues[0]).toMatchObject({ path: ['phone_number'] })
        expect(mobileCarrierOf(`+84${prefix}${rest}`)).toBeUndefined()
      }),
    )
  })

  it('gives each prefix to one carrier only', () => {
    expect(new Set(allocated).size).toBe(allocated.length)
  })
})

import { describe, expect, it } from 'vitest'
import { phoneClaimsSchema, toPhoneNumber } from './phone.js'

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
      '0912345678',
      '84912345678',
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
    const result = phoneClaimsSchema.safeParse({ phone_number: '0912345678', phone_number_verified: true })
    expect(JSON.stringify(result.error)).not.toContain('0912345678')
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

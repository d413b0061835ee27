import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { toVietnamIsoDate } from './date.js'
import {
  isLegacyIdNumber,
  OLD_PROVINCE_CODES,
  PersonalIdError,
  parsePersonalId,
  personalIdSchema,
  safeParsePersonalId,
} from './personal-id.js'

const provinceCodes = Object.keys(OLD_PROVINCE_CODES)
const unknownProvinceCodes = Array.from({ length: 1000 }, (_, n) => String(n).padStart(3, '0')).filter(
  (code) => !provinceCodes.includes(code),
)
const pad2 = (n: number) => String(n).padStart(2, '0')
const THIS_YEAR = Number(toVietnamIsoDate(new Date()).slice(0, 4))

/** A 12-digit ID built from its parts: province × century/sex digit (centuries begun) × YY × serial. */
const validId = fc
  .record({
    province: fc.constantFrom(...provinceCodes),
    centuryDigit: fc.integer({ min: 0, max: 3 }),
    yy: fc.integer({ min: 0, max: 99 }),
    serial: fc.stringMatching(/^[0-9]{6}$/),
  })
  // A birth year after this year is refused ('future'): keep the valid numbers in the past.
  .filter((parts) => 1900 + Math.floor(parts.centuryDigit / 2) * 100 + parts.yy <= THIS_YEAR)
  .map((parts) => ({
    ...parts,
    value: `${parts.province}${parts.centuryDigit}${pad2(parts.yy)}${parts.serial}`,
  }))

const notTwelveAsciiDigits = fc
  .oneof(
    fc.string({ unit: 'binary', maxLength: 30 }),
    fc.stringMatching(/^[0-9]{0,30}$/),
    // Twelve characters with at least one that is not an ASCII digit, including look-alike digits.
    fc
      .tuple(
        fc.stringMatching(/^[0-9]{0,11}$/),
        fc.constantFrom('０', '١', '٣', ' ', '-', 'a', '.', '\n', '𝟘'),
        fc.stringMatching(/^[0-9]{0,11}$/),
      )
      .map(([a, b, c]) => `${a}${b}${c}`),
  )
  .filter((value) => !/^[0-9]{12}$/.test(value))

const anyCandidate = fc.oneof(
  validId.map((id) => id.value),
  notTwelveAsciiDigits,
  fc.stringMatching(/^[0-9]{12}$/),
)

describe('OLD_PROVINCE_CODES', () => {
  it('holds the 63 provinces of Circular 07/2016 with 3-digit keys', () => {
    expect(provinceCodes).toHaveLength(63)
    for (const code of provinceCodes) expect(code).toMatch(/^0[0-9]{2}$/)
    expect(new Set(Object.values(OLD_PROVINCE_CODES)).size).toBe(63)
  })

  it('keeps old names, with diacritics in NFC', () => {
    expect(OLD_PROVINCE_CODES['044']).toBe('Quảng Bình')
    expect(OLD_PROVINCE_CODES['046']).toBe('Thừa Thiên Huế')
    expect(OLD_PROVINCE_CODES['066']).toBe('Đắk Lắk')
    for (const name of Object.values(OLD_PROVINCE_CODES)) expect(name).toBe(name.normalize('NFC'))
  })

  it('is frozen', () => {
    expect(Object.isFrozen(OLD_PROVINCE_CODES)).toBe(true)
  })
})

describe('parsePersonalId', () => {
  it('reads the encoded fields', () => {
    expect(parsePersonalId('001099012345')).toEqual({
      value: '001099012345',
      provinceCode: '001',
      province: 'Hà Nội',
      sex: 'male',
      century: 1900,
      birthYear: 1999,
      serial: '012345',
    })
    expect(parsePersonalId('079301000123')).toMatchObject({
      province: 'TP Hồ Chí Minh',
      sex: 'female',
      birthYear: 2001,
    })
  })

  it('maps the prefix to the OLD province, never a 2025 one', () => {
    expect(parsePersonalId('044185000001').province).toBe('Quảng Bình')
  })

  it('accepts every valid number and round-trips its fields', () => {
    fc.assert(
      fc.property(validId, ({ value, province, centuryDigit, yy, serial }) => {
        const info = parsePersonalId(value)
        expect(info.value).toBe(value)
        expect(info.provinceCode).toBe(province)
        expect(info.province).toBe(OLD_PROVINCE_CODES[province])
        expect(info.sex).toBe(centuryDigit % 2 === 0 ? 'male' : 'female')
        expect(info.century).toBe(1900 + Math.floor(centuryDigit / 2) * 100)
        expect(info.birthYear).toBe(info.century + yy)
        expect(info.serial).toBe(serial)
        const rebuilt = `${info.provinceCode}${(info.century - 1900) / 50 + (info.sex === 'female' ? 1 : 0)}${pad2(info.birthYear % 100)}${info.serial}`
        expect(rebuilt).toBe(value)
      }),
    )
  })

  it("rejects everything that is not 12 ASCII digits with reason 'format'", () => {
    fc.assert(
      fc.property(notTwelveAsciiDigits, (value) => {
        expect(safeParsePersonalId(value)).toMatchObject({ ok: false, reason: 'format' })
        expect(() => parsePersonalId(value)).toThrow(PersonalIdError)
      }),
    )
  })

  it("rejects an unknown province prefix with reason 'province'", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...unknownProvinceCodes),
        fc.stringMatching(/^[0-9]{9}$/),
        (prefix, rest) => {
          expect(safeParsePersonalId(`${prefix}${rest}`)).toMatchObject({ ok: false, reason: 'province' })
        },
      ),
    )
  })

  it("rejects a century that has not begun with reason 'century'", () => {
    const now = new Date('2030-01-01T00:00:00Z')
    for (const digit of [4, 5, 6, 7, 8, 9]) {
      expect(safeParsePersonalId(`001${digit}99012345`, { now })).toMatchObject({
        ok: false,
        reason: 'century',
      })
    }
    expect(safeParsePersonalId('001499012345', { now: new Date('2199-06-01T00:00:00Z') })).toMatchObject({
      ok: true,
      value: { century: 2100, birthYear: 2199, sex: 'male' },
    })
  })

  it("rejects a birth year after the current year in Vietnam with reason 'future' (2027, 2099 refused in 2026)", () => {
    const now = new Date('2026-07-01T00:00:00Z')
    for (const id of ['001227012345', '001399012345', '079227000001']) {
      expect(safeParsePersonalId(id, { now }), id).toMatchObject({ ok: false, reason: 'future' })
      expect(() => parsePersonalId(id, { now })).toThrow(PersonalIdError)
    }
    expect(safeParsePersonalId('001226012345', { now })).toMatchObject({ ok: true })
    // New Year's Eve at 17:00 UTC is already 1 January in Vietnam.
    expect(safeParsePersonalId('001227012345', { now: new Date('2026-12-31T17:00:00Z') })).toMatchObject({
      ok: true,
    })
    fc.assert(
      fc.property(
        fc.constantFrom(...provinceCodes),
        fc.integer({ min: 27, max: 99 }),
        fc.constantFrom(2, 3),
        (province, yy, digit) => {
          expect(safeParsePersonalId(`${province}${digit}${pad2(yy)}000000`, { now })).toMatchObject({
            ok: false,
            reason: 'future',
          })
        },
      ),
    )
  })

  it('throws a PersonalIdError with code, reason and a message saying what arrived', () => {
    const error = (() => {
      try {
        parsePersonalId('00109901234')
      } catch (caught) {
        return caught
      }
      return undefined
    })()
    expect(error).toBeInstanceOf(PersonalIdError)
    expect(error).toBeInstanceOf(Error)
    expect(error).toMatchObject({
      name: 'PersonalIdError',
      code: 'ERR_EID_PERSONAL_ID_INVALID',
      reason: 'format',
      message: 'expected 12 ASCII digits, got 11 characters',
    })
  })

  it('never puts the number (or any run of 5 digits) in a message', () => {
    fc.assert(
      fc.property(anyCandidate, (value) => {
        const result = safeParsePersonalId(value, { now: new Date('2030-01-01T00:00:00Z') })
        if (result.ok) return
        expect(result.message).not.toMatch(/[0-9]{5}/)
        if (value.length >= 5) expect(result.message).not.toContain(value)
      }),
    )
  })
})

describe('parsePersonalId: values that are not strings', () => {
  it('fuzz finding: a number, an array or null is a format error (PersonalIdError), not a TypeError', () => {
    // The fuzzer's counterexample: a number from a JSON body or a form parser, typed as a string.
    for (const value of [1099012345, 100109901234, ['001099012345'], null, undefined, { length: 12 }]) {
      const result = safeParsePersonalId(value as unknown as string)
      expect(result).toEqual({
        ok: false,
        reason: 'format',
        message: expect.stringMatching(/^expected 12 ASCII digits, got an? \w+, not a string$/),
      })
      expect(() => parsePersonalId(value as unknown as string)).toThrow(PersonalIdError)
    }
  })
})

describe('personalIdSchema', () => {
  it('accepts a valid number and rejects others without echoing them', () => {
    expect(personalIdSchema.parse('001099012345')).toBe('001099012345')
    const result = personalIdSchema.safeParse('003099012345')
    expect(result.success).toBe(false)
    expect(JSON.stringify(result.error)).not.toContain('003099012345')
    expect(result.error?.issues[0]?.message).toContain('province code')
  })
})

describe('isLegacyIdNumber', () => {
  it('accepts exactly 9 ASCII digits', () => {
    expect(isLegacyIdNumber('012345678')).toBe(true)
    expect(isLegacyIdNumber('01234567')).toBe(false)
    expect(isLegacyIdNumber('001099012345')).toBe(false)
    expect(isLegacyIdNumber('01234567a')).toBe(false)
    expect(isLegacyIdNumber('０12345678')).toBe(false)
  })
})

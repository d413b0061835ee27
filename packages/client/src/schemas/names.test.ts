import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { citizenNameSchema, joinVietnameseName, normalizeName, splitVietnameseName } from './names.js'

const NFD_NAME = 'Nguye\u0302\u0303n Thi\u0323 Minh Khai'

describe('normalizeName', () => {
  it('turns NFD into NFC, collapses white space and trims', () => {
    expect(normalizeName(`  ${NFD_NAME}\t\n `)).toBe('Nguyễn Thị Minh Khai')
    expect(normalizeName('Trần\u00a0\u00a0Văn   An')).toBe('Trần Văn An')
  })

  it('is idempotent', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (value) => {
        expect(normalizeName(normalizeName(value))).toBe(normalizeName(value))
      }),
    )
  })
})

describe('splitVietnameseName', () => {
  it('takes the FIRST word as family name and the LAST as given name', () => {
    expect(splitVietnameseName('Nguyễn Thị Minh Khai')).toEqual({
      familyName: 'Nguyễn',
      middleName: 'Thị Minh',
      givenName: 'Khai',
    })
    expect(splitVietnameseName('Trần Văn An')).toEqual({
      familyName: 'Trần',
      middleName: 'Văn',
      givenName: 'An',
    })
  })

  it('omits middleName when there is none', () => {
    const parts = splitVietnameseName('Lê Lợi')
    expect(parts).toEqual({ familyName: 'Lê', givenName: 'Lợi' })
    expect('middleName' in parts).toBe(false)
  })

  it('normalises first (NFD input, extra spaces)', () => {
    expect(splitVietnameseName(`  ${NFD_NAME} `)).toEqual({
      familyName: 'Nguyễn',
      middleName: 'Thị Minh',
      givenName: 'Khai',
    })
  })

  it('throws a RangeError for fewer than two words', () => {
    expect(() => splitVietnameseName('Khai')).toThrow(RangeError)
    expect(() => splitVietnameseName('   ')).toThrow('got 0')
  })

  it('round-trips with joinVietnameseName', () => {
    const word = fc.constantFrom('Nguyễn', 'Thị', 'Văn', 'Minh', 'Khai', 'Đức', "H'Hen", 'Niê', 'Ánh-Dương')
    fc.assert(
      fc.property(fc.array(word, { minLength: 2, maxLength: 6 }), (words) => {
        const full = words.join(' ')
        expect(joinVietnameseName(splitVietnameseName(full))).toBe(full)
      }),
    )
  })
})

describe('citizenNameSchema', () => {
  it('accepts Vietnamese names and outputs NFC', () => {
    expect(citizenNameSchema.parse(NFD_NAME)).toBe('Nguyễn Thị Minh Khai')
    expect(citizenNameSchema.parse(NFD_NAME)).not.toBe(NFD_NAME)
    expect(citizenNameSchema.parse("H'Hen Niê")).toBe("H'Hen Niê")
    expect(citizenNameSchema.parse('Trần Ánh-Dương')).toBe('Trần Ánh-Dương')
    expect(citizenNameSchema.parse('  Lê   Lợi ')).toBe('Lê Lợi')
  })

  it('rejects empty, overlong, markup, control characters and digits', () => {
    for (const bad of [
      '',
      '   ',
      'a'.repeat(101),
      '<script>',
      'Nguyễn <b>',
      'An\u0000',
      'An\u0007B',
      'Lê 2',
      'A--B',
      "'An",
    ]) {
      expect(citizenNameSchema.safeParse(bad).success, JSON.stringify(bad)).toBe(false)
    }
    expect(citizenNameSchema.safeParse('a'.repeat(100)).success).toBe(true)
  })

  it('counts the length after NFC normalisation', () => {
    // 50 × "ễ" is 150 code units in NFD but 50 characters in NFC.
    const nfd = 'e\u0302\u0303'.repeat(50)
    expect(nfd.length).toBe(150)
    expect(citizenNameSchema.parse(nfd)).toBe('ễ'.repeat(50))
  })

  it('never puts the name in an issue', () => {
    const result = citizenNameSchema.safeParse('Nguyễn <Văn> An')
    expect(JSON.stringify(result.error)).not.toContain('Nguyễn')
  })
})

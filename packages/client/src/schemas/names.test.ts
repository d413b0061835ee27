import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  citizenNameSchema,
  joinVietnameseName,
  nameMatchKey,
  normalizeName,
  sameName,
  splitVietnameseName,
} from './names.js'

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

/** Vietnamese syllables with a vowel mark and a tone, NFC, to build names from. */
const SYLLABLES = [
  'Nguyễn',
  'Thị',
  'Thủy',
  'Hòa',
  'Khỏe',
  'Quỳnh',
  'Đức',
  'Ấn',
  'Lưu',
  'Phượng',
  'Ngọc',
  'Hiếu',
  'Tuệ',
] as const
const syllable = fc.constantFrom(...SYLLABLES)
const name = fc.array(syllable, { minLength: 2, maxLength: 5 }).map((words) => words.join(' '))

describe('names as strict as the register', () => {
  it('folds Ð (U+00D0, Icelandic Eth) and Ɖ (U+0189) to Đ, ð to đ', () => {
    expect(normalizeName('\u00d0\u1eb7ng Thu Trang')).toBe('Đặng Thu Trang')
    expect(normalizeName('\u0189\u1ed7 Quang Huy')).toBe('Đỗ Quang Huy')
    expect(citizenNameSchema.parse('Ð\u00f0ức')).toBe('Đđức')
    fc.assert(
      fc.property(name, (value) => {
        const eth = value.replaceAll('Đ', '\u00d0')
        expect(citizenNameSchema.parse(eth)).toBe(value)
        expect(sameName(eth, value)).toBe(true)
      }),
    )
  })

  it('matches old and new tone placement (Thuỷ/Thủy, Hoà/Hòa, Khoẻ/Khỏe) as the same name', () => {
    expect(sameName('Nguyễn Thị Thuỷ', 'Nguyễn Thị Thủy')).toBe(true)
    expect(sameName('Lê Thị Hoà', 'Lê Thị Hòa')).toBe(true)
    expect(sameName('Trần Văn Khoẻ', 'trần  văn khỏe')).toBe(true)
    expect(nameMatchKey('Thuỷ')).toBe(nameMatchKey('Thủy'))
    // Every other diacritic still counts.
    expect(sameName('Trần Văn Ân', 'Trần Văn An')).toBe(false)
    expect(sameName('Lê Thị Hòa', 'Lê Thị Hoa')).toBe(false)
    expect(sameName('Lê Thị Hòa', 'Lê Thị Hóa')).toBe(false)
  })

  it('sameName is reflexive over NFC/NFD and case, and moving a tone mark within a word keeps the match', () => {
    fc.assert(
      fc.property(name, fc.nat(), (value, at) => {
        expect(sameName(value, value.normalize('NFD').toUpperCase())).toBe(true)
        // Move the tone mark of one word to another vowel of that word (old/new placement).
        const words = value.normalize('NFD').split(' ')
        const index = at % words.length
        const word = words[index]!
        const tone = word.match(/[\u0300\u0301\u0303\u0309\u0323]/u)?.[0]
        if (tone === undefined) return
        const bare = word.replace(tone, '')
        const vowels = [...bare.matchAll(/[aeiouyAEIOUY]/gu)].map((match) => match.index)
        const to = vowels[at % Math.max(vowels.length, 1)]
        if (to === undefined) return
        // Insert after the vowel and the marks that follow it.
        let end = to + 1
        while (end < bare.length && /\p{M}/u.test(bare[end]!)) end++
        words[index] = bare.slice(0, end) + tone + bare.slice(end)
        expect(sameName(words.join(' '), value)).toBe(true)
      }),
    )
  })

  it('refuses a tone mark typed before the circumflex or breve of its vowel, and a leading combining mark', () => {
    const refused = [
      'Nguye\u0303\u0302n Văn An', // tilde then circumflex
      'Tra\u0300\u0306m', // grave then breve
      '\u0301An',
      'Lê \u0300An',
      "H'\u0301Hen",
    ]
    for (const value of refused)
      expect(citizenNameSchema.safeParse(value).success, JSON.stringify(value)).toBe(false)
    fc.assert(
      fc.property(name, (value) => {
        expect(citizenNameSchema.safeParse(value.normalize('NFD')).success).toBe(true)
        expect(citizenNameSchema.safeParse(`\u0301${value}`).success).toBe(false)
      }),
    )
  })

  it("accepts the apostrophes and hyphens of minority names (H'Hen Niê, Y-Moan, Ksor H'Ly)", () => {
    for (const value of ["H'Hen Niê", 'Y-Moan Ênuôl', "Ksor H'Ly", 'Thạch Thị Sà Phiên']) {
      expect(citizenNameSchema.parse(value)).toBe(value)
    }
  })
})

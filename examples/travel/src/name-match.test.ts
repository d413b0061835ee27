import { personas } from '@dinhdanh/testing'
import { describe, expect, it } from 'vitest'
import {
  boardingPassName,
  comparableName,
  hasDiacritics,
  matchBookingName,
  sameNameIgnoringDiacritics,
  stripDiacritics,
} from './name-match.js'

describe('matchBookingName', () => {
  it('matches the same name', () => {
    expect(matchBookingName('Nguyễn Văn An', 'Nguyễn Văn An')).toEqual({ match: true, rule: 'same' })
  })

  it('matches an NFD booking with the NFC national record, and the other way round', () => {
    const nfd = personas.nfdName.nameAsSuppliedNfd
    const nfc = personas.nfdName.overrides.fullName
    expect(nfd).not.toBe(nfc) // different code points, same letters
    expect(matchBookingName(nfd, nfc)).toEqual({ match: true, rule: 'same' })
    expect(matchBookingName(nfc, nfd)).toEqual({ match: true, rule: 'same' })
  })

  it('matches an uppercase ASCII booking by the diacritic-free form', () => {
    expect(matchBookingName('NGUYEN THI MINH KHAI', 'Nguyễn Thị Minh Khai')).toEqual({
      match: true,
      rule: 'without-diacritics',
    })
    expect(matchBookingName('NGUYEN/VAN AN', 'Nguyễn Văn An')).toMatchObject({ match: true })
    expect(matchBookingName('NGUYEN, VAN AN', 'Nguyễn Văn An')).toMatchObject({ match: true })
  })

  it('maps đ and Đ to d and D, which NFD does not decompose', () => {
    expect('đ'.normalize('NFD')).toBe('đ')
    expect(stripDiacritics('Đặng Đức Độ')).toBe('Dang Duc Do')
    expect(matchBookingName('DANG THU TRANG', 'Đặng Thu Trang')).toEqual({
      match: true,
      rule: 'without-diacritics',
    })
    expect(matchBookingName('BUI DUC MINH', 'Bùi Đức Minh')).toMatchObject({ match: true })
  })

  it('ignores case and extra white space', () => {
    expect(matchBookingName('  nguyễn   VĂN\tan ', 'Nguyễn Văn An')).toEqual({ match: true, rule: 'same' })
    expect(comparableName('  NGUYỄN/Văn   An ')).toBe('nguyễn văn an')
  })

  it('refuses a real mismatch: another given name, a missing or an extra word', () => {
    expect(matchBookingName('Nguyễn Văn Anh', 'Nguyễn Văn An')).toEqual({ match: false, reason: 'different' })
    expect(matchBookingName('NGUYEN VAN ANH', 'Nguyễn Văn An')).toEqual({ match: false, reason: 'different' })
    expect(matchBookingName('Nguyễn An', 'Nguyễn Văn An')).toMatchObject({ match: false })
    expect(matchBookingName('Nguyễn Văn An Bình', 'Nguyễn Văn An')).toMatchObject({ match: false })
  })

  it('treats diacritics as significant when the booking has any', () => {
    expect(matchBookingName('Nguyễn Văn Ân', 'Nguyễn Văn An')).toEqual({
      match: false,
      reason: 'diacritics-differ',
    })
    // Partly accented: not an ASCII booking, so the accents it has must be right and complete.
    expect(matchBookingName('Nguyễn Van An', 'Nguyễn Văn An')).toEqual({
      match: false,
      reason: 'diacritics-differ',
    })
  })

  it('accepts surname-first and the name cut in two with the halves swapped, not a shuffle', () => {
    const record = 'Nguyễn Thị Ngọc Huyền'
    expect(matchBookingName('Nguyễn Thị Ngọc Huyền', record)).toMatchObject({ match: true }) // surname first
    expect(matchBookingName('THI NGOC HUYEN NGUYEN', record)).toMatchObject({ match: true }) // surname last
    expect(matchBookingName('Ngọc Huyền Nguyễn Thị', record)).toMatchObject({ match: true }) // fields swapped
    expect(matchBookingName('Huyền Ngọc Thị Nguyễn', record)).toEqual({ match: false, reason: 'different' })
    expect(matchBookingName('Thị Nguyễn Ngọc Huyền', record)).toEqual({ match: false, reason: 'different' })
  })

  it('never matches an empty name', () => {
    expect(matchBookingName('  ', 'Nguyễn Văn An')).toEqual({ match: false, reason: 'empty' })
    expect(sameNameIgnoringDiacritics('', '')).toBe(false)
  })
})

describe('helpers', () => {
  it('hasDiacritics sees marks in NFC and NFD, and đ', () => {
    expect(hasDiacritics('NGUYEN VAN AN')).toBe(false)
    expect(hasDiacritics('Nguye\u0302\u0303n')).toBe(true)
    expect(hasDiacritics('Dđ')).toBe(true)
  })

  it('sameNameIgnoringDiacritics finds a booking typed without accents', () => {
    expect(sameNameIgnoringDiacritics('nguyen van an', 'Nguyễn Văn An')).toBe(true)
    expect(sameNameIgnoringDiacritics('nguyen van anh', 'Nguyễn Văn An')).toBe(false)
  })

  it('boardingPassName prints SURNAME/GIVEN NAMES in uppercase ASCII', () => {
    expect(boardingPassName('Nguyễn Thị Ngọc Huyền')).toBe('NGUYEN/THI NGOC HUYEN')
    expect(boardingPassName(personas.nfdName.nameAsSuppliedNfd)).toBe('NGUYEN/THI NGOC HUYEN')
    expect(boardingPassName('Đỗ Quang Huy')).toBe('DO/QUANG HUY')
  })
})

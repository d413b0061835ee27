import { OLD_PROVINCE_CODES, PROVINCES_2025, safeParsePersonalId } from '@dinhdanh/client/schemas'
import { describe, expect, it } from 'vitest'
import { ageOn, REFERENCE_DATE } from './calendar.js'
import { citizenFor, DEFAULT_SEED } from './citizen-for.js'
import { OLD_PROVINCE_FACTS } from './province-map.js'
import { randomPersonalId } from './random-personal-id.js'
import type { SyntheticCitizen } from './synthetic-citizen.js'

function many(count: number, seed = 'citizen-for-test', today = REFERENCE_DATE): SyntheticCitizen[] {
  const citizens: SyntheticCitizen[] = []
  for (let index = 0; index < count; index++) {
    const citizen = citizenFor(randomPersonalId(seed, index, { today }), { today })
    if (citizen === undefined) throw new Error(`no citizen for index ${index}`)
    citizens.push(citizen)
  }
  return citizens
}

/** FNV-1a over a string: a short fingerprint for golden comparisons. */
function fingerprint(text: string): string {
  let hash = 0x811c9dc5
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193)
  return (hash >>> 0).toString(16).padStart(8, '0')
}

describe('citizenFor: which numbers are citizens', () => {
  it.each([
    ['', 'empty'],
    ['00109000123', '11 digits'],
    ['0010900012345', '13 digits'],
    ['00109000123a', 'a letter'],
    ['００１０９０００１２３４', 'full-width digits'],
    ['003090001234', 'no province 003'],
    ['000090001234', 'no province 000'],
    ['097090001234', 'no province 097'],
    ['001490001234', 'the 2100s have not begun'],
    ['001890001234', 'the 2300s have not begun'],
    ['001230001234', 'born in 2030, after the reference date'],
    ['001327001234', 'born in 2027, after the reference date'],
  ])('returns undefined for %j (%s)', (number) => {
    expect(citizenFor(number)).toBeUndefined()
  })

  it('returns undefined for non-strings from JavaScript callers', () => {
    expect(citizenFor(1090001234 as unknown as string)).toBeUndefined()
    expect(citizenFor(undefined as unknown as string)).toBeUndefined()
  })

  it('accepts a birth in the reference year, on or before the reference date', () => {
    for (let serial = 0; serial < 200; serial++) {
      const citizen = citizenFor(`079226${String(serial).padStart(6, '0')}`)
      expect(citizen?.birthDate.startsWith('2026-')).toBe(true)
      expect(citizen!.birthDate <= REFERENCE_DATE).toBe(true)
      expect(citizen!.age).toBe(0)
    }
  })

  it('judges future births against `today`, not the clock', () => {
    expect(citizenFor('001230001234', { today: '2030-12-31' })?.birthDate.startsWith('2030')).toBe(true)
    expect(citizenFor('001090001234', { today: '1989-12-31' })).toBeUndefined()
    expect(citizenFor('001400001234', { today: '2100-03-01' })?.birthDate.startsWith('2100')).toBe(true)
  })

  it('rejects an invalid `today` with a RangeError', () => {
    expect(() => citizenFor('001090001234', { today: '2026-02-30' })).toThrow(RangeError)
    expect(() => citizenFor('001090001234', { today: '1/7/2026' })).toThrow(RangeError)
  })

  it('rejects a birthDate override outside the encoded year', () => {
    expect(() => citizenFor('001090001234', { overrides: { birthDate: '1991-01-01' } })).toThrow(RangeError)
  })
})

describe('citizenFor: determinism', () => {
  it('gives the same citizen for the same number and seed, call after call', () => {
    const first = citizenFor('036045001357')
    expect(citizenFor('036045001357')).toStrictEqual(first)
    expect(citizenFor('036045001357', { seed: DEFAULT_SEED, today: REFERENCE_DATE })).toStrictEqual(first)
  })

  it('gives other people for another seed', () => {
    const a = many(50, 'ids')
    const b = a.map((citizen) => citizenFor(citizen.personalId, { seed: 'another-seed' })!)
    const sameName = a.filter((citizen, index) => citizen.fullName === b[index]!.fullName).length
    expect(sameName).toBeLessThan(10)
    for (const [index, citizen] of a.entries()) {
      // What the number encodes does not depend on the seed.
      expect(b[index]!.gender).toBe(citizen.gender)
      expect(b[index]!.birthDate.slice(0, 4)).toBe(citizen.birthDate.slice(0, 4))
      expect(b[index]!.birthplace).toEqual(citizen.birthplace)
    }
  })

  it('keeps everyone the same across versions (golden fingerprint of 300 citizens)', () => {
    // If this fails, the generator's output changed: every integrator's test data changes with it.
    // Only update the fingerprint on purpose, and say so in the changelog.
    expect(fingerprint(JSON.stringify(many(300, 'golden')))).toBe(GOLDEN_FINGERPRINT)
  })

  it('is plain JSON data', () => {
    for (const citizen of many(200)) {
      expect(JSON.parse(JSON.stringify(citizen))).toStrictEqual(citizen)
    }
  })
})

describe('citizenFor: what the number says', () => {
  const citizens = many(3000)

  it('matches the sex and birth year of the century/sex digit and YY', () => {
    for (const citizen of citizens) {
      const info = safeParsePersonalId(citizen.personalId)
      if (!info.ok) throw new Error('generated an invalid number')
      expect(citizen.gender).toBe(info.value.sex)
      expect(Number(citizen.birthDate.slice(0, 4))).toBe(info.value.birthYear)
      expect(citizen.birthDate <= REFERENCE_DATE).toBe(true)
      expect(citizen.age).toBe(ageOn(citizen.birthDate, REFERENCE_DATE))
      expect(citizen.ageOver18).toBe(citizen.age >= 18)
    }
  })

  it('takes the birthplace from the OLD province of the prefix', () => {
    for (const citizen of citizens) {
      const prefix = citizen.personalId.slice(0, 3)
      expect(citizen.birthplace).toEqual({ provinceCode: prefix, province: OLD_PROVINCE_CODES[prefix] })
    }
    // 044 is old Quảng Bình even though the 2025 code 44 is the merged Quảng Trị.
    expect(citizenFor('044090001234')?.birthplace.province).toBe('Quảng Bình')
  })

  it('lives in the 2025 province that absorbed the birth province, more often than not', () => {
    const home = citizens.filter(
      (citizen) =>
        citizen.permanentAddress.province_code ===
        OLD_PROVINCE_FACTS[citizen.birthplace.provinceCode]?.code2025,
    ).length
    expect(home / citizens.length).toBeGreaterThan(0.8)
    for (const citizen of citizens) {
      expect(PROVINCES_2025[citizen.address.province_code]).toBe(citizen.address.region)
      expect(citizen.address.legacy).toBe(false)
    }
  })

  it('has names with diacritics, surname first, Nguyễn about 38%', () => {
    const nguyen = citizens.filter((citizen) => citizen.familyName === 'Nguyễn').length / citizens.length
    expect(nguyen).toBeGreaterThan(0.33)
    expect(nguyen).toBeLessThan(0.43)
    for (const citizen of citizens) {
      expect(citizen.fullName.normalize('NFC')).toBe(citizen.fullName)
      // Ê Đê names put the clan (family) name last, after Y or H' and the given name: "H'Hen Niê".
      if (citizen.ethnicity.name === 'Ê Đê') {
        expect(citizen.fullName).toBe(`${citizen.givenName} ${citizen.familyName}`)
        continue
      }
      expect(citizen.fullName.startsWith(`${citizen.familyName} `)).toBe(true)
      expect(citizen.fullName.endsWith(` ${citizen.givenName}`)).toBe(true)
      expect(citizen.givenName).not.toContain(' ')
    }
    const men = citizens.filter((citizen) => citizen.gender === 'male')
    const women = citizens.filter((citizen) => citizen.gender === 'female')
    expect(men.some((citizen) => citizen.middleName === 'Văn')).toBe(true)
    expect(women.some((citizen) => citizen.middleName === 'Thị')).toBe(true)
    expect(men.some((citizen) => citizen.middleName === 'Thị')).toBe(false)
    expect(women.some((citizen) => citizen.middleName === 'Văn')).toBe(false)
  })

  it('prefers Huỳnh and Võ in the south, Hoàng and Vũ in the north', () => {
    const share = (region: 'north' | 'south', southern: string, northern: string): number => {
      let south = 0
      let north = 0
      for (let index = 0; index < 4000; index++) {
        const prefix = region === 'south' ? '079' : '001'
        const citizen = citizenFor(randomPersonalId('regions', index, { provinceCode: prefix }))!
        if (citizen.familyName === southern) south++
        if (citizen.familyName === northern) north++
      }
      return south / Math.max(1, south + north)
    }
    expect(share('south', 'Huỳnh', 'Hoàng')).toBeGreaterThan(0.6)
    expect(share('north', 'Huỳnh', 'Hoàng')).toBeLessThan(0.2)
    expect(share('south', 'Võ', 'Vũ')).toBeGreaterThan(0.6)
    expect(share('north', 'Võ', 'Vũ')).toBeLessThan(0.3)
  })
})

describe('citizenFor: accounts, cards and records', () => {
  const citizens = many(4000)

  it('follows the level-of-assurance rules by age', () => {
    for (const citizen of citizens) {
      expect([0, 1, 2]).toContain(citizen.level)
      expect(citizen.account.status).toBe(citizen.level === 0 ? 'none' : 'active')
      if (citizen.level === 2) expect(citizen.idCard).toBeDefined()
      if (citizen.age < 6) expect(citizen.level).not.toBe(2)
      expect(citizen.phone?.verified ?? citizen.level > 0).toBe(citizen.level > 0)
    }
    const adults = citizens.filter((citizen) => citizen.age >= 14)
    expect(adults.filter((citizen) => citizen.level === 2).length / adults.length).toBeGreaterThan(0.7)
    const schoolChildren = citizens.filter((citizen) => citizen.age >= 6 && citizen.age < 14)
    expect(
      schoolChildren.filter((citizen) => citizen.level === 1).length / schoolChildren.length,
    ).toBeGreaterThan(0.5)
  })

  it('issues chip cards after 14 (children on request since July 2024) with expiry at 14, 25, 40, 60 or never', () => {
    for (const citizen of citizens) {
      const card = citizen.idCard
      if (card === undefined) continue
      expect(card.number).toBe(citizen.personalId)
      expect(card.issue_date <= REFERENCE_DATE).toBe(true)
      expect(card.issue_date >= '2021-01-01').toBe(true)
      expect(card.kind).toBe(card.issue_date < '2024-07-01' ? 'CCCD' : 'CC')
      const ageAtIssue = ageOn(citizen.birthDate, card.issue_date)
      if (ageAtIssue < 14) expect(card.issue_date >= '2024-07-01').toBe(true)
      if (card.expiry_date === undefined) {
        expect(ageAtIssue).toBeGreaterThanOrEqual(58)
      } else {
        expect([14, 25, 40, 60]).toContain(ageOn(citizen.birthDate, card.expiry_date))
        if (citizen.birthDate.slice(5) !== '02-29')
          expect(card.expiry_date.slice(5)).toBe(citizen.birthDate.slice(5))
        expect(card.expiry_date > REFERENCE_DATE).toBe(true)
      }
    }
  })

  it('gives most people health insurance that is valid today', () => {
    const insured = citizens.filter((citizen) => citizen.healthInsurance !== undefined)
    expect(insured.length / citizens.length).toBeGreaterThan(0.88)
    const valid = insured.filter(
      (citizen) =>
        citizen.healthInsurance!.valid_from <= REFERENCE_DATE &&
        REFERENCE_DATE <= citizen.healthInsurance!.valid_to,
    )
    expect(valid.length / insured.length).toBeGreaterThan(0.9)
    for (const citizen of insured) {
      const card = citizen.healthInsurance!
      expect(card.number.slice(0, 2)).toBe(citizen.personalId.slice(1, 3))
      expect(card.legacy_code?.endsWith(card.number)).toBe(true)
      expect(card.valid_from >= citizen.birthDate).toBe(true)
      if (citizen.age < 6) expect(card.legacy_code?.slice(0, 2)).toBe('TE')
    }
  })

  it('gives driving licences to about 45% of adults and to no minor, some expired', () => {
    const adults = citizens.filter((citizen) => citizen.age >= 18)
    const holders = adults.filter((citizen) => citizen.drivingLicence !== undefined)
    expect(holders.length / adults.length).toBeGreaterThan(0.4)
    expect(holders.length / adults.length).toBeLessThan(0.5)
    expect(citizens.filter((citizen) => citizen.age < 18 && citizen.drivingLicence !== undefined)).toEqual([])
    const expired = holders.filter((citizen) =>
      citizen.drivingLicence!.classes.some(
        (entry) => entry.expiry_date !== undefined && entry.expiry_date < REFERENCE_DATE,
      ),
    )
    expect(expired.length).toBeGreaterThan(0)
    for (const citizen of holders) {
      for (const entry of citizen.drivingLicence!.classes) {
        expect(ageOn(citizen.birthDate, entry.issue_date)).toBeGreaterThanOrEqual(18)
        expect(entry.issue_date <= REFERENCE_DATE).toBe(true)
        if (['A1', 'A', 'B1'].includes(entry.class)) expect(entry.expiry_date).toBeUndefined()
      }
    }
  })

  it('records vaccinations between birth and today, and education by age', () => {
    const counts = new Set<number>()
    for (const citizen of citizens) {
      counts.add(citizen.vaccinations.length)
      for (const dose of citizen.vaccinations) {
        expect(dose.date >= citizen.birthDate && dose.date <= REFERENCE_DATE).toBe(true)
      }
      // Pupils finish lower secondary in June of the year they turn 15, whatever their birth month.
      if (2026 - Number(citizen.birthDate.slice(0, 4)) < 15) expect(citizen.education).toEqual([])
      for (const entry of citizen.education) {
        expect(entry.year).toBeLessThanOrEqual(2026)
        expect(entry.year - Number(citizen.birthDate.slice(0, 4))).toBeGreaterThanOrEqual(15)
      }
    }
    // The old model capped every record at 4 doses, so no child could hold the state programme's schedule.
    expect(counts.has(0)).toBe(true)
    expect(Math.max(...counts)).toBeGreaterThan(10)
  })

  it('has a median age near 33', () => {
    const ages = citizens.map((citizen) => citizen.age).sort((a, b) => a - b)
    const median = ages[Math.floor(ages.length / 2)]!
    expect(median).toBeGreaterThanOrEqual(29)
    expect(median).toBeLessThanOrEqual(37)
  })
})

const GOLDEN_FINGERPRINT = '6ebf33a4'

import { OLD_PROVINCE_CODES, PROVINCES_2025 } from '@dinhdanh/client/schemas'
import { describe, expect, it } from 'vitest'
import { addDays, addYears } from './calendar.js'
import { citizenFor } from './citizen-for.js'
import { attributeAvailability, claimsFor } from './claims.js'
import { randomPersonalId } from './random-personal-id.js'
import type { SyntheticCitizen } from './synthetic-citizen.js'

// Regression tests for the measurements of issue 14: each fails on the model before it.

/** Ends with a 2025-only province name ("Huế", but not the old "Thừa Thiên Huế"). */
const endsWithNew = (text: string, name: string) => text.endsWith(` ${name}`) && !text.endsWith('Thiên Huế')

function bornIn(provinceCode: string, count: number): SyntheticCitizen[] {
  const out: SyntheticCitizen[] = []
  for (let index = 0; out.length < count; index++) {
    const serial = String(index).padStart(6, '0')
    const decade = index % 8
    const century = decade < 6 ? (index % 2 === 0 ? '0' : '1') : index % 2 === 0 ? '2' : '3'
    const yy = String(
      decade < 6 ? 40 + decade * 10 + (index % 10) : (decade - 6) * 10 + (index % 10),
    ).padStart(2, '0')
    const citizen = citizenFor(`${provinceCode}${century}${yy}${serial}`)
    if (citizen !== undefined) out.push(citizen)
  }
  return out
}

const sample: SyntheticCitizen[] = Array.from(
  { length: 6000 },
  (_, index) => citizenFor(randomPersonalId('realism', index))!,
)

describe('population realism (issue 14)', () => {
  it('has ethnic-minority citizens in the northern mountain provinces, with their own names', () => {
    const northern = ['002', '004', '010', '011', '012', '014', '015', '020'].flatMap((code) =>
      bornIn(code, 60),
    )
    const minority = northern.filter((citizen) => citizen.ethnicity.name !== 'Kinh')
    expect(minority.length / northern.length).toBeGreaterThan(0.5)
    const nguyen = northern.filter((citizen) => citizen.familyName === 'Nguyễn').length / northern.length
    expect(nguyen).toBeLessThan(0.2)
    const hmong = northern.filter((citizen) => citizen.ethnicity.name === 'Mông')
    expect(hmong.length).toBeGreaterThan(40)
    expect(hmong.some((citizen) => ['Giàng', 'Vàng', 'Sùng', 'Thào'].includes(citizen.familyName))).toBe(true)
  })

  it("writes Ê Đê names with the clan last (H'… Niê) and Jrai names with the clan first", () => {
    const dakLak = bornIn('066', 400)
    const ede = dakLak.filter((citizen) => citizen.ethnicity.name === 'Ê Đê')
    expect(ede.length).toBeGreaterThan(20)
    for (const citizen of ede) {
      expect(citizen.fullName).toMatch(citizen.gender === 'female' ? /^H'/u : /^Y /u)
      expect(citizen.fullName.endsWith(` ${citizen.familyName}`)).toBe(true)
    }
    const jrai = bornIn('064', 300).filter((citizen) => citizen.ethnicity.name === 'Gia Rai')
    expect(jrai.some((citizen) => /^(Ksor|Siu|Rơ|Rah|Kpă|Nay|Puih) /u.test(citizen.fullName))).toBe(true)
  })

  it('records ethnicity with its code system and religion ("Không" or a recognised religion)', () => {
    for (const citizen of sample) {
      expect(citizen.ethnicity.codeSystem).toBe('TCTK-121-1979')
      expect(citizen.ethnicity.code).toMatch(/^[0-9]{2}$/)
      expect(citizen.religion.length).toBeGreaterThan(0)
    }
    const kinh = sample.filter((citizen) => citizen.ethnicity.name === 'Kinh').length / sample.length
    expect(kinh).toBeGreaterThan(0.8)
    expect(kinh).toBeLessThan(0.92)
    const khmer = bornIn('094', 300).filter((citizen) => citizen.ethnicity.name === 'Khmer')
    expect(khmer.filter((citizen) => citizen.religion === 'Phật giáo').length / khmer.length).toBeGreaterThan(
      0.8,
    )
  })

  it('never repeats the family name in the middle name ("Hoàng Hoàng Quân")', () => {
    for (const citizen of sample) {
      expect(citizen.middleName?.split(' ') ?? []).not.toContain(citizen.familyName)
    }
  })

  it('gives fewer citizens a full name shared with another in 20,000 (flat model 61%, cohort lists 56%, now 45%)', () => {
    // Identity only: the records are never generated (issue 13), so 20,000 citizens cost little.
    const names = Array.from(
      { length: 20_000 },
      (_, index) => citizenFor(randomPersonalId('realism-names', index))!.fullName,
    )
    const counts = new Map<string, number>()
    for (const name of names) counts.set(name, (counts.get(name) ?? 0) + 1)
    const shared = names.filter((name) => counts.get(name)! > 1).length / names.length
    expect(shared).toBeLessThan(0.48)
  })

  it('gives women born since 2000 four-word names about 65% of the time (hoten.org sample SG01)', () => {
    const women = sample.filter(
      (citizen) =>
        citizen.gender === 'female' && citizen.birthDate >= '2000' && citizen.ethnicity.name === 'Kinh',
    )
    expect(women.length).toBeGreaterThan(300)
    const fourWords =
      women.filter((citizen) => citizen.fullName.split(' ').length === 4).length / women.length
    expect(fourWords).toBeGreaterThan(0.55)
    expect(fourWords).toBeLessThan(0.75)
  })

  it('gives no own mobile number under 14, and one to everyone from 14', () => {
    for (const citizen of sample) {
      expect(citizen.phone !== undefined, citizen.personalId).toBe(citizen.age >= 14)
      expect(claimsFor(citizen, ['phone']).phone_number !== undefined).toBe(citizen.age >= 14)
      expect(attributeAvailability(citizen, 'phone')).toBe(citizen.age >= 14 ? 'held' : 'not_held')
    }
  })

  it('uses "hẻm" in the south and "ngõ" in the north for alleys, never the other way round', () => {
    for (const citizen of sample) {
      const street = citizen.address.street_address
      const south = ['79', '80', '82', '86', '91', '92', '96', '75'].includes(citizen.address.province_code)
      if (south) expect(street).not.toMatch(/ ngõ /u)
      else expect(street).not.toMatch(/ hẻm /u)
    }
    expect(sample.some((citizen) => / hẻm /u.test(citizen.address.street_address))).toBe(true)
  })

  it('keeps TP Hồ Chí Minh near its 14% of current addresses (was 20.4%)', () => {
    const hcm = sample.filter((citizen) => citizen.address.province_code === '79').length / sample.length
    expect(hcm).toBeGreaterThan(0.11)
    expect(hcm).toBeLessThan(0.17)
  })

  it('gives the 9-digit CMND the prefix of the birth province (02 for TP Hồ Chí Minh, 01 for Hà Nội)', () => {
    for (const [code, prefix] of [
      ['079', '02'],
      ['001', '01'],
      ['044', '19'],
    ] as const) {
      const withCmnd = bornIn(code, 80).filter((citizen) => citizen.idCard?.legacy_id_number !== undefined)
      expect(withCmnd.length).toBeGreaterThan(5)
      for (const citizen of withCmnd) expect(citizen.idCard!.legacy_id_number!.slice(0, 2)).toBe(prefix)
    }
  })

  it("gives children the state programme's vaccines (BCG, HepB birth dose, 5-in-1 or 6-in-1, polio, measles, JE)", () => {
    const children = sample.filter((citizen) => citizen.age >= 2 && citizen.age <= 8)
    expect(children.length).toBeGreaterThan(50)
    for (const citizen of children) {
      const vaccines = new Set(citizen.vaccinations.map((dose) => dose.vaccine))
      expect(vaccines.has('BCG')).toBe(true)
      expect(vaccines.has('Gene-HBvax')).toBe(true)
      expect(vaccines.has('ComBE Five') || vaccines.has('Hexaxim')).toBe(true)
      expect(vaccines.has('MVVac')).toBe(true)
      expect(vaccines.has('MRVAC')).toBe(true)
      expect(vaccines.has('Jevax')).toBe(true)
    }
  })

  it('names facilities and provinces as they were on the day (no "khu vực" centre before July 2025)', () => {
    const newProvinceOnly = new Set(
      Object.values(PROVINCES_2025).filter((name) => !Object.values(OLD_PROVINCE_CODES).includes(name)),
    )
    for (const citizen of sample) {
      for (const dose of citizen.vaccinations) {
        if (dose.date < '2025-07-01') {
          expect(dose.facility).not.toMatch(/khu vực/u)
          for (const name of newProvinceOnly) expect(endsWithNew(dose.facility, name)).toBe(false)
        }
      }
      const licence = citizen.drivingLicence
      if (licence === undefined) continue
      const latest = licence.classes
        .map((entry) => entry.issue_date)
        .sort()
        .at(-1)!
      if (latest < '2025-07-01')
        for (const name of newProvinceOnly) expect(endsWithNew(licence.issued_by, name)).toBe(false)
      for (const entry of licence.classes) {
        // Class names by issue date: B2, A2, FC before 2025; B, A, CE since.
        if (entry.issue_date < '2025-01-01') expect(['A', 'B', 'CE', 'D2']).not.toContain(entry.class)
        else expect(['A2', 'A3', 'B2', 'E', 'FC']).not.toContain(entry.class)
        // Nobody holds a licence on the day they turn 18.
        expect(entry.issue_date > addYears(citizen.birthDate, 18)).toBe(true)
      }
    }
  })

  it('gives children under 6 the TE card at benefit level 1, valid until the day before their 6th birthday', () => {
    for (const citizen of sample.filter((c) => c.age < 6 && c.healthInsurance !== undefined)) {
      expect(citizen.healthInsurance!.legacy_code?.slice(0, 3)).toBe('TE1')
      expect(citizen.healthInsurance!.valid_to).toBe(addDays(addYears(citizen.birthDate, 6), -1))
    }
  })
})

import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { toVietnamIsoDate } from './date.js'
import { identityClaimsSchema, toCitizen } from './identity.js'
import { OLD_PROVINCE_CODES } from './personal-id.js'

const valid = {
  personal_id: '001099012345',
  name: 'Nguyễn Văn An',
  family_name: 'Nguyễn',
  middle_name: 'Văn',
  given_name: 'An',
  birthdate: '1999-05-17',
  gender: 'male',
}

function issuesOf(input: unknown) {
  const result = identityClaimsSchema.safeParse(input)
  expect(result.success).toBe(false)
  return result.error?.issues ?? []
}

describe('identityClaimsSchema', () => {
  it('accepts consistent claims', () => {
    expect(identityClaimsSchema.parse(valid)).toEqual(valid)
  })

  it('accepts claims without a middle name', () => {
    const { middle_name: _, ...rest } = valid
    expect(identityClaimsSchema.parse({ ...rest, name: 'Nguyễn An' })).toEqual({ ...rest, name: 'Nguyễn An' })
  })

  it('strips unknown claims', () => {
    expect(identityClaimsSchema.parse({ ...valid, sub: 'abc', acr: '2' })).toEqual(valid)
  })

  it('turns NFD names into NFC', () => {
    const nfd = (s: string) => s.normalize('NFD')
    const parsed = identityClaimsSchema.parse({
      ...valid,
      name: nfd('Nguyễn Văn An'),
      family_name: nfd('Nguyễn'),
      middle_name: nfd('Văn'),
    })
    expect(parsed.name).toBe('Nguyễn Văn An')
    expect(parsed.family_name).toBe('Nguyễn')
  })

  it('rejects a birth year that does not match the ID', () => {
    const issues = issuesOf({ ...valid, birthdate: '1998-05-17' })
    expect(issues).toEqual([expect.objectContaining({ path: ['birthdate'] })])
    expect(issues[0]?.message).toBe(
      'birthdate year does not match the century and year digits of the personal ID number',
    )
  })

  it('rejects a century that does not match the ID (same YY)', () => {
    expect(issuesOf({ ...valid, birthdate: '2099-05-17' })[0]?.path).toEqual(['birthdate'])
  })

  it('rejects a gender that does not match the ID', () => {
    expect(issuesOf({ ...valid, gender: 'female' })).toEqual([expect.objectContaining({ path: ['gender'] })])
  })

  it('rejects a name that is not family + middle + given', () => {
    expect(issuesOf({ ...valid, name: 'Văn An Nguyễn' })).toEqual([
      expect.objectContaining({ path: ['name'] }),
    ])
    expect(issuesOf({ ...valid, middle_name: 'Thị' })[0]?.path).toEqual(['name'])
  })

  it('rejects malformed claims', () => {
    for (const patch of [
      { personal_id: '00109901234' },
      { personal_id: '003099012345' },
      { birthdate: '1999-02-30' },
      { gender: 'Nam' },
      { given_name: '' },
      { family_name: undefined },
    ]) {
      expect(identityClaimsSchema.safeParse({ ...valid, ...patch }).success, JSON.stringify(patch)).toBe(
        false,
      )
    }
  })

  it('adds no year issue on top of an unreal birthdate', () => {
    expect(issuesOf({ ...valid, birthdate: '1998-02-30' })).toHaveLength(1)
  })

  it('never includes the values in issues', () => {
    const result = identityClaimsSchema.safeParse({
      ...valid,
      birthdate: '1988-01-02',
      gender: 'female',
      name: 'X Y',
    })
    const text = JSON.stringify(result.error)
    for (const secret of ['001099012345', '1988-01-02', 'Nguyễn', 'X Y']) expect(text).not.toContain(secret)
  })

  it('accepts every ID whose digits agree with birthdate and gender, and rejects shifted years', () => {
    const arbitrary = fc.record({
      province: fc.constantFrom(...Object.keys(OLD_PROVINCE_CODES)),
      centuryDigit: fc.integer({ min: 0, max: 3 }),
      yy: fc.integer({ min: 0, max: 99 }),
      serial: fc.stringMatching(/^[0-9]{6}$/),
      monthDay: fc.constantFrom('01-01', '02-28', '06-15', '12-31'),
      shift: fc.integer({ min: 1, max: 150 }),
    })
    const today = toVietnamIsoDate(new Date())
    fc.assert(
      fc.property(arbitrary, ({ province, centuryDigit, yy, serial, monthDay, shift }) => {
        const year = 1900 + Math.floor(centuryDigit / 2) * 100 + yy
        // Birth dates after today are refused on their own (see below).
        fc.pre(`${year}-${monthDay}` <= today)
        const claims = {
          ...valid,
          personal_id: `${province}${centuryDigit}${String(yy).padStart(2, '0')}${serial}`,
          birthdate: `${year}-${monthDay}`,
          gender: centuryDigit % 2 === 0 ? 'male' : 'female',
        }
        expect(identityClaimsSchema.safeParse(claims).success).toBe(true)
        expect(
          identityClaimsSchema.safeParse({ ...claims, birthdate: `${year - shift}-${monthDay}` }).success,
        ).toBe(false)
      }),
    )
  })
})

describe('identityClaimsSchema: dates the register would refuse', () => {
  it('refuses a birth date after today in Vietnam (issue on birthdate), whatever the number encodes', () => {
    const today = toVietnamIsoDate(new Date())
    const year = Number(today.slice(0, 4))
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 400 }), (days) => {
        const future = new Date(Date.parse(`${today}T00:00:00Z`) + days * 86_400_000)
          .toISOString()
          .slice(0, 10)
        const futureYear = Number(future.slice(0, 4))
        const digit = futureYear >= 2000 ? 2 : 0
        const result = identityClaimsSchema.safeParse({
          ...valid,
          personal_id: `001${digit}${future.slice(2, 4)}012345`,
          birthdate: future,
        })
        expect(result.success).toBe(false)
        const paths = result.error?.issues.map((issue) => issue.path.join('.'))
        expect(paths).toContain('birthdate')
        if (futureYear > year) expect(paths).toContain('personal_id')
      }),
    )
    expect(identityClaimsSchema.safeParse({ ...valid }).success).toBe(true)
  })
})

describe('toCitizen', () => {
  it('maps claims to the camelCase value', () => {
    expect(toCitizen(identityClaimsSchema.parse(valid))).toEqual({
      personalId: '001099012345',
      fullName: 'Nguyễn Văn An',
      familyName: 'Nguyễn',
      middleName: 'Văn',
      givenName: 'An',
      birthDate: '1999-05-17',
      gender: 'male',
    })
  })

  it('omits middleName when there is none', () => {
    const { middle_name: _, ...rest } = valid
    const citizen = toCitizen(identityClaimsSchema.parse({ ...rest, name: 'Nguyễn An' }))
    expect('middleName' in citizen).toBe(false)
  })
})

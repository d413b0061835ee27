import { describe, expect, it } from 'vitest'
import { EidAttributeError, EidLevelError } from '../errors/validation-errors.js'
import type { VneidClaimNames, VneidDateFormat } from './options.js'
import { identityFromUserinfo, levelFromAccountLevel, normalizeBirthDate } from './userinfo.js'

const CLAIMS: VneidClaimNames = {
  personalNumber: 'citizenPid',
  fullName: 'fullName',
  birthDate: 'birthDate',
  gender: 'gender',
  accountType: 'accountType',
  accountLevel: 'accountLevel',
}
const FORMATS: VneidDateFormat[] = ['dd/MM/yyyy', 'yyyy-MM-dd']
const USERINFO = {
  citizenPid: '001090012345',
  fullName: 'Nguyễn Văn An',
  birthDate: '17/05/1990',
  accountLevel: 2,
}
const map = (userinfo: Record<string, unknown>, required: 1 | 2 = 1, claims = CLAIMS, formats = FORMATS) =>
  identityFromUserinfo(userinfo, { claims, birthDateFormats: formats, required })

function attributeIssues(run: () => unknown) {
  try {
    run()
  } catch (error) {
    if (!(error instanceof EidAttributeError)) throw error
    expect(error.attribute).toBe('identity')
    expect(error.message).not.toContain('001090012345')
    expect(error.message).not.toContain('Nguyễn')
    return error.issues.map((issue) => issue.path)
  }
  throw new Error('expected a throw')
}

describe('levelFromAccountLevel', () => {
  it.each([
    [1, 1],
    ['1', 1],
    [2, 2],
    ['2', 2],
    [0, undefined],
    [3, undefined],
    ['2.0', undefined],
    [undefined, undefined],
    [null, undefined],
  ])('%j → %j', (value, level) => {
    expect(levelFromAccountLevel(value)).toBe(level)
  })
})

describe('normalizeBirthDate', () => {
  it('reads dd/MM/yyyy and yyyy-MM-dd, only in the formats allowed', () => {
    expect(normalizeBirthDate('17/05/1990', FORMATS)).toBe('1990-05-17')
    expect(normalizeBirthDate(' 1990-05-17 ', FORMATS)).toBe('1990-05-17')
    expect(normalizeBirthDate('17/05/1990', ['yyyy-MM-dd'])).toBeUndefined()
    expect(normalizeBirthDate('1990/05/17', FORMATS)).toBeUndefined()
    expect(normalizeBirthDate(19900517, FORMATS)).toBeUndefined()
  })
})

describe('identityFromUserinfo', () => {
  it('builds the citizen: name split surname first, ISO birth date, gender from the number, subject = number', () => {
    const { citizen, level, subject } = map({
      ...USERINFO,
      fullName: 'Nguyễn Thị Minh Khai',
      citizenPid: '001190012345',
    })
    expect(level).toBe(2)
    expect(subject).toBe('001190012345')
    expect(citizen).toEqual({
      personalId: '001190012345',
      fullName: 'Nguyễn Thị Minh Khai',
      familyName: 'Nguyễn',
      middleName: 'Thị Minh',
      givenName: 'Khai',
      birthDate: '1990-05-17',
      gender: 'female',
    })
    expect(map({ ...USERINFO, fullName: 'Lê Lợi' }).citizen).not.toHaveProperty('middleName')
  })

  it('uses a sent gender (Nam/Nữ, male/female, M/F) and checks it against the number', () => {
    expect(map({ ...USERINFO, gender: 'Nam' }).citizen.gender).toBe('male')
    expect(map({ ...USERINFO, gender: 'M' }).citizen.gender).toBe('male')
    expect(attributeIssues(() => map({ ...USERINFO, gender: 'Nữ' }))).toEqual(['gender'])
    expect(attributeIssues(() => map({ ...USERINFO, gender: 'x' }))).toEqual(['gender'])
    expect(attributeIssues(() => map({ ...USERINFO, gender: 1 }))).toEqual(['gender'])
  })

  it('reads a level given as a string; ERR_EID_LEVEL_TOO_LOW with required and actual when below', () => {
    expect(map({ ...USERINFO, accountLevel: '2' }, 2).level).toBe(2)
    for (const [accountLevel, actual] of [
      [1, 1],
      ['1', 1],
      [undefined, undefined],
      ['3', undefined],
    ] as const) {
      let error: unknown
      try {
        map({ ...USERINFO, accountLevel }, 2)
      } catch (caught) {
        error = caught
      }
      expect(error).toBeInstanceOf(EidLevelError)
      expect(error).toMatchObject({ code: 'ERR_EID_LEVEL_TOO_LOW', required: 2, actual })
    }
  })

  it('refuses a userinfo without citizenPid, name or birth date, naming the claims only', () => {
    expect(attributeIssues(() => map({ accountLevel: 2 }))).toEqual(['citizenPid', 'fullName', 'birthDate'])
    expect(attributeIssues(() => map({ ...USERINFO, fullName: 'An' }))).toEqual(['fullName'])
  })

  it('refuses a personal number inconsistent with the birth date, or not a personal number', () => {
    expect(attributeIssues(() => map({ ...USERINFO, birthDate: '17/05/1991' }))).toEqual(['birthDate'])
    expect(attributeIssues(() => map({ ...USERINFO, birthDate: '31/02/1990' }))).toContain('birthDate')
    expect(attributeIssues(() => map({ ...USERINFO, citizenPid: '003090012345' }))).toContain('citizenPid')
    expect(attributeIssues(() => map({ ...USERINFO, citizenPid: '00109001234' }))).toContain('citizenPid')
    expect(attributeIssues(() => map({ ...USERINFO, fullName: 'Nguyễn <script>' }))).toContain('fullName')
  })

  it('reads renamed claims', () => {
    const claims = { ...CLAIMS, personalNumber: 'soDinhDanh', fullName: 'hoVaTen', accountLevel: 'mucDo' }
    const result = map(
      { soDinhDanh: '001090012345', hoVaTen: 'Nguyễn Văn An', birthDate: '1990-05-17', mucDo: '1' },
      1,
      claims,
    )
    expect(result.citizen.personalId).toBe('001090012345')
    expect(result.level).toBe(1)
  })
})

import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { idCardClaimsSchema, toIdCard } from './id-card.js'

const card = {
  number: '001099012345',
  kind: 'CCCD',
  issue_date: '2021-04-10',
  expiry_date: '2024-05-17',
  issued_by: 'Cục Cảnh sát quản lý hành chính về trật tự xã hội',
  legacy_id_number: '012345678',
}

describe('idCardClaimsSchema', () => {
  it('accepts a chip card, with or without expiry and old number', () => {
    expect(idCardClaimsSchema.parse({ id_card: card })).toEqual({ id_card: card })
    const { expiry_date: _e, legacy_id_number: _l, ...lifelong } = card
    expect(
      idCardClaimsSchema.parse({ id_card: { ...lifelong, kind: 'CC', issue_date: '2024-07-01' } }).id_card
        .kind,
    ).toBe('CC')
  })

  it('checks the kind against the issue date: CCCD 2016-01-01..2024-06-30, CC from 2024-07-01', () => {
    const kindIssue = (kind: string, issue_date: string) => {
      const result = idCardClaimsSchema.safeParse({
        id_card: { ...card, kind, issue_date, expiry_date: undefined },
      })
      return result.success ? undefined : result.error.issues.find((issue) => issue.path.at(-1) === 'kind')
    }
    // A CC issued in 2022 and a CCCD issued in 2025: no register holds these.
    expect(kindIssue('CC', '2022-03-15')).toMatchObject({ params: { expected: 'CCCD' } })
    expect(kindIssue('CCCD', '2025-02-01')).toMatchObject({ params: { expected: 'CC' } })
    expect(kindIssue('CCCD', '2015-12-31')).toBeDefined()
    fc.assert(
      fc.property(fc.date({ min: new Date('2016-01-01'), max: new Date(), noInvalidDate: true }), (date) => {
        const day = date.toISOString().slice(0, 10)
        const kind = day < '2024-07-01' ? 'CCCD' : 'CC'
        expect(kindIssue(kind, day)).toBeUndefined()
        expect(kindIssue(kind === 'CC' ? 'CCCD' : 'CC', day)).toBeDefined()
      }),
    )
  })

  it('refuses an issue date after today', () => {
    expect(
      idCardClaimsSchema.safeParse({
        id_card: { ...card, kind: 'CC', issue_date: '2999-01-01', expiry_date: undefined },
      }).success,
    ).toBe(false)
  })

  it('rejects malformed cards', () => {
    for (const patch of [
      { number: '00109901234' },
      { number: '003099012345' },
      { kind: 'CMND' },
      { issue_date: '2021-02-30' },
      { expiry_date: '2020-01-01' },
      { issued_by: '' },
      { legacy_id_number: '0123456789' },
    ]) {
      expect(
        idCardClaimsSchema.safeParse({ id_card: { ...card, ...patch } }).success,
        JSON.stringify(patch),
      ).toBe(false)
    }
    expect(idCardClaimsSchema.safeParse(card).success).toBe(false)
  })

  it('does not echo the numbers in issues', () => {
    const result = idCardClaimsSchema.safeParse({
      id_card: { ...card, number: '003099012345', legacy_id_number: '0123' },
    })
    const text = JSON.stringify(result.error)
    expect(text).not.toContain('003099012345')
    expect(text).not.toContain('0123"')
  })
})

describe('toIdCard', () => {
  it('maps to camelCase, omitting absent fields', () => {
    expect(toIdCard(idCardClaimsSchema.parse({ id_card: card }))).toEqual({
      number: '001099012345',
      kind: 'CCCD',
      issueDate: '2021-04-10',
      expiryDate: '2024-05-17',
      issuedBy: card.issued_by,
      legacyIdNumber: '012345678',
    })
    const { expiry_date: _e, legacy_id_number: _l, ...lifelong } = card
    const value = toIdCard(idCardClaimsSchema.parse({ id_card: lifelong }))
    expect('expiryDate' in value || 'legacyIdNumber' in value).toBe(false)
  })
})

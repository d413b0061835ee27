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
    expect(idCardClaimsSchema.parse({ id_card: { ...lifelong, kind: 'CC' } }).id_card.kind).toBe('CC')
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

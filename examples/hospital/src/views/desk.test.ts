import { safeParsePersonalId } from '@dinhdanh/client/schemas'
import type { Response } from 'express'
import { describe, expect, it } from 'vitest'
import { invalidPersonalIdText } from './desk.js'

const inLanguage = (lang: 'vi' | 'en') => ({ locals: { lang } }) as unknown as Response

describe('invalidPersonalIdText', () => {
  it('explains a number whose birth year is in the future (reason future), never "undefined"', () => {
    // 001 (Hà Nội), 2 (male, 2000s), 99: born in 2099.
    const parsed = safeParsePersonalId('001299012345', { now: new Date('2026-07-01T00:00:00Z') })
    expect(parsed).toMatchObject({ ok: false, reason: 'future' })
    if (parsed.ok) return
    expect(invalidPersonalIdText(inLanguage('en'), parsed.reason)).toBe(
      'Invalid personal ID number: the birth year it encodes (5th and 6th digits) is in the future.',
    )
    expect(invalidPersonalIdText(inLanguage('vi'), parsed.reason)).toBe(
      'Số định danh không hợp lệ: năm sinh (chữ số thứ 5 và 6) chưa đến.',
    )
  })

  it('has words for every other reason', () => {
    for (const reason of ['format', 'province', 'century'] as const) {
      const text = invalidPersonalIdText(inLanguage('en'), reason)
      expect(text).toMatch(/^Invalid personal ID number: .+\.$/)
      expect(text).not.toContain('undefined')
    }
  })
})

import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { DIALECT_ACCOUNT_TYPE, dialectClaims } from './claims.js'

// docs/vneid-dialect.md and the mock provider must say the same accountType for a citizen (the msw kit's
// userinfo is checked in packages/testing/src/msw/vneid-dialect.test.ts).
const doc = readFileSync(new URL('../../../docs/vneid-dialect.md', import.meta.url), 'utf8')

describe('accountType', () => {
  it("is CONG_DAN, the value of the dialect's worked example, in the mock's userinfo", () => {
    expect(DIALECT_ACCOUNT_TYPE).toBe('CONG_DAN')
    const claims = dialectClaims({ personal_id: '001090001234', name: 'Nguyễn Văn An' }, 2, 'dd/MM/yyyy')
    expect(claims.accountType).toBe('CONG_DAN')
  })

  it('is the only accountType value docs/vneid-dialect.md shows', () => {
    const values = [...doc.matchAll(/"accountType":\s*"([^"]*)"/gu)].map((match) => match[1])
    expect(values.length).toBeGreaterThanOrEqual(2) // the SDK's worked example and the mock's
    expect(new Set(values)).toEqual(new Set([DIALECT_ACCOUNT_TYPE]))
    expect(doc).not.toMatch(/accountType[^|\n]*"citizen"/u)
  })
})

import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { createDpopJwk } from './dpop.js'
import { EidTransactionError } from './errors/index.js'
import { checkTransaction } from './transaction.js'

const expected = { issuer: 'https://eid.test', clientId: 'demo-bank', now: 1_000 }
const b64 = (bytes: number) => randomBytes(bytes).toString('base64url')

const transaction = (overrides: Record<string, unknown> = {}) => ({
  v: 1,
  issuer: expected.issuer,
  clientId: expected.clientId,
  redirectUri: 'https://bank.test/auth/callback',
  state: b64(24),
  nonce: b64(24),
  codeVerifier: b64(32),
  level: 1,
  attributes: [],
  identity: true,
  createdAt: 900,
  expiresAt: 1_500,
  ...overrides,
})

function reasonOf(input: unknown): string | undefined {
  try {
    checkTransaction(input, expected)
    return undefined
  } catch (error) {
    expect(error).toBeInstanceOf(EidTransactionError)
    return (error as EidTransactionError).reason
  }
}

describe('checkTransaction: the DPoP key it carries', () => {
  it('accepts the key createDpopJwk made, in an object or read back from JSON', async () => {
    const dpopJwk = await createDpopJwk()
    expect(reasonOf(transaction({ dpopJwk }))).toBeUndefined()
    expect(reasonOf(JSON.stringify(transaction({ dpopJwk })))).toBeUndefined()
  })

  it('fuzz finding: a dpopJwk that is not a P-256 private key is refused as malformed, not thrown later by WebCrypto as a DataError', async () => {
    const { x, y, d } = (await createDpopJwk()) as { x: string; y: string; d: string }
    // The fuzzer's counterexample: the old schema only asked for string kty and d.
    expect(reasonOf(transaction({ dpopJwk: { kty: 'EC', d: 'x' } }))).toBe('malformed')
    expect(reasonOf(transaction({ dpopJwk: { kty: 'EC', crv: 'P-384', x, y, d } }))).toBe('malformed')
    expect(reasonOf(transaction({ dpopJwk: { kty: 'oct', k: d, d } }))).toBe('malformed')
    // Well-shaped but not a point on the curve.
    expect(reasonOf(transaction({ dpopJwk: { kty: 'EC', crv: 'P-256', x: y, y: x, d } }))).toBe('malformed')
  })

  it('keeps only the key members, so extra JWK members (key_ops, ext) cannot break the import', async () => {
    const jwk = await createDpopJwk()
    const checked = checkTransaction(
      transaction({ dpopJwk: { ...jwk, key_ops: ['encrypt'], ext: false, use: 'enc' } }),
      expected,
    )
    expect(Object.keys(checked.dpopJwk ?? {}).sort()).toEqual(['crv', 'd', 'kty', 'x', 'y'])
  })
})

describe('checkTransaction: the redirect URI it carries', () => {
  it('fuzz finding: a redirectUri that is not a URL is refused as malformed, not thrown later by checkCallback as a TypeError', () => {
    // The fuzzer's counterexample: a comma typed into the JSON of a stored transaction.
    expect(reasonOf(transaction({ redirectUri: ',https://bank.test/auth/callback' }))).toBe('malformed')
    expect(reasonOf(transaction({ redirectUri: '/auth/callback' }))).toBe('malformed')
    expect(reasonOf(transaction({ redirectUri: '' }))).toBe('malformed')
    expect(reasonOf(transaction())).toBeUndefined()
  })
})

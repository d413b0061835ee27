import { CompactSign, compactVerify, importJWK } from 'jose'
import { describe, expect, it } from 'vitest'
import { createMemoryStorage } from '../storage/memory-storage.js'
import { generateSigningKeys, prepareSigningKeys, takePreparedSigningKeys } from './key-generation.js'
import { loadSigningKeys, publicJwk, rotateSigningKey } from './keys.js'

describe('signing keys', () => {
  it('a fresh set: ES256 (P-256), RSA 2048 without alg (RS256 and PS256), Ed25519; each signs and verifies', async () => {
    const { keys } = await generateSigningKeys()
    expect(keys.map((key) => [key.kty, key.crv, key.alg, key.use])).toEqual([
      ['EC', 'P-256', 'ES256', 'sig'],
      ['RSA', undefined, undefined, 'sig'],
      ['OKP', 'Ed25519', 'EdDSA', 'sig'],
    ])
    expect(keys.map((key) => key.kid?.split('-')[0])).toEqual(['es256', 'rsa', 'ed25519'])
    const rsa = keys[1]
    expect(Buffer.from(String(rsa?.n), 'base64url').length * 8).toBe(2048)
    expect(rsa?.e).toBe('AQAB')
    for (const [key, alg] of [
      [keys[0], 'ES256'],
      [keys[1], 'RS256'],
      [keys[1], 'PS256'],
      [keys[2], 'EdDSA'],
    ] as const) {
      const jws = await new CompactSign(new TextEncoder().encode('payload'))
        .setProtectedHeader({ alg })
        .sign(await importJWK({ ...key }, alg))
      const verified = await compactVerify(jws, await importJWK(publicJwk({ ...key }), alg))
      expect(new TextDecoder().decode(verified.payload)).toBe('payload')
    }
  })

  it('a set prepared at start-up goes to the first store without keys, once; the next store gets its own', async () => {
    prepareSigningKeys()
    prepareSigningKeys() // one set, however often asked
    const prepared = await takePreparedSigningKeys()
    expect(prepared?.keys).toHaveLength(3)
    expect(takePreparedSigningKeys()).toBeUndefined()
    prepareSigningKeys()
    const first = await loadSigningKeys(createMemoryStorage())
    expect(takePreparedSigningKeys()).toBeUndefined() // the first store took it
    const second = await loadSigningKeys(createMemoryStorage())
    expect(first.keys).toHaveLength(3)
    expect(second.keys.map((key) => key.kid)).not.toEqual(first.keys.map((key) => key.kid))
  })

  it('a store that has keys keeps them, and the prepared set is dropped, not used later', async () => {
    const storage = createMemoryStorage()
    const stored = await loadSigningKeys(storage)
    prepareSigningKeys()
    expect((await loadSigningKeys(storage)).keys).toEqual(stored.keys)
    expect(takePreparedSigningKeys()).toBeUndefined()
    const rotated = await rotateSigningKey(storage)
    expect(rotated.keys.slice(1)).toEqual(stored.keys)
  })
})

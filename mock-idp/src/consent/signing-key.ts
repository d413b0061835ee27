import { importJWK, type JWK } from 'jose'

type ImportedKey = Awaited<ReturnType<typeof importJWK>>

/** Imported keys by JWK object, then algorithm. A rotation brings new JWK objects; the old entries go with the old keys. */
const imported = new WeakMap<JWK, Map<string, Promise<ImportedKey>>>()

/**
 * The provider's private JWK imported for signing with `alg`, once per key: consent receipts and
 * withdrawal events are signed with the same key many times, and an import costs more than the signature's
 * hashing. The cache is keyed by the JWK object, so a rotated key (a new object, from
 * `MockIdpContext.rotateSigningKey`) is imported afresh and the previous one is dropped with its JWK.
 *
 * @example
 * ```ts
 * const key = await importedSigningKey(jwk, 'ES256')
 * const jwt = await new SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid: jwk.kid }).sign(key)
 * ```
 */
export function importedSigningKey(jwk: JWK, alg: string): Promise<ImportedKey> {
  let byAlg = imported.get(jwk)
  if (!byAlg) {
    byAlg = new Map()
    imported.set(jwk, byAlg)
  }
  let key = byAlg.get(alg)
  if (!key) {
    key = importJWK(jwk, alg)
    byAlg.set(alg, key)
    // A failed import is not remembered: the next call tries again (and fails the same way, visibly).
    key.catch(() => byAlg.delete(alg))
  }
  return key
}

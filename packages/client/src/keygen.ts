import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose'
import { SIGNING_ALGS } from './options.js'

/**
 * The algorithms `npx @dinhdanh/client keygen` makes keys for: every signing algorithm the SDK accepts
 * for `private_key_jwt`, and the encryption algorithms of `decryptionJwks`.
 *
 * @example
 * ```ts
 * KEYGEN_ALGS.includes('ES256') // true
 * ```
 */
export const KEYGEN_ALGS = [...SIGNING_ALGS, 'ECDH-ES+A256KW', 'RSA-OAEP-256'] as const

/**
 * An algorithm of {@link KEYGEN_ALGS}.
 *
 * @example
 * ```ts
 * const alg: KeygenAlg = 'ES256'
 * ```
 */
export type KeygenAlg = (typeof KEYGEN_ALGS)[number]

/**
 * Makes a key pair as JWKs: the private one (with `d`, for the app's secret store) and the public one
 * with a JWKS around it (for the provider's registration). Both carry `kid` (the RFC 7638 thumbprint
 * unless given), `alg` and `use`.
 *
 * @example
 * ```ts
 * const { privateJwk, jwks } = await generateKeyPairJwks('ES256')
 * ```
 */
export async function generateKeyPairJwks(
  alg: KeygenAlg,
  kid?: string,
): Promise<{ privateJwk: JWK; publicJwk: JWK; jwks: { keys: JWK[] } }> {
  const pair = await generateKeyPair(alg, {
    extractable: true,
    ...(alg.startsWith('RS') || alg.startsWith('PS') || alg.startsWith('RSA') ? { modulusLength: 2048 } : {}),
  })
  const publicBase = await exportJWK(pair.publicKey)
  const id = kid ?? (await calculateJwkThumbprint(publicBase, 'sha256'))
  const use = alg === 'ECDH-ES+A256KW' || alg === 'RSA-OAEP-256' ? 'enc' : 'sig'
  const publicJwk: JWK = { ...publicBase, kid: id, alg, use }
  const privateJwk: JWK = { ...(await exportJWK(pair.privateKey)), kid: id, alg, use }
  return { privateJwk, publicJwk, jwks: { keys: [publicJwk] } }
}

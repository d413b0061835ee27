import type { JWK } from 'jose'
import type { Storage } from '../storage/storage.js'
import {
  generateSigningKeys,
  keyStamp,
  privateJwk,
  type SigningKeys,
  takePreparedSigningKeys,
} from './key-generation.js'

export { generateSigningKeys, type SigningKeys } from './key-generation.js'

const NAMESPACE = 'config'
const KEY = 'signing-keys'

/**
 * Loads the signing keys from storage, generating them on first start, so a restart (or another
 * process sharing the store) signs with the same keys and tokens already issued stay verifiable.
 */
export async function loadSigningKeys(storage: Storage): Promise<SigningKeys> {
  const prepared = takePreparedSigningKeys()
  const existing = await storage.get<SigningKeys>(NAMESPACE, KEY)
  if (existing) return existing
  const fresh = await (prepared ?? generateSigningKeys())
  if (await storage.setIfAbsent(NAMESPACE, KEY, fresh)) return fresh
  return (await storage.get<SigningKeys>(NAMESPACE, KEY)) ?? fresh
}

/**
 * Rotates the ES256 key: a new key goes first (it signs from now on), the previous ES256 key stays
 * published for tokens already issued, older ones are dropped.
 */
export async function rotateSigningKey(storage: Storage): Promise<SigningKeys> {
  const current = await loadSigningKeys(storage)
  const next = await privateJwk('ES256', `es256-${keyStamp()}`)
  const previousEs = current.keys.find((key) => key.alg === 'ES256')
  const others = current.keys.filter((key) => key.alg !== 'ES256')
  const rotated = { keys: [next, ...(previousEs ? [previousEs] : []), ...others] }
  await storage.set(NAMESPACE, KEY, rotated)
  return rotated
}

/** The public half of a private JWK. */
export function publicJwk(jwk: JWK): JWK {
  const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...rest } = jwk
  return rest
}

import { randomUUID } from 'node:crypto'
import { exportJWK, generateKeyPair, type JWK } from 'jose'
import type { Storage } from '../storage/storage.js'

/** The provider's private signing keys, newest first (oidc-provider signs with the first that fits). */
export interface SigningKeys {
  readonly keys: JWK[]
}

const NAMESPACE = 'config'
const KEY = 'signing-keys'

async function privateJwk(alg: 'ES256' | 'RS256' | 'EdDSA', kid: string): Promise<JWK> {
  const { privateKey } = await generateKeyPair(alg, {
    extractable: true,
    ...(alg === 'EdDSA' && { crv: 'Ed25519' }),
  })
  // RSA keys carry no `alg`, so one key serves RS256 and PS256.
  return { ...(await exportJWK(privateKey)), kid, use: 'sig', ...(alg !== 'RS256' && { alg }) }
}

function stamp(): string {
  return `${new Date().toISOString().slice(0, 10)}-${randomUUID().slice(0, 8)}`
}

/** A fresh set: ES256 (the default), RSA for RS256/PS256, Ed25519 for EdDSA. */
export async function generateSigningKeys(): Promise<SigningKeys> {
  const id = stamp()
  return {
    keys: await Promise.all([
      privateJwk('ES256', `es256-${id}`),
      privateJwk('RS256', `rsa-${id}`),
      privateJwk('EdDSA', `ed25519-${id}`),
    ]),
  }
}

/**
 * Loads the signing keys from storage, generating them on first start, so a restart (or another
 * process sharing the store) signs with the same keys and tokens already issued stay verifiable.
 */
export async function loadSigningKeys(storage: Storage): Promise<SigningKeys> {
  const existing = await storage.get<SigningKeys>(NAMESPACE, KEY)
  if (existing) return existing
  const fresh = await generateSigningKeys()
  if (await storage.setIfAbsent(NAMESPACE, KEY, fresh)) return fresh
  return (await storage.get<SigningKeys>(NAMESPACE, KEY)) ?? fresh
}

/**
 * Rotates the ES256 key: a new key goes first (it signs from now on), the previous ES256 key stays
 * published for tokens already issued, older ones are dropped.
 */
export async function rotateSigningKey(storage: Storage): Promise<SigningKeys> {
  const current = await loadSigningKeys(storage)
  const next = await privateJwk('ES256', `es256-${stamp()}`)
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

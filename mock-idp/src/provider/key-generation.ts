import { generateKeyPair, type KeyObject, randomUUID } from 'node:crypto'
import type { JWK } from 'jose'

/** The provider's private signing keys, newest first (oidc-provider signs with the first that fits). */
export interface SigningKeys {
  readonly keys: JWK[]
}

export type SigningAlg = 'ES256' | 'RS256' | 'EdDSA'

// node:crypto directly (not jose, which oidc-provider loads anyway): the command starts this before it loads
// the provider's modules (see prepareSigningKeys), so nothing may have to load first.
function privateKeyFor(alg: SigningAlg): Promise<KeyObject> {
  return new Promise((resolve, reject) => {
    const done = (error: Error | null, _publicKey: KeyObject, privateKey: KeyObject) =>
      error ? reject(error) : resolve(privateKey)
    if (alg === 'ES256') generateKeyPair('ec', { namedCurve: 'P-256' }, done)
    else if (alg === 'RS256') generateKeyPair('rsa', { modulusLength: 2048, publicExponent: 0x10001 }, done)
    else generateKeyPair('ed25519', {}, done)
  })
}

/** A fresh private signing JWK (P-256, RSA 2048 or Ed25519) with its `kid` and `use: 'sig'`. */
export async function privateJwk(alg: SigningAlg, kid: string): Promise<JWK> {
  const jwk = (await privateKeyFor(alg)).export({ format: 'jwk' }) as JWK
  // RSA keys carry no `alg`, so one key serves RS256 and PS256.
  return { ...jwk, kid, use: 'sig', ...(alg !== 'RS256' && { alg }) }
}

/** A `kid` suffix: the day of generation and a random part. */
export function keyStamp(): string {
  return `${new Date().toISOString().slice(0, 10)}-${randomUUID().slice(0, 8)}`
}

/** A fresh set: ES256 (the default), RSA for RS256/PS256, Ed25519 for EdDSA. */
export async function generateSigningKeys(): Promise<SigningKeys> {
  const id = keyStamp()
  return {
    keys: await Promise.all([
      privateJwk('ES256', `es256-${id}`),
      privateJwk('RS256', `rsa-${id}`),
      privateJwk('EdDSA', `ed25519-${id}`),
    ]),
  }
}

let prepared: Promise<SigningKeys> | undefined

/**
 * Starts generating a fresh key set now, for the next {@link takePreparedSigningKeys}: the command calls it
 * before it loads the provider's modules when the store will have no keys yet (memory, a new SQLite file),
 * so the RSA key (tens to hundreds of milliseconds on the thread pool) is made while the modules load
 * instead of after. A failure surfaces where the keys are taken, as it would have without preparing.
 *
 * @example
 * ```ts
 * prepareSigningKeys()
 * const { createMockIdp } = await import('./server.js') // loadSigningKeys takes the prepared set
 * ```
 */
export function prepareSigningKeys(): void {
  if (prepared) return
  prepared = generateSigningKeys()
  prepared.catch(() => {}) // handled by the taker; never an unhandled rejection if nobody takes it
}

/**
 * The prepared key set, once (a second provider in the process generates its own), or `undefined` if none
 * was prepared. Taken at each load of the keys, so a set prepared for a store that turned out to have keys
 * is dropped, never used later.
 */
export function takePreparedSigningKeys(): Promise<SigningKeys> | undefined {
  const taken = prepared
  prepared = undefined
  return taken
}

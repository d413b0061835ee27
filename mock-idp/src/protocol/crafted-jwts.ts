/**
 * JWTs made by hand for the negative cases: client assertions with wrong audiences, DPoP proofs with
 * whatever is wrong in them, unsigned tokens (which jose refuses to make).
 */
import { randomUUID } from 'node:crypto'
import { exportJWK, SignJWT } from 'jose'
import type { RelyingParty } from './support.js'

const now = () => Math.floor(Date.now() / 1000)

/** A `private_key_jwt` client assertion (RFC 7523); `claims` override the correct ones. */
export async function clientAssertion(
  rp: RelyingParty,
  aud: string | string[],
  claims: Record<string, unknown> = {},
  signingKey: CryptoKey = rp.signingKey,
): Promise<string> {
  return new SignJWT({
    iss: rp.clientId,
    sub: rp.clientId,
    aud,
    jti: randomUUID(),
    iat: now(),
    exp: now() + 60,
    ...claims,
  })
    .setProtectedHeader({ alg: 'ES256', kid: rp.kid })
    .sign(signingKey)
}

/** What to put in, leave out of, or get wrong in a {@link dpopProof}. */
export interface DpopProofOptions {
  htm?: string
  htu?: string
  iat?: number
  jti?: string
  ath?: string
  nonce?: string
  /** Claims to leave out. */
  omit?: readonly ('htm' | 'htu' | 'iat' | 'jti')[]
  /** Replaces the protected header (e.g. without `typ`, with a private `jwk`). */
  header?: Record<string, unknown>
  /** Signs with this key instead of the key pair's private key (a bad signature, a shared secret). */
  signWith?: CryptoKey | Uint8Array
}

/** A DPoP proof (RFC 9449 §4.2): POST, the given `htu`, now, a fresh `jti`, unless told otherwise. */
export async function dpopProof(keyPair: CryptoKeyPair, options: DpopProofOptions = {}): Promise<string> {
  const claims: Record<string, unknown> = {
    htm: options.htm ?? 'POST',
    htu: options.htu,
    iat: options.iat ?? now(),
    jti: options.jti ?? randomUUID(),
    ...(options.ath !== undefined && { ath: options.ath }),
    ...(options.nonce !== undefined && { nonce: options.nonce }),
  }
  for (const name of options.omit ?? []) delete claims[name]
  const header = options.header ?? { alg: 'ES256', typ: 'dpop+jwt', jwk: await exportJWK(keyPair.publicKey) }
  return new SignJWT(claims)
    .setProtectedHeader(header as { alg: string })
    .sign(options.signWith ?? keyPair.privateKey)
}

/** An unsigned JWT: `alg` is `none` unless the header names another spelling. */
export function unsignedJwt(header: Record<string, unknown>, claims: Record<string, unknown>): string {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')
  return `${encode({ alg: 'none', ...header })}.${encode(claims)}.`
}

/** The JWT with one bit of its signature flipped. */
export function flipSignatureBit(jwt: string): string {
  const [header, payload, signature = ''] = jwt.split('.')
  const bytes = Buffer.from(signature, 'base64url')
  bytes[0] = (bytes[0] ?? 0) ^ 1
  return `${header}.${payload}.${bytes.toString('base64url')}`
}

import { randomBytes } from 'node:crypto'
import { CompactEncrypt, importJWK, type JWK } from 'jose'
import type { SigningKeys, SignOptions } from './signing-keys.js'

/**
 * Options of {@link MockEidKeys.encryptTo}.
 *
 * @example
 * ```ts
 * eid.keys.encryptTo(clientEncryptionJwk, { alg: 'ECDH-ES+A256KW', userinfo: true })
 * ```
 */
export interface EncryptToOptions {
  /** Key management algorithm (default the JWK's `alg`, else `ECDH-ES+A256KW`). */
  alg?: string
  /** Content encryption (default `A256GCM`). */
  enc?: string
  /** Also answer userinfo as a signed, then encrypted JWT (`application/jwt`). Default false. */
  userinfo?: boolean
}

/** Where the kit encrypts to, once `encryptTo` was called. */
export interface EncryptionTarget {
  jwk: JWK
  alg: string
  enc: string
  userinfo: boolean
}

/**
 * The kit's keys: its signing keys (rotate them, publish others, sign anything) and the client key it
 * encrypts to.
 *
 * @example
 * ```ts
 * eid.keys.rotate() // the next ID token has a kid the client has not seen
 * const logoutToken = await eid.keys.sign(claims, { header: { typ: 'logout+jwt' }, breakWith: 'hs256_public_key' })
 * ```
 */
export interface MockEidKeys {
  /**
   * A new signing key under a new `kid`; the old key leaves the JWKS at once (OpenID Connect Core §10.1.1:
   * a client that sees an unknown `kid` fetches the JWKS again). Until `eid.reset()`, which brings the
   * kit's original key back.
   */
  rotate(): void
  /**
   * Publishes one more public key in the JWKS (a second key, a key without `kid`, a short RSA key), until
   * `eid.reset()`.
   */
  add(jwk: JWK): void
  /**
   * Signs any payload with the kit's current key (`alg: ES256`, its `kid`): logout tokens, security events
   * or receipts with the claims you choose, or broken with `breakWith`.
   */
  sign(payload: Record<string, unknown>, options?: SignOptions): Promise<string>
  /**
   * Encrypts ID tokens (and, with `userinfo`, userinfo answers) to a client's public key (OpenID Connect
   * Core §10.2: signed, then encrypted, `cty: JWT`), as after the client registered
   * `id_token_encrypted_response_alg`; `undefined` stops it. `alg: 'RSA1_5'`, which jose no longer
   * produces, sends a well-formed RSA1_5 header over random bytes, so a client proves it refuses the
   * algorithm (R24) before trying to decrypt. `eid.reset()` stops it too.
   */
  encryptTo(jwk: JWK | undefined, options?: EncryptToOptions): void
}

const encodePart = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')

/** `jws` encrypted to `target` (a JWE in compact form), or as is without a target. */
export async function encryptJws(target: EncryptionTarget | undefined, jws: string): Promise<string> {
  if (!target) return jws
  const header = {
    alg: target.alg,
    enc: target.enc,
    cty: 'JWT',
    ...(target.jwk.kid && { kid: target.jwk.kid }),
  }
  if (target.alg === 'RSA1_5') {
    const junk = () => randomBytes(32).toString('base64url')
    return `${encodePart(header)}.${junk()}.${junk()}.${junk()}.${junk()}`
  }
  const key = await importJWK(target.jwk, target.alg)
  return new CompactEncrypt(new TextEncoder().encode(jws)).setProtectedHeader(header).encrypt(key)
}

/** The `keys` controls of a kit. */
export function keyControls(
  keys: SigningKeys,
  setTarget: (target: EncryptionTarget | undefined) => void,
): MockEidKeys {
  return {
    rotate: () => keys.rotate(),
    add: (jwk) => keys.add(jwk),
    sign: (payload, options) => keys.sign(payload, options),
    encryptTo(jwk, options = {}) {
      if (jwk === undefined) return setTarget(undefined)
      if ('d' in jwk) throw new TypeError('expected the client’s PUBLIC encryption key (without "d")')
      setTarget({
        jwk: { ...jwk },
        alg: options.alg ?? jwk.alg ?? 'ECDH-ES+A256KW',
        enc: options.enc ?? 'A256GCM',
        userinfo: options.userinfo ?? false,
      })
    },
  }
}

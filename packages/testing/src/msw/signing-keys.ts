import { createHmac, generateKeyPairSync, type KeyObject, randomUUID } from 'node:crypto'
import { type JWK, SignJWT } from 'jose'

/**
 * How to break a token on purpose, to prove that the relying party refuses it:
 *
 * | value | the token | the check that must fail |
 * |---|---|---|
 * | `bad_signature` | the signature with one bit flipped (R15) | `signature` |
 * | `alg_none` | unsigned, `alg: none` (R16); `header.alg` picks the spelling (`None`, `NONE`) | `alg` |
 * | `hs256_public_key` | `alg: HS256`, the MAC keyed with the kit's public JWK (R18, key confusion) | `alg` |
 * | `unknown_key` | signed by a key the JWKS does not hold, under the header's `kid` (default the kit's) | `signature`, or `key` with another `kid` |
 * | `no_kid` | signed by the kit's key, without `kid` (R21: ambiguous once the JWKS holds several keys) | `key` |
 *
 * @example
 * ```ts
 * await tokens.mintIdToken({ aud: 'shop', sub }, { breakWith: 'alg_none' })
 * await eid.keys.sign(claims, { breakWith: 'unknown_key', header: { kid: 'attacker-1' } })
 * ```
 */
export type TokenBreakage = 'bad_signature' | 'alg_none' | 'hs256_public_key' | 'unknown_key' | 'no_kid'

/**
 * How `eid.keys.sign` signs: protected-header parameters laid over `{ alg: 'ES256', kid }` (`alg` only
 * with `alg_none`, as its spelling), and a breakage.
 *
 * @example
 * ```ts
 * const options: SignOptions = { header: { typ: 'logout+jwt' }, breakWith: 'bad_signature' }
 * ```
 */
export interface SignOptions {
  header?: Record<string, unknown>
  breakWith?: TokenBreakage
}

/** The kit's signing keys: one current ES256 key, published with any extra public keys. */
export interface SigningKeys {
  /** The published key set; the same object throughout, updated in place. */
  readonly jwks: { keys: JWK[] }
  sign(payload: Record<string, unknown>, options?: SignOptions): Promise<string>
  /** A new current key under a new `kid`; the old one leaves the key set. */
  rotate(): void
  /** Publishes an extra public key (the kit never signs with it). */
  add(jwk: JWK): void
  /**
   * Back to the first key (the one the ring was created with) as the only published key: undoes every
   * `rotate()` and `add()`, in the same `jwks` object.
   */
  reset(): void
}

const encodePart = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')

interface EcKey {
  kid: string
  privateKey: KeyObject
  publicJwk: JWK
}

function newKey(kid: string): EcKey {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  return {
    kid,
    privateKey,
    publicJwk: { ...(publicKey.export({ format: 'jwk' }) as JWK), kid, alg: 'ES256', use: 'sig' },
  }
}

/** Creates the key ring of a token factory, its first key under `kid`. */
export function createSigningKeys(kid: string): SigningKeys {
  const first = newKey(kid)
  let current = first
  let unknown: KeyObject | undefined
  const extra: JWK[] = []
  const jwks: { keys: JWK[] } = { keys: [current.publicJwk] }
  const publish = () => jwks.keys.splice(0, jwks.keys.length, current.publicJwk, ...extra)

  async function sign(payload: Record<string, unknown>, options: SignOptions = {}): Promise<string> {
    const { header: extraHeader = {}, breakWith } = options
    if ('alg' in extraHeader && breakWith !== 'alg_none') {
      throw new TypeError('header.alg is only for alg_none (its spelling); the kit signs with ES256')
    }
    const header: Record<string, unknown> = { alg: 'ES256', kid: current.kid, ...extraHeader }
    if (breakWith === 'no_kid') delete header.kid
    if (breakWith === 'alg_none') {
      return `${encodePart({ ...header, alg: extraHeader.alg ?? 'none' })}.${encodePart(payload)}.`
    }
    if (breakWith === 'hs256_public_key') {
      // The classic key-confusion attack: a verifier that lets the token pick HMAC would check it with the
      // public key's bytes as the secret.
      const input = `${encodePart({ ...header, alg: 'HS256' })}.${encodePart(payload)}`
      const mac = createHmac('sha256', JSON.stringify(current.publicJwk)).update(input).digest('base64url')
      return `${input}.${mac}`
    }
    if (breakWith === 'unknown_key') unknown ??= newKey('unknown').privateKey
    const key = breakWith === 'unknown_key' ? (unknown as KeyObject) : current.privateKey
    const jwt = await new SignJWT(payload).setProtectedHeader(header as { alg: string }).sign(key)
    if (breakWith !== 'bad_signature') return jwt
    const [head, body, signature] = jwt.split('.') as [string, string, string]
    const bytes = Buffer.from(signature, 'base64url')
    bytes[0] = (bytes[0] ?? 0) ^ 1
    return `${head}.${body}.${bytes.toString('base64url')}`
  }

  return {
    jwks,
    sign,
    rotate() {
      current = newKey(`${kid}-${randomUUID().slice(0, 8)}`)
      publish()
    },
    add(jwk) {
      if ('d' in jwk) throw new TypeError('expected a public JWK (without "d")')
      extra.push({ ...jwk })
      publish()
    },
    reset() {
      current = first
      extra.length = 0
      publish()
    },
  }
}

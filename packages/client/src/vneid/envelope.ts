import {
  constants,
  createCipheriv,
  createDecipheriv,
  createPublicKey,
  type KeyObject,
  type JsonWebKey as NodeJwk,
  privateDecrypt,
  publicEncrypt,
  randomBytes,
} from 'node:crypto'
import type { Jwk } from '../options.js'

/**
 * The AES mode of the VNeID dialect's encrypted payloads: `ecb` (what integrators' final code, "per
 * VNeID sample code", uses; the default) or `cbc` with the 16-byte IV prepended to the ciphertext (an
 * integrator's first plan). Both use PKCS#7 padding; the AES key length (16, 24 or 32 bytes) picks
 * AES-128, -192 or -256.
 *
 * @example
 * ```ts
 * const mode: AesMode = 'ecb'
 * ```
 */
export type AesMode = 'ecb' | 'cbc'

/**
 * The encrypted body the provider may send from its token and userinfo endpoints: `key` is base64 of an
 * AES key wrapped with RSA PKCS#1 v1.5 to the relying party's registered public key, `data` base64 of
 * the JSON encrypted with AES under it.
 *
 * @example
 * ```ts
 * const envelope: VneidEnvelope = { data: 'q1w2…', key: 'Zm9v…' }
 * ```
 */
export interface VneidEnvelope {
  data: string
  key: string
}

/**
 * Thrown inside the SDK for every way an encrypted value fails to open. Deliberately without detail or
 * cause: callers turn it into ONE public error, so nothing tells a padding failure from a wrong key.
 *
 * @example
 * ```ts
 * try { openVneidEnvelope(key, body, 'ecb') } catch (e) { if (e instanceof UnopenableError) throw oneError() }
 * ```
 */
export class UnopenableError extends Error {
  constructor() {
    super('the encrypted value does not open')
    this.name = 'UnopenableError'
  }
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/
const AES_KEY_BYTES = new Set([16, 24, 32])
const IV_BYTES = 16

/** Strict base64 (standard alphabet; padding optional). A space, as a `+` decoded as form data becomes, fails. */
function fromBase64(value: string): Buffer {
  if (!BASE64.test(value) || value.replace(/=+$/, '').length % 4 === 1) throw new UnopenableError()
  return Buffer.from(value, 'base64')
}

function cipherName(keyBytes: number, mode: AesMode): string {
  return `aes-${keyBytes * 8}-${mode}`
}

/**
 * Unwraps the AES key with the relying party's RSA key and decrypts `data` under it. Every failure
 * (not base64, RSA padding, an unwrapped key of the wrong length, AES padding or block length) throws
 * the same {@link UnopenableError}. On Node.js 22+ a bad RSA block does not even fail: OpenSSL's
 * implicit rejection returns a pseudo-random key, which then fails in AES like any wrong key.
 *
 * @example
 * ```ts
 * const code = decryptWithWrappedKey(privateKey, encryptKeyParam, codeParam, 'ecb').toString('utf8')
 * ```
 */
export function decryptWithWrappedKey(
  privateKey: KeyObject,
  wrappedKey: string,
  data: string,
  mode: AesMode,
): Buffer {
  try {
    const aesKey = privateDecrypt(
      { key: privateKey, padding: constants.RSA_PKCS1_PADDING },
      fromBase64(wrappedKey),
    )
    if (!AES_KEY_BYTES.has(aesKey.length)) throw new UnopenableError()
    const bytes = fromBase64(data)
    const iv = mode === 'cbc' ? bytes.subarray(0, IV_BYTES) : null
    const ciphertext = mode === 'cbc' ? bytes.subarray(IV_BYTES) : bytes
    if (mode === 'cbc' && iv?.length !== IV_BYTES) throw new UnopenableError()
    const decipher = createDecipheriv(cipherName(aesKey.length, mode), aesKey, iv)
    return Buffer.concat([decipher.update(ciphertext), decipher.final()])
  } catch {
    throw new UnopenableError()
  }
}

/**
 * True when a parsed JSON body has the shape of a {@link VneidEnvelope} (`data` and `key` strings).
 *
 * @example
 * ```ts
 * isVneidEnvelope({ data: 'AAAA', key: 'BBBB' }) // true
 * isVneidEnvelope({ access_token: '…' }) // false
 * ```
 */
export function isVneidEnvelope(body: unknown): body is VneidEnvelope {
  return (
    typeof body === 'object' &&
    body !== null &&
    typeof (body as { data?: unknown }).data === 'string' &&
    typeof (body as { key?: unknown }).key === 'string'
  )
}

/**
 * Opens an envelope into the JSON object it carries. A body that does not decrypt, is not UTF-8 JSON or
 * is not an object throws the same {@link UnopenableError}.
 *
 * @example
 * ```ts
 * const claims = openVneidEnvelope(privateKey, await response.json(), 'ecb')
 * ```
 */
export function openVneidEnvelope(
  privateKey: KeyObject,
  envelope: VneidEnvelope,
  mode: AesMode,
): Record<string, unknown> {
  const plaintext = decryptWithWrappedKey(privateKey, envelope.key, envelope.data, mode)
  let parsed: unknown
  try {
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(plaintext))
  } catch {
    throw new UnopenableError()
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new UnopenableError()
  return parsed as Record<string, unknown>
}

/**
 * A relying party's public key (or its private key, whose public half is used) in any form node:crypto
 * reads: a `KeyObject`, PEM, or a JWK.
 *
 * @example
 * ```ts
 * const recipient: VneidRecipientKey = client.jwks.keys[0]
 * ```
 */
export type VneidRecipientKey = KeyObject | string | Jwk

/**
 * Options of the provider-side sealing helpers.
 *
 * @example
 * ```ts
 * const options: SealOptions = { mode: 'cbc', keyBytes: 16 }
 * ```
 */
export interface SealOptions {
  /** AES mode (default `ecb`). */
  mode?: AesMode
  /** AES key length in bytes: 16, 24 or 32 (default 32, AES-256). */
  keyBytes?: 16 | 24 | 32
}

function toPublicKey(recipient: VneidRecipientKey): KeyObject {
  if (typeof recipient === 'string') return createPublicKey(recipient)
  if ('kty' in recipient) return createPublicKey({ key: recipient as NodeJwk, format: 'jwk' })
  return recipient.type === 'public' ? recipient : createPublicKey(recipient)
}

/** Encrypts bytes the provider's way; returns base64 of the wrapped AES key and of the ciphertext. */
function seal(recipient: VneidRecipientKey, plaintext: Buffer, options: SealOptions): VneidEnvelope {
  const mode = options.mode ?? 'ecb'
  const aesKey = randomBytes(options.keyBytes ?? 32)
  const iv = mode === 'cbc' ? randomBytes(IV_BYTES) : null
  const cipher = createCipheriv(cipherName(aesKey.length, mode), aesKey, iv)
  const ciphertext = Buffer.concat([iv ?? Buffer.alloc(0), cipher.update(plaintext), cipher.final()])
  const wrapped = publicEncrypt({ key: toPublicKey(recipient), padding: constants.RSA_PKCS1_PADDING }, aesKey)
  return { data: ciphertext.toString('base64'), key: wrapped.toString('base64') }
}

/**
 * PROVIDER SIDE, for mock providers and tests: seals a JSON body into a {@link VneidEnvelope} as the
 * VNeID token and userinfo endpoints send it. Works on Node.js 20 (only PKCS#1 v1.5 DEcryption is
 * refused there).
 *
 * @example
 * ```ts
 * import { sealVneidEnvelope } from '@dinhdanh/client/vneid'
 * res.json(sealVneidEnvelope(client.publicJwk, { citizenPid: '001090012345', fullName: 'Nguyễn Văn An' }))
 * ```
 */
export function sealVneidEnvelope(
  recipient: VneidRecipientKey,
  body: Record<string, unknown>,
  options: SealOptions = {},
): VneidEnvelope {
  return seal(recipient, Buffer.from(JSON.stringify(body), 'utf8'), options)
}

/**
 * PROVIDER SIDE, for mock providers and tests: encrypts an authorization code as the VNeID callback
 * carries it: `code` is base64 of the AES ciphertext, `encryptKey` base64 of the RSA-wrapped AES key.
 * Put both in the redirect's query WITHOUT percent-encoding, as the provider does (so `+`, `/` and `=`
 * arrive raw), or percent-encoded: the SDK reads both.
 *
 * @example
 * ```ts
 * import { encryptVneidCode } from '@dinhdanh/client/vneid'
 * const { code, encryptKey } = encryptVneidCode(client.publicJwk, 'a1b2c3')
 * res.redirect(`${redirectUri}?code=${code}&state=${state}&encrypt_key=${encryptKey}`)
 * ```
 */
export function encryptVneidCode(
  recipient: VneidRecipientKey,
  code: string,
  options: SealOptions = {},
): { code: string; encryptKey: string } {
  const sealed = seal(recipient, Buffer.from(code, 'utf8'), options)
  return { code: sealed.data, encryptKey: sealed.key }
}

import { constants, createCipheriv, type KeyObject, publicEncrypt, randomBytes } from 'node:crypto'
import type { DialectAesMode } from './registration.js'

/**
 * An encrypted token or userinfo answer of the dialect: `data` the JSON under AES, `key` that AES key
 * wrapped with RSA PKCS#1 v1.5 to the relying party's registered key, both base64.
 *
 * @example
 * ```ts
 * const envelope: Envelope = { data: 'q0f…', key: 'Xk2…' }
 * ```
 */
export interface Envelope {
  data: string
  key: string
}

/** AES-256 under a fresh key; CBC puts its random IV first (the alternative reading of the dialect). */
function encryptAes(plaintext: Buffer, aesKey: Buffer, mode: DialectAesMode): Buffer {
  if (mode === 'cbc') {
    const iv = randomBytes(16)
    const cipher = createCipheriv('aes-256-cbc', aesKey, iv)
    return Buffer.concat([iv, cipher.update(plaintext), cipher.final()])
  }
  const cipher = createCipheriv('aes-256-ecb', aesKey, null)
  return Buffer.concat([cipher.update(plaintext), cipher.final()])
}

/**
 * Wraps an AES key to the relying party's RSA key with PKCS#1 v1.5 padding, as the dialect does.
 * Encrypting with this padding works on every Node.js; only decrypting is refused on Node 20, and the
 * mock never decrypts.
 */
function wrapKey(aesKey: Buffer, publicKey: KeyObject): string {
  return publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_PADDING }, aesKey).toString('base64')
}

/**
 * Encrypts `plaintext` under a fresh AES-256 key and wraps that key: the dialect's shape for a code
 * (`code` + `encrypt_key`) and for an envelope (`data` + `key`). Plain base64 (`+`, `/`, `=`).
 *
 * @example
 * ```ts
 * const { ciphertext, wrappedKey } = sealWithFreshKey(Buffer.from(code), client.publicKey, 'ecb')
 * ```
 */
export function sealWithFreshKey(
  plaintext: Buffer,
  publicKey: KeyObject,
  mode: DialectAesMode,
): { ciphertext: string; wrappedKey: string } {
  const aesKey = randomBytes(32)
  return {
    ciphertext: encryptAes(plaintext, aesKey, mode).toString('base64'),
    wrappedKey: wrapKey(aesKey, publicKey),
  }
}

/**
 * The envelope of a JSON answer: `{"data": base64(AES(JSON)), "key": base64(RSA-PKCS1(AES key))}`.
 *
 * @example
 * ```ts
 * res.json(sealEnvelope({ access_token, token_type: 'Bearer', expires_in: 600 }, client.publicKey, 'ecb'))
 * ```
 */
export function sealEnvelope(json: unknown, publicKey: KeyObject, mode: DialectAesMode): Envelope {
  const { ciphertext, wrappedKey } = sealWithFreshKey(Buffer.from(JSON.stringify(json)), publicKey, mode)
  return { data: ciphertext, key: wrappedKey }
}

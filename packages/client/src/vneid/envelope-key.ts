import {
  constants,
  createPrivateKey,
  createPublicKey,
  type KeyObject,
  type JsonWebKey as NodeJwk,
  privateDecrypt,
  publicEncrypt,
  randomBytes,
} from 'node:crypto'
import { EidConfigError } from '../errors/config-error.js'
import { EidUnsupportedError } from '../errors/other-errors.js'
import type { Jwk } from '../options.js'

/** RSA keys shorter than this are refused (NIST SP 800-131A; the same floor as ID token keys, R21). */
const MIN_MODULUS_BITS = 2048

/**
 * The relying party's RSA private key for the VNeID dialect's encryption, as a PEM string (PKCS#8
 * `BEGIN PRIVATE KEY` or PKCS#1 `BEGIN RSA PRIVATE KEY`) or a private JWK (`kty: "RSA"` with `d`). Its
 * public half is what you register with the provider.
 *
 * @example
 * ```ts
 * const envelopeKey: EnvelopeKeyInput = readFileSync('/run/secrets/vneid-rsa.pem', 'utf8')
 * ```
 */
export type EnvelopeKeyInput = string | Jwk

/**
 * Imports the envelope key: RSA, private, at least 2048 bits. Throws one {@link EidConfigError} on
 * `envelopeKey` otherwise; the key material never appears in the message.
 *
 * @example
 * ```ts
 * const key = importEnvelopeKey(pem) // a node:crypto KeyObject of type 'private'
 * ```
 */
export function importEnvelopeKey(input: EnvelopeKeyInput): KeyObject {
  let key: KeyObject
  try {
    key =
      typeof input === 'string'
        ? createPrivateKey({ key: input, format: 'pem' })
        : createPrivateKey({ key: input as NodeJwk, format: 'jwk' })
  } catch (cause) {
    throw new EidConfigError(
      [
        {
          path: 'envelopeKey',
          message:
            'expected an RSA PRIVATE key as PEM or as a JWK with "d" (the public key goes to the provider, the private key stays here), got something that does not import as a private key',
        },
      ],
      { cause },
    )
  }
  if (key.asymmetricKeyType !== 'rsa') {
    throw new EidConfigError([
      {
        path: 'envelopeKey',
        message: `expected an RSA private key (the provider wraps AES keys with RSA PKCS#1 v1.5), got a ${key.asymmetricKeyType ?? 'non-asymmetric'} key`,
      },
    ])
  }
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0
  if (bits < MIN_MODULUS_BITS) {
    throw new EidConfigError([
      {
        path: 'envelopeKey',
        message: `expected an RSA key of at least ${MIN_MODULUS_BITS} bits, got ${bits} bits`,
      },
    ])
  }
  return key
}

/**
 * Proves that this runtime can decrypt RSA PKCS#1 v1.5 with `key`, by wrapping 32 random bytes to its
 * public half and unwrapping them. Node.js 20 refuses such decryption (CVE-2023-46809) unless started
 * with `--security-revert`, which a library must not ask for; Node.js 22 and later decrypt it with
 * OpenSSL's implicit rejection, which is what makes the callback safe to expose. Tested by behaviour,
 * not by version number, so a patched or backported runtime is judged by what it does.
 *
 * @throws {EidUnsupportedError} telling the developer to run Node.js 22 or later.
 * @example
 * ```ts
 * assertPkcs1DecryptionSupported(importEnvelopeKey(pem)) // throws on Node.js 20
 * ```
 */
export function assertPkcs1DecryptionSupported(key: KeyObject): void {
  const probe = randomBytes(32)
  let unwrapped: Buffer | undefined
  let failure: unknown
  try {
    const wrapped = publicEncrypt({ key: createPublicKey(key), padding: constants.RSA_PKCS1_PADDING }, probe)
    unwrapped = privateDecrypt({ key, padding: constants.RSA_PKCS1_PADDING }, wrapped)
  } catch (cause) {
    failure = cause
  }
  if (unwrapped === undefined || !unwrapped.equals(probe)) {
    throw new EidUnsupportedError(
      'VNeID encryption (envelopeKey)',
      `this Node.js (${process.version}) refuses RSA PKCS#1 v1.5 decryption (CVE-2023-46809), which the VNeID dialect uses for encrypted codes and envelopes. Run Node.js 22 or later (its OpenSSL decrypts with implicit rejection, so the callback is no padding oracle); do not use --security-revert. Without envelopeKey the client accepts only unencrypted responses`,
      { cause: failure },
    )
  }
  // Decrypting is not enough: it must be implicit rejection. A ciphertext that is not valid PKCS#1 v1.5
  // then yields a random message instead of an error. Node 20 started with --security-revert (OpenSSL
  // 3.0) throws here instead: that difference, and its timing, is the Bleichenbacher/Marvin oracle.
  const garbage = randomBytes(wrappedLength(key))
  garbage[0] = 0
  try {
    privateDecrypt({ key, padding: constants.RSA_PKCS1_PADDING }, garbage)
  } catch (cause) {
    throw new EidUnsupportedError(
      'VNeID encryption (envelopeKey)',
      `this Node.js (${process.version}) decrypts RSA PKCS#1 v1.5 without implicit rejection (was it started with --security-revert?), which would make every callback a padding oracle. Run Node.js 22 or later without --security-revert`,
      { cause },
    )
  }
}

/** The length in bytes of an RSA ciphertext under `key` (its modulus length). */
function wrappedLength(key: KeyObject): number {
  return Math.ceil((key.asymmetricKeyDetails?.modulusLength ?? 2048) / 8)
}

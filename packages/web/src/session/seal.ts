import { createHash, hkdfSync } from 'node:crypto'
import { decodeProtectedHeader, EncryptJWT, errors, jwtDecrypt } from 'jose'

/**
 * What a sealed value is for. Each purpose derives its own key, so a transaction cookie can never be
 * opened as a session cookie, nor the other way round.
 *
 * @example
 * ```ts
 * const purpose: SealPurpose = 'transaction'
 * ```
 */
export type SealPurpose = 'session' | 'transaction' | 'check'

/**
 * Options of {@link unseal} and {@link unsealWithReason}.
 *
 * @example
 * ```ts
 * const options: UnsealOptions = { secrets: [process.env.SESSION_SECRET!], purpose: 'session' }
 * ```
 */
export interface UnsealOptions {
  /**
   * The secrets, newest first, each at least 32 characters. Values sealed with any of them open, so a
   * secret is rotated by putting the new one first and removing the old one once its cookies expired.
   */
  readonly secrets: readonly string[]
  readonly purpose: SealPurpose
  /** The clock, epoch milliseconds; `Date.now` by default. For tests. */
  readonly now?: () => number
}

/**
 * Options of {@link seal}.
 *
 * @example
 * ```ts
 * const options: SealOptions = { secrets: [process.env.SESSION_SECRET!], purpose: 'session', ttlSec: 3600 }
 * ```
 */
export interface SealOptions extends UnsealOptions {
  /** Seconds the sealed value stays valid (its `exp`); a positive number. */
  readonly ttlSec: number
}

/**
 * Why a sealed value did not open, for diagnostics and metrics only: never show it to the citizen.
 * `malformed`: not one of our JWEs (truncated, oversized, bad header). `unknown_key`: sealed with a
 * secret that is not (or no longer) configured, or for another purpose. `tampered`: our key, but the
 * ciphertext or header was altered. `expired`: past its `exp`.
 *
 * @example
 * ```ts
 * const result = await unsealWithReason(cookie, options)
 * if (!result.ok) metrics.increment(`session.unseal.${result.reason}`)
 * ```
 */
export type UnsealFailure = 'malformed' | 'unknown_key' | 'tampered' | 'expired'

/**
 * The outcome of {@link unsealWithReason}.
 *
 * @example
 * ```ts
 * const result: UnsealResult<{ id: string }> = await unsealWithReason(cookie, options)
 * ```
 */
export type UnsealResult<T> = { ok: true; value: T } | { ok: false; reason: UnsealFailure }

/** The largest sealed value we even try to parse. */
export const MAX_SEALED_LENGTH = 64 * 1024

/** The shortest secret accepted, in characters. */
export const MIN_SECRET_LENGTH = 32

// A fixed, public salt: HKDF's extract step only needs it to be independent of the secret (RFC 5869 3.1).
const SALT = Buffer.from('dinhdanh/express sealed values v1', 'utf8')
const ALG = 'dir'
const ENC = 'A256GCM'
// The payload travels under one claim so its own fields can never collide with `exp` or `iat`.
const CLAIM = 'v'

interface DerivedKey {
  readonly kid: string
  readonly key: CryptoKey
}

/**
 * Seals a JSON-serialisable object into a compact JWE (`alg: dir`, `enc: A256GCM`, RFC 7516), encrypted
 * with a key derived by HKDF-SHA256 (RFC 5869) from `secrets[0]` and the purpose, expiring after
 * `ttlSec`. The header carries a `kid` (a hash of the derived key, never of the secret alone) so
 * {@link unseal} finds the right secret without trying each.
 *
 * @throws TypeError when the secrets, purpose or ttl are invalid (the message never contains a secret).
 * @example
 * ```ts
 * const cookie = await seal({ id: sessionId }, { secrets: [secret], purpose: 'session', ttlSec: 3600 })
 * ```
 */
export async function seal(payload: object, options: SealOptions): Promise<string> {
  const keys = await deriveKeys(options)
  const { ttlSec } = options
  if (typeof ttlSec !== 'number' || !Number.isFinite(ttlSec) || ttlSec <= 0) {
    throw new TypeError('seal: ttlSec must be a positive number of seconds.')
  }
  if (typeof payload !== 'object' || payload === null) {
    throw new TypeError('seal: the payload must be an object.')
  }
  const current = keys[0]!
  const nowSec = Math.floor((options.now?.() ?? Date.now()) / 1000)
  return new EncryptJWT({ [CLAIM]: payload })
    .setProtectedHeader({ alg: ALG, enc: ENC, kid: current.kid })
    .setIssuedAt(nowSec)
    .setExpirationTime(nowSec + Math.ceil(ttlSec))
    .encrypt(current.key)
}

/**
 * Opens a value sealed by {@link seal} with any of `secrets` for the same purpose. Returns `undefined`
 * for every failure (forged, truncated, altered, sealed with an unknown secret or for another purpose,
 * expired, larger than 64 KB); it never throws for a bad token and never logs it. Only the integrity is
 * guaranteed: validate the shape of `T` if it can change between releases.
 *
 * @throws TypeError only when the options themselves are invalid (a programming error).
 * @example
 * ```ts
 * const payload = await unseal<{ id: string }>(cookie, { secrets, purpose: 'session' })
 * if (!payload) return signedOut()
 * ```
 */
export async function unseal<T>(token: string, options: UnsealOptions): Promise<T | undefined> {
  const result = await unsealWithReason<T>(token, options)
  return result.ok ? result.value : undefined
}

/**
 * {@link unseal} that says why a value did not open (see {@link UnsealFailure}). Never throws for a bad
 * token; the reason never includes the token.
 *
 * @throws TypeError only when the options themselves are invalid.
 * @example
 * ```ts
 * const result = await unsealWithReason<{ id: string }>(cookie, { secrets, purpose: 'session' })
 * if (result.ok) use(result.value)
 * else log.info({ reason: result.reason }, 'session cookie refused')
 * ```
 */
export async function unsealWithReason<T>(token: string, options: UnsealOptions): Promise<UnsealResult<T>> {
  const keys = await deriveKeys(options)
  if (typeof token !== 'string' || token.length === 0 || token.length > MAX_SEALED_LENGTH) {
    return failure('malformed')
  }
  let kid: unknown
  try {
    const header = decodeProtectedHeader(token)
    if (header.alg !== ALG || header.enc !== ENC) return failure('malformed')
    kid = header.kid
  } catch {
    return failure('malformed')
  }
  if (typeof kid !== 'string') return failure('malformed')
  const match = keys.find((candidate) => candidate.kid === kid)
  if (!match) return failure('unknown_key')
  try {
    const { payload } = await jwtDecrypt(token, match.key, {
      keyManagementAlgorithms: [ALG],
      contentEncryptionAlgorithms: [ENC],
      clockTolerance: 0,
      requiredClaims: ['exp', 'iat'],
      // No `zip`: we never compress, so a compressed value is not ours.
      maxDecompressedLength: 0,
      ...(options.now && { currentDate: new Date(options.now()) }),
    })
    const value = payload[CLAIM]
    if (typeof value !== 'object' || value === null) return failure('malformed')
    return { ok: true, value: value as T }
  } catch (error) {
    if (error instanceof errors.JWTExpired) return failure('expired')
    if (error instanceof errors.JWEDecryptionFailed) return failure('tampered')
    return failure('malformed')
  }
}

function failure(reason: UnsealFailure): { ok: false; reason: UnsealFailure } {
  return { ok: false, reason }
}

function deriveKeys(options: UnsealOptions): Promise<DerivedKey[]> {
  const { secrets, purpose } = options
  if (purpose !== 'session' && purpose !== 'transaction' && purpose !== 'check') {
    throw new TypeError("Sealing: purpose must be 'session', 'transaction' or 'check'.")
  }
  if (!Array.isArray(secrets) || secrets.length === 0) {
    throw new TypeError(
      'Sealing: secrets must be a non-empty array of strings, newest first (generate one with `openssl rand -base64 48`).',
    )
  }
  for (const [index, secret] of secrets.entries()) {
    if (typeof secret !== 'string' || secret.length < MIN_SECRET_LENGTH) {
      throw new TypeError(
        `Sealing: secrets[${index}] must be a string of at least ${MIN_SECRET_LENGTH} characters ` +
          '(generate one with `openssl rand -base64 48`).',
      )
    }
  }
  return Promise.all(secrets.map((secret) => cachedKey(secret, purpose)))
}

// Deriving and importing a key costs far more than decrypting a cookie, so keys are kept, under a hash
// of purpose and secret (the cache holds no secret in the clear) as non-extractable CryptoKeys.
const keyCache = new Map<string, Promise<DerivedKey>>()
const MAX_CACHED_KEYS = 64

function cachedKey(secret: string, purpose: SealPurpose): Promise<DerivedKey> {
  const cacheKey = createHash('sha256').update(`${purpose}\0`).update(secret).digest('base64url')
  const cached = keyCache.get(cacheKey)
  if (cached) return cached
  const derived = deriveKey(secret, purpose)
  keyCache.set(cacheKey, derived)
  derived.catch(() => keyCache.delete(cacheKey))
  if (keyCache.size > MAX_CACHED_KEYS) {
    const oldest = keyCache.keys().next()
    if (!oldest.done) keyCache.delete(oldest.value)
  }
  return derived
}

async function deriveKey(secret: string, purpose: SealPurpose): Promise<DerivedKey> {
  const raw = new Uint8Array(hkdfSync('sha256', secret, SALT, `dinhdanh:${purpose}`, 32))
  // The kid names the derived key without revealing it; 96 bits are plenty to tell a handful of
  // configured secrets apart, and a different purpose gives a different kid.
  const kid = createHash('sha256').update('dinhdanh:kid:').update(raw).digest('base64url').slice(0, 16)
  const key = await globalThis.crypto.subtle.importKey('raw', raw, 'AES-GCM', false, ['encrypt', 'decrypt'])
  raw.fill(0)
  return { kid, key }
}

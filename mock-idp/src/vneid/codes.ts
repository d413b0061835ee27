import { createHash, randomBytes } from 'node:crypto'
import type { Storage } from '../storage/storage.js'

/** How long a dialect code can be redeemed: as long as the internal code behind it (60 s). */
export const DIALECT_CODE_TTL_SEC = 60

/** What a dialect code stands for, kept server-side (the relying party only ever sees the code). */
export interface DialectCodeRecord {
  clientId: string
  redirectUri: string
  /** The internal oidc-provider code and its PKCE verifier, redeemed by the facade. */
  internalCode: string
  codeVerifier: string
  /** The `encrypt_key` of the callback, to be echoed back byte for byte; absent when sent plain. */
  encryptKey?: string
}

const digest = (value: string) => createHash('sha256').update(value).digest('hex')

/**
 * A fresh dialect code: 256 random bits, base64url (the real provider's format is not known; the
 * relying party treats it as opaque).
 *
 * @example
 * ```ts
 * await codes.store(newDialectCode(), record)
 * ```
 */
export function newDialectCode(): string {
  return randomBytes(32).toString('base64url')
}

/**
 * The dialect's authorization codes: minted when the internal flow returns, redeemed once at
 * `/vneid/token`. Keys are hashes, so the store never holds a code an attacker could replay.
 *
 * @example
 * ```ts
 * await codes.store(code, record)
 * const found = await codes.find(code)
 * if (found && (await codes.markUsed(code))) redeem(found)
 * ```
 */
export class DialectCodes {
  readonly #storage: Storage

  constructor(storage: Storage) {
    this.#storage = storage
  }

  /** Remembers what `code` (from {@link newDialectCode}) stands for, for {@link DIALECT_CODE_TTL_SEC}. */
  async store(code: string, record: DialectCodeRecord): Promise<void> {
    await this.#storage.set('vneid-code', digest(code), record, { ttlSec: DIALECT_CODE_TTL_SEC })
  }

  /** Remembers that `encryptedCode` is how a code travelled, to explain a token request that sends it. */
  async rememberEncrypted(encryptedCode: string): Promise<void> {
    await this.#storage.set('vneid-code-encrypted', digest(encryptedCode), true, {
      ttlSec: DIALECT_CODE_TTL_SEC,
    })
  }

  /** Whether `value` is an encrypted code as a callback carried it (not the code itself). */
  async isEncryptedForm(value: string): Promise<boolean> {
    return (await this.#storage.get<boolean>('vneid-code-encrypted', digest(value))) === true
  }

  async find(code: string): Promise<DialectCodeRecord | undefined> {
    return this.#storage.get<DialectCodeRecord>('vneid-code', digest(code))
  }

  /** Marks the code used; false when it already was (atomic across processes sharing the store). */
  async markUsed(code: string): Promise<boolean> {
    return this.#storage.setIfAbsent('vneid-code-used', digest(code), true, { ttlSec: DIALECT_CODE_TTL_SEC })
  }
}

/** What the facade remembers of an access token it handed out, for `/vneid/userinfo`. */
export interface DialectAccess {
  clientId: string
  /** The level the citizen achieved (the internal ID token's `acr`). */
  level: 1 | 2
}

/**
 * The access tokens issued through the dialect and the level behind each (userinfo's `accountLevel`),
 * keyed by hash and living as long as the token.
 *
 * @example
 * ```ts
 * await accesses.remember(accessToken, { clientId, level: 2 }, 600)
 * ```
 */
export class DialectAccesses {
  readonly #storage: Storage

  constructor(storage: Storage) {
    this.#storage = storage
  }

  async remember(accessToken: string, access: DialectAccess, ttlSec: number): Promise<void> {
    await this.#storage.set('vneid-access', digest(accessToken), access, { ttlSec })
  }

  async find(accessToken: string): Promise<DialectAccess | undefined> {
    return this.#storage.get<DialectAccess>('vneid-access', digest(accessToken))
  }
}

/**
 * The argument rules shared by every built-in {@link Storage} (internal; not part of the package API).
 * Messages name what was expected and what arrived, but never echo a key: keys can be personal data
 * (a citizen's identity number, a phone number).
 */
import type { Storage, StorageListOptions, StorageTtlOptions } from './storage.js'

const NAMESPACE = /^[a-z0-9_:-]{1,64}$/
const MAX_KEY_LENGTH = 512
const DEFAULT_LIST_LIMIT = 100

/**
 * Throws a `TypeError` unless `namespace` matches `^[a-z0-9_:-]{1,64}$`.
 *
 * @example
 * ```ts
 * validateNamespace('oidc:access_token')
 * ```
 */
export function validateNamespace(namespace: unknown): asserts namespace is string {
  if (typeof namespace === 'string' && NAMESPACE.test(namespace)) return
  const got =
    typeof namespace === 'string'
      ? `${JSON.stringify(namespace.slice(0, 80))}${namespace.length > 80 ? '…' : ''}`
      : typeof namespace
  throw new TypeError(
    `Storage namespace must match /^[a-z0-9_:-]{1,64}$/ (lowercase letters, digits, "_", ":", "-"); got ${got}.`,
  )
}

/**
 * Throws a `TypeError` unless `key` is a non-empty string of at most 512 characters. `what` names the
 * argument in the message (`key`, `set key`, `set member`).
 *
 * @example
 * ```ts
 * validateKey(sessionId)
 * ```
 */
export function validateKey(key: unknown, what = 'key'): asserts key is string {
  if (isValidKey(key)) return
  const got =
    typeof key === 'string'
      ? key.length === 0
        ? 'an empty string'
        : `a string of ${key.length} characters`
      : typeof key
  throw new TypeError(
    `Storage ${what} must be a non-empty string of at most ${MAX_KEY_LENGTH} characters; got ${got}.`,
  )
}

/**
 * Whether `key` would pass {@link validateKey}; the oidc-provider adapter uses it to treat ids that came
 * straight from a request (an overlong `client_id`, say) as "not found" instead of failing.
 *
 * @example
 * ```ts
 * if (!isValidKey(id)) return undefined
 * ```
 */
export function isValidKey(key: unknown): key is string {
  return typeof key === 'string' && key.length > 0 && key.length <= MAX_KEY_LENGTH
}

/**
 * Returns the TTL in milliseconds (rounded, at least 1), or `undefined` when no TTL was asked for; throws a
 * `TypeError` for anything but a finite number greater than 0.
 *
 * @example
 * ```ts
 * const ttlMs = ttlMilliseconds(options) // { ttlSec: 1.5 } → 1500
 * ```
 */
export function ttlMilliseconds(options: StorageTtlOptions | undefined): number | undefined {
  const ttlSec = options?.ttlSec
  if (ttlSec === undefined) return undefined
  if (typeof ttlSec !== 'number' || !Number.isFinite(ttlSec) || ttlSec <= 0) {
    throw new TypeError(
      `Storage ttlSec must be a finite number of seconds greater than 0; got ${String(ttlSec)}. Omit it for no expiry.`,
    )
  }
  return Math.max(1, Math.round(ttlSec * 1000))
}

/**
 * Returns the `list` limit (100 by default); throws a `TypeError` unless it is a positive integer.
 *
 * @example
 * ```ts
 * const limit = listLimit({ limit: 20 })
 * ```
 */
export function listLimit(options: StorageListOptions | undefined): number {
  const limit = options?.limit ?? DEFAULT_LIST_LIMIT
  if (!Number.isSafeInteger(limit) || limit < 1) {
    throw new TypeError(`Storage list limit must be a positive integer; got ${String(limit)}.`)
  }
  return limit
}

/**
 * Serialises a value with `JSON.stringify`; throws a `TypeError` for values JSON cannot carry at the top
 * level (`undefined`, functions, symbols), so every storage refuses the same inputs.
 *
 * @example
 * ```ts
 * const text = toJson({ hoTen: 'Trần Thị Bình', tuoi: 34 })
 * ```
 */
export function toJson(value: unknown): string {
  const json: string | undefined = JSON.stringify(value)
  if (json === undefined) {
    throw new TypeError(`Storage values must be JSON-serialisable; got ${typeof value}.`)
  }
  return json
}

/**
 * Parses a stored counter and throws a `TypeError` unless it is a safe integer.
 *
 * @example
 * ```ts
 * const next = counterValue(row.value) + 1
 * ```
 */
export function counterValue(json: string): number {
  const value: unknown = JSON.parse(json)
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    throw new TypeError(
      'Storage increment needs an integer entry; the entry holds another value. Delete it first.',
    )
  }
  return value
}

/**
 * The error every storage rejects with once closed.
 *
 * @example
 * ```ts
 * if (closed) throw closedError('sqlite')
 * ```
 */
export function closedError(kind: Storage['kind']): Error {
  return new Error(`This ${kind} storage was closed; create a new one to keep using it.`)
}

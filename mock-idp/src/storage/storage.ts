/**
 * The one storage interface of the mock provider. oidc-provider's records (through
 * {@link https://github.com/panva/node-oidc-provider/blob/main/docs/README.md#adapter | its adapter}),
 * consent records, throttling counters, signing keys and the SMS outbox all live behind it, so switching
 * between memory, SQLite and Redis is one configuration value.
 *
 * Rules every implementation follows (and `testStorage` in `conformance.ts` checks):
 * - a namespace matches `^[a-z0-9_:-]{1,64}$`; a key, set key or set member is a non-empty string of at
 *   most 512 characters; anything else rejects with a `TypeError`;
 * - values are JSON: what `get` returns is a fresh `JSON.parse` of what `set` stored, never the same object;
 * - `ttlSec` is a finite number greater than 0 (fractions are kept to the millisecond);
 * - entries and sets are separate: an entry and a set with the same key in one namespace do not collide;
 * - an expired entry or set behaves exactly like an absent one;
 * - after `close()` every call rejects.
 *
 * @example
 * ```ts
 * import type { Storage } from './storage.js'
 *
 * async function rememberCitizen(storage: Storage, sub: string): Promise<void> {
 *   await storage.set('citizens', sub, { hoTen: 'Nguyễn Văn An' }, { ttlSec: 3600 })
 * }
 * ```
 */
export interface Storage {
  /**
   * Which implementation this is.
   *
   * @example
   * ```ts
   * if (storage.kind === 'memory') console.warn('state is lost on restart')
   * ```
   */
  readonly kind: StorageKind
  /**
   * Reads an entry. Value is any JSON-serialisable value. Expired entries are never returned.
   *
   * @example
   * ```ts
   * const keys = await storage.get<SigningKeys>('signing-keys', 'current')
   * ```
   */
  get<T = unknown>(namespace: string, key: string): Promise<T | undefined>
  /**
   * Writes an entry, replacing any previous value and TTL (no `ttlSec`: it never expires). Counts as the
   * entry's "last set" for {@link Storage.list}.
   *
   * @example
   * ```ts
   * await storage.set('sms-outbox', message.id, message, { ttlSec: 86_400 })
   * ```
   */
  set(namespace: string, key: string, value: unknown, options?: StorageTtlOptions): Promise<void>
  /**
   * Atomically sets only if absent; returns false when the key already existed (and was not expired).
   * Atomic across processes sharing the same backing store.
   *
   * @example
   * ```ts
   * if (await storage.setIfAbsent('consent-withdrawal', id, Date.now())) await notify(id)
   * ```
   */
  setIfAbsent(namespace: string, key: string, value: unknown, options?: StorageTtlOptions): Promise<boolean>
  /**
   * Deletes an entry; returns whether a live (unexpired) entry was there.
   *
   * @example
   * ```ts
   * await storage.delete('oidc:session', sessionId)
   * ```
   */
  delete(namespace: string, key: string): Promise<boolean>
  /**
   * Entries of a namespace, newest first (by last set), at most `limit` (default 100). Expired ones skipped.
   *
   * @example
   * ```ts
   * const latest = await storage.list<SmsMessage>('sms-outbox', { limit: 20 })
   * ```
   */
  list<T = unknown>(namespace: string, options?: StorageListOptions): Promise<Array<StorageEntry<T>>>
  /**
   * Adds a member to a set (for secondary indexes: grantId → token ids, sub → consent ids, ...).
   * With `ttlSec` the whole set lives at least that long from now: a TTL only ever extends the set's life,
   * so adding a short-lived member never shortens the life of a long-lived one. Without `ttlSec` the set
   * stops expiring.
   *
   * @example
   * ```ts
   * await storage.addToSet('consent-by-account', accountId, record.id)
   * ```
   */
  addToSet(namespace: string, setKey: string, member: string, options?: StorageTtlOptions): Promise<void>
  /**
   * Removes a member; a set left empty disappears.
   *
   * @example
   * ```ts
   * await storage.removeFromSet('oidc-index:grant', grantId, 'access_token:abc')
   * ```
   */
  removeFromSet(namespace: string, setKey: string, member: string): Promise<void>
  /**
   * The members of a set, in no particular order; `[]` for an absent or expired set.
   *
   * @example
   * ```ts
   * const ids = await storage.members('consent-by-account', accountId)
   * ```
   */
  members(namespace: string, setKey: string): Promise<string[]>
  /**
   * Deletes a whole set.
   *
   * @example
   * ```ts
   * await storage.deleteSet('consent-by-account', accountId)
   * ```
   */
  deleteSet(namespace: string, setKey: string): Promise<void>
  /**
   * Atomic counter with a TTL set on first increment (throttling). Returns the new value. The counter is an
   * ordinary entry: `get` reads it as a number. Incrementing an entry that is not an integer rejects with a
   * `TypeError`.
   *
   * @example
   * ```ts
   * const attempts = await storage.increment('throttle', `otp:${phone}`, { ttlSec: 900 })
   * if (attempts > 5) throw new Error('too many attempts')
   * ```
   */
  increment(namespace: string, key: string, options: { ttlSec: number }): Promise<number>
  /**
   * Releases connections, file handles and timers. Calling it again is harmless; any other call afterwards
   * rejects.
   *
   * @example
   * ```ts
   * process.once('SIGTERM', () => void storage.close())
   * ```
   */
  close(): Promise<void>
}

/**
 * The storage implementations that ship with the mock provider.
 *
 * @example
 * ```ts
 * const kind: StorageKind = process.env.MOCK_IDP_STORAGE === 'redis' ? 'redis' : 'memory'
 * ```
 */
export type StorageKind = 'memory' | 'sqlite' | 'redis'

/**
 * Expiry of an entry or set, in seconds from now.
 *
 * @example
 * ```ts
 * const options: StorageTtlOptions = { ttlSec: 600 }
 * ```
 */
export interface StorageTtlOptions {
  ttlSec?: number
}

/**
 * Options of {@link Storage.list}.
 *
 * @example
 * ```ts
 * const options: StorageListOptions = { limit: 10 }
 * ```
 */
export interface StorageListOptions {
  /** A positive integer; 100 when omitted. */
  limit?: number
}

/**
 * One entry returned by {@link Storage.list}.
 *
 * @example
 * ```ts
 * const entry: StorageEntry<number> = { key: 'otp:0912345678', value: 3 }
 * ```
 */
export interface StorageEntry<T = unknown> {
  key: string
  value: T
}

/**
 * The time source of the memory and SQLite storages: epoch milliseconds, like `Date.now`. Tests pass a
 * movable one to expire entries without waiting.
 *
 * @example
 * ```ts
 * let now = Date.now()
 * const clock: StorageClock = () => now
 * now += 61_000
 * ```
 */
export type StorageClock = () => number

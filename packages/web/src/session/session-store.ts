/**
 * One server-side session as a {@link SessionStore} keeps it. Everything must survive `JSON.stringify`:
 * a store may hand back a copy, never the object it was given.
 *
 * @example
 * ```ts
 * const record: SessionRecord = {
 *   subject: 'a1b2c3',
 *   providerSessionId: 'sid-42',
 *   absoluteExpiresAt: Math.floor(Date.now() / 1000) + 12 * 3600,
 *   data: { level: 'level2', createdAt: Math.floor(Date.now() / 1000) },
 * }
 * ```
 */
export interface SessionRecord {
  /** The citizen's `sub` at the provider (indexed). */
  subject: string
  /** The provider session id `sid` (indexed), when the provider sent one. */
  providerSessionId?: string
  /** Epoch seconds after which the session is dead whatever happens (absolute lifetime). */
  absoluteExpiresAt: number
  /** Everything else, opaque JSON for the store. */
  data: Record<string, unknown>
}

/**
 * Options of {@link SessionStore.set}.
 *
 * @example
 * ```ts
 * await store.set(id, record, { ttlSec: 30 * 60 } satisfies SessionWriteOptions)
 * ```
 */
export interface SessionWriteOptions {
  /** Seconds the session lives from now unless written again (rolling lifetime); a positive number. */
  ttlSec: number
}

/**
 * Where server-side sessions live, indexed by the citizen's `sub` and the provider's `sid` so that an
 * OpenID Connect Back-Channel Logout (section 2.5) or a consent withdrawal reaches every session of the
 * citizen on every instance sharing the store. `MemorySessionStore` suits one process;
 * `RedisSessionStore` is shared. A custom store should pass `testSessionStore` from
 * `@dinhdanh/testing/conformance`.
 *
 * Expired sessions (rolling `ttlSec` or `absoluteExpiresAt`, whichever comes first) are never returned,
 * by `get` or by the index queries. Reading does not extend a session: writing it again does.
 *
 * @example
 * ```ts
 * class MyStore implements SessionStore { ... }
 * testSessionStore('MyStore', async () => ({ store: new MyStore() }))
 *
 * // Back-channel logout with a `sid`:
 * const ended = await store.deleteByProviderSession(logoutToken.sid)
 * ```
 */
export interface SessionStore {
  /**
   * The live session with this id, or `undefined` (unknown, expired or deleted).
   *
   * @example
   * ```ts
   * const record = await store.get(sessionId)
   * ```
   */
  get(id: string): Promise<SessionRecord | undefined>
  /**
   * Creates or replaces; the record lives `ttlSec` (rolling) but never past absoluteExpiresAt.
   *
   * @example
   * ```ts
   * await store.set(sessionId, record, { ttlSec: 1800 })
   * ```
   */
  set(id: string, record: SessionRecord, options: SessionWriteOptions): Promise<void>
  /**
   * Deletes one session (and its index entries); resolves also when there was none.
   *
   * @example
   * ```ts
   * await store.delete(sessionId)
   * ```
   */
  delete(id: string): Promise<void>
  /**
   * Session ids for a subject, across every instance sharing the store.
   *
   * @example
   * ```ts
   * for (const id of await store.idsBySubject(sub)) await refresh(id)
   * ```
   */
  idsBySubject(subject: string): Promise<string[]>
  /**
   * Session ids for a provider session, across every instance sharing the store.
   *
   * @example
   * ```ts
   * const ids = await store.idsByProviderSession(sid)
   * ```
   */
  idsByProviderSession(providerSessionId: string): Promise<string[]>
  /**
   * Deletes every session of the subject; returns how many.
   *
   * @example
   * ```ts
   * const ended = await store.deleteBySubject(logoutToken.sub)
   * ```
   */
  deleteBySubject(subject: string): Promise<number>
  /**
   * Deletes every session of the provider session; returns how many.
   *
   * @example
   * ```ts
   * const ended = await store.deleteByProviderSession(logoutToken.sid)
   * ```
   */
  deleteByProviderSession(providerSessionId: string): Promise<number>
  /**
   * Releases what the store opened (connections, timers).
   *
   * @example
   * ```ts
   * process.on('SIGTERM', () => store.close?.())
   * ```
   */
  close?(): Promise<void>
}

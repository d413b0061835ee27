import { assertKey, assertSessionWrite, lifetimeMs, parseStoredRecord } from './session-record.js'
import type { SessionRecord, SessionStore, SessionWriteOptions } from './session-store.js'

/**
 * Options of {@link MemorySessionStore}.
 *
 * @example
 * ```ts
 * const store = new MemorySessionStore({ maxSessions: 50_000 })
 * ```
 */
export interface MemorySessionStoreOptions {
  /** The clock, epoch milliseconds; `Date.now` by default. */
  now?: () => number
  /** At most this many sessions are kept; the least recently written goes first. 10,000 by default. */
  maxSessions?: number
}

interface Entry {
  /** The record as JSON, so callers never share an object with the store (as with Redis). */
  readonly json: string
  readonly subject: string
  readonly providerSessionId: string | undefined
  readonly expiresAtMs: number
}

// How many of the oldest entries each write inspects for expiry, so dead sessions do not linger.
const SWEEP_PER_WRITE = 8

/**
 * A {@link SessionStore} in this process's memory: for development, tests and single-instance
 * deployments. Sessions do not survive a restart and are not shared between instances (a back-channel
 * logout reaching another instance will not find them): use `RedisSessionStore` there. Bounded by
 * `maxSessions`; expired sessions are never returned and are removed, with their index entries, lazily.
 *
 * @example
 * ```ts
 * const store = new MemorySessionStore()
 * await store.set('id', { subject: 'sub', absoluteExpiresAt: nowSec + 3600, data: {} }, { ttlSec: 1800 })
 * ```
 */
export class MemorySessionStore implements SessionStore {
  readonly #now: () => number
  readonly #maxSessions: number
  // Map order is write order: re-writing a session moves it to the end.
  readonly #entries = new Map<string, Entry>()
  readonly #bySubject = new Map<string, Set<string>>()
  readonly #byProviderSession = new Map<string, Set<string>>()

  constructor(options: MemorySessionStoreOptions = {}) {
    const maxSessions = options.maxSessions ?? 10_000
    if (!Number.isInteger(maxSessions) || maxSessions < 1) {
      throw new TypeError('MemorySessionStore: maxSessions must be a positive integer.')
    }
    this.#now = options.now ?? Date.now
    this.#maxSessions = maxSessions
  }

  /** How many sessions are held, expired ones not yet swept included. */
  get size(): number {
    return this.#entries.size
  }

  async get(id: string): Promise<SessionRecord | undefined> {
    assertKey('session id', id)
    const entry = this.#live(id)
    return entry && parseStoredRecord(entry.json)
  }

  async set(id: string, record: SessionRecord, options: SessionWriteOptions): Promise<void> {
    assertSessionWrite(id, record, options)
    const now = this.#now()
    const ms = lifetimeMs(record, options.ttlSec, now)
    this.#remove(id)
    if (ms <= 0) return
    this.#sweep(now)
    while (this.#entries.size >= this.#maxSessions) {
      const oldest = this.#entries.keys().next()
      if (oldest.done) break
      this.#remove(oldest.value)
    }
    const json = JSON.stringify({
      subject: record.subject,
      ...(record.providerSessionId !== undefined && { providerSessionId: record.providerSessionId }),
      absoluteExpiresAt: record.absoluteExpiresAt,
      data: record.data,
    })
    this.#entries.set(id, {
      json,
      subject: record.subject,
      providerSessionId: record.providerSessionId,
      expiresAtMs: now + ms,
    })
    addToIndex(this.#bySubject, record.subject, id)
    if (record.providerSessionId !== undefined)
      addToIndex(this.#byProviderSession, record.providerSessionId, id)
  }

  async delete(id: string): Promise<void> {
    assertKey('session id', id)
    this.#remove(id)
  }

  async idsBySubject(subject: string): Promise<string[]> {
    assertKey('subject', subject)
    return this.#liveIds(this.#bySubject.get(subject))
  }

  async idsByProviderSession(providerSessionId: string): Promise<string[]> {
    assertKey('providerSessionId', providerSessionId)
    return this.#liveIds(this.#byProviderSession.get(providerSessionId))
  }

  async deleteBySubject(subject: string): Promise<number> {
    const ids = await this.idsBySubject(subject)
    for (const id of ids) this.#remove(id)
    return ids.length
  }

  async deleteByProviderSession(providerSessionId: string): Promise<number> {
    const ids = await this.idsByProviderSession(providerSessionId)
    for (const id of ids) this.#remove(id)
    return ids.length
  }

  async close(): Promise<void> {
    this.#entries.clear()
    this.#bySubject.clear()
    this.#byProviderSession.clear()
  }

  /** The entry if it is still alive; an expired one is removed on the way. */
  #live(id: string): Entry | undefined {
    const entry = this.#entries.get(id)
    if (!entry) return undefined
    if (entry.expiresAtMs > this.#now()) return entry
    this.#remove(id)
    return undefined
  }

  #liveIds(ids: Set<string> | undefined): string[] {
    // Copy first: #live may remove expired ids from the very set being read.
    return ids ? [...ids].filter((id) => this.#live(id) !== undefined) : []
  }

  #remove(id: string): void {
    const entry = this.#entries.get(id)
    if (!entry) return
    this.#entries.delete(id)
    removeFromIndex(this.#bySubject, entry.subject, id)
    if (entry.providerSessionId !== undefined)
      removeFromIndex(this.#byProviderSession, entry.providerSessionId, id)
  }

  #sweep(now: number): void {
    let inspected = 0
    for (const [id, entry] of this.#entries) {
      if (inspected++ >= SWEEP_PER_WRITE) break
      if (entry.expiresAtMs <= now) this.#remove(id)
    }
  }
}

function addToIndex(index: Map<string, Set<string>>, key: string, id: string): void {
  const ids = index.get(key)
  if (ids) ids.add(id)
  else index.set(key, new Set([id]))
}

function removeFromIndex(index: Map<string, Set<string>>, key: string, id: string): void {
  const ids = index.get(key)
  if (!ids) return
  ids.delete(id)
  if (ids.size === 0) index.delete(key)
}

import type { Storage, StorageClock, StorageEntry } from './storage.js'
import {
  closedError,
  counterValue,
  listLimit,
  toJson,
  ttlMilliseconds,
  validateKey,
  validateNamespace,
} from './storage-input.js'

/**
 * Options of {@link createMemoryStorage}.
 *
 * @example
 * ```ts
 * const options: MemoryStorageOptions = { clock: () => fakeNow }
 * ```
 */
export interface MemoryStorageOptions {
  /** Epoch milliseconds; `Date.now` by default. */
  clock?: StorageClock
  /** How often expired entries are swept out (an unref'd timer); 60 000 by default, 0 to disable. */
  purgeIntervalMs?: number
}

interface MemoryEntry {
  json: string
  expiresAt: number | null
}

interface MemorySet {
  members: Set<string>
  expiresAt: number | null
}

/**
 * A {@link Storage} in this process's memory: for tests and single-process demos. State is lost on restart
 * and not shared between processes. Values are stored as JSON text, so callers can never mutate what is
 * stored through an object they passed in or got back.
 *
 * @example
 * ```ts
 * import { createMemoryStorage } from './memory-storage.js'
 *
 * const storage = createMemoryStorage()
 * await storage.set('scenarios', 'active', [{ name: 'otp-timeout' }])
 * ```
 */
export function createMemoryStorage(options: MemoryStorageOptions = {}): Storage {
  const clock = options.clock ?? Date.now
  // Map iteration follows insertion order; re-inserting on every set keeps each namespace ordered by last set.
  const entries = new Map<string, Map<string, MemoryEntry>>()
  const sets = new Map<string, Map<string, MemorySet>>()
  let closed = false

  const isLive = (item: { expiresAt: number | null }, now: number): boolean =>
    item.expiresAt === null || item.expiresAt > now

  function open(): void {
    if (closed) throw closedError('memory')
  }

  function liveEntry(namespace: string, key: string): MemoryEntry | undefined {
    const byKey = entries.get(namespace)
    const entry = byKey?.get(key)
    if (!entry) return undefined
    if (isLive(entry, clock())) return entry
    byKey?.delete(key)
    return undefined
  }

  function writeEntry(namespace: string, key: string, entry: MemoryEntry): void {
    let byKey = entries.get(namespace)
    if (!byKey) {
      byKey = new Map()
      entries.set(namespace, byKey)
    }
    byKey.delete(key)
    byKey.set(key, entry)
  }

  function liveSet(namespace: string, setKey: string): MemorySet | undefined {
    const byKey = sets.get(namespace)
    const set = byKey?.get(setKey)
    if (!set) return undefined
    if (isLive(set, clock())) return set
    byKey?.delete(setKey)
    return undefined
  }

  function purge(): void {
    const now = clock()
    for (const collection of [entries, sets] as const) {
      for (const [namespace, byKey] of collection) {
        for (const [key, item] of byKey) if (!isLive(item, now)) byKey.delete(key)
        if (byKey.size === 0) collection.delete(namespace)
      }
    }
  }

  const purgeIntervalMs = options.purgeIntervalMs ?? 60_000
  const timer = purgeIntervalMs > 0 ? setInterval(purge, purgeIntervalMs).unref() : undefined

  return {
    kind: 'memory',

    async get<T = unknown>(namespace: string, key: string): Promise<T | undefined> {
      validateNamespace(namespace)
      validateKey(key)
      open()
      const entry = liveEntry(namespace, key)
      return entry ? (JSON.parse(entry.json) as T) : undefined
    },

    async set(namespace, key, value, setOptions) {
      validateNamespace(namespace)
      validateKey(key)
      const ttlMs = ttlMilliseconds(setOptions)
      const json = toJson(value)
      open()
      writeEntry(namespace, key, { json, expiresAt: ttlMs === undefined ? null : clock() + ttlMs })
    },

    async setIfAbsent(namespace, key, value, setOptions) {
      validateNamespace(namespace)
      validateKey(key)
      const ttlMs = ttlMilliseconds(setOptions)
      const json = toJson(value)
      open()
      if (liveEntry(namespace, key)) return false
      writeEntry(namespace, key, { json, expiresAt: ttlMs === undefined ? null : clock() + ttlMs })
      return true
    },

    async delete(namespace, key) {
      validateNamespace(namespace)
      validateKey(key)
      open()
      const existed = liveEntry(namespace, key) !== undefined
      entries.get(namespace)?.delete(key)
      return existed
    },

    async list<T = unknown>(
      namespace: string,
      listOptions?: { limit?: number },
    ): Promise<Array<StorageEntry<T>>> {
      validateNamespace(namespace)
      const limit = listLimit(listOptions)
      open()
      const byKey = entries.get(namespace)
      if (!byKey) return []
      const now = clock()
      const result: Array<StorageEntry<T>> = []
      for (const [key, entry] of [...byKey].reverse()) {
        if (!isLive(entry, now)) continue
        result.push({ key, value: JSON.parse(entry.json) as T })
        if (result.length === limit) break
      }
      return result
    },

    async addToSet(namespace, setKey, member, setOptions) {
      validateNamespace(namespace)
      validateKey(setKey, 'set key')
      validateKey(member, 'set member')
      const ttlMs = ttlMilliseconds(setOptions)
      open()
      const wanted = ttlMs === undefined ? null : clock() + ttlMs
      const set = liveSet(namespace, setKey)
      if (set) {
        set.members.add(member)
        // A TTL only extends: a persistent set stays persistent, an earlier expiry moves later.
        if (wanted === null) set.expiresAt = null
        else if (set.expiresAt !== null && set.expiresAt < wanted) set.expiresAt = wanted
        return
      }
      let byKey = sets.get(namespace)
      if (!byKey) {
        byKey = new Map()
        sets.set(namespace, byKey)
      }
      byKey.set(setKey, { members: new Set([member]), expiresAt: wanted })
    },

    async removeFromSet(namespace, setKey, member) {
      validateNamespace(namespace)
      validateKey(setKey, 'set key')
      validateKey(member, 'set member')
      open()
      const set = liveSet(namespace, setKey)
      if (!set) return
      set.members.delete(member)
      if (set.members.size === 0) sets.get(namespace)?.delete(setKey)
    },

    async members(namespace, setKey) {
      validateNamespace(namespace)
      validateKey(setKey, 'set key')
      open()
      return [...(liveSet(namespace, setKey)?.members ?? [])]
    },

    async deleteSet(namespace, setKey) {
      validateNamespace(namespace)
      validateKey(setKey, 'set key')
      open()
      sets.get(namespace)?.delete(setKey)
    },

    async increment(namespace, key, incrementOptions) {
      validateNamespace(namespace)
      validateKey(key)
      const ttlMs = ttlMilliseconds(incrementOptions)
      if (ttlMs === undefined) throw new TypeError('Storage increment needs options.ttlSec.')
      open()
      const entry = liveEntry(namespace, key)
      const value = entry ? counterValue(entry.json) + 1 : 1
      writeEntry(namespace, key, {
        json: String(value),
        expiresAt: entry ? entry.expiresAt : clock() + ttlMs,
      })
      return value
    },

    async close() {
      closed = true
      if (timer) clearInterval(timer)
      entries.clear()
      sets.clear()
    },
  }
}

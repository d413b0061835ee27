import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { OptionalDependencyError } from './optional-module.js'
import { openSqlite, type SqliteDatabase, type SqliteDriverName } from './sqlite-driver.js'
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
 * Options of {@link createSqliteStorage}.
 *
 * @example
 * ```ts
 * const options: SqliteStorageOptions = { file: '.mock-idp/state.sqlite' }
 * ```
 */
export interface SqliteStorageOptions {
  /** The database file (its parent directory is created when missing), or `:memory:`. */
  file: string
  /** Epoch milliseconds; `Date.now` by default. */
  clock?: StorageClock
  /** How often expired rows are deleted (an unref'd timer); 60 000 by default, 0 to disable. */
  purgeIntervalMs?: number
  /**
   * The SQLite library: by default `better-sqlite3` when it is installed, else Node's own `node:sqlite`
   * (Node 22.13+, nothing to compile). Both read and write the same file format.
   */
  driver?: SqliteDriverName
}

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS storage_entries (
    namespace TEXT NOT NULL,
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    expires_at INTEGER,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (namespace, key)
  );
  CREATE INDEX IF NOT EXISTS storage_entries_by_recency ON storage_entries (namespace);
  CREATE INDEX IF NOT EXISTS storage_entries_by_expiry ON storage_entries (expires_at) WHERE expires_at IS NOT NULL;
  CREATE TABLE IF NOT EXISTS storage_set_members (
    namespace TEXT NOT NULL,
    set_key TEXT NOT NULL,
    member TEXT NOT NULL,
    expires_at INTEGER,
    PRIMARY KEY (namespace, set_key, member)
  );
  CREATE INDEX IF NOT EXISTS storage_set_members_by_expiry
    ON storage_set_members (expires_at) WHERE expires_at IS NOT NULL;
`

const LIVE = '(expires_at IS NULL OR expires_at > @now)'

/**
 * Opens the file and writes the schema (the first write, so an unwritable file, directory or a full disk
 * shows here, at start, rather than at the first sign-in). Any failure becomes one error that names the
 * file, what SQLite said, and what to do; the database is closed again.
 */
function openDatabase(file: string, driver: SqliteDriverName | undefined): SqliteDatabase {
  let db: SqliteDatabase | undefined
  try {
    if (file !== ':memory:' && file !== '') mkdirSync(dirname(file), { recursive: true })
    db = openSqlite(file, driver)
    db.exec('PRAGMA journal_mode = WAL')
    db.exec('PRAGMA synchronous = NORMAL')
    db.exec('PRAGMA busy_timeout = 5000')
    db.exec(SCHEMA)
    // A write that changes nothing, so a read-only file already holding the schema also fails here.
    const { user_version: version } = db.prepare('PRAGMA user_version').get() as { user_version: number }
    db.exec(`PRAGMA user_version = ${Number(version)}`)
    return db
  } catch (cause) {
    db?.close()
    // The library itself is missing: its message says what to install.
    if (cause instanceof OptionalDependencyError) throw cause
    const reason = cause instanceof Error ? cause.message : String(cause)
    throw new Error(
      `cannot use the SQLite store ${file} (${reason}): the file and its directory must be writable and ` +
        'the disk must have space. Choose another file with --sqlite-file (MOCK_IDP_SQLITE_FILE), or ' +
        '--store memory.',
      { cause },
    )
  }
}

/**
 * A {@link Storage} in one SQLite file (better-sqlite3 or node:sqlite, WAL, `synchronous=NORMAL`): state survives restarts
 * and can be shared by processes on one machine. Every set of an entry re-inserts its row, so "newest first"
 * is the rowid order, exact even when two writes share a millisecond. Read-modify-write operations run in
 * `BEGIN IMMEDIATE` transactions, which SQLite serialises across processes too. Writes that return nothing
 * are group-committed: one transaction per event-loop turn, each call resolving once it has committed.
 *
 * @example
 * ```ts
 * import { createSqliteStorage } from './sqlite-storage.js'
 *
 * const storage = createSqliteStorage({ file: '.mock-idp/state.sqlite' })
 * await storage.set('consent', record.id, record)
 * ```
 */
export function createSqliteStorage(options: SqliteStorageOptions): Storage {
  const clock = options.clock ?? Date.now
  const db = openDatabase(options.file, options.driver)

  const statements = {
    get: db.prepare(
      `SELECT value FROM storage_entries WHERE namespace = @namespace AND key = @key AND ${LIVE}`,
    ),
    getRow: db.prepare(
      `SELECT value, expires_at AS expiresAt FROM storage_entries
       WHERE namespace = @namespace AND key = @key AND ${LIVE}`,
    ),
    // REPLACE deletes and re-inserts, giving the row the highest rowid: that is what orders `list`.
    put: db.prepare(
      `INSERT OR REPLACE INTO storage_entries (namespace, key, value, expires_at, updated_at)
       VALUES (@namespace, @key, @value, @expiresAt, @now)`,
    ),
    putIfAbsent: db.prepare(
      `INSERT OR IGNORE INTO storage_entries (namespace, key, value, expires_at, updated_at)
       VALUES (@namespace, @key, @value, @expiresAt, @now)`,
    ),
    deleteExpiredEntry: db.prepare(
      `DELETE FROM storage_entries
       WHERE namespace = @namespace AND key = @key AND expires_at IS NOT NULL AND expires_at <= @now`,
    ),
    delete: db.prepare(
      'DELETE FROM storage_entries WHERE namespace = @namespace AND key = @key RETURNING expires_at AS expiresAt',
    ),
    list: db.prepare(
      `SELECT key, value FROM storage_entries WHERE namespace = @namespace AND ${LIVE}
       ORDER BY rowid DESC LIMIT @limit`,
    ),
    setState: db.prepare(
      `SELECT count(*) AS size, max(expires_at IS NULL) AS persistent, max(expires_at) AS expiresAt
       FROM storage_set_members WHERE namespace = @namespace AND set_key = @setKey AND ${LIVE}`,
    ),
    deleteExpiredSet: db.prepare(
      `DELETE FROM storage_set_members
       WHERE namespace = @namespace AND set_key = @setKey AND expires_at IS NOT NULL AND expires_at <= @now`,
    ),
    addMember: db.prepare(
      `INSERT OR IGNORE INTO storage_set_members (namespace, set_key, member, expires_at)
       VALUES (@namespace, @setKey, @member, @expiresAt)`,
    ),
    setExpiry: db.prepare(
      'UPDATE storage_set_members SET expires_at = @expiresAt WHERE namespace = @namespace AND set_key = @setKey',
    ),
    removeMember: db.prepare(
      'DELETE FROM storage_set_members WHERE namespace = @namespace AND set_key = @setKey AND member = @member',
    ),
    members: db.prepare(
      `SELECT member FROM storage_set_members WHERE namespace = @namespace AND set_key = @setKey AND ${LIVE}`,
    ),
    deleteSet: db.prepare(
      'DELETE FROM storage_set_members WHERE namespace = @namespace AND set_key = @setKey',
    ),
    purgeEntries: db.prepare(
      'DELETE FROM storage_entries WHERE expires_at IS NOT NULL AND expires_at <= @now',
    ),
    purgeSets: db.prepare(
      'DELETE FROM storage_set_members WHERE expires_at IS NOT NULL AND expires_at <= @now',
    ),
  }

  const setIfAbsent = db.transaction(
    (row: { namespace: string; key: string; value: string; expiresAt: number | null; now: number }) => {
      statements.deleteExpiredEntry.run(row)
      return statements.putIfAbsent.run(row).changes === 1
    },
  )

  const addToSet = db.transaction(
    (row: { namespace: string; setKey: string; member: string; ttlMs: number | undefined; now: number }) => {
      const { namespace, setKey, member, ttlMs, now } = row
      statements.deleteExpiredSet.run({ namespace, setKey, now })
      const state = statements.setState.get({ namespace, setKey, now }) as {
        size: number
        persistent: number | null
        expiresAt: number | null
      }
      // A TTL only extends the set's life: persistent stays persistent, an earlier expiry moves later.
      let expiresAt: number | null
      if (ttlMs === undefined) expiresAt = null
      else if (state.size === 0) expiresAt = now + ttlMs
      else if (state.persistent === 1) expiresAt = null
      else expiresAt = Math.max(state.expiresAt ?? 0, now + ttlMs)
      statements.addMember.run({ namespace, setKey, member, expiresAt })
      statements.setExpiry.run({ namespace, setKey, expiresAt })
    },
  )

  const increment = db.transaction((row: { namespace: string; key: string; ttlMs: number; now: number }) => {
    const { namespace, key, ttlMs, now } = row
    const current = statements.getRow.get({ namespace, key, now }) as
      | { value: string; expiresAt: number | null }
      | undefined
    const value = current ? counterValue(current.value) + 1 : 1
    const expiresAt = current ? current.expiresAt : now + ttlMs
    statements.put.run({ namespace, key, value: String(value), expiresAt, now })
    return value
  })

  // Group commit. `set`, `addToSet`, `removeFromSet` and `deleteSet` are queued and applied, in the order
  // they were called, in one transaction per event-loop turn (setImmediate); each call resolves only once
  // that transaction has committed, so an acknowledged write is as durable and as visible to other
  // processes as before, and a crash loses only writes nobody was told had succeeded. One commit per turn
  // instead of one per write: at 16 concurrent sign-ins a few dozen writes share one WAL append. Within
  // this process a pending `set` is read back by `get` (the overlay); every other read or write flushes the
  // queue first, so the order of calls is the order of effects.
  interface QueuedWrite {
    apply(): void
    resolve(): void
    reject(error: unknown): void
  }
  let queue: QueuedWrite[] = []
  /** The value of each pending `set`, by namespace and key (the latest call wins). */
  const pending = new Map<string, { json: string; expiresAt: number | null }>()
  const pendingKey = (namespace: string, key: string): string => `${namespace}\u0000${key}`
  const applyAll = db.transaction((writes: QueuedWrite[]) => {
    for (const write of writes) write.apply()
  })

  function flush(): void {
    if (queue.length === 0) return
    const writes = queue
    queue = []
    pending.clear()
    try {
      applyAll.immediate(writes)
    } catch {
      // One failing write must not fail the others: each is applied again in a transaction of its own.
      for (const write of writes) {
        try {
          applyAll.immediate([write])
          write.resolve()
        } catch (error) {
          write.reject(error)
        }
      }
      return
    }
    for (const write of writes) write.resolve()
  }

  function enqueue(apply: () => void): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (queue.length === 0) setImmediate(flush)
      queue.push({ apply, resolve, reject })
    })
  }

  function purge(): void {
    const now = clock()
    try {
      flush()
      statements.purgeEntries.run({ now })
      statements.purgeSets.run({ now })
    } catch {
      // Another process holding the write lock past busy_timeout only delays the sweep: queries already skip
      // expired rows, and the next tick tries again. Throwing from a timer would crash the provider.
    }
  }

  let closed = false
  function open(): void {
    if (closed) throw closedError('sqlite')
  }
  /** For the calls that read or write the file at once: open, and every earlier queued write applied. */
  function current(): void {
    open()
    flush()
  }

  const purgeIntervalMs = options.purgeIntervalMs ?? 60_000
  const timer = purgeIntervalMs > 0 ? setInterval(purge, purgeIntervalMs).unref() : undefined

  return {
    kind: 'sqlite',

    async get<T = unknown>(namespace: string, key: string): Promise<T | undefined> {
      validateNamespace(namespace)
      validateKey(key)
      open()
      const now = clock()
      const queued = pending.get(pendingKey(namespace, key))
      if (queued)
        return queued.expiresAt === null || queued.expiresAt > now
          ? (JSON.parse(queued.json) as T)
          : undefined
      const row = statements.get.get({ namespace, key, now }) as { value: string } | undefined
      return row ? (JSON.parse(row.value) as T) : undefined
    },

    async set(namespace, key, value, setOptions) {
      validateNamespace(namespace)
      validateKey(key)
      const ttlMs = ttlMilliseconds(setOptions)
      const json = toJson(value)
      open()
      const now = clock()
      const expiresAt = ttlMs === undefined ? null : now + ttlMs
      pending.set(pendingKey(namespace, key), { json, expiresAt })
      return enqueue(() => statements.put.run({ namespace, key, value: json, expiresAt, now }))
    },

    async setIfAbsent(namespace, key, value, setOptions) {
      validateNamespace(namespace)
      validateKey(key)
      const ttlMs = ttlMilliseconds(setOptions)
      const json = toJson(value)
      current()
      const now = clock()
      const expiresAt = ttlMs === undefined ? null : now + ttlMs
      return setIfAbsent.immediate({ namespace, key, value: json, expiresAt, now })
    },

    async delete(namespace, key) {
      validateNamespace(namespace)
      validateKey(key)
      current()
      const row = statements.delete.get({ namespace, key }) as { expiresAt: number | null } | undefined
      return row !== undefined && (row.expiresAt === null || row.expiresAt > clock())
    },

    async list<T = unknown>(
      namespace: string,
      listOptions?: { limit?: number },
    ): Promise<Array<StorageEntry<T>>> {
      validateNamespace(namespace)
      const limit = listLimit(listOptions)
      current()
      const rows = statements.list.all({ namespace, limit, now: clock() }) as Array<{
        key: string
        value: string
      }>
      return rows.map((row) => ({ key: row.key, value: JSON.parse(row.value) as T }))
    },

    async addToSet(namespace, setKey, member, setOptions) {
      validateNamespace(namespace)
      validateKey(setKey, 'set key')
      validateKey(member, 'set member')
      const ttlMs = ttlMilliseconds(setOptions)
      open()
      const now = clock()
      return enqueue(() => addToSet({ namespace, setKey, member, ttlMs, now }))
    },

    async removeFromSet(namespace, setKey, member) {
      validateNamespace(namespace)
      validateKey(setKey, 'set key')
      validateKey(member, 'set member')
      open()
      return enqueue(() => statements.removeMember.run({ namespace, setKey, member }))
    },

    async members(namespace, setKey) {
      validateNamespace(namespace)
      validateKey(setKey, 'set key')
      current()
      const rows = statements.members.all({ namespace, setKey, now: clock() }) as Array<{ member: string }>
      return rows.map((row) => row.member)
    },

    async deleteSet(namespace, setKey) {
      validateNamespace(namespace)
      validateKey(setKey, 'set key')
      open()
      return enqueue(() => statements.deleteSet.run({ namespace, setKey }))
    },

    async increment(namespace, key, incrementOptions) {
      validateNamespace(namespace)
      validateKey(key)
      const ttlMs = ttlMilliseconds(incrementOptions)
      if (ttlMs === undefined) throw new TypeError('Storage increment needs options.ttlSec.')
      current()
      return increment.immediate({ namespace, key, ttlMs, now: clock() })
    },

    async close() {
      if (closed) return
      flush() // durability at shutdown: every write already called is committed before the file closes
      closed = true
      if (timer) clearInterval(timer)
      db.close()
    },
  }
}

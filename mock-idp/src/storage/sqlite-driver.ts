import type BetterSqlite3 from 'better-sqlite3'
import { hasOptional, OptionalDependencyError, requireOptional } from './optional-module.js'

/**
 * The SQLite library under the SQLite store: `better-sqlite3` (a native module, needed on Node 20) or Node's
 * own `node:sqlite` (Node 22.13 and later, nothing to compile).
 *
 * @example
 * ```ts
 * const driver: SqliteDriverName = 'node:sqlite'
 * ```
 */
export type SqliteDriverName = 'better-sqlite3' | 'node:sqlite'

/** Named parameters, bound by name without the `@` (both libraries accept that). */
export type SqliteParams = Record<string, string | number | null>

/** A prepared statement: the three calls the store makes. */
export interface SqliteStatement {
  get(params?: SqliteParams): unknown
  all(params?: SqliteParams): unknown[]
  run(params?: SqliteParams): { changes: number }
}

/** A transaction function, run in `BEGIN` (deferred) or `.immediate` (`BEGIN IMMEDIATE`). */
export interface SqliteTransaction<A extends unknown[], R> {
  (...args: A): R
  immediate(...args: A): R
}

/**
 * What the SQLite store needs of a database, the same on either library: statements, `exec`, transactions
 * (a call inside a running transaction joins it, and a throw rolls the outermost back), `close`.
 */
export interface SqliteDatabase {
  readonly driver: SqliteDriverName
  prepare(sql: string): SqliteStatement
  exec(sql: string): void
  transaction<A extends unknown[], R>(fn: (...args: A) => R): SqliteTransaction<A, R>
  close(): void
}

/** The part of `node:sqlite` used here (typed locally: @types/node 20 does not know the module). */
interface NodeSqliteModule {
  DatabaseSync: new (
    file: string,
  ) => {
    prepare(sql: string): {
      get(params: SqliteParams): unknown
      all(params: SqliteParams): unknown[]
      run(params: SqliteParams): { changes: number | bigint }
    }
    exec(sql: string): void
    close(): void
  }
}

/** `node:sqlite` when this Node has it without a flag, else undefined. Its one experimental warning is not printed. */
function loadNodeSqlite(): NodeSqliteModule | undefined {
  const getBuiltin = (process as { getBuiltinModule?: (id: string) => unknown }).getBuiltinModule
  if (getBuiltin === undefined) return undefined
  const emitWarning = process.emitWarning
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    const text = typeof warning === 'string' ? warning : warning.message
    if (/SQLite is an experimental feature/i.test(text)) return
    ;(emitWarning as (...args: unknown[]) => void).call(process, warning, ...rest)
  }) as typeof process.emitWarning
  try {
    return getBuiltin('node:sqlite') as NodeSqliteModule | undefined
  } catch {
    return undefined
  } finally {
    process.emitWarning = emitWarning
  }
}

/**
 * The driver used when none is asked for: `better-sqlite3` when it is installed (the repository installs it,
 * and it is what Node 20 needs), else `node:sqlite` when this Node has it, else `better-sqlite3` (whose
 * loading then says how to install it).
 *
 * @example
 * ```ts
 * console.log(defaultSqliteDriver()) // 'node:sqlite' on Node 24 without better-sqlite3
 * ```
 */
export function defaultSqliteDriver(): SqliteDriverName {
  if (hasOptional('better-sqlite3')) {
    try {
      requireOptional('better-sqlite3', 'the SQLite store')
      return 'better-sqlite3'
    } catch {
      // Installed but not loadable here (built for another Node): node:sqlite if this Node has it.
    }
  }
  return loadNodeSqlite() ? 'node:sqlite' : 'better-sqlite3'
}

/** Wraps `fn` in a transaction, joining one already running on the same database. */
function transactional(
  exec: (sql: string) => void,
  depth: { value: number },
): <A extends unknown[], R>(fn: (...args: A) => R) => SqliteTransaction<A, R> {
  return <A extends unknown[], R>(fn: (...args: A) => R) => {
    const run =
      (begin: string) =>
      (...args: A): R => {
        if (depth.value > 0) return fn(...args)
        exec(begin)
        depth.value++
        try {
          const result = fn(...args)
          if (result instanceof Promise)
            throw new TypeError('a SQLite transaction function must not be async')
          exec('COMMIT')
          return result
        } catch (error) {
          try {
            exec('ROLLBACK')
          } catch {
            // SQLite may have rolled back already (a full disk, an I/O error): the first error is the one.
          }
          throw error
        } finally {
          depth.value--
        }
      }
    return Object.assign(run('BEGIN'), { immediate: run('BEGIN IMMEDIATE') })
  }
}

/**
 * Opens `file` with `driver` (default {@link defaultSqliteDriver}). Throws when the library cannot be
 * loaded, naming what to install; SQLite's own errors (an unwritable file) pass through.
 *
 * @example
 * ```ts
 * const db = openSqlite('.mock-idp/state.sqlite', 'node:sqlite')
 * db.exec('PRAGMA journal_mode = WAL')
 * ```
 */
export function openSqlite(file: string, driver: SqliteDriverName = defaultSqliteDriver()): SqliteDatabase {
  if (driver === 'node:sqlite') {
    const sqlite = loadNodeSqlite()
    if (sqlite === undefined) {
      throw new OptionalDependencyError(
        `the SQLite store with node:sqlite needs Node 22.13 or later (this is ${process.version}): ` +
          'install better-sqlite3 instead (`npm install better-sqlite3`), or choose --store memory.',
      )
    }
    const db = new sqlite.DatabaseSync(file)
    const exec = (sql: string) => db.exec(sql)
    return {
      driver,
      prepare(sql) {
        const statement = db.prepare(sql)
        // node:sqlite refuses a parameter the statement does not name (better-sqlite3 ignores it).
        const names = [...new Set(Array.from(sql.matchAll(/@(\w+)/g), (match) => match[1] as string))]
        const bind = (params: SqliteParams = {}): SqliteParams =>
          Object.fromEntries(
            names.map((name) => {
              const value = params[name]
              if (value === undefined) throw new RangeError(`missing named parameter "${name}"`)
              return [name, value]
            }),
          )
        return {
          get: (params) => statement.get(bind(params)),
          all: (params) => statement.all(bind(params)),
          run: (params) => ({ changes: Number(statement.run(bind(params)).changes) }),
        }
      },
      exec,
      transaction: transactional(exec, { value: 0 }),
      close: () => db.close(),
    }
  }
  const Database = requireOptional<typeof BetterSqlite3>(
    'better-sqlite3',
    `the SQLite store (the default) on Node ${process.version} (Node 22.13 and later need nothing: they have node:sqlite)`,
  )
  const db = new Database(file)
  return {
    driver,
    prepare(sql) {
      const statement = db.prepare(sql)
      return {
        get: (params) => (params === undefined ? statement.get() : statement.get(params)),
        all: (params) => (params === undefined ? statement.all() : statement.all(params)),
        run: (params) => (params === undefined ? statement.run() : statement.run(params)),
      }
    },
    exec: (sql) => {
      db.exec(sql)
    },
    transaction: <A extends unknown[], R>(fn: (...args: A) => R) => {
      const wrapped = db.transaction(fn)
      return Object.assign((...args: A) => wrapped(...args), {
        immediate: (...args: A) => wrapped.immediate(...args),
      })
    },
    close: () => db.close(),
  }
}

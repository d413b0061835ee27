import { describe, expect, it } from 'vitest'
import { openSqlite, type SqliteDriverName } from './sqlite-driver.js'

const hasNodeSqlite = ((): boolean => {
  try {
    return Boolean(
      (process as { getBuiltinModule?: (id: string) => unknown }).getBuiltinModule?.('node:sqlite'),
    )
  } catch {
    return false
  }
})()
if (!hasNodeSqlite) {
  console.warn(
    `⚠ SKIPPED: the node:sqlite half of sqlite-driver.test.ts needs Node 22.13+ (this is ${process.version})`,
  )
}

const drivers: SqliteDriverName[] = hasNodeSqlite ? ['better-sqlite3', 'node:sqlite'] : ['better-sqlite3']

describe.each(drivers)('openSqlite on %s', (driver) => {
  const table = () => {
    const db = openSqlite(':memory:', driver)
    db.exec('CREATE TABLE t (k TEXT PRIMARY KEY, v INTEGER)')
    return db
  }

  it('rolls a throwing transaction back, and joins an outer one when nested', () => {
    const db = table()
    const put = db.prepare('INSERT INTO t (k, v) VALUES (@k, @v)')
    const count = () => (db.prepare('SELECT count(*) AS n FROM t').get() as { n: number }).n
    const failing = db.transaction(() => {
      put.run({ k: 'a', v: 1 })
      throw new Error('no')
    })
    expect(() => failing.immediate()).toThrow('no')
    expect(count()).toBe(0)
    const inner = db.transaction((k: string) => put.run({ k, v: 1 }))
    const outer = db.transaction(() => {
      inner('b')
      inner('c')
    })
    outer.immediate()
    expect(count()).toBe(2)
    db.close()
  })

  it('refuses a statement run without one of its named parameters', () => {
    const db = table()
    expect(() => db.prepare('INSERT INTO t (k, v) VALUES (@k, @v)').run({ k: 'a' })).toThrow()
    db.close()
  })
})

describe.runIf(hasNodeSqlite)('openSqlite on node:sqlite only', () => {
  it('refuses an async transaction function instead of committing before it ran', () => {
    const db = openSqlite(':memory:', 'node:sqlite')
    const wrong = db.transaction(async () => undefined)
    expect(() => wrong()).toThrow('must not be async')
    db.close()
  })
})

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, describe, expect, it } from 'vitest'
import { testStorage } from './conformance.js'
import { createSqliteStorage } from './sqlite-storage.js'

const dir = mkdtempSync(join(tmpdir(), 'dinhdanh-sqlite-storage-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

let files = 0
// A parent directory that does not exist yet, so every test also checks it gets created.
const freshFile = (): string => join(dir, `db-${++files}`, 'nested', 'state.sqlite')

testStorage('sqlite', async () => {
  let now = Date.now()
  return {
    storage: createSqliteStorage({ file: freshFile(), clock: () => now }),
    advanceTime: (ms) => (now += ms),
  }
})

/** Node 22.13+ has `node:sqlite` without a flag; Node 20 does not (`.ci/run` runs this file on Node 24 too). */
const hasNodeSqlite = ((): boolean => {
  try {
    return Boolean(
      (process as { getBuiltinModule?: (id: string) => unknown }).getBuiltinModule?.('node:sqlite'),
    )
  } catch {
    return false
  }
})()

if (hasNodeSqlite) {
  testStorage('sqlite on node:sqlite', async () => {
    let now = Date.now()
    return {
      storage: createSqliteStorage({ file: freshFile(), clock: () => now, driver: 'node:sqlite' }),
      advanceTime: (ms) => (now += ms),
    }
  })
} else {
  describe('sqlite on node:sqlite', () => {
    console.warn(
      `⚠ SKIPPED: the SQLite store's conformance on node:sqlite needs Node 22.13+ (this is ${process.version}); .ci/run runs it on Node 24`,
    )
    it.skip(`needs Node 22.13+ for node:sqlite (this is ${process.version})`, () => {})
    it('says what to install instead when asked for node:sqlite on this Node', () => {
      expect(() => createSqliteStorage({ file: freshFile(), driver: 'node:sqlite' })).toThrow(
        /node:sqlite needs Node 22\.13 or later.*npm install better-sqlite3.*--store memory/,
      )
    })
  })
}

describe('createSqliteStorage', () => {
  it.runIf(hasNodeSqlite)(
    'keeps the same rows on either library: written with one, read with the other',
    async () => {
      const file = freshFile()
      const written = createSqliteStorage({ file, driver: 'node:sqlite' })
      await written.set('citizens', '079190001234', { hoTen: 'Lê Văn Tám' })
      await written.addToSet('consent-by-account', '079190001234', 'c-1')
      await written.close()
      const read = createSqliteStorage({ file, driver: 'better-sqlite3' })
      expect(await read.get('citizens', '079190001234')).toEqual({ hoTen: 'Lê Văn Tám' })
      expect(await read.members('consent-by-account', '079190001234')).toEqual(['c-1'])
      await read.close()
    },
  )

  it('loses nothing across a restart (close and reopen the same file)', async () => {
    const file = freshFile()
    const before = createSqliteStorage({ file })
    await before.set('citizens', '079190001234', { hoTen: 'Lê Văn Tám' })
    await before.set('sms-outbox', 'm1', 'Mã OTP của bạn là 123456', { ttlSec: 3600 })
    await before.set('sms-outbox', 'm2', 'Mã OTP của bạn là 654321', { ttlSec: 3600 })
    await before.addToSet('consent-by-account', '079190001234', 'c-1', { ttlSec: 3600 })
    await before.increment('throttle', 'otp:0912345678', { ttlSec: 3600 })
    await before.close()

    const after = createSqliteStorage({ file })
    expect(await after.get('citizens', '079190001234')).toEqual({ hoTen: 'Lê Văn Tám' })
    expect((await after.list('sms-outbox')).map((entry) => entry.key)).toEqual(['m2', 'm1'])
    expect(await after.members('consent-by-account', '079190001234')).toEqual(['c-1'])
    expect(await after.increment('throttle', 'otp:0912345678', { ttlSec: 3600 })).toBe(2)
    await after.close()
  })

  it('uses WAL journaling', async () => {
    const file = freshFile()
    const storage = createSqliteStorage({ file })
    await storage.set('ns', 'k', 1)
    const db = new Database(file, { readonly: true })
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
    db.close()
    await storage.close()
  })

  it('shares one file between two connections, as two processes would', async () => {
    const file = freshFile()
    const first = createSqliteStorage({ file })
    const second = createSqliteStorage({ file })
    await first.set('ns', 'k', 'từ kết nối 1')
    expect(await second.get('ns', 'k')).toBe('từ kết nối 1')
    const wins = await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 ? first : second).setIfAbsent('ns', 'race', i)),
    )
    expect(wins.filter(Boolean)).toHaveLength(1)
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 ? first : second).increment('ns', 'n', { ttlSec: 60 })),
    )
    expect(await first.get('ns', 'n')).toBe(20)
    await Promise.all([first.close(), second.close()])
  })

  it('commits the writes of one event-loop turn in one transaction, each call resolving once committed', async () => {
    const file = freshFile()
    const storage = createSqliteStorage({ file })
    await storage.set('ns', 'warm-up', 0)
    const other = new Database(file) // another process's connection
    other.pragma('wal_checkpoint(TRUNCATE)') // an empty WAL, so its frames count this test's commits
    const writes = Array.from({ length: 20 }, (_, i) =>
      i % 4 === 3
        ? storage.addToSet('consent-by-account', '079190001234', `c-${i}`)
        : storage.set('oidc:session', `s-${i}`, { uid: `u-${i}`, accountId: '079190001234' }),
    )
    // Read back in this process before the commit ...
    expect(await storage.get('oidc:session', 's-0')).toEqual({ uid: 'u-0', accountId: '079190001234' })
    await Promise.all(writes)
    // ... and visible to the other connection once the calls have resolved.
    const seen = other
      .prepare('SELECT count(*) AS n FROM storage_entries WHERE namespace = ?')
      .get('oidc:session')
    expect(seen).toEqual({ n: 15 })
    // One commit writes each changed page once; twenty commits would append at least 20 × 3 frames.
    const [wal] = other.pragma('wal_checkpoint(PASSIVE)') as Array<{ log: number }>
    expect(wal?.log).toBeLessThan(20)
    // A write not yet committed when the store closes is committed by close().
    void storage.set('ns', 'at-shutdown', 'kept')
    await storage.close()
    expect(other.prepare('SELECT value FROM storage_entries WHERE key = ?').get('at-shutdown')).toEqual({
      value: '"kept"',
    })
    other.close()
  })

  it('deletes expired rows on its purge timer', async () => {
    const file = freshFile()
    let now = Date.now()
    const storage = createSqliteStorage({ file, clock: () => now, purgeIntervalMs: 10 })
    await storage.set('ns', 'gone', 1, { ttlSec: 1 })
    await storage.addToSet('ns', 'set', 'm', { ttlSec: 1 })
    await storage.set('ns', 'kept', 2)
    now += 1_001
    await new Promise((resolve) => setTimeout(resolve, 50))
    const db = new Database(file, { readonly: true })
    expect(db.prepare('SELECT key FROM storage_entries').pluck().all()).toEqual(['kept'])
    expect(db.prepare('SELECT count(*) FROM storage_set_members').pluck().get()).toBe(0)
    db.close()
    await storage.close()
  })

  it('accepts :memory:', async () => {
    const storage = createSqliteStorage({ file: ':memory:' })
    await storage.set('ns', 'k', [1, 'hai'])
    expect(await storage.get('ns', 'k')).toEqual([1, 'hai'])
    expect(storage.kind).toBe('sqlite')
    await storage.close()
  })
})

describe('createSqliteStorage on a file it cannot use (regression: a bare "EEXIST" or "disk I/O error")', () => {
  it('throws one error naming the file, what SQLite said and what to do', () => {
    const plainFile = join(dir, 'not-a-directory')
    writeFileSync(plainFile, '')
    const file = join(plainFile, 'state.sqlite')
    expect(() => createSqliteStorage({ file })).toThrow(
      new RegExp(`cannot use the SQLite store ${file} \\(.+\\): .*--sqlite-file.*--store memory`),
    )
  })
})

import { describe, expect, it, type TestContext } from 'vitest'
import { testOidcAdapterConformance } from './oidc-adapter-conformance.js'
import type { Storage } from './storage.js'

/**
 * What a conformance factory returns: a fresh, empty storage (its own file, Redis key prefix, ...), and,
 * when the storage takes a clock, a way to move that clock forward. Without `advanceTime` the expiry tests
 * use `ttlSec: 1` and wait about 1.1 s (they run concurrently, so the whole suite waits a few seconds).
 *
 * @example
 * ```ts
 * const factory: StorageFactory = async () => ({ storage: createMemoryStorage() })
 * ```
 */
export type StorageFactory = () => Promise<StorageUnderTest>

/**
 * One storage under test; see {@link StorageFactory}.
 *
 * @example
 * ```ts
 * let now = Date.now()
 * const subject: StorageUnderTest = {
 *   storage: createMemoryStorage({ clock: () => now }),
 *   advanceTime: (ms) => { now += ms },
 * }
 * ```
 */
export interface StorageUnderTest {
  storage: Storage
  advanceTime?: (ms: number) => void
}

/**
 * An opened storage under test: closed when the test ends; `elapse` moves its clock or waits.
 * @internal
 *
 * @example
 * ```ts
 * const { storage, elapse }: OpenedStorage = await openForTest(factory, context)
 * ```
 */
export interface OpenedStorage {
  storage: Storage
  elapse(ms: number): Promise<void>
}

/**
 * Opens a fresh storage for one test and closes it when that test finishes.
 * @internal
 *
 * @example
 * ```ts
 * it('expires', async (context) => {
 *   const { storage, elapse } = await openForTest(factory, context)
 *   await storage.set('ns', 'k', 1, { ttlSec: 1 })
 *   await elapse(1_100)
 * })
 * ```
 */
export async function openForTest(factory: StorageFactory, context: TestContext): Promise<OpenedStorage> {
  const { storage, advanceTime } = await factory()
  context.onTestFinished(() => storage.close())
  return {
    storage,
    elapse: async (ms) => {
      if (advanceTime) advanceTime(ms)
      else await new Promise((resolve) => setTimeout(resolve, ms))
    },
  }
}

/** Long enough past a 1 s TTL for Redis's millisecond expiry, short enough to keep the suite quick. */
const PAST_ONE_SECOND = 1_100

const CITIZEN = {
  hoTen: 'Nguyễn Thị Hồng Nhung',
  ngaySinh: '1990-02-28',
  soDinhDanh: '079190001234',
  diaChi: { tinh: 'Thừa Thiên Huế', phuong: 'Phường Vĩnh Ninh', chiTiet: 'Số 7, đường Lê Lợi' },
  tuoi: 35,
  diemTinCay: -1.25,
  daXacThuc: true,
  ghiChu: null,
  soDienThoai: ['0912345678', '+84 28 3829 2000'],
  lichSu: [{ luc: 1_767_225_600, suKien: 'đăng nhập' }, []],
  rong: {},
  coVN: '🇻🇳',
}

const BAD_NAMESPACES = ['', 'Upper', 'has space', 'dấu', 'a/b', 'a'.repeat(65)]
const BAD_KEYS = ['', 'k'.repeat(513)]

/**
 * The storage conformance suite (in the spirit of lucia's `testAdapter`): registers vitest tests that any
 * {@link Storage} implementation must pass, including the oidc-provider adapter built on it. Call it at the
 * top level of a test file.
 *
 * @example
 * ```ts
 * import { testStorage } from '@dinhdanh/mock-idp/storage/conformance'
 *
 * testStorage('my dynamodb storage', async () => ({ storage: await createMyStorage({ table: randomName() }) }))
 * ```
 */
export function testStorage(name: string, factory: StorageFactory): void {
  const open = (context: TestContext) => openForTest(factory, context)

  describe(`Storage conformance: ${name}`, () => {
    describe('entries', () => {
      it('round-trips nested JSON with Vietnamese text, numbers, null and arrays', async (context) => {
        const { storage } = await open(context)
        await storage.set('citizens', 'công-dân/1', CITIZEN)
        expect(await storage.get('citizens', 'công-dân/1')).toEqual(CITIZEN)
        for (const [key, value] of Object.entries({
          s: 'Đà Nẵng',
          zero: 0,
          no: false,
          nil: null,
          list: [1, 'hai'],
        })) {
          await storage.set('scalars', key, value)
          expect(await storage.get('scalars', key)).toEqual(value)
        }
      })

      it('returns undefined for a missing key and null for a stored null', async (context) => {
        const { storage } = await open(context)
        await storage.set('ns', 'nil', null)
        expect(await storage.get('ns', 'missing')).toBeUndefined()
        expect(await storage.get('ns', 'nil')).toBeNull()
      })

      it('stores a copy: mutating what was passed in or read back changes nothing', async (context) => {
        const { storage } = await open(context)
        const value = { list: [1, 2] }
        await storage.set('ns', 'k', value)
        value.list.push(3)
        const read = await storage.get<{ list: number[] }>('ns', 'k')
        read?.list.push(4)
        expect(await storage.get('ns', 'k')).toEqual({ list: [1, 2] })
      })

      it('overwrites, deletes, and reports whether delete found anything', async (context) => {
        const { storage } = await open(context)
        await storage.set('ns', 'k', 'một')
        await storage.set('ns', 'k', 'hai')
        expect(await storage.get('ns', 'k')).toBe('hai')
        expect(await storage.delete('ns', 'k')).toBe(true)
        expect(await storage.get('ns', 'k')).toBeUndefined()
        expect(await storage.delete('ns', 'k')).toBe(false)
      })

      it('accepts keys of any characters up to 512 long', async (context) => {
        const { storage } = await open(context)
        for (const key of ['a b:c/d?e=f', 'Trần Hưng Đạo', 'k'.repeat(512), '{ns}:x']) {
          await storage.set('ns', key, key.length)
          expect(await storage.get('ns', key)).toBe(key.length)
        }
      })

      it('keeps namespaces isolated', async (context) => {
        const { storage } = await open(context)
        await storage.set('ns-a', 'k', 'a')
        await storage.set('ns-b', 'k', 'b')
        await storage.set('a', 'b:c', 'a + b:c')
        await storage.set('a:b', 'c', 'a:b + c')
        expect(await storage.get('ns-a', 'k')).toBe('a')
        expect(await storage.get('ns-b', 'k')).toBe('b')
        expect(await storage.get('a', 'b:c')).toBe('a + b:c')
        expect(await storage.get('a:b', 'c')).toBe('a:b + c')
        await storage.delete('ns-a', 'k')
        expect(await storage.get('ns-b', 'k')).toBe('b')
        expect(await storage.list('ns-b')).toEqual([{ key: 'k', value: 'b' }])
        await storage.addToSet('ns-a', 'k', 'm')
        expect(await storage.members('ns-b', 'k')).toEqual([])
      })

      it('keeps an entry and a set with the same key apart', async (context) => {
        const { storage } = await open(context)
        await storage.set('ns', 'k', 'entry')
        await storage.addToSet('ns', 'k', 'member')
        expect(await storage.get('ns', 'k')).toBe('entry')
        expect(await storage.members('ns', 'k')).toEqual(['member'])
        await storage.deleteSet('ns', 'k')
        expect(await storage.get('ns', 'k')).toBe('entry')
      })
    })

    describe('setIfAbsent', () => {
      it('sets only when absent and leaves the existing value alone', async (context) => {
        const { storage } = await open(context)
        expect(await storage.setIfAbsent('ns', 'k', 'first')).toBe(true)
        expect(await storage.setIfAbsent('ns', 'k', 'second')).toBe(false)
        expect(await storage.get('ns', 'k')).toBe('first')
      })

      it('is atomic: of 20 concurrent calls exactly one wins, and its value is kept', async (context) => {
        const { storage } = await open(context)
        const results = await Promise.all(
          Array.from({ length: 20 }, (_, i) => storage.setIfAbsent('ns', 'race', { winner: i })),
        )
        expect(results.filter(Boolean)).toHaveLength(1)
        expect(await storage.get('ns', 'race')).toEqual({ winner: results.indexOf(true) })
      })
    })

    describe('list', () => {
      it('lists newest first by last set, and a re-set moves an entry to the front', async (context) => {
        const { storage } = await open(context)
        for (const key of ['a', 'b', 'c']) await storage.set('ns', key, key.toUpperCase())
        await storage.set('ns', 'a', 'A2')
        await storage.set('other', 'x', 'X')
        expect(await storage.list('ns')).toEqual([
          { key: 'a', value: 'A2' },
          { key: 'c', value: 'C' },
          { key: 'b', value: 'B' },
        ])
      })

      it('honours limit (100 by default), leaves deleted entries out, and lists an empty namespace as []', async (context) => {
        const { storage } = await open(context)
        expect(await storage.list('ns')).toEqual([])
        for (let i = 0; i < 105; i++) await storage.set('ns', `k${i}`, i)
        expect(await storage.list('ns')).toHaveLength(100)
        await storage.delete('ns', 'k104')
        const top = await storage.list<number>('ns', { limit: 2 })
        expect(top).toEqual([
          { key: 'k103', value: 103 },
          { key: 'k102', value: 102 },
        ])
      })
    })

    describe('sets', () => {
      it('adds, removes, lists and deletes members', async (context) => {
        const { storage } = await open(context)
        expect(await storage.members('idx', 'grant-1')).toEqual([])
        for (const member of ['at:1', 'rt:1', 'at:1', 'code:1'])
          await storage.addToSet('idx', 'grant-1', member)
        await storage.addToSet('idx', 'grant-2', 'at:2')
        expect((await storage.members('idx', 'grant-1')).sort()).toEqual(['at:1', 'code:1', 'rt:1'])
        await storage.removeFromSet('idx', 'grant-1', 'rt:1')
        await storage.removeFromSet('idx', 'grant-1', 'never-there')
        expect((await storage.members('idx', 'grant-1')).sort()).toEqual(['at:1', 'code:1'])
        await storage.deleteSet('idx', 'grant-1')
        expect(await storage.members('idx', 'grant-1')).toEqual([])
        expect(await storage.members('idx', 'grant-2')).toEqual(['at:2'])
        await storage.removeFromSet('idx', 'grant-2', 'at:2')
        expect(await storage.members('idx', 'grant-2')).toEqual([])
      })
    })

    describe('increment', () => {
      it('counts from 1, and the counter reads back as a number', async (context) => {
        const { storage } = await open(context)
        expect(await storage.increment('throttle', 'otp:0912345678', { ttlSec: 60 })).toBe(1)
        expect(await storage.increment('throttle', 'otp:0912345678', { ttlSec: 60 })).toBe(2)
        expect(await storage.get('throttle', 'otp:0912345678')).toBe(2)
      })

      it('is atomic under 50 concurrent calls', async (context) => {
        const { storage } = await open(context)
        const values = await Promise.all(
          Array.from({ length: 50 }, () => storage.increment('throttle', 'ip:127.0.0.1', { ttlSec: 60 })),
        )
        expect(values.sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1))
        expect(await storage.get('throttle', 'ip:127.0.0.1')).toBe(50)
      })

      it('rejects with a TypeError on an entry that is not an integer', async (context) => {
        const { storage } = await open(context)
        await storage.set('throttle', 'text', 'năm')
        await expect(storage.increment('throttle', 'text', { ttlSec: 60 })).rejects.toThrow(TypeError)
        expect(await storage.get('throttle', 'text')).toBe('năm')
      })
    })

    describe.concurrent('expiry', () => {
      it('expires an entry after its ttl; delete then finds nothing', async (context) => {
        const { storage, elapse } = await open(context)
        await storage.set('ns', 'short', 'x', { ttlSec: 1 })
        await storage.set('ns', 'long', 'y', { ttlSec: 60 })
        await storage.set('ns', 'ttl-cleared', 'z', { ttlSec: 1 })
        await storage.set('ns', 'ttl-cleared', 'z2')
        context.expect(await storage.get('ns', 'short')).toBe('x')
        await elapse(PAST_ONE_SECOND)
        context.expect(await storage.get('ns', 'short')).toBeUndefined()
        context.expect(await storage.get('ns', 'long')).toBe('y')
        context.expect(await storage.get('ns', 'ttl-cleared')).toBe('z2')
        context.expect(await storage.delete('ns', 'short')).toBe(false)
      })

      it('lets setIfAbsent take over an expired key', async (context) => {
        const { storage, elapse } = await open(context)
        context.expect(await storage.setIfAbsent('ns', 'lock', 'first', { ttlSec: 1 })).toBe(true)
        context.expect(await storage.setIfAbsent('ns', 'lock', 'second', { ttlSec: 1 })).toBe(false)
        await elapse(PAST_ONE_SECOND)
        context.expect(await storage.setIfAbsent('ns', 'lock', 'third')).toBe(true)
        context.expect(await storage.get('ns', 'lock')).toBe('third')
      })

      it('skips expired entries in list, and still fills the limit', async (context) => {
        const { storage, elapse } = await open(context)
        await storage.set('ns', 'kept-1', 1)
        await storage.set('ns', 'kept-2', 2)
        await storage.set('ns', 'gone-1', 3, { ttlSec: 1 })
        await storage.set('ns', 'gone-2', 4, { ttlSec: 1 })
        await elapse(PAST_ONE_SECOND)
        context.expect(await storage.list('ns', { limit: 2 })).toEqual([
          { key: 'kept-2', value: 2 },
          { key: 'kept-1', value: 1 },
        ])
      })

      it('expires a set after its ttl; a later ttl or none extends it, a shorter one never shortens it', async (context) => {
        const { storage, elapse } = await open(context)
        await storage.addToSet('idx', 'short', 'm', { ttlSec: 1 })
        await storage.addToSet('idx', 'extended', 'm1', { ttlSec: 1 })
        await storage.addToSet('idx', 'extended', 'm2', { ttlSec: 60 })
        await storage.addToSet('idx', 'not-shortened', 'm1', { ttlSec: 60 })
        await storage.addToSet('idx', 'not-shortened', 'm2', { ttlSec: 1 })
        await storage.addToSet('idx', 'made-persistent', 'm1', { ttlSec: 1 })
        await storage.addToSet('idx', 'made-persistent', 'm2')
        await storage.addToSet('idx', 'stays-persistent', 'm1')
        await storage.addToSet('idx', 'stays-persistent', 'm2', { ttlSec: 1 })
        await elapse(PAST_ONE_SECOND)
        context.expect(await storage.members('idx', 'short')).toEqual([])
        for (const setKey of ['extended', 'not-shortened', 'made-persistent', 'stays-persistent']) {
          context.expect((await storage.members('idx', setKey)).sort(), setKey).toEqual(['m1', 'm2'])
        }
      })

      it('sets the counter ttl on the first increment only', async (context) => {
        const { storage, elapse } = await open(context)
        context.expect(await storage.increment('throttle', 'k', { ttlSec: 1 })).toBe(1)
        await elapse(600)
        context.expect(await storage.increment('throttle', 'k', { ttlSec: 1 })).toBe(2)
        await elapse(600)
        context.expect(await storage.get('throttle', 'k')).toBeUndefined()
        context.expect(await storage.increment('throttle', 'k', { ttlSec: 1 })).toBe(1)
      })
    })

    describe('argument validation', () => {
      it('rejects a bad namespace with a TypeError from every method', async (context) => {
        const { storage } = await open(context)
        for (const ns of BAD_NAMESPACES) {
          const calls: Array<() => Promise<unknown>> = [
            () => storage.get(ns, 'k'),
            () => storage.set(ns, 'k', 1),
            () => storage.setIfAbsent(ns, 'k', 1),
            () => storage.delete(ns, 'k'),
            () => storage.list(ns),
            () => storage.addToSet(ns, 'k', 'm'),
            () => storage.removeFromSet(ns, 'k', 'm'),
            () => storage.members(ns, 'k'),
            () => storage.deleteSet(ns, 'k'),
            () => storage.increment(ns, 'k', { ttlSec: 1 }),
          ]
          for (const call of calls) await expect(call(), ns).rejects.toThrow(TypeError)
        }
      })

      it('rejects a bad key, set key or member with a TypeError', async (context) => {
        const { storage } = await open(context)
        for (const key of [...BAD_KEYS, 42 as unknown as string]) {
          await expect(storage.get('ns', key)).rejects.toThrow(TypeError)
          await expect(storage.set('ns', key, 1)).rejects.toThrow(TypeError)
          await expect(storage.setIfAbsent('ns', key, 1)).rejects.toThrow(TypeError)
          await expect(storage.delete('ns', key)).rejects.toThrow(TypeError)
          await expect(storage.increment('ns', key, { ttlSec: 1 })).rejects.toThrow(TypeError)
          await expect(storage.addToSet('ns', key, 'm')).rejects.toThrow(TypeError)
          await expect(storage.addToSet('ns', 'k', key)).rejects.toThrow(TypeError)
          await expect(storage.removeFromSet('ns', 'k', key)).rejects.toThrow(TypeError)
          await expect(storage.members('ns', key)).rejects.toThrow(TypeError)
          await expect(storage.deleteSet('ns', key)).rejects.toThrow(TypeError)
        }
      })

      it('rejects a bad ttl, limit or value with a TypeError, and writes nothing', async (context) => {
        const { storage } = await open(context)
        for (const ttlSec of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
          await expect(storage.set('ns', 'k', 1, { ttlSec }), String(ttlSec)).rejects.toThrow(TypeError)
          await expect(storage.increment('ns', 'k', { ttlSec })).rejects.toThrow(TypeError)
          await expect(storage.addToSet('ns', 'k', 'm', { ttlSec })).rejects.toThrow(TypeError)
        }
        for (const limit of [0, -1, 1.5])
          await expect(storage.list('ns', { limit })).rejects.toThrow(TypeError)
        await expect(storage.set('ns', 'k', undefined)).rejects.toThrow(TypeError)
        await expect(storage.set('ns', 'k', () => 1)).rejects.toThrow(TypeError)
        expect(await storage.get('ns', 'k')).toBeUndefined()
        expect(await storage.members('ns', 'k')).toEqual([])
      })

      it('says what was expected in the message', async (context) => {
        const { storage } = await open(context)
        await expect(storage.get('Bad NS', 'k')).rejects.toThrow(/namespace must match/)
        await expect(storage.get('ns', '')).rejects.toThrow(/non-empty string of at most 512/)
      })
    })

    describe('close', () => {
      it('closes once, tolerates a second close, and rejects calls afterwards', async () => {
        const { storage } = await factory()
        await storage.set('ns', 'k', 1)
        await storage.close()
        await storage.close()
        await expect(storage.get('ns', 'k')).rejects.toThrow()
        await expect(storage.set('ns', 'k', 2)).rejects.toThrow()
      })
    })

    testOidcAdapterConformance(open)
  })
}

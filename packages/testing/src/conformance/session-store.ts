import { afterEach, beforeEach, describe, expect, it } from 'vitest'

/**
 * The shape of `SessionRecord` from `@dinhdanh/express`, repeated here so the test kit does not depend
 * on the Express adapter.
 *
 * @example
 * ```ts
 * const record: SessionRecordLike = { subject: 'sub', absoluteExpiresAt: nowSec + 3600, data: {} }
 * ```
 */
export interface SessionRecordLike {
  subject: string
  providerSessionId?: string
  absoluteExpiresAt: number
  data: Record<string, unknown>
}

/**
 * The shape of `SessionStore` from `@dinhdanh/express` (structurally identical, so any store built for
 * the adapter fits).
 *
 * @example
 * ```ts
 * const store: SessionStoreLike = new MemorySessionStore()
 * ```
 */
export interface SessionStoreLike {
  get(id: string): Promise<SessionRecordLike | undefined>
  set(id: string, record: SessionRecordLike, options: { ttlSec: number }): Promise<void>
  delete(id: string): Promise<void>
  idsBySubject(subject: string): Promise<string[]>
  idsByProviderSession(providerSessionId: string): Promise<string[]>
  deleteBySubject(subject: string): Promise<number>
  deleteByProviderSession(providerSessionId: string): Promise<number>
  close?(): Promise<void>
}

/**
 * What a {@link testSessionStore} factory returns for each test.
 *
 * @example
 * ```ts
 * let clock = Date.now()
 * const harness: SessionStoreHarness = {
 *   store: new MemorySessionStore({ now: () => clock }),
 *   now: () => clock,
 *   advanceTime: (ms) => { clock += ms },
 * }
 * ```
 */
export interface SessionStoreHarness {
  store: SessionStoreLike
  /**
   * Moves the store's clock forward. Without it the suite really waits (about 5 s in all), which is
   * what a store whose expiry runs on a server's clock (Redis) needs.
   */
  advanceTime?: (ms: number) => void
  /** The store's clock in epoch milliseconds, when it is not `Date.now` (give it with `advanceTime`). */
  now?: () => number
  /** Runs after each test; defaults to `store.close()`. */
  cleanup?: () => Promise<void>
}

const TIMED_TEST_TIMEOUT_MS = 15_000

/**
 * A conformance suite every session store must pass (in the manner of lucia's `testAdapter`): round
 * trips, replacement, deletion, rolling and absolute expiry, the subject and provider-session indexes
 * and their bulk deletions, 50 concurrent writes, unknown keys and keys with unusual characters. Call it
 * at the top level of a vitest test file; `factory` runs before each test and should give a fresh, empty
 * store (or one whose contents cannot collide: the suite uses random ids).
 *
 * @example
 * ```ts
 * import { testSessionStore } from '@dinhdanh/testing/conformance'
 *
 * testSessionStore('MemorySessionStore', async () => {
 *   let clock = Date.now()
 *   return { store: new MemorySessionStore({ now: () => clock }), now: () => clock, advanceTime: (ms) => { clock += ms } }
 * })
 * testSessionStore('RedisSessionStore', async () => ({ store: new RedisSessionStore({ url }) }))
 * ```
 */
export function testSessionStore(name: string, factory: () => Promise<SessionStoreHarness>): void {
  describe(`SessionStore conformance: ${name}`, () => {
    let harness: SessionStoreHarness
    let store: SessionStoreLike
    let advanced = 0

    beforeEach(async () => {
      harness = await factory()
      store = harness.store
      advanced = 0
    })

    afterEach(async () => {
      if (harness.cleanup) await harness.cleanup()
      else await harness.store.close?.()
    })

    const nowMs = () => harness.now?.() ?? Date.now() + advanced
    const nowSec = () => nowMs() / 1000
    const elapse = async (ms: number) => {
      if (harness.advanceTime) {
        harness.advanceTime(ms)
        advanced += ms
      } else {
        await new Promise((resolve) => setTimeout(resolve, ms))
      }
    }
    const unique = (label: string) => `${label}-${globalThis.crypto.randomUUID()}`
    const record = (subject: string, providerSessionId?: string, data: Record<string, unknown> = {}) => ({
      subject,
      ...(providerSessionId !== undefined && { providerSessionId }),
      absoluteExpiresAt: Math.floor(nowSec()) + 3_600,
      data,
    })
    const sorted = (values: string[]) => [...values].sort()

    it('returns what was written, as JSON, with Vietnamese text intact', async () => {
      const id = unique('session')
      const data = {
        citizen: {
          fullName: 'Nguyễn Thị Minh Khai',
          // Decomposed on purpose: a store must not normalise strings.
          decomposed: 'Nguye\u0302\u0303n',
          address: 'Số 1 Điện Biên Phủ, Phường Bến Nghé, TP. Hồ Chí Minh',
        },
        level: 'level2',
        granted: ['identity', 'health_insurance'],
        nested: { list: [1, 2.5, null, true, 'ừ'], empty: {} },
        flag: '🇻🇳',
        createdAt: 1_700_000_000,
      }
      const written = record(unique('sub'), unique('sid'), data)
      await store.set(id, written, { ttlSec: 600 })
      expect(await store.get(id)).toEqual(written)
    })

    it('hands out copies: changing a returned or written record does not change the store', async () => {
      const id = unique('session')
      const written = record(unique('sub'), undefined, { list: ['a'] })
      await store.set(id, written, { ttlSec: 600 })
      ;(written.data.list as string[]).push('written later')
      const first = await store.get(id)
      expect(first).toBeDefined()
      ;(first!.data.list as string[]).push('returned later')
      expect((await store.get(id))?.data).toEqual({ list: ['a'] })
    })

    it('replaces a record written again under the same id, moving it between indexes', async () => {
      const id = unique('session')
      const [subjectA, subjectB, sid] = [unique('sub-a'), unique('sub-b'), unique('sid')]
      await store.set(id, record(subjectA, sid, { version: 1 }), { ttlSec: 600 })
      const replacement = record(subjectB, undefined, { version: 2 })
      await store.set(id, replacement, { ttlSec: 600 })
      expect(await store.get(id)).toEqual(replacement)
      expect(await store.idsBySubject(subjectA)).toEqual([])
      expect(await store.idsBySubject(subjectB)).toEqual([id])
      expect(await store.idsByProviderSession(sid)).toEqual([])
      expect(await store.deleteBySubject(subjectA)).toBe(0)
      expect(await store.get(id)).toEqual(replacement)
    })

    it('deletes a session and its index entries; deleting an unknown id resolves', async () => {
      const [id, other] = [unique('session'), unique('session')]
      const [subject, sid] = [unique('sub'), unique('sid')]
      await store.set(id, record(subject, sid), { ttlSec: 600 })
      await store.set(other, record(subject, sid), { ttlSec: 600 })
      await store.delete(id)
      expect(await store.get(id)).toBeUndefined()
      expect(await store.idsBySubject(subject)).toEqual([other])
      expect(await store.idsByProviderSession(sid)).toEqual([other])
      await expect(store.delete(id)).resolves.toBeUndefined()
      await expect(store.delete(unique('never-written'))).resolves.toBeUndefined()
    })

    it(
      'forgets a session not written again within ttlSec, everywhere',
      async () => {
        const id = unique('session')
        const [subject, sid] = [unique('sub'), unique('sid')]
        await store.set(id, record(subject, sid), { ttlSec: 1 })
        expect(await store.get(id)).toBeDefined()
        await elapse(1_300)
        expect(await store.get(id)).toBeUndefined()
        expect(await store.idsBySubject(subject)).toEqual([])
        expect(await store.idsByProviderSession(sid)).toEqual([])
        expect(await store.deleteBySubject(subject)).toBe(0)
        expect(await store.deleteByProviderSession(sid)).toBe(0)
      },
      TIMED_TEST_TIMEOUT_MS,
    )

    it(
      'rolls the lifetime forward when a session is written again',
      async () => {
        const id = unique('session')
        const written = record(unique('sub'))
        await store.set(id, written, { ttlSec: 1 })
        await elapse(500)
        await store.set(id, written, { ttlSec: 1 })
        await elapse(700)
        expect(await store.get(id)).toEqual(written)
        await elapse(700)
        expect(await store.get(id)).toBeUndefined()
      },
      TIMED_TEST_TIMEOUT_MS,
    )

    it(
      'ends a session at absoluteExpiresAt even when the rolling ttl is longer',
      async () => {
        const id = unique('session')
        const [subject, sid] = [unique('sub'), unique('sid')]
        await store.set(id, { ...record(subject, sid), absoluteExpiresAt: nowSec() + 1 }, { ttlSec: 3_600 })
        expect(await store.get(id)).toBeDefined()
        await elapse(1_300)
        expect(await store.get(id)).toBeUndefined()
        expect(await store.idsBySubject(subject)).toEqual([])
        expect(await store.idsByProviderSession(sid)).toEqual([])
      },
      TIMED_TEST_TIMEOUT_MS,
    )

    it('does not keep a record written after its absoluteExpiresAt (and drops the one it replaces)', async () => {
      const id = unique('session')
      const subject = unique('sub')
      await store.set(id, record(subject), { ttlSec: 600 })
      await store.set(id, { ...record(subject), absoluteExpiresAt: nowSec() - 1 }, { ttlSec: 600 })
      expect(await store.get(id)).toBeUndefined()
      expect(await store.idsBySubject(subject)).toEqual([])
    })

    it('lists the sessions of each subject and of each provider session', async () => {
      const [alice, bob] = [unique('alice'), unique('bob')]
      const [sid1, sid2, sid3] = [unique('sid1'), unique('sid2'), unique('sid3')]
      const sessions: [string, string, string | undefined][] = [
        [unique('a1'), alice, sid1],
        [unique('a2'), alice, sid1],
        [unique('a3'), alice, sid2],
        [unique('a4'), alice, undefined],
        [unique('b1'), bob, sid3],
      ]
      for (const [id, subject, sid] of sessions) await store.set(id, record(subject, sid), { ttlSec: 600 })
      const ids = (predicate: (entry: (typeof sessions)[number]) => boolean) =>
        sorted(sessions.filter(predicate).map(([id]) => id))
      expect(sorted(await store.idsBySubject(alice))).toEqual(ids(([, subject]) => subject === alice))
      expect(sorted(await store.idsBySubject(bob))).toEqual(ids(([, subject]) => subject === bob))
      expect(sorted(await store.idsByProviderSession(sid1))).toEqual(ids(([, , sid]) => sid === sid1))
      expect(sorted(await store.idsByProviderSession(sid2))).toEqual(ids(([, , sid]) => sid === sid2))
      expect(sorted(await store.idsByProviderSession(sid3))).toEqual(ids(([, , sid]) => sid === sid3))
    })

    it('deleteBySubject removes exactly the sessions of that subject, and their index entries', async () => {
      const [alice, bob] = [unique('alice'), unique('bob')]
      const [sidA, sidShared] = [unique('sid-a'), unique('sid-shared')]
      const [a1, a2, a3, b1] = [unique('a1'), unique('a2'), unique('a3'), unique('b1')]
      await store.set(a1, record(alice, sidA), { ttlSec: 600 })
      await store.set(a2, record(alice, sidShared), { ttlSec: 600 })
      await store.set(a3, record(alice), { ttlSec: 600 })
      await store.set(b1, record(bob, sidShared), { ttlSec: 600 })

      expect(await store.deleteBySubject(alice)).toBe(3)
      for (const id of [a1, a2, a3]) expect(await store.get(id)).toBeUndefined()
      expect(await store.get(b1)).toBeDefined()
      expect(await store.idsBySubject(alice)).toEqual([])
      expect(await store.idsByProviderSession(sidA)).toEqual([])
      expect(await store.idsByProviderSession(sidShared)).toEqual([b1])
      expect(await store.idsBySubject(bob)).toEqual([b1])
      expect(await store.deleteBySubject(alice)).toBe(0)
    })

    it('deleteByProviderSession removes exactly the sessions of that provider session', async () => {
      const subject = unique('sub')
      const [sid1, sid2] = [unique('sid1'), unique('sid2')]
      const [s1, s2, s3, s4] = [unique('s1'), unique('s2'), unique('s3'), unique('s4')]
      await store.set(s1, record(subject, sid1), { ttlSec: 600 })
      await store.set(s2, record(subject, sid1), { ttlSec: 600 })
      await store.set(s3, record(subject, sid2), { ttlSec: 600 })
      await store.set(s4, record(subject), { ttlSec: 600 })

      expect(await store.deleteByProviderSession(sid1)).toBe(2)
      expect(await store.get(s1)).toBeUndefined()
      expect(await store.get(s2)).toBeUndefined()
      expect(await store.get(s3)).toBeDefined()
      expect(await store.get(s4)).toBeDefined()
      expect(await store.idsByProviderSession(sid1)).toEqual([])
      expect(sorted(await store.idsBySubject(subject))).toEqual(sorted([s3, s4]))
      expect(await store.deleteByProviderSession(sid1)).toBe(0)
    })

    it('indexes all of 50 sessions written concurrently', async () => {
      const [subject, sid] = [unique('sub'), unique('sid')]
      const ids = Array.from({ length: 50 }, (_, index) => unique(`parallel-${index}`))
      await Promise.all(
        ids.map((id, index) => store.set(id, record(subject, sid, { index }), { ttlSec: 600 })),
      )
      expect(sorted(await store.idsBySubject(subject))).toEqual(sorted(ids))
      expect(sorted(await store.idsByProviderSession(sid))).toEqual(sorted(ids))
      const records = await Promise.all(ids.map((id) => store.get(id)))
      expect(records.map((found) => found?.data.index)).toEqual(ids.map((_, index) => index))
      expect(await store.deleteBySubject(subject)).toBe(50)
      expect(await store.idsByProviderSession(sid)).toEqual([])
    })

    it('answers undefined, [] and 0 for what it never saw', async () => {
      expect(await store.get(unique('unknown'))).toBeUndefined()
      expect(await store.idsBySubject(unique('unknown'))).toEqual([])
      expect(await store.idsByProviderSession(unique('unknown'))).toEqual([])
      expect(await store.deleteBySubject(unique('unknown'))).toBe(0)
      expect(await store.deleteByProviderSession(unique('unknown'))).toBe(0)
    })

    it('accepts ids, subjects and provider session ids with unusual characters', async () => {
      const odd = [
        'a:b:c',
        's:collides-with-a-key-prefix',
        'sub:looks-like-an-index',
        '*?[]{}',
        ' spaces around ',
        'tiếng Việt',
        '🇻🇳',
        'line\nbreak\ttab',
        '../../etc/passwd',
        '"quoted";=,\\',
        '%2F%00',
        '__proto__',
        'x'.repeat(300),
      ]
      const suffix = unique('')
      for (const value of odd) {
        const [id, subject, sid] = [`${value}${suffix}`, `${value}${suffix}-sub`, `${value}${suffix}-sid`]
        const written = record(subject, sid, { value })
        await store.set(id, written, { ttlSec: 600 })
        expect(await store.get(id)).toEqual(written)
        expect(await store.idsBySubject(subject)).toEqual([id])
        expect(await store.idsByProviderSession(sid)).toEqual([id])
      }
      for (const value of odd) {
        expect(await store.deleteBySubject(`${value}${suffix}-sub`)).toBe(1)
        expect(await store.get(`${value}${suffix}`)).toBeUndefined()
      }
      // An id that is a prefix of another is a different session.
      await store.set('p', record(`p${suffix}`), { ttlSec: 600 })
      await store.set('p:1', record(`p${suffix}`), { ttlSec: 600 })
      await store.delete('p')
      expect(await store.idsBySubject(`p${suffix}`)).toEqual(['p:1'])
      await store.delete('p:1')
    })
  })
}

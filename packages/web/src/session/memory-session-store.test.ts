import { testSessionStore } from '@dinhdanh/testing/conformance'
import { describe, expect, it } from 'vitest'
import { MemorySessionStore } from './memory-session-store.js'

testSessionStore('MemorySessionStore', async () => {
  let clock = Date.now()
  return {
    store: new MemorySessionStore({ now: () => clock }),
    now: () => clock,
    advanceTime: (ms) => {
      clock += ms
    },
  }
})

testSessionStore('MemorySessionStore on the real clock', async () => ({ store: new MemorySessionStore() }))

describe('MemorySessionStore', () => {
  const record = (subject: string, providerSessionId?: string) => ({
    subject,
    ...(providerSessionId !== undefined && { providerSessionId }),
    absoluteExpiresAt: Date.now() / 1000 + 3_600,
    data: {},
  })

  it('is bounded: past maxSessions the least recently written session goes, with its index entries', async () => {
    const store = new MemorySessionStore({ maxSessions: 3 })
    await store.set('a', record('alice', 'sid-a'), { ttlSec: 60 })
    await store.set('b', record('bob'), { ttlSec: 60 })
    await store.set('c', record('carol'), { ttlSec: 60 })
    await store.set('a', record('alice', 'sid-a'), { ttlSec: 60 }) // rolled: now the most recent
    await store.set('d', record('dave'), { ttlSec: 60 })
    expect(store.size).toBe(3)
    expect(await store.get('b')).toBeUndefined()
    expect(await store.idsBySubject('bob')).toEqual([])
    expect((await Promise.all(['a', 'c', 'd'].map((id) => store.get(id)))).every(Boolean)).toBe(true)
  })

  it('sweeps expired sessions as it is written to, without being read', async () => {
    let clock = 0
    const store = new MemorySessionStore({ now: () => clock })
    for (let index = 0; index < 5; index++) await store.set(`old-${index}`, record('old'), { ttlSec: 1 })
    clock += 2_000
    await store.set('new', record('new'), { ttlSec: 60 })
    expect(store.size).toBe(1)
  })

  it('checks its arguments, naming the argument and never echoing the value', async () => {
    const store = new MemorySessionStore()
    await expect(store.get('')).rejects.toThrow(/session id must be a non-empty string/)
    await expect(store.set('id', record(''), { ttlSec: 60 })).rejects.toThrow(/record\.subject/)
    await expect(store.set('id', record('s'), { ttlSec: 0 })).rejects.toThrow(/ttlSec/)
    await expect(
      store.set('id', { ...record('s'), absoluteExpiresAt: Number.NaN }, { ttlSec: 1 }),
    ).rejects.toThrow(/absoluteExpiresAt/)
    await expect(store.set('id', { ...record('s'), data: [] as never }, { ttlSec: 1 })).rejects.toThrow(
      /data/,
    )
    await expect(store.idsBySubject('x'.repeat(2_000))).rejects.toThrow(TypeError)
    expect(() => new MemorySessionStore({ maxSessions: 0 })).toThrow(TypeError)
  })
})

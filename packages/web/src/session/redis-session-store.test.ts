import { type RedisServer, startRedisServer } from '@dinhdanh/test/support/redis-server.js'
import { testSessionStore } from '@dinhdanh/testing/conformance'
import { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RedisSessionStore } from './redis-session-store.js'

// A real redis-server on a free loopback port. Without the binary, startRedisServer rejects with the
// install instructions and every test here fails: these tests never skip silently.
let server: RedisServer
let admin: Redis
let prefixes = 0
const nextPrefix = () => `test:${process.pid}:${++prefixes}:`

beforeAll(async () => {
  server = await startRedisServer()
  admin = new Redis(server.url)
}, 60_000)

afterAll(async () => {
  await admin?.quit()
  await server?.stop()
})

testSessionStore('RedisSessionStore', async () => ({
  store: new RedisSessionStore({ url: server.url, prefix: nextPrefix() }),
}))

describe('RedisSessionStore', () => {
  const record = (subject: string, providerSessionId?: string, ttlFromNowSec = 3_600) => ({
    subject,
    ...(providerSessionId !== undefined && { providerSessionId }),
    absoluteExpiresAt: Math.floor(Date.now() / 1000) + ttlFromNowSec,
    data: { fullName: 'Lê Thị Hồng Gấm' },
  })

  it('reaches, from one instance, the sessions another instance wrote (separate connections)', async () => {
    const prefix = nextPrefix()
    const one = new RedisSessionStore({ url: server.url, prefix })
    const two = new RedisSessionStore({ url: server.url, prefix })
    try {
      await one.set('from-one', record('citizen', 'sid-1'), { ttlSec: 600 })
      await two.set('from-two', record('citizen', 'sid-2'), { ttlSec: 600 })
      await two.set('other-citizen', record('someone-else', 'sid-2'), { ttlSec: 600 })
      expect((await one.idsBySubject('citizen')).sort()).toEqual(['from-one', 'from-two'])

      expect(await two.deleteBySubject('citizen')).toBe(2)
      expect(await one.get('from-one')).toBeUndefined()
      expect(await one.get('from-two')).toBeUndefined()
      expect(await one.idsBySubject('citizen')).toEqual([])
      expect(await one.idsByProviderSession('sid-1')).toEqual([])
      expect(await one.idsByProviderSession('sid-2')).toEqual(['other-citizen'])

      expect(await one.deleteByProviderSession('sid-2')).toBe(1)
      expect(await two.get('other-citizen')).toBeUndefined()
    } finally {
      await Promise.all([one.close(), two.close()])
    }
  })

  it('counts each session once when two instances write and delete concurrently', async () => {
    const prefix = nextPrefix()
    const one = new RedisSessionStore({ url: server.url, prefix })
    const two = new RedisSessionStore({ url: server.url, prefix })
    try {
      await Promise.all(
        Array.from({ length: 50 }, (_, index) =>
          (index % 2 ? one : two).set(`s${index}`, record('busy', `sid-${index % 5}`), { ttlSec: 600 }),
        ),
      )
      expect(await one.idsBySubject('busy')).toHaveLength(50)
      expect(await two.idsByProviderSession('sid-3')).toHaveLength(10)
      const counts = await Promise.all([one.deleteBySubject('busy'), two.deleteBySubject('busy')])
      expect(counts[0] + counts[1]).toBe(50)
      expect(await admin.keys(`${prefix}*`)).toEqual([])
    } finally {
      await Promise.all([one.close(), two.close()])
    }
  })

  it('stores JSON under the prefix with PX = min(ttl, absolute), and index sets that outlive their members', async () => {
    const prefix = nextPrefix()
    const store = new RedisSessionStore({ client: admin, prefix })
    await store.set('long', record('sub', 'sid'), { ttlSec: 600 })
    await store.set('short', record('sub', 'sid', 30), { ttlSec: 600 })
    expect(JSON.parse((await admin.get(`${prefix}s:long`)) ?? 'null')).toMatchObject({
      subject: 'sub',
      data: {},
    })
    const long = await admin.pttl(`${prefix}s:long`)
    const short = await admin.pttl(`${prefix}s:short`)
    expect(long).toBeGreaterThan(590_000)
    expect(long).toBeLessThanOrEqual(600_000)
    expect(short).toBeLessThanOrEqual(30_000)
    for (const index of [`${prefix}sub:sub`, `${prefix}sid:sid`]) {
      expect(await admin.pttl(index)).toBeGreaterThanOrEqual(long)
    }
    // A later, shorter write never shortens the index.
    await store.set('brief', record('sub', 'sid'), { ttlSec: 5 })
    expect(await admin.pttl(`${prefix}sub:sub`)).toBeGreaterThanOrEqual(long)
  })

  it('ignores index members whose session is gone and prunes them', async () => {
    const prefix = nextPrefix()
    const store = new RedisSessionStore({ client: admin, prefix })
    await store.set('kept', record('sub', 'sid'), { ttlSec: 600 })
    await store.set('vanished', record('sub', 'sid'), { ttlSec: 600 })
    await admin.del(`${prefix}s:vanished`) // as if Redis had expired it
    expect(await store.idsBySubject('sub')).toEqual(['kept'])
    expect(await admin.smembers(`${prefix}sub:sub`)).toEqual(['kept'])
    expect(await store.idsByProviderSession('sid')).toEqual(['kept'])
    expect(await admin.smembers(`${prefix}sid:sid`)).toEqual(['kept'])
    expect(await store.deleteBySubject('sub')).toBe(1)
  })

  it('treats a corrupted or foreign value as no session', async () => {
    const prefix = nextPrefix()
    const store = new RedisSessionStore({ client: admin, prefix })
    await admin.set(`${prefix}s:garbage`, '{not json')
    await admin.set(`${prefix}s:foreign`, JSON.stringify({ user: 'x' }))
    await admin.sadd(`${prefix}sub:sub`, 'garbage', 'foreign')
    expect(await store.get('garbage')).toBeUndefined()
    expect(await store.get('foreign')).toBeUndefined()
    expect(await store.idsBySubject('sub')).toEqual([])
    expect(await store.deleteBySubject('sub')).toBe(0)
  })

  it('keeps stores with different prefixes apart', async () => {
    const one = new RedisSessionStore({ client: admin, prefix: nextPrefix() })
    const two = new RedisSessionStore({ client: admin, prefix: nextPrefix() })
    await one.set('same-id', record('same-sub'), { ttlSec: 600 })
    expect(await two.get('same-id')).toBeUndefined()
    expect(await two.deleteBySubject('same-sub')).toBe(0)
    expect(await one.get('same-id')).toBeDefined()
  })

  it('quits only a client it created', async () => {
    const client = new Redis(server.url)
    const borrowed = new RedisSessionStore({ client })
    await borrowed.close()
    expect(await client.ping()).toBe('PONG')
    await client.quit()

    const owned = new RedisSessionStore({ url: server.url, prefix: nextPrefix() })
    await owned.set('x', record('y'), { ttlSec: 60 })
    const before = Number((await admin.info('clients')).match(/connected_clients:(\d+)/)?.[1])
    await owned.close()
    await owned.close() // twice is harmless
    await expect
      .poll(async () => Number((await admin.info('clients')).match(/connected_clients:(\d+)/)?.[1]))
      .toBe(before - 1)
  })

  it('refuses options without a client or url', () => {
    expect(() => new RedisSessionStore({} as never)).toThrow(/client.*url/)
  })

  // Found by the Redis-outage test (#13): a store made from a URL held each request about 10 s while Redis
  // was down (ioredis retries a command through 20 reconnections) and printed "[ioredis] Unhandled error
  // event" for every attempt. With one retry it answers within a reconnection or two.
  it('a store made from a URL fails fast while Redis is down, and prints nothing', async () => {
    const printed: unknown[] = []
    const original = console.error
    console.error = (...args: unknown[]) => {
      printed.push(args)
    }
    // Port 1 on loopback: nothing listens there, every connection is refused.
    const down = new RedisSessionStore({ url: 'redis://127.0.0.1:1' })
    try {
      await expect(down.get('a-session-id-of-sufficient-length')).rejects.toThrow()
      expect(printed.map(String).filter((line) => line.includes('ioredis'))).toEqual([])
    } finally {
      console.error = original
      await down.close().catch(() => {})
    }
  }, 5_000)
})

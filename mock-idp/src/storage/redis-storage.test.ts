import { randomUUID } from 'node:crypto'
import { type RedisServer, startRedisServer } from '@dinhdanh/test/support/redis-server.js'
import { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testStorage } from './conformance.js'
import { createStorage } from './index.js'
import { createOidcAdapterFactory } from './oidc-adapter.js'
import { createRedisStorage } from './redis-storage.js'
import type { Storage } from './storage.js'

// A real redis-server, started here; when it is not installed this fails (with how to install it) on purpose.
let server: RedisServer | undefined
beforeAll(async () => {
  server = await startRedisServer()
}, 20_000)
afterAll(async () => {
  await server?.stop()
})

const url = (): string => {
  if (!server) throw new Error('redis-server did not start; see the beforeAll error above.')
  return server.url
}
const freshPrefix = (): string => `test:${randomUUID()}:`

testStorage('redis', async () => ({ storage: createRedisStorage({ url: url(), keyPrefix: freshPrefix() }) }))

describe('createRedisStorage', () => {
  /** Two storages on separate connections with one prefix: what two mock-idp processes see. */
  async function twoProcesses(use: (first: Storage, second: Storage) => Promise<void>): Promise<void> {
    const keyPrefix = freshPrefix()
    const first = createRedisStorage({ url: url(), keyPrefix })
    const second = createRedisStorage({ url: url(), keyPrefix })
    try {
      await use(first, second)
    } finally {
      await Promise.all([first.close(), second.close()])
    }
  }

  it('shares entries, lists, sets and counters between instances', async () => {
    await twoProcesses(async (first, second) => {
      await first.set('citizens', '079190001234', { hoTen: 'Phạm Thị Lan' })
      expect(await second.get('citizens', '079190001234')).toEqual({ hoTen: 'Phạm Thị Lan' })
      await second.set('citizens', '001090004321', { hoTen: 'Đỗ Minh Quân' })
      expect((await first.list('citizens')).map((entry) => entry.key)).toEqual([
        '001090004321',
        '079190001234',
      ])
      await first.addToSet('idx', 'g', 'a')
      await second.addToSet('idx', 'g', 'b')
      expect((await first.members('idx', 'g')).sort()).toEqual(['a', 'b'])
      expect(await second.delete('citizens', '079190001234')).toBe(true)
      expect(await first.get('citizens', '079190001234')).toBeUndefined()
    })
  })

  it('has one winner in a setIfAbsent race between instances', async () => {
    await twoProcesses(async (first, second) => {
      const wins = await Promise.all(
        Array.from({ length: 20 }, (_, i) => (i % 2 ? first : second).setIfAbsent('locks', 'race', i)),
      )
      expect(wins.filter(Boolean)).toHaveLength(1)
      expect(await first.get('locks', 'race')).toBe(wins.indexOf(true))
    })
  })

  it('counts increments from both instances exactly once each', async () => {
    await twoProcesses(async (first, second) => {
      const values = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          (i % 2 ? first : second).increment('throttle', 'k', { ttlSec: 60 }),
        ),
      )
      expect(new Set(values).size).toBe(50)
      expect(await second.get('throttle', 'k')).toBe(50)
    })
  })

  it('lets one instance revoke a grant whose tokens another one saved', async () => {
    await twoProcesses(async (first, second) => {
      const FirstAdapter = createOidcAdapterFactory(first)
      const SecondAdapter = createOidcAdapterFactory(second)
      await new FirstAdapter('Session').upsert('sess-1', { uid: 'uid-1' }, 600)
      expect(await new SecondAdapter('Session').findByUid('uid-1')).toEqual({ uid: 'uid-1' })
      await new FirstAdapter('AccessToken').upsert('at-1', { grantId: 'g-1' }, 600)
      await new FirstAdapter('RefreshToken').upsert('rt-1', { grantId: 'g-1' }, 600)
      await new SecondAdapter('AccessToken').revokeByGrantId('g-1')
      expect(await new FirstAdapter('AccessToken').find('at-1')).toBeUndefined()
      expect(await new FirstAdapter('RefreshToken').find('rt-1')).toBeUndefined()
    })
  })

  it('is what createStorage returns for kind "redis"', async () => {
    const keyPrefix = freshPrefix()
    const storage = createStorage({ kind: 'redis', url: url(), keyPrefix })
    const direct = createRedisStorage({ url: url(), keyPrefix })
    try {
      expect(storage.kind).toBe('redis')
      await storage.set('ns', 'k', 'qua createStorage')
      expect(await direct.get('ns', 'k')).toBe('qua createStorage')
    } finally {
      await Promise.all([storage.close(), direct.close()])
    }
  })

  it('keeps prefixes apart and lays keys out as documented', async () => {
    const raw = new Redis(url())
    const prefixed = createRedisStorage({ url: url(), keyPrefix: 'tenant-a:' })
    const byDefault = createRedisStorage({ url: url() })
    try {
      await prefixed.set('ns', 'k', { a: 1 }, { ttlSec: 60 })
      await prefixed.addToSet('ns', 'idx', 'm')
      await byDefault.set('ns', 'k', 'default')
      expect(await byDefault.get('ns', 'k')).toBe('default')
      expect(await raw.get('tenant-a:{ns}:k')).toBe('{"a":1}')
      expect(await raw.pttl('tenant-a:{ns}:k')).toBeGreaterThan(59_000)
      expect(await raw.zrange('tenant-a:{ns}#recent', 0, -1)).toEqual(['k'])
      expect(await raw.zrange('tenant-a:{ns}#expiry', 0, -1)).toEqual(['k'])
      expect(await raw.smembers('tenant-a:{ns}#set:idx')).toEqual(['m'])
      expect(await raw.get('mock-idp:{ns}:k')).toBe('"default"')
    } finally {
      await Promise.all([prefixed.close(), byDefault.close()])
      raw.disconnect()
    }
  })

  it('cleans the list index of entries that expired, when a later write or list comes by', async () => {
    const raw = new Redis(url())
    const keyPrefix = freshPrefix()
    const storage = createRedisStorage({ url: url(), keyPrefix })
    try {
      await storage.set('ns', 'short', 1, { ttlSec: 0.05 })
      await new Promise((resolve) => setTimeout(resolve, 100))
      await storage.set('ns', 'later', 2)
      expect(await raw.zrange(`${keyPrefix}{ns}#recent`, 0, -1)).toEqual(['later'])
      await storage.set('ns', 'short-2', 3, { ttlSec: 0.05 })
      await raw.zrem(`${keyPrefix}{ns}#expiry`, 'short-2')
      await new Promise((resolve) => setTimeout(resolve, 100))
      expect(await storage.list('ns')).toEqual([{ key: 'later', value: 2 }])
      expect(await raw.zrange(`${keyPrefix}{ns}#recent`, 0, -1)).toEqual(['later'])
    } finally {
      await storage.close()
      raw.disconnect()
    }
  })
})

describe('createRedisStorage without a reachable Redis (regression: a bare 500 server_error)', () => {
  it('rejects with StorageUnavailableError: 503 temporarily_unavailable, naming the store', async () => {
    const probe = await startRedisServer()
    const storage = createRedisStorage({ url: probe.url, keyPrefix: freshPrefix() })
    await storage.set('config', 'k', 1)
    await probe.stop()
    await expect(storage.get('config', 'k')).rejects.toMatchObject({
      name: 'StorageUnavailableError',
      statusCode: 503,
      expose: true,
      message: 'temporarily_unavailable',
      error_description: expect.stringMatching(/cannot reach its redis store/),
    })
    // Validation errors stay what they are.
    await expect(storage.get('Bad Namespace', 'k')).rejects.toBeInstanceOf(TypeError)
    await storage.close()
  })
})

import { createHash } from 'node:crypto'
import type { Redis as RedisClient } from 'ioredis'
import { requireOptional } from './optional-module.js'
import type { Storage, StorageEntry } from './storage.js'
import {
  closedError,
  listLimit,
  toJson,
  ttlMilliseconds,
  validateKey,
  validateNamespace,
} from './storage-input.js'
import { isRedisConnectionError, StorageUnavailableError } from './storage-unavailable.js'

/**
 * Options of {@link createRedisStorage}.
 *
 * @example
 * ```ts
 * const options: RedisStorageOptions = { url: 'redis://127.0.0.1:6379/0', keyPrefix: 'mock-idp-staging:' }
 * ```
 */
export interface RedisStorageOptions {
  /** A `redis://` or `rediss://` URL, as ioredis accepts it. */
  url: string
  /** Put in front of every Redis key, so several deployments can share one Redis; `mock-idp:` by default. */
  keyPrefix?: string
}

// Every script reads the server's clock (TIME), so ordering and expiry agree across processes whose clocks
// differ. Entries, the recency index and the expiry index change together, so `list` never drops an entry
// that another process is writing at the same moment.
//
// KEYS: entry, recency zset, expiry zset. ARGV: json, ttl ms or '', '1' for set-if-absent, key.
const SET = `
local t = redis.call('TIME')
local nowMs = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
if ARGV[3] == '1' and redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
if ARGV[2] == '' then
  redis.call('SET', KEYS[1], ARGV[1])
  redis.call('ZREM', KEYS[3], ARGV[4])
else
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  redis.call('ZADD', KEYS[3], nowMs + tonumber(ARGV[2]), ARGV[4])
end
redis.call('ZADD', KEYS[2], t[1] .. string.format('%06d', tonumber(t[2])), ARGV[4])
-- Bounded clean-up of index members whose entry has expired, so namespaces never listed do not grow.
local stale = redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', nowMs, 'LIMIT', 0, 32)
if #stale > 0 then
  redis.call('ZREM', KEYS[2], unpack(stale))
  redis.call('ZREM', KEYS[3], unpack(stale))
end
return 1
`

// KEYS: entry, recency zset, expiry zset. ARGV: key.
const DELETE = `
local removed = redis.call('DEL', KEYS[1])
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('ZREM', KEYS[3], ARGV[1])
return removed
`

// KEYS: recency zset, expiry zset. ARGV: entry key prefix, limit. Returns key, json, key, json, ...
// The entry keys are derived from the prefix: they share the namespace's {hash tag}, so they live in the
// same cluster slot as the declared keys.
const LIST = `
local limit = tonumber(ARGV[2])
local out, stale, start = {}, {}, 0
while #out < limit * 2 do
  local keys = redis.call('ZREVRANGE', KEYS[1], start, start + limit - 1)
  if #keys == 0 then break end
  for _, key in ipairs(keys) do
    local value = redis.call('GET', ARGV[1] .. key)
    if value then
      out[#out + 1] = key
      out[#out + 1] = value
      if #out >= limit * 2 then break end
    else
      stale[#stale + 1] = key
    end
  end
  start = start + limit
end
for i = 1, #stale, 500 do
  local chunk = { unpack(stale, i, math.min(i + 499, #stale)) }
  redis.call('ZREM', KEYS[1], unpack(chunk))
  redis.call('ZREM', KEYS[2], unpack(chunk))
end
return out
`

// KEYS: set. ARGV: member, ttl ms or ''. A TTL only ever extends the set's life (see Storage.addToSet).
const ADD_TO_SET = `
local existed = redis.call('EXISTS', KEYS[1])
redis.call('SADD', KEYS[1], ARGV[1])
if ARGV[2] == '' then
  redis.call('PERSIST', KEYS[1])
else
  local ttl = tonumber(ARGV[2])
  local current = redis.call('PTTL', KEYS[1])
  if existed == 0 or (current >= 0 and current < ttl) then redis.call('PEXPIRE', KEYS[1], ttl) end
end
return 1
`

// KEYS: entry, recency zset, expiry zset. ARGV: ttl ms, key. INCR fails (writing nothing) on a non-integer.
const INCREMENT = `
local existed = redis.call('EXISTS', KEYS[1])
local value = redis.call('INCR', KEYS[1])
local t = redis.call('TIME')
if existed == 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  local nowMs = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
  redis.call('ZADD', KEYS[3], nowMs + tonumber(ARGV[1]), ARGV[2])
end
redis.call('ZADD', KEYS[2], t[1] .. string.format('%06d', tonumber(t[2])), ARGV[2])
return value
`

interface LuaScript {
  source: string
  sha: string
}

const script = (source: string): LuaScript => ({
  source,
  sha: createHash('sha1').update(source).digest('hex'),
})
const SCRIPTS = {
  set: script(SET),
  delete: script(DELETE),
  list: script(LIST),
  addToSet: script(ADD_TO_SET),
  increment: script(INCREMENT),
}

/**
 * A {@link Storage} in Redis (ioredis), shared by every mock-idp process pointed at the same Redis and
 * prefix. There is no in-process cache: each call is one round trip, and every multi-key change is one Lua
 * script, so it is atomic across processes. TTLs are Redis's own (millisecond precision), so this storage
 * has no `clock` option.
 *
 * Key layout, with `P` the prefix and `ns` the namespace (the braces make `ns` a cluster hash tag and keep
 * namespace `a` key `b:c` apart from namespace `a:b` key `c`):
 * - `P{ns}:key` entry, JSON text, `PX` for its TTL;
 * - `P{ns}#recent` sorted set of keys by last set (server time in µs), for `list`;
 * - `P{ns}#expiry` sorted set of keys by expiry, so index members of expired entries are cleaned up;
 * - `P{ns}#set:setKey` a Redis set.
 *
 * @example
 * ```ts
 * import { createRedisStorage } from './redis-storage.js'
 *
 * const storage = createRedisStorage({ url: 'redis://127.0.0.1:6379', keyPrefix: 'mock-idp:' })
 * const attempts = await storage.increment('throttle', 'otp:0912345678', { ttlSec: 900 })
 * ```
 */
export function createRedisStorage(options: RedisStorageOptions): Storage {
  const prefix = options.keyPrefix ?? 'mock-idp:'
  const { Redis } = requireOptional<{ Redis: typeof RedisClient }>(
    'ioredis',
    'the Redis store (--store redis)',
  )
  const redis = new Redis(options.url, { maxRetriesPerRequest: 3 })
  // Connection errors also reject the pending command, which is where callers see them; without a listener
  // ioredis would print every reconnect attempt as an "Unhandled error event".
  redis.on('error', () => {})
  let closed = false

  const base = (namespace: string): string => `${prefix}{${namespace}}`
  const entryKeys = (namespace: string, key: string): string[] => [
    `${base(namespace)}:${key}`,
    `${base(namespace)}#recent`,
    `${base(namespace)}#expiry`,
  ]
  const setKeyOf = (namespace: string, setKey: string): string => `${base(namespace)}#set:${setKey}`

  function open(): void {
    if (closed) throw closedError('redis')
  }

  async function run(lua: LuaScript, keys: string[], args: Array<string | number>): Promise<unknown> {
    try {
      return await redis.evalsha(lua.sha, keys.length, ...keys, ...args)
    } catch (error) {
      if (!(error instanceof Error && error.message.startsWith('NOSCRIPT'))) throw error
      return redis.eval(lua.source, keys.length, ...keys, ...args)
    }
  }

  async function write(
    namespace: string,
    key: string,
    value: unknown,
    ttlMs: number | undefined,
    nx: boolean,
  ) {
    return run(SCRIPTS.set, entryKeys(namespace, key), [toJson(value), ttlMs ?? '', nx ? '1' : '0', key])
  }

  const storage: Storage = {
    kind: 'redis',

    async get<T = unknown>(namespace: string, key: string): Promise<T | undefined> {
      validateNamespace(namespace)
      validateKey(key)
      open()
      const json = await redis.get(`${base(namespace)}:${key}`)
      return json === null ? undefined : (JSON.parse(json) as T)
    },

    async set(namespace, key, value, setOptions) {
      validateNamespace(namespace)
      validateKey(key)
      const ttlMs = ttlMilliseconds(setOptions)
      open()
      await write(namespace, key, value, ttlMs, false)
    },

    async setIfAbsent(namespace, key, value, setOptions) {
      validateNamespace(namespace)
      validateKey(key)
      const ttlMs = ttlMilliseconds(setOptions)
      open()
      return (await write(namespace, key, value, ttlMs, true)) === 1
    },

    async delete(namespace, key) {
      validateNamespace(namespace)
      validateKey(key)
      open()
      return (await run(SCRIPTS.delete, entryKeys(namespace, key), [key])) === 1
    },

    async list<T = unknown>(
      namespace: string,
      listOptions?: { limit?: number },
    ): Promise<Array<StorageEntry<T>>> {
      validateNamespace(namespace)
      const limit = listLimit(listOptions)
      open()
      const [, recent, expiry] = entryKeys(namespace, '_') as [string, string, string]
      const flat = (await run(SCRIPTS.list, [recent, expiry], [`${base(namespace)}:`, limit])) as string[]
      const result: Array<StorageEntry<T>> = []
      for (let i = 0; i + 1 < flat.length; i += 2) {
        result.push({ key: flat[i] as string, value: JSON.parse(flat[i + 1] as string) as T })
      }
      return result
    },

    async addToSet(namespace, setKey, member, setOptions) {
      validateNamespace(namespace)
      validateKey(setKey, 'set key')
      validateKey(member, 'set member')
      const ttlMs = ttlMilliseconds(setOptions)
      open()
      await run(SCRIPTS.addToSet, [setKeyOf(namespace, setKey)], [member, ttlMs ?? ''])
    },

    async removeFromSet(namespace, setKey, member) {
      validateNamespace(namespace)
      validateKey(setKey, 'set key')
      validateKey(member, 'set member')
      open()
      await redis.srem(setKeyOf(namespace, setKey), member)
    },

    async members(namespace, setKey) {
      validateNamespace(namespace)
      validateKey(setKey, 'set key')
      open()
      return redis.smembers(setKeyOf(namespace, setKey))
    },

    async deleteSet(namespace, setKey) {
      validateNamespace(namespace)
      validateKey(setKey, 'set key')
      open()
      await redis.del(setKeyOf(namespace, setKey))
    },

    async increment(namespace, key, incrementOptions) {
      validateNamespace(namespace)
      validateKey(key)
      const ttlMs = ttlMilliseconds(incrementOptions)
      if (ttlMs === undefined) throw new TypeError('Storage increment needs options.ttlSec.')
      open()
      try {
        return (await run(SCRIPTS.increment, entryKeys(namespace, key), [ttlMs, key])) as number
      } catch (error) {
        if (error instanceof Error && /not an integer/.test(error.message)) {
          throw new TypeError(
            'Storage increment needs an integer entry; the entry holds another value. Delete it first.',
            { cause: error },
          )
        }
        throw error
      }
    },

    async close() {
      if (closed) return
      closed = true
      try {
        await redis.quit()
      } catch {
        // Already disconnected (the server went away): nothing left to release but the socket.
        redis.disconnect()
      }
    },
  }
  // Every call that reaches Redis: a connection failure becomes one StorageUnavailableError (503).
  const reachable =
    <A extends unknown[], R>(call: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      try {
        return await call(...args)
      } catch (error) {
        if (closed || error instanceof TypeError || !isRedisConnectionError(error)) throw error
        throw new StorageUnavailableError('redis', error)
      }
    }
  return {
    kind: 'redis',
    get: reachable(storage.get),
    set: reachable(storage.set),
    setIfAbsent: reachable(storage.setIfAbsent),
    delete: reachable(storage.delete),
    list: reachable(storage.list),
    addToSet: reachable(storage.addToSet),
    removeFromSet: reachable(storage.removeFromSet),
    members: reachable(storage.members),
    deleteSet: reachable(storage.deleteSet),
    increment: reachable(storage.increment),
    close: storage.close,
  } as Storage
}

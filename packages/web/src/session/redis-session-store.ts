import { createHash } from 'node:crypto'
import type { ChainableCommander, Redis } from 'ioredis'
import { assertKey, assertSessionWrite, lifetimeMs, parseStoredRecord } from './session-record.js'
import type { SessionRecord, SessionStore, SessionWriteOptions } from './session-store.js'

/**
 * Options of {@link RedisSessionStore}: an ioredis client you own, or a URL for a client the store
 * creates (and closes).
 *
 * @example
 * ```ts
 * const options: RedisSessionStoreOptions = { url: process.env.REDIS_URL!, prefix: 'shop:session:' }
 * ```
 */
export type RedisSessionStoreOptions = RedisSessionStoreCommonOptions &
  ({ client: RedisClientLike; url?: never } | { url: string; client?: never })

/**
 * An ioredis client (`new Redis(url)`), described by the few members the store's types mention, so that
 * an app that never uses Redis type-checks without installing ioredis (its types are not imported by
 * this package's public declarations). Pass an ioredis `Redis` instance.
 *
 * @example
 * ```ts
 * import { Redis } from 'ioredis'
 * const client: RedisClientLike = new Redis(process.env.REDIS_URL!)
 * ```
 */
export interface RedisClientLike {
  readonly status: string
  get(key: string): Promise<string | null>
  quit(): Promise<unknown>
}

/**
 * Options of {@link RedisSessionStore} common to both ways of connecting.
 *
 * @example
 * ```ts
 * const common: RedisSessionStoreCommonOptions = { prefix: 'shop:session:' }
 * ```
 */
export interface RedisSessionStoreCommonOptions {
  /** Prepended to every key; `dinhdanh:session:` by default. Give each application its own. */
  prefix?: string
  /** The clock, epoch milliseconds, for `absoluteExpiresAt`; `Date.now` by default. */
  now?: () => number
}

// Index sets outlive their longest member by this much, so clock rounding never drops a live member.
const INDEX_MARGIN_MS = 5_000
const IOREDIS_MISSING =
  'RedisSessionStore: the ioredis package is missing; install it with `npm install ioredis`.'

// One round trip, atomic: the record, its index memberships, and index expiries that only grow. PTTL
// is -1 for a set without expiry (just created), so it gets one; no PEXPIRE GT, which needs Redis 7.
// KEYS: session, subject index[, provider-session index]. ARGV: json, ttl ms, id, index ttl ms.
const SET_SCRIPT = `
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
for i = 2, #KEYS do
  redis.call('SADD', KEYS[i], ARGV[3])
  if redis.call('PTTL', KEYS[i]) < tonumber(ARGV[4]) then redis.call('PEXPIRE', KEYS[i], ARGV[4]) end
end
return 1`

// Removes index members whose session key is gone, checking existence atomically so a session written
// again meanwhile (by any instance) keeps its membership. KEYS: index, session keys. ARGV: the ids.
const PRUNE_SCRIPT = `
local removed = 0
for i = 2, #KEYS do
  if redis.call('EXISTS', KEYS[i]) == 0 then removed = removed + redis.call('SREM', KEYS[1], ARGV[i - 1]) end
end
return removed`

const scripts = {
  set: { source: SET_SCRIPT, sha: sha1(SET_SCRIPT) },
  prune: { source: PRUNE_SCRIPT, sha: sha1(PRUNE_SCRIPT) },
}

type IndexField = 'subject' | 'providerSessionId'

/**
 * A {@link SessionStore} in Redis, shared by every instance: a back-channel logout or a consent
 * withdrawal received by one instance reaches sessions created by the others.
 *
 * Each session is a JSON string with `PX` = min(ttl, absoluteExpiresAt − now). Sets per subject and per
 * provider session index the ids, expiring after their longest member; members whose session is gone
 * are ignored and removed lazily. `deleteBySubject` / `deleteByProviderSession` delete in one
 * `MULTI`; a session created by another instance after the call started is not included.
 *
 * Uses only commands every Redis since 2.6 has (SET PX, SADD, SMEMBERS, MGET, MULTI, EVAL); tested
 * against Redis 7. `ioredis` is an optional peer dependency, imported only when the store creates its
 * own client from `url`, so importing this module never requires it. A client made from `url` fails fast
 * while Redis is down (one retry per command, connection errors not printed): each request gets the error,
 * for your error handler to answer 503. A `client` you pass keeps your own settings.
 *
 * @example
 * ```ts
 * const store = new RedisSessionStore({ url: process.env.REDIS_URL!, prefix: 'shop:session:' })
 * // pass `store` to the session options of the Express adapter
 * process.on('SIGTERM', () => store.close())
 * ```
 */
export class RedisSessionStore implements SessionStore {
  readonly #client: Promise<Redis>
  readonly #owned: boolean
  readonly #prefix: string
  readonly #now: () => number
  #closed: Promise<void> | undefined

  constructor(options: RedisSessionStoreOptions) {
    const prefix = options.prefix ?? 'dinhdanh:session:'
    if (typeof prefix !== 'string') throw new TypeError('RedisSessionStore: prefix must be a string.')
    this.#prefix = prefix
    this.#now = options.now ?? Date.now
    if (options.client !== undefined) {
      // Only an ioredis client is accepted (the public type is structural, see RedisClientLike).
      this.#client = Promise.resolve(options.client as unknown as Redis)
      this.#owned = false
    } else if (typeof options.url === 'string' && options.url.length > 0) {
      const url = options.url
      this.#client = import('ioredis').then(
        ({ Redis: RedisClient }) => {
          // Fail fast while Redis is down: a command is retried once (ioredis' default is 20 reconnection
          // rounds, about 10 s per request, which holds every request of a signed-in user that long), and
          // the error reaches the request (the app's error handler) instead of ioredis printing "Unhandled
          // error event" for every reconnection attempt.
          const client = new RedisClient(url, { maxRetriesPerRequest: 1 })
          client.on('error', () => {})
          return client
        },
        (cause: unknown) => {
          throw new Error(IOREDIS_MISSING, { cause })
        },
      )
      // The error surfaces on the first call; do not let it become an unhandled rejection meanwhile.
      this.#client.catch(() => {})
      this.#owned = true
    } else {
      throw new TypeError('RedisSessionStore: pass `client` (an ioredis instance) or `url`.')
    }
  }

  async get(id: string): Promise<SessionRecord | undefined> {
    assertKey('session id', id)
    const client = await this.#client
    const record = parseStoredRecord(await client.get(this.#sessionKey(id)))
    // Redis expires the key on its own clock; this guards against clock skew with the application.
    if (!record || record.absoluteExpiresAt * 1000 <= this.#now()) return undefined
    return record
  }

  async set(id: string, record: SessionRecord, options: SessionWriteOptions): Promise<void> {
    assertSessionWrite(id, record, options)
    const ms = lifetimeMs(record, options.ttlSec, this.#now())
    if (ms <= 0) {
      await this.delete(id)
      return
    }
    const json = JSON.stringify({
      subject: record.subject,
      ...(record.providerSessionId !== undefined && { providerSessionId: record.providerSessionId }),
      absoluteExpiresAt: record.absoluteExpiresAt,
      data: record.data,
    })
    const keys = [this.#sessionKey(id), this.#indexKey('subject', record.subject)]
    if (record.providerSessionId !== undefined)
      keys.push(this.#indexKey('providerSessionId', record.providerSessionId))
    await this.#run('set', keys, [json, String(ms), id, String(ms + INDEX_MARGIN_MS)])
  }

  async delete(id: string): Promise<void> {
    assertKey('session id', id)
    const client = await this.#client
    const key = this.#sessionKey(id)
    const record = parseStoredRecord(await client.get(key))
    const multi = client.multi().del(key)
    if (record) this.#unindex(multi, id, record)
    await exec(multi)
  }

  async idsBySubject(subject: string): Promise<string[]> {
    assertKey('subject', subject)
    return (await this.#members('subject', subject)).live.map(([id]) => id)
  }

  async idsByProviderSession(providerSessionId: string): Promise<string[]> {
    assertKey('providerSessionId', providerSessionId)
    return (await this.#members('providerSessionId', providerSessionId)).live.map(([id]) => id)
  }

  async deleteBySubject(subject: string): Promise<number> {
    assertKey('subject', subject)
    return this.#deleteBy('subject', subject)
  }

  async deleteByProviderSession(providerSessionId: string): Promise<number> {
    assertKey('providerSessionId', providerSessionId)
    return this.#deleteBy('providerSessionId', providerSessionId)
  }

  /** Quits the client if the store created it (from `url`); a client passed in is left open. */
  close(): Promise<void> {
    if (!this.#owned) return Promise.resolve()
    this.#closed ??= this.#client.then(
      async (client) => {
        if (client.status !== 'end') await client.quit()
      },
      () => {},
    )
    return this.#closed
  }

  async #deleteBy(field: IndexField, value: string): Promise<number> {
    const { live } = await this.#members(field, value)
    if (live.length === 0) return 0
    const client = await this.#client
    const multi = client.multi()
    const deletions: number[] = []
    let position = 0
    for (const [id, record] of live) {
      deletions.push(position)
      multi.del(this.#sessionKey(id))
      position += 1 + this.#unindex(multi, id, record)
    }
    const results = await exec(multi)
    // Only the DEL replies count: a session another instance deleted meanwhile is not counted twice.
    const deleted = deletions.filter((index) => results[index] === 1).length
    return deleted
  }

  /** The live members of an index, with their records; gone members are pruned on the way. */
  async #members(field: IndexField, value: string): Promise<{ live: [string, SessionRecord][] }> {
    const client = await this.#client
    const indexKey = this.#indexKey(field, value)
    const ids = await client.smembers(indexKey)
    if (ids.length === 0) return { live: [] }
    const raws = await client.mget(ids.map((id) => this.#sessionKey(id)))
    const now = this.#now()
    const live: [string, SessionRecord][] = []
    const gone: string[] = []
    for (const [index, id] of ids.entries()) {
      const raw = raws[index]
      const record = parseStoredRecord(raw)
      // A record now indexed under another value (its id was reused) is skipped, not pruned here.
      if (record && record[field] === value && record.absoluteExpiresAt * 1000 > now) live.push([id, record])
      else if (raw === null || raw === undefined) gone.push(id)
    }
    if (gone.length > 0) {
      await this.#run('prune', [indexKey, ...gone.map((id) => this.#sessionKey(id))], gone)
    }
    return { live }
  }

  /** Queues the SREMs removing the id from the record's indexes; returns how many commands it queued. */
  #unindex(multi: ChainableCommander, id: string, record: SessionRecord): number {
    multi.srem(this.#indexKey('subject', record.subject), id)
    if (record.providerSessionId === undefined) return 1
    multi.srem(this.#indexKey('providerSessionId', record.providerSessionId), id)
    return 2
  }

  async #run(name: keyof typeof scripts, keys: string[], args: string[]): Promise<unknown> {
    const client = await this.#client
    const script = scripts[name]
    try {
      return await client.evalsha(script.sha, keys.length, ...keys, ...args)
    } catch (error) {
      if (!(error instanceof Error && error.message.startsWith('NOSCRIPT'))) throw error
      return client.eval(script.source, keys.length, ...keys, ...args)
    }
  }

  #sessionKey(id: string): string {
    return `${this.#prefix}s:${id}`
  }

  #indexKey(field: IndexField, value: string): string {
    return `${this.#prefix}${field === 'subject' ? 'sub' : 'sid'}:${value}`
  }
}

async function exec(multi: ChainableCommander): Promise<unknown[]> {
  const results = await multi.exec()
  if (results === null) throw new Error('RedisSessionStore: the transaction was aborted.')
  return results.map(([error, result]) => {
    if (error) throw error
    return result
  })
}

function sha1(source: string): string {
  return createHash('sha1').update(source).digest('hex')
}

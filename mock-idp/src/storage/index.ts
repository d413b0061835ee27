import { createMemoryStorage } from './memory-storage.js'
import { createRedisStorage } from './redis-storage.js'
import { createSqliteStorage } from './sqlite-storage.js'
import type { Storage } from './storage.js'

export type { MemoryStorageOptions } from './memory-storage.js'
export { createMemoryStorage } from './memory-storage.js'
export type {
  OidcAdapter,
  OidcAdapterConstructor,
  OidcAdapterOptions,
  OidcAdapterPayload,
} from './oidc-adapter.js'
export { createOidcAdapterFactory } from './oidc-adapter.js'
export type { RedisStorageOptions } from './redis-storage.js'
export { createRedisStorage } from './redis-storage.js'
export type { SqliteStorageOptions } from './sqlite-storage.js'
export { createSqliteStorage } from './sqlite-storage.js'
export type {
  Storage,
  StorageClock,
  StorageEntry,
  StorageKind,
  StorageListOptions,
  StorageTtlOptions,
} from './storage.js'

/**
 * Which storage the mock provider keeps its state in: `memory` (lost on restart), `sqlite` (one file,
 * survives restarts) or `redis` (shared by several mock-idp processes).
 *
 * @example
 * ```ts
 * const config: StorageConfig = { kind: 'sqlite', file: '.mock-idp/state.sqlite' }
 * ```
 */
export type StorageConfig =
  | { kind: 'memory' }
  | { kind: 'sqlite'; file: string }
  | { kind: 'redis'; url: string; keyPrefix?: string }

/**
 * Creates the {@link Storage} a configuration names. Nothing is awaited: SQLite opens synchronously and
 * ioredis connects in the background (the first command waits for the connection, or rejects if Redis is
 * unreachable).
 *
 * @example
 * ```ts
 * import { createStorage } from './storage/index.js'
 *
 * const storage = createStorage(
 *   process.env.REDIS_URL ? { kind: 'redis', url: process.env.REDIS_URL } : { kind: 'memory' },
 * )
 * ```
 */
export function createStorage(config: StorageConfig): Storage {
  switch (config.kind) {
    case 'memory':
      return createMemoryStorage()
    case 'sqlite':
      return createSqliteStorage({ file: config.file })
    case 'redis':
      return createRedisStorage(
        config.keyPrefix === undefined
          ? { url: config.url }
          : { url: config.url, keyPrefix: config.keyPrefix },
      )
  }
}

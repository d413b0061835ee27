import type { Storage } from '../storage/storage.js'

/**
 * Attempt counters for passcodes and one-time codes (O11), per citizen and per transaction, kept in the
 * shared store so several processes count together.
 */
export class Throttle {
  readonly #storage: Storage

  constructor(storage: Storage) {
    this.#storage = storage
  }

  /** Counts one failure under each key; true when any key is now over its limit. */
  async fail(keys: readonly string[], limit: number, windowSec: number): Promise<boolean> {
    const counts = await Promise.all(
      keys.map((key) => this.#storage.increment('throttle', key, { ttlSec: windowSec })),
    )
    return counts.some((count) => count > limit)
  }

  /** True when any key has already reached its limit (checked before even looking at the secret). */
  async blocked(keys: readonly string[], limit: number): Promise<boolean> {
    const counts = await Promise.all(keys.map((key) => this.#storage.get<number>('throttle', key)))
    return counts.some((count) => (count ?? 0) >= limit)
  }
}

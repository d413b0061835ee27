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

  /**
   * Counts one attempt under each key BEFORE the secret is compared, so parallel guesses cannot all pass
   * a check that only reads the counters; false when any key is now over its own limit (refuse).
   */
  async attempt(
    limits: readonly (readonly [key: string, limit: number])[],
    windowSec: number,
  ): Promise<boolean> {
    const counts = await Promise.all(
      limits.map(([key]) => this.#storage.increment('throttle', key, { ttlSec: windowSec })),
    )
    return counts.every((count, i) => count <= (limits[i]?.[1] ?? 0))
  }

  /** A correct secret clears the counters (failures before it no longer count). */
  async forgive(keys: readonly string[]): Promise<void> {
    await Promise.all(keys.map((key) => this.#storage.delete('throttle', key)))
  }
}

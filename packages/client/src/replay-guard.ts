/**
 * Remembers identifiers (a token's `jti`) until they expire, so a captured logout token or security
 * event cannot be replayed. The default keeps them in memory; pass a shared implementation (Redis, a
 * database) when several instances of the relying party receive events.
 *
 * @example
 * ```ts
 * const guard: ReplayGuard = {
 *   async claim(id, ttlSec) {
 *     return (await redis.set(`eid:jti:${id}`, '1', 'EX', ttlSec, 'NX')) === 'OK'
 *   },
 * }
 * ```
 */
export interface ReplayGuard {
  /** Records `id` for `ttlSec` seconds; resolves `false` when it was already recorded. */
  claim(id: string, ttlSec: number): Promise<boolean>
}

/**
 * The default in-memory {@link ReplayGuard}: bounded, entries expire.
 *
 * @example
 * ```ts
 * const guard = new MemoryReplayGuard()
 * await guard.claim('jti-1', 300) // true
 * await guard.claim('jti-1', 300) // false
 * ```
 */
export class MemoryReplayGuard implements ReplayGuard {
  readonly #seen = new Map<string, number>()
  readonly #max: number
  readonly #now: () => number

  constructor(options: { max?: number; now?: () => number } = {}) {
    this.#max = options.max ?? 100_000
    this.#now = options.now ?? (() => Date.now() / 1000)
  }

  async claim(id: string, ttlSec: number): Promise<boolean> {
    const now = this.#now()
    const until = this.#seen.get(id)
    if (until !== undefined && until > now) return false
    if (this.#seen.size >= this.#max) {
      for (const [key, expires] of this.#seen) if (expires <= now) this.#seen.delete(key)
      while (this.#seen.size >= this.#max) {
        const oldest = this.#seen.keys().next().value
        if (oldest === undefined) break
        this.#seen.delete(oldest)
      }
    }
    this.#seen.set(id, now + ttlSec)
    return true
  }
}

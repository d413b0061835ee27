/**
 * Small in-memory counters for "share from the VNeID app": how many sharings were started per client IP
 * and per personal number in fixed windows, so an anonymous visitor cannot flood a citizen's
 * app with requests or the gateway with transactions. Keys are HMACs under a per-process key (no IP or
 * personal number in memory as such); the number of keys is capped (the oldest window goes first).
 */
import { createHmac, randomBytes } from 'node:crypto'

/** The limits of the share flow (src/share/sessions.ts); tests lower them. */
export interface ShareLimits {
  /** Sharings one browser may start (carried over each start's new session cookie). */
  perSession: number
  /** Sharings started from one client IP per {@link ShareLimits.windowMs}. */
  perIp: number
  /** Sharings started for one personal number per {@link ShareLimits.windowMs}. */
  perPersonalId: number
  /** The window of the two counters above. */
  windowMs: number
  /** Live share sessions one client IP may hold at once. */
  liveSessionsPerIp: number
  /** Live share sessions in all (each holds a transaction: none is evicted, a start waits for room). */
  maxSessions: number
  /** Keys each counter remembers at most (memory cap). */
  maxKeys: number
}

/** The defaults: enough for a family behind one router, far too few for a flood. */
export const DEFAULT_SHARE_LIMITS: ShareLimits = {
  perSession: 5,
  perIp: 10,
  perPersonalId: 3,
  windowMs: 15 * 60 * 1000,
  liveSessionsPerIp: 10,
  maxSessions: 10_000,
  maxKeys: 10_000,
}

/**
 * A fixed-window counter per key, at most `maxKeys` keys (the oldest window is forgotten first).
 *
 * @example
 * ```ts
 * const perIp = new WindowCounter({ limit: 10, windowMs: 900_000, maxKeys: 10_000 })
 * if (!perIp.take(req.ip)) return tooMany()
 * ```
 */
export class WindowCounter {
  readonly #windows = new Map<string, { count: number; resetAt: number }>()
  readonly #key = randomBytes(32)
  readonly #limit: number
  readonly #windowMs: number
  readonly #maxKeys: number
  readonly #now: () => number

  constructor(options: { limit: number; windowMs: number; maxKeys: number; now?: () => number }) {
    this.#limit = options.limit
    this.#windowMs = options.windowMs
    this.#maxKeys = Math.max(1, options.maxKeys)
    this.#now = options.now ?? Date.now
  }

  #id(key: string): string {
    return createHmac('sha256', this.#key).update(key).digest('base64url')
  }

  /** Whether `key` is still under its limit now (without counting). */
  allows(key: string): boolean {
    const window = this.#windows.get(this.#id(key))
    return !window || window.resetAt <= this.#now() || window.count < this.#limit
  }

  /** Counts one for `key`; `false` (nothing counted) when it is at its limit in this window. */
  take(key: string): boolean {
    const id = this.#id(key)
    const now = this.#now()
    const window = this.#windows.get(id)
    if (window && window.resetAt > now) {
      if (window.count >= this.#limit) return false
      window.count++
      return true
    }
    this.#windows.delete(id)
    // Expired windows go first; then, at the cap, the oldest (insertion order is start order).
    for (const [other, { resetAt }] of this.#windows) {
      if (this.#windows.size < this.#maxKeys && resetAt > now) break
      this.#windows.delete(other)
    }
    this.#windows.set(id, { count: 1, resetAt: now + this.#windowMs })
    return true
  }

  /** How many keys are remembered (tests). */
  get size(): number {
    return this.#windows.size
  }
}

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
 *   async release(id) {
 *     await redis.del(`eid:jti:${id}`)
 *   },
 * }
 * ```
 */
export interface ReplayGuard {
  /** Records `id` for `ttlSec` seconds; resolves `false` when it was already recorded. */
  claim(id: string, ttlSec: number): Promise<boolean>
  /**
   * Forgets a claimed `id`, so the same delivery is accepted again. Called only when applying the event
   * failed (its `apply` threw, see {@link ApplyEventOptions}), so the provider's retry is not refused as a
   * replay. Optional: a guard without it keeps the identifier, and that event is lost if applying failed.
   */
  release?(id: string): Promise<void>
}

/**
 * How a verified provider event (a logout token, a consent-withdrawal event, a share webhook) is applied
 * so that a failure does not lose it. Without `apply`, the event's identifier is remembered as soon as it
 * verifies: if ending the sessions then fails (the session store is down) and the provider delivers the
 * same token again, the second delivery is refused as a replay and the event is lost. With `apply`, the
 * identifier is claimed (so two concurrent deliveries cannot both run; a duplicate that arrives while the
 * first is applying in this process waits for it), `apply` runs, and when it throws the identifier is
 * released again (with a {@link ReplayGuard} that has `release`; the default one has)
 * and the error is rethrown: answer 5xx, and the provider's retry is accepted.
 *
 * @example
 * ```ts
 * const target = await eid.verifyLogoutToken(form.get('logout_token'), {
 *   apply: (target) => sessions.destroyWhere(target),
 * })
 * ```
 */
export interface ApplyEventOptions<T> {
  /** Applies the verified event; when it throws, the event may be delivered again. */
  apply?: (value: T) => unknown
}

/** Per guard, the identifiers whose event is being applied in this process, with when it settles. */
const applying = new WeakMap<ReplayGuard, Map<string, Promise<void>>>()

/**
 * Claims `id` and applies `value` with `options.apply` (see {@link ApplyEventOptions}), once: resolves
 * `value`, or `undefined` when `id` was already accepted (the caller refuses it as a replay). When `apply`
 * throws, `id` is released again (when the guard can; a failing release is ignored, the application's
 * error is the one to report) and the error is rethrown, so the provider's retry is accepted.
 *
 * A duplicate that arrives while an earlier delivery of the same `id` is still being applied in this
 * process (the provider timed out and retried while the session store was slow) waits for it instead of
 * being refused: if that application fails, the duplicate claims `id` and applies it; if it succeeds, the
 * duplicate is a replay. Refusing it at once would answer the provider's retry with a permanent 400
 * while the first delivery may still fail, and the event would be lost. A duplicate that reaches another
 * instance (a guard shared on Redis) cannot see this process's application and is refused as a replay.
 * A delivery without `apply` waits the same way before it claims. The wait lasts as long as the earlier
 * application: give the session store timeouts shorter than the provider's, so a hung store ends both in
 * an error (5xx) instead of holding them open. For the same reason `apply` must not verify the same event
 * again: it would wait for itself.
 *
 * @example
 * ```ts
 * const target = await applyOnce(guard, `logout:${jti}`, 600, { sub }, options)
 * if (target === undefined) throw replayed()
 * ```
 */
export async function applyOnce<T>(
  replay: ReplayGuard,
  id: string,
  ttlSec: number,
  value: T,
  options: ApplyEventOptions<T> | undefined,
): Promise<T | undefined> {
  let inFlight = applying.get(replay)
  if (inFlight === undefined) {
    inFlight = new Map()
    applying.set(replay, inFlight)
  }
  // Wait for an earlier delivery of `id` being handled in this process. Its entry is made before its claim
  // is even sent, so a duplicate never sees "claimed" without also seeing the entry (whatever the guard's
  // connections answer first).
  for (let earlier = inFlight.get(id); earlier !== undefined; earlier = inFlight.get(id)) await earlier
  const apply = options?.apply
  if (apply === undefined) return (await replay.claim(id, ttlSec)) ? value : undefined
  let settle: () => void = () => undefined
  const settled = new Promise<void>((resolve) => {
    settle = resolve
  })
  inFlight.set(id, settled)
  try {
    if (!(await replay.claim(id, ttlSec))) return undefined
    try {
      await apply(value)
    } catch (error) {
      try {
        await replay.release?.(id)
      } catch {
        // The application's error is the one to report; a guard that cannot release keeps the id.
      }
      throw error
    }
    return value
  } finally {
    inFlight.delete(id)
    settle()
  }
}

/**
 * The default in-memory {@link ReplayGuard}: bounded, entries expire.
 *
 * @example
 * ```ts
 * const guard = new MemoryReplayGuard()
 * await guard.claim('jti-1', 300) // true
 * await guard.claim('jti-1', 300) // false
 * await guard.release('jti-1')
 * await guard.claim('jti-1', 300) // true
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

  async release(id: string): Promise<void> {
    this.#seen.delete(id)
  }
}

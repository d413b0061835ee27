import type { Storage } from '../storage/storage.js'

/**
 * How hard a secret (passcode or one-time code) is to guess (O11), and why no stranger can lock a citizen
 * out (finding 6 of issue 12):
 * - `perAttempt`: tries per transaction or browser in a window (the screen, phone and portal forms).
 * - `freeFailures`: wrong secrets one source address may type for one citizen without waiting; from the
 *   last of them on, each failure makes that address wait before its next try, twice as long each time
 *   (1 s, 2 s, 4 s, … up to `maxDelaySec`).
 * - `perPair`: tries per (citizen, source address) in a window, counted before the secret is compared, so a
 *   burst of parallel guesses cannot all pass a check made before the first failure is recorded.
 * - `citizenBudget`: failures for one citizen from all addresses together in a window. Past it, a source
 *   address that has failed for this citizen waits from its first failure on (no free failures): it only
 *   slows guessing from many addresses, and never refuses an address that has not failed.
 */
export const SECRET_LIMITS = {
  perAttempt: 5,
  freeFailures: 5,
  perPair: 10,
  citizenBudget: 10,
  maxDelaySec: 900,
  windowSec: 900,
} as const

/** Which secret: the passcode (screen, phone, portal count together) or the SMS one-time code. */
export type SecretKind = 'pass' | 'otp'

/** One try at a secret: for whom, from where, and the transaction or browser it belongs to. */
export interface SecretAttempt {
  kind: SecretKind
  /** The citizen's 12-digit number (the key of the counters, never logged). */
  citizen: string
  /** The client's address (see `sourceAddress`). */
  source: string
  /** The transaction (`tx:<uid>`) or browser (`browser:phone:<id>`) the try belongs to. */
  attemptKey: string
}

/**
 * Whether a try may go ahead; when not, why and how long until it may (what the screens tell the citizen,
 * so it must be true):
 * - `retryAfterSec`: until this transaction or browser may try again.
 * - `reason`: `attempt` when this transaction or browser used its tries (a fresh sign-in is counted
 *   apart), `pair` when this citizen from this address must wait (or is over its tries for the window).
 * - `freshAfterSec`: until a fresh transaction or browser may try (0: at once).
 */
export type ThrottleDecision =
  | { allowed: true }
  | { allowed: false; retryAfterSec: number; reason: 'attempt' | 'pair'; freshAfterSec: number }

const NS = 'throttle'

/**
 * Attempt counters and progressive delays for passcodes and one-time codes, by transaction, by (citizen,
 * source address) and by citizen (see {@link SECRET_LIMITS}), kept in the shared store so several
 * processes count together.
 *
 * @example
 * ```ts
 * const attempt = { kind: 'pass', citizen: personalId, source: sourceAddress(req), attemptKey: `tx:${uid}` } as const
 * const decision = await throttle.check(attempt)
 * if (!decision.allowed) return tooManyAttempts(decision.retryAfterSec)
 * if (!sameSecret(typed, expected)) return throttle.failed(attempt)
 * await throttle.succeeded(attempt)
 * ```
 */
export class Throttle {
  readonly #storage: Storage
  readonly #now: () => number

  constructor(storage: Storage, now: () => number = () => Math.floor(Date.now() / 1000)) {
    this.#storage = storage
    this.#now = now
  }

  #keys(attempt: SecretAttempt) {
    const pair = `${attempt.citizen}:${attempt.source}`
    return {
      attempt: `${attempt.kind}:${attempt.attemptKey}`,
      attemptSince: `${attempt.kind}:since:${attempt.attemptKey}`,
      pairTries: `${attempt.kind}:pair:${pair}`,
      pairSince: `${attempt.kind}:pair-since:${pair}`,
      pairFailures: `${attempt.kind}:pair-failed:${pair}`,
      pairWait: `${attempt.kind}:pair-wait:${pair}`,
      citizen: `${attempt.kind}:citizen:${attempt.citizen}`,
    }
  }

  /**
   * Counts the try BEFORE the secret is compared and says whether it may go ahead: refused when its
   * transaction or browser is over `perAttempt`, its (citizen, source) pair over `perPair`, or the pair
   * is still waiting after its last failure.
   */
  async check(attempt: SecretAttempt): Promise<ThrottleDecision> {
    const keys = this.#keys(attempt)
    const ttlSec = SECRET_LIMITS.windowSec
    const now = this.#now()
    const [tries, pairTries, waitUntil] = await Promise.all([
      this.#storage.increment(NS, keys.attempt, { ttlSec }),
      this.#storage.increment(NS, keys.pairTries, { ttlSec }),
      this.#storage.get<number>(NS, keys.pairWait),
    ])
    // When each window began (its counter's first try), so a refusal can say when it ends.
    await Promise.all([
      tries === 1 && this.#storage.setIfAbsent(NS, keys.attemptSince, now, { ttlSec }),
      pairTries === 1 && this.#storage.setIfAbsent(NS, keys.pairSince, now, { ttlSec }),
    ])
    const windowLeft = async (key: string) => {
      const since = await this.#storage.get<number>(NS, key)
      return Math.max(1, (since ?? now) + ttlSec - now)
    }
    const pairWait = waitUntil !== undefined && waitUntil > now ? waitUntil - now : 0
    const pairOver = pairTries > SECRET_LIMITS.perPair
    const freshAfterSec = pairOver ? Math.max(pairWait, await windowLeft(keys.pairSince)) : pairWait
    if (tries > SECRET_LIMITS.perAttempt) {
      const retryAfterSec = Math.max(freshAfterSec, await windowLeft(keys.attemptSince))
      return { allowed: false, retryAfterSec, reason: 'attempt', freshAfterSec }
    }
    if (freshAfterSec > 0) {
      return { allowed: false, retryAfterSec: freshAfterSec, reason: 'pair', freshAfterSec }
    }
    return { allowed: true }
  }

  /** A wrong secret: counted for the pair and the citizen; past the free failures, the pair waits. */
  async failed(attempt: SecretAttempt): Promise<void> {
    const keys = this.#keys(attempt)
    const ttlSec = SECRET_LIMITS.windowSec
    const [failures, citizenFailures] = await Promise.all([
      this.#storage.increment(NS, keys.pairFailures, { ttlSec }),
      this.#storage.increment(NS, keys.citizen, { ttlSec }),
    ])
    const free = citizenFailures > SECRET_LIMITS.citizenBudget ? 0 : SECRET_LIMITS.freeFailures
    if (failures < free) return
    const delaySec = Math.min(2 ** (failures - free), SECRET_LIMITS.maxDelaySec)
    // The clock counts whole seconds: a failure at 12.9 s waiting "until 13" would wait 0.1 s. Waiting
    // until the start of the second after `now + delaySec` waits at least `delaySec`.
    const waitUntil = this.#now() + delaySec + 1
    await this.#storage.set(NS, keys.pairWait, waitUntil, { ttlSec: delaySec + 1 })
  }

  /**
   * The right secret: the transaction's and the pair's counters are cleared. The citizen's budget is
   * not: failures from other addresses still count against them.
   */
  async succeeded(attempt: SecretAttempt): Promise<void> {
    const keys = this.#keys(attempt)
    await Promise.all(
      [keys.attempt, keys.attemptSince, keys.pairTries, keys.pairSince, keys.pairFailures, keys.pairWait].map(
        (key) => this.#storage.delete(NS, key),
      ),
    )
  }
}

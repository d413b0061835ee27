/**
 * A clock in epoch seconds that moves only when told to: token factories and the msw kit read it, so a
 * test can mint a token, step past its lifetime and prove the relying party refuses it.
 *
 * @example
 * ```ts
 * const clock = createFakeClock()
 * const eid = await createClient(options, { now: clock.now })
 * clock.advance(301) // a logout token minted before is now too old
 * ```
 */
export interface FakeClock {
  /** The current time, in epoch seconds. */
  now(): number
  /** Moves the clock forward (or back, with a negative value) by `seconds`. */
  advance(seconds: number): void
  /** Sets the clock to `epochSeconds`. */
  set(epochSeconds: number): void
}

/**
 * Creates a {@link FakeClock} starting at `startEpochSec` (default: the real time now, so tokens it dates
 * also pass checks made against the real clock, such as openid-client's).
 *
 * @example
 * ```ts
 * const clock = createFakeClock(1_780_000_000)
 * clock.advance(60)
 * clock.now() // 1_780_000_060
 * ```
 */
export function createFakeClock(startEpochSec: number = Math.floor(Date.now() / 1000)): FakeClock {
  if (!Number.isFinite(startEpochSec)) throw new RangeError('expected a finite epoch-seconds start time')
  let current = Math.floor(startEpochSec)
  return {
    now: () => current,
    advance(seconds) {
      if (!Number.isFinite(seconds)) throw new RangeError('expected a finite number of seconds')
      current += Math.floor(seconds)
    },
    set(epochSeconds) {
      if (!Number.isFinite(epochSeconds)) throw new RangeError('expected finite epoch seconds')
      current = Math.floor(epochSeconds)
    },
  }
}

/**
 * The real clock, in epoch seconds, with the {@link FakeClock} interface (it cannot be moved).
 *
 * @example
 * ```ts
 * const clock = systemClock()
 * clock.now() // Math.floor(Date.now() / 1000)
 * ```
 */
export function systemClock(): FakeClock {
  const refuse = () => {
    throw new TypeError('the system clock cannot be moved; pass createFakeClock() to mockEid instead')
  }
  return { now: () => Math.floor(Date.now() / 1000), advance: refuse, set: refuse }
}

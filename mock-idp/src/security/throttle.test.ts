import { describe, expect, it } from 'vitest'
import { createMemoryStorage } from '../storage/index.js'
import { SECRET_LIMITS, type SecretAttempt, Throttle } from './throttle.js'

function throttleAt(startMs: number) {
  let nowMs = startMs
  const storage = createMemoryStorage({ clock: () => nowMs })
  const throttle = new Throttle(storage, () => Math.floor(nowMs / 1000))
  return {
    throttle,
    advance: (ms: number) => {
      nowMs += ms
    },
  }
}

const attempt = (n: number): SecretAttempt => ({
  kind: 'pass',
  citizen: '001090001234',
  source: '198.51.100.7',
  attemptKey: `tx:${n}`,
})

describe('Throttle', () => {
  it('after the free failures, waits at least a whole second even when the failure falls at the end of a second', async () => {
    // 12.999 s: a wait "until 13 s" would have been over a millisecond later.
    const { throttle, advance } = throttleAt(12_999)
    for (let i = 0; i < SECRET_LIMITS.freeFailures; i++) {
      expect(await throttle.check(attempt(i))).toEqual({ allowed: true })
      await throttle.failed(attempt(i))
    }
    advance(1)
    expect((await throttle.check(attempt(10))).allowed).toBe(false)
    advance(998)
    expect((await throttle.check(attempt(11))).allowed).toBe(false)
    advance(1_001)
    expect(await throttle.check(attempt(12))).toEqual({ allowed: true })
  })

  it('doubles the wait with each further failure', async () => {
    const { throttle, advance } = throttleAt(50_000)
    for (let i = 0; i < SECRET_LIMITS.freeFailures + 1; i++) {
      await throttle.check(attempt(i))
      await throttle.failed(attempt(i))
    }
    // The sixth failure waits at least 2 s.
    advance(1_999)
    expect((await throttle.check(attempt(20))).allowed).toBe(false)
    advance(1_001)
    expect(await throttle.check(attempt(21))).toEqual({ allowed: true })
  })

  it('clears the pair after the right secret', async () => {
    const { throttle } = throttleAt(80_000)
    for (let i = 0; i < SECRET_LIMITS.freeFailures; i++) {
      await throttle.check(attempt(i))
      await throttle.failed(attempt(i))
    }
    expect((await throttle.check(attempt(30))).allowed).toBe(false)
    await throttle.succeeded(attempt(30))
    expect(await throttle.check(attempt(31))).toEqual({ allowed: true })
  })

  it("says why it refuses and for how long: the transaction's window, and when a fresh one may try (#15)", async () => {
    const { throttle, advance } = throttleAt(100_000)
    const same: SecretAttempt = { ...attempt(0), citizen: '079195004321' }
    for (let i = 0; i < SECRET_LIMITS.perAttempt; i++) {
      expect(await throttle.check(same)).toEqual({ allowed: true })
      await throttle.failed(same)
      advance(3_000)
    }
    // Five failures: the pair waits 2 s after the last one; the transaction is closed for its window.
    advance(-3_000)
    const refused = await throttle.check(same)
    expect(refused).toEqual({
      allowed: false,
      reason: 'attempt',
      freshAfterSec: 2,
      retryAfterSec: SECRET_LIMITS.windowSec - 12,
    })
    // A fresh transaction is told the pair's wait, which is the truth: after it, it may try.
    const fresh = { ...same, attemptKey: 'tx:fresh' }
    expect(await throttle.check(fresh)).toEqual({
      allowed: false,
      reason: 'pair',
      freshAfterSec: 2,
      retryAfterSec: 2,
    })
    advance(2_000)
    expect(await throttle.check({ ...same, attemptKey: 'tx:fresher' })).toEqual({ allowed: true })
  })
})

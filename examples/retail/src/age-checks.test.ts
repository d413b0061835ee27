import type { SignInTransaction } from '@dinhdanh/client'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { PendingAgeChecks } from './age-checks.js'

const transaction = {} as SignInTransaction<readonly ['age_over_18']>

afterEach(() => {
  vi.useRealTimers()
})

describe('PendingAgeChecks', () => {
  it('gives each check out once', () => {
    const checks = new PendingAgeChecks()
    const id = checks.add({ transaction, productId: 'vang-do-da-lat' })
    expect(checks.take(id)?.productId).toBe('vang-do-da-lat')
    expect(checks.take(id)).toBeUndefined()
    expect(checks.take(undefined)).toBeUndefined()
  })

  it('forgets expired checks, and the oldest when full', () => {
    vi.useFakeTimers({ now: 1_000_000 })
    const checks = new PendingAgeChecks({ max: 2, ttlMs: 1000 })
    const first = checks.add({ transaction, productId: 'a' })
    vi.advanceTimersByTime(1001)
    expect(checks.take(first)).toBeUndefined()
    const old = checks.add({ transaction, productId: 'b' })
    checks.add({ transaction, productId: 'c' })
    checks.add({ transaction, productId: 'd' }) // full: "b" goes
    expect(checks.size).toBe(2)
    expect(checks.take(old)).toBeUndefined()
  })
})

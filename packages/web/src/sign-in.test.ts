import type { SignInTransaction } from '@dinhdanh/client'
import { describe, expect, it } from 'vitest'
import { REAUTHENTICATION_SKEW_SEC, signInRecordOf } from './sign-in.js'
import type { PendingSignIn } from './transactions.js'

const startedAt = Date.UTC(2026, 11, 4, 9, 0, 0, 500)
const startedSec = Math.floor(startedAt / 1000)
const pending = (reauthenticate: boolean): PendingSignIn => ({
  transaction: {} as SignInTransaction,
  returnTo: '/',
  startedAt,
  reauthenticate,
})

describe('signInRecordOf', () => {
  it('review finding: a re-authentication counts only when the provider says a login happened after the sign-in started', () => {
    expect(signInRecordOf(pending(true), startedSec + 3).reauthenticated).toBe(true)
    expect(signInRecordOf(pending(true), startedSec).reauthenticated).toBe(true)
    expect(signInRecordOf(pending(true), startedSec - REAUTHENTICATION_SKEW_SEC).reauthenticated).toBe(true)
    // The provider's single sign-on (or a phone approval) answering prompt=login with an older login:
    expect(signInRecordOf(pending(true), startedSec - REAUTHENTICATION_SKEW_SEC - 1).reauthenticated).toBe(
      false,
    )
    expect(signInRecordOf(pending(true), startedSec - 8 * 3600).reauthenticated).toBe(false)
    // No auth_time (the VNeID dialect), or no new login asked:
    expect(signInRecordOf(pending(true), undefined).reauthenticated).toBe(false)
    expect(signInRecordOf(pending(false), startedSec + 3).reauthenticated).toBe(false)
  })

  it('gives every sign-in a new random id, and a transaction without startedAt proves nothing recent', () => {
    const a = signInRecordOf(pending(true), startedSec)
    const b = signInRecordOf(pending(true), startedSec)
    expect(a.id).not.toBe(b.id)
    expect(a.id).toMatch(/^[\w-]{22}$/)
    const { startedAt: _, ...old } = pending(true)
    expect(signInRecordOf(old, startedSec)).toMatchObject({ startedAt: 0, reauthenticated: false })
  })
})

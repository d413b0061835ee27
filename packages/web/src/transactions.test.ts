import type { SignInTransaction } from '@dinhdanh/client'
import { describe, expect, it } from 'vitest'
import { collectCookies } from './cookie-sink.js'
import { fuzzOptions } from './testing/fuzz-cookies.js'
import { Transactions } from './transactions.js'

const STATE = 'state-0123456789abcdef-0123456789'

async function roundTrip(pending: object) {
  const transactions = new Transactions(fuzzOptions())
  const res = collectCookies()
  await transactions.store(res, pending as never)
  const cookie = (res.pending()[0] as string).split(';')[0] as string
  return transactions.take(cookie, res, STATE)
}

describe('Transactions.take', () => {
  it('fuzz finding: an authentic transaction cookie of another shape (a returnTo that is no string) is no attempt, not a pending sign-in', async () => {
    const transaction = { state: STATE } as unknown as SignInTransaction
    // The fuzzer's counterexample: returnTo null came back and would have reached res.redirect.
    await expect(roundTrip({ transaction, returnTo: null })).resolves.toBeUndefined()
    await expect(roundTrip({ transaction, returnTo: 7 })).resolves.toBeUndefined()
    await expect(roundTrip({ transaction, returnTo: '/account' })).resolves.toMatchObject({
      returnTo: '/account',
    })
  })
})

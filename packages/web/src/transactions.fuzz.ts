import type { SignInTransaction } from '@dinhdanh/client'
import {
  expectTypedOrValid,
  FUZZ_TEST_TIMEOUT_MS,
  hostileValue,
  mutateCompact,
  runFuzz,
  Tally,
} from '@dinhdanh/test/support/fuzz.js'
import fc from 'fast-check'
import { describe, it } from 'vitest'
import { collectCookies } from './cookie-sink.js'
import { cookieHeader, cookieRecipe, fuzzOptions } from './testing/fuzz-cookies.js'
import { type PendingSignIn, Transactions } from './transactions.js'

const STATE = 'state-0123456789abcdef-0123456789'

/** A response that keeps the Set-Cookie headers. */
function collecting() {
  const res = collectCookies()
  return {
    get headers() {
      return res.pending()
    },
    res,
  }
}

describe('fuzz: sign-in transaction cookies', () => {
  it(
    'Transactions.take: the pending sign-in or undefined, never a throw or a hang',
    async () => {
      const transactions = new Transactions(fuzzOptions())
      const transaction = { v: 1, state: STATE } as unknown as SignInTransaction
      const stored = collecting()
      await transactions.store(stored.res, { transaction, returnTo: '/account' })
      const [name, value] = ((stored.headers[0] as string).split(';')[0] as string).split('=') as [
        string,
        string,
      ]
      const tally = new Tally()
      await runFuzz(
        'transaction cookie (Transactions.take)',
        fc.asyncProperty(
          cookieRecipe,
          fc.oneof({ weight: 6, arbitrary: fc.constant(STATE) }, hostileValue),
          async (recipe, state) => {
            const sealed =
              recipe.source === 'valid'
                ? value
                : await (async () => {
                    const holder = collecting()
                    await transactions.store(holder.res, {
                      transaction: {
                        state: STATE,
                        ...(recipe.foreign as object),
                      } as unknown as SignInTransaction,
                      returnTo: recipe.foreign as string,
                    })
                    return (holder.headers[0] as string).split(';')[0]?.split('=')[1] as string
                  })()
            const header = cookieHeader(name, mutateCompact(sealed, recipe.mutations), recipe)
            const outcome = await expectTypedOrValid(
              () => transactions.take(header, collecting().res, state),
              {
                typed: () => false,
                valid: (pending: PendingSignIn | undefined) =>
                  pending === undefined ||
                  (typeof pending.transaction === 'object' && typeof pending.returnTo === 'string'),
              },
            )
            tally.add(
              outcome.ok && outcome.value === undefined ? { ok: false, error: { code: 'none' } } : outcome,
            )
          },
        ),
        tally,
      )
    },
    FUZZ_TEST_TIMEOUT_MS,
  )
})

import {
  compactMutation,
  expectTypedOrValid,
  FUZZ_TEST_TIMEOUT_MS,
  hostileString,
  hostileValue,
  mutateCompact,
  runFuzz,
  Tally,
} from '@dinhdanh/test/support/fuzz.js'
import fc from 'fast-check'
import { describe, it } from 'vitest'
import { parseCookies, readChunkedCookie } from './cookies.js'
import { type SealPurpose, seal, type UnsealFailure, unsealWithReason } from './seal.js'

const SECRET = 'fuzz-secret-0123456789abcdef-0123456789'
const OTHER = 'fuzz-secret-other-fedcba9876543210-98765'
const REASONS: readonly UnsealFailure[] = ['malformed', 'unknown_key', 'tampered', 'expired']

describe('fuzz: sealed values', () => {
  it(
    'unsealWithReason: a value or a failure reason, never a throw or a hang',
    async () => {
      const sealed = {
        session: await seal(
          { id: 'sid', record: { subject: 's' } },
          { secrets: [SECRET], purpose: 'session', ttlSec: 600 },
        ),
        transaction: await seal(
          { returnTo: '/' },
          { secrets: [SECRET], purpose: 'transaction', ttlSec: 600 },
        ),
        other: await seal({ id: 'x' }, { secrets: [OTHER], purpose: 'session', ttlSec: 600 }),
        expired: await seal(
          { id: 'x' },
          { secrets: [SECRET], purpose: 'session', ttlSec: 1, now: () => Date.now() - 10_000 },
        ),
      }
      const tally = new Tally()
      await runFuzz(
        'sealed value (unsealWithReason)',
        fc.asyncProperty(
          fc.oneof(
            {
              weight: 6,
              arbitrary: fc.tuple(
                fc.constantFrom(...Object.values(sealed)),
                fc.array(compactMutation, { maxLength: 3 }),
              ),
            },
            fc.tuple(hostileValue, fc.constant([])),
          ),
          fc.constantFrom<SealPurpose>('session', 'transaction'),
          async ([base, mutations], purpose) => {
            const token = typeof base === 'string' ? mutateCompact(base, mutations) : base
            const outcome = await expectTypedOrValid(
              () => unsealWithReason<object>(token as string, { secrets: [SECRET, OTHER], purpose }),
              {
                typed: () => false,
                valid: (result) =>
                  result.ok ? typeof result.value === 'object' : REASONS.includes(result.reason),
              },
            )
            tally.add(
              outcome.ok && !outcome.value.ok
                ? { ok: false, error: { code: 'refused', reason: outcome.value.reason } }
                : outcome,
            )
          },
        ),
        tally,
      )
    },
    FUZZ_TEST_TIMEOUT_MS,
  )

  it(
    'parseCookies and readChunkedCookie: a map and a value or undefined, never a throw or a hang',
    async () => {
      await runFuzz(
        'cookie header (parseCookies, readChunkedCookie)',
        fc.asyncProperty(
          fc.oneof(
            hostileString,
            fc
              .tuple(
                fc.array(
                  fc.tuple(
                    fc.oneof(
                      fc.constantFrom('eid_session', 'eid_session.0', 'eid_session.1', 'eid_session.10'),
                      hostileString,
                    ),
                    hostileString,
                  ),
                  { maxLength: 12 },
                ),
                fc.constantFrom('; ', ';', ' ;', ','),
              )
              .map(([pairs, separator]) => pairs.map(([n, v]) => `${n}=${v}`).join(separator)),
            hostileValue,
          ),
          async (header) => {
            await expectTypedOrValid(
              () => {
                const cookies = parseCookies(header as string)
                return { cookies, value: readChunkedCookie(cookies, 'eid_session') }
              },
              {
                typed: () => false,
                valid: ({ cookies, value }) =>
                  cookies.size <= 100 && (value === undefined || typeof value === 'string'),
              },
            )
          },
        ),
      )
    },
    FUZZ_TEST_TIMEOUT_MS,
  )
})

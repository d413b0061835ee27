import {
  expectTypedOrValid,
  FUZZ_TEST_TIMEOUT_MS,
  mutateCompact,
  runFuzz,
  Tally,
} from '@dinhdanh/test/support/fuzz.js'
import fc from 'fast-check'
import { describe, it } from 'vitest'
import { seal } from './session/seal.js'
import { type LoadedSession, Sessions } from './sessions.js'
import { cookieHeader, cookieRecipe, fuzzOptions, SECRET } from './testing/fuzz-cookies.js'

const nowSec = () => Math.floor(Date.now() / 1000)

/** What a session cookie holds in cookie mode; `padding` makes it long enough to be chunked. */
const validPayload = (padding: number) => ({
  id: 'session-id-0123456789',
  record: {
    subject: 'sub-0001',
    providerSessionId: 'sid-0001',
    absoluteExpiresAt: nowSec() + 3600,
    data: {
      level: 2,
      attributes: { note: 'x'.repeat(padding) },
      granted: ['identity'],
      tokens: { accessToken: 'at', tokenType: 'Bearer', expiresAt: nowSec() + 300, subject: 'sub-0001' },
      createdAt: nowSec() - 10,
    },
  },
})

/** A path in the payload and a value for it: an authentic cookie of another shape (an older release). */
const PATHS = [
  'id',
  'record',
  'record.subject',
  'record.providerSessionId',
  'record.absoluteExpiresAt',
  'record.data',
  'record.data.createdAt',
  'record.data.granted',
  'record.data.attributes',
  'record.data.citizen',
]

function reshape(payload: Record<string, unknown>, path: string, value: unknown, remove: boolean): unknown {
  const names = path.split('.')
  const last = names.pop() as string
  let target: Record<string, unknown> = payload
  for (const name of names) target = target[name] as Record<string, unknown>
  if (remove) delete target[last]
  else target[last] = value
  return payload
}

const isSession = (session: LoadedSession | undefined) =>
  session === undefined ||
  (typeof session.id === 'string' &&
    typeof session.record.subject === 'string' &&
    typeof session.record.data === 'object' &&
    session.record.data !== null)

describe('fuzz: session cookies', () => {
  it(
    'Sessions.load: a session or undefined, never a throw or a hang',
    async () => {
      const options = fuzzOptions()
      const sessions = new Sessions(options)
      // Back-channel logout and consent withdrawal state that load() consults in cookie mode.
      await sessions.end({ sub: 'sub-ended' })
      await sessions.withdraw('sub-0001', ['health_insurance'])
      const tally = new Tally()
      await runFuzz(
        'session cookie (Sessions.load)',
        fc.asyncProperty(
          cookieRecipe,
          fc.constantFrom(0, 0, 5_000, 30_000),
          fc.tuple(
            fc.constantFrom(...PATHS),
            fc.boolean(),
            fc.oneof(fc.constantFrom('sub-ended', nowSec() + 99), fc.anything({ maxDepth: 1 })),
            fc.nat(3),
          ),
          async (recipe, padding, [path, remove, value, whole]) => {
            const payload =
              recipe.source === 'valid'
                ? validPayload(padding)
                : whole === 0
                  ? recipe.foreign
                  : reshape(validPayload(padding), path, value, remove)
            const sealed = await seal(
              typeof payload === 'object' && payload !== null ? payload : { id: payload },
              { secrets: [SECRET], purpose: 'session', ttlSec: 600 },
            )
            const header = cookieHeader(
              options.session.cookieName,
              mutateCompact(sealed, recipe.mutations),
              recipe,
            )
            const outcome = await expectTypedOrValid(() => sessions.load(header), {
              typed: () => false,
              valid: isSession,
            })
            tally.add(
              outcome.ok && outcome.value === undefined
                ? { ok: false, error: { code: 'signed-out' } }
                : outcome,
            )
          },
        ),
        tally,
      )
    },
    FUZZ_TEST_TIMEOUT_MS,
  )
})

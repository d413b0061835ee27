import { randomUUID } from 'node:crypto'
import {
  expectNoEcho,
  expectTypedOrValid,
  FUZZ_TEST_TIMEOUT_MS,
  runFuzz,
  Tally,
} from '@dinhdanh/test/support/fuzz.js'
import fc from 'fast-check'
import { describe, it } from 'vitest'
import { createRawSigner, jwtRecipe, timeClaim } from '../test-support/fuzz-jwt.js'
import { CLIENT_ID, ISSUER, useMockEid } from '../test-support/use-mock-eid.js'
import type { LogoutTarget } from './logout.js'

const LOGOUT_EVENT = 'http://schemas.openid.net/event/backchannel-logout'
const nowSec = () => Math.floor(Date.now() / 1000)

const validClaims = () => ({
  iss: ISSUER,
  aud: CLIENT_ID,
  iat: nowSec(),
  jti: randomUUID(),
  sub: 'citizen-sub-7731',
  sid: 'sid-0001',
  events: { [LOGOUT_EVENT]: {} },
})

const recipes = jwtRecipe({
  iss: fc.constantFrom(ISSUER, `${ISSUER}/`, 'https://evil.test', ISSUER.toUpperCase()),
  aud: fc.constantFrom(CLIENT_ID, [CLIENT_ID], [CLIENT_ID, 'other'], 'other', []),
  iat: timeClaim(nowSec),
  exp: timeClaim(nowSec),
  nbf: timeClaim(nowSec),
  jti: fc.oneof(fc.uuid(), fc.constantFrom('', 'x'.repeat(257), 'replayed-jti')),
  sub: fc.constantFrom('citizen-sub-7731', '', 'other'),
  sid: fc.constantFrom('sid-0001', '', 'sid-0002'),
  nonce: fc.constantFrom('n-1', ''),
  events: fc.oneof(
    fc.constantFrom(
      { [LOGOUT_EVENT]: {} },
      { [LOGOUT_EVENT]: [] },
      { [LOGOUT_EVENT]: null },
      { [LOGOUT_EVENT]: 'yes' },
      { [`${LOGOUT_EVENT}/`]: {} },
      [LOGOUT_EVENT],
      JSON.parse(`{"__proto__": {"${LOGOUT_EVENT}": {}}}`),
    ),
    fc.dictionary(
      fc.constantFrom(LOGOUT_EVENT, '__proto__', 'constructor', 'x'),
      fc.jsonValue({ maxDepth: 2 }),
      {
        maxKeys: 3,
      },
    ),
  ),
})

const isTarget = (target: LogoutTarget) =>
  (typeof target.sub === 'string' && target.sub.length > 0) ||
  (typeof target.sid === 'string' && target.sid.length > 0)

describe('fuzz: back-channel logout tokens', () => {
  const fake = useMockEid()

  it(
    'verifyLogoutToken: a typed EidError or a logout target, never an untyped throw or a hang',
    async () => {
      const eid = await fake.client()
      const signer = await createRawSigner(fake.eid())
      const tally = new Tally()
      await runFuzz(
        'logout token (verifyLogoutToken)',
        fc.asyncProperty(recipes, async (recipe) => {
          const jwt = await signer.build(recipe, { claims: validClaims(), typ: 'logout+jwt' })
          const outcome = await expectTypedOrValid(() => eid.verifyLogoutToken(jwt), { valid: isTarget })
          expectNoEcho(outcome, jwt)
          tally.add(outcome)
        }),
        tally,
      )
    },
    FUZZ_TEST_TIMEOUT_MS,
  )
})

import { createHash, randomUUID } from 'node:crypto'
import {
  claimValue,
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
import { CONSENT_WITHDRAWN_EVENT, type ConsentReceipt, type ConsentWithdrawnEvent } from './consents.js'
import { ATTRIBUTE_NAMES } from './schemas/index.js'

const nowSec = () => Math.floor(Date.now() / 1000)
const textSha256 = (text: string) => createHash('sha256').update(text).digest('base64url')

const attributes = fc.oneof(
  fc.subarray([...ATTRIBUTE_NAMES]),
  fc.constantFrom(['passport'], 'health_insurance', [null], [...ATTRIBUTE_NAMES, ...ATTRIBUTE_NAMES], {}),
)

/** One field of an object replaced (or removed) by an interesting value: reaches each schema check alone. */
function withOneChange(base: () => Record<string, unknown>, fields: Record<string, fc.Arbitrary<unknown>>) {
  const names = Object.keys(fields)
  return fc.oneof(
    { weight: 2, arbitrary: fc.constant(null).map(() => base()) },
    fc
      .tuple(fc.constantFrom(...names, '__proto__', 'extra'), fc.boolean(), claimValue)
      .chain(([name, remove, fallback]) =>
        (Object.hasOwn(fields, name) ? (fields[name] as fc.Arbitrary<unknown>) : fc.constant(fallback)).map(
          (value) => {
            const object = base()
            if (remove) delete object[name]
            else object[name] = value
            return object
          },
        ),
      ),
  )
}

const withdrawal = () => ({
  consent_id: 'cst_1',
  attributes: ['health_insurance'],
  purpose: 'Khám bệnh có BHYT',
  withdrawn_at: nowSec() - 5,
})

const withdrawalVariants = withOneChange(withdrawal, {
  consent_id: fc.constantFrom('', 'cst_2', 7),
  subject: fc.constantFrom('', 'sub-9', null),
  attributes,
  purpose: fc.oneof(fc.constantFrom('', 'x'.repeat(301), null), fc.string()),
  withdrawn_at: fc.oneof(timeClaim(nowSec), fc.double()),
})

const eventRecipes = jwtRecipe({
  iss: fc.constantFrom(ISSUER, 'https://evil.test'),
  aud: fc.constantFrom(CLIENT_ID, [CLIENT_ID], [CLIENT_ID, 'other'], 'other'),
  iat: timeClaim(nowSec),
  exp: timeClaim(nowSec),
  jti: fc.oneof(fc.uuid(), fc.constantFrom('', 'x'.repeat(257), 'replayed-jti')),
  sub: fc.constantFrom('citizen-sub-4412', '', 42),
  events: fc.oneof(
    { weight: 3, arbitrary: withdrawalVariants.map((event) => ({ [CONSENT_WITHDRAWN_EVENT]: event })) },
    withdrawalVariants.map((event) => ({ [CONSENT_WITHDRAWN_EVENT]: event, 'urn:other': {} })),
    withdrawalVariants.map((event) =>
      JSON.parse(`{"__proto__": ${JSON.stringify({ [CONSENT_WITHDRAWN_EVENT]: event })}}`),
    ),
    fc.constantFrom({}, [], null, 'consent-withdrawn', { 'urn:dinhdanh:secevent:consent-granted': {} }),
  ),
})

const receipt = () => ({
  iss: ISSUER,
  aud: CLIENT_ID,
  sub: 'sub-0001',
  consent_id: 'cst_9',
  client_id: CLIENT_ID,
  purpose: 'Mở tài khoản',
  attributes: ['identity', 'phone'],
  method: 'app',
  text_sha256: textSha256('Tôi đồng ý'),
  iat: nowSec() - 3600,
})

const receiptRecipes = jwtRecipe({
  iss: fc.constantFrom(ISSUER, 'https://evil.test'),
  aud: fc.constantFrom(CLIENT_ID, [CLIENT_ID], [CLIENT_ID, 'other'], 'other'),
  iat: timeClaim(nowSec),
  exp: timeClaim(nowSec),
  sub: fc.constantFrom('', 'sub-0002'),
  consent_id: fc.constantFrom('', 'cst_10'),
  client_id: fc.constantFrom('', 'other-bank', CLIENT_ID.toUpperCase()),
  purpose: fc.oneof(fc.constantFrom('', 'x'.repeat(301)), fc.string()),
  attributes,
  method: fc.oneof(fc.constantFrom('web', 'x'.repeat(65)), fc.string()),
  text_sha256: fc.oneof(
    fc.constantFrom('abc', `${textSha256('x')}=`, textSha256('x').replace('A', '+')),
    fc.string(),
  ),
})

const isEvent = (event: ConsentWithdrawnEvent) =>
  event.type === CONSENT_WITHDRAWN_EVENT &&
  typeof event.subject === 'string' &&
  event.subject.length > 0 &&
  typeof event.consentId === 'string' &&
  Array.isArray(event.attributes) &&
  Number.isInteger(event.withdrawnAt)

const isReceipt = (r: ConsentReceipt) =>
  r.clientId === CLIENT_ID &&
  typeof r.consentId === 'string' &&
  typeof r.subject === 'string' &&
  /^[\w-]{43}$/.test(r.textSha256) &&
  Number.isInteger(r.grantedAt)

describe('fuzz: consent events and receipts', () => {
  const fake = useMockEid()

  it(
    'verifySecurityEvent: a typed EidError or a consent-withdrawal event, never an untyped throw or a hang',
    async () => {
      const eid = await fake.client()
      const signer = await createRawSigner(fake.eid())
      const tally = new Tally()
      await runFuzz(
        'security event (verifySecurityEvent)',
        fc.asyncProperty(eventRecipes, async (recipe) => {
          const claims = {
            iss: ISSUER,
            aud: CLIENT_ID,
            iat: nowSec(),
            jti: randomUUID(),
            sub: 'citizen-sub-4412',
            events: { [CONSENT_WITHDRAWN_EVENT]: withdrawal() },
          }
          const jwt = await signer.build(recipe, { claims, typ: 'secevent+jwt' })
          const outcome = await expectTypedOrValid(() => eid.verifySecurityEvent(jwt), { valid: isEvent })
          expectNoEcho(outcome, jwt)
          tally.add(outcome)
        }),
        tally,
      )
    },
    FUZZ_TEST_TIMEOUT_MS,
  )

  it(
    'verifyConsentReceipt: a typed EidError or a consent receipt, never an untyped throw or a hang',
    async () => {
      const eid = await fake.client()
      const signer = await createRawSigner(fake.eid())
      const tally = new Tally()
      await runFuzz(
        'consent receipt (verifyConsentReceipt)',
        fc.asyncProperty(receiptRecipes, async (recipe) => {
          const jwt = await signer.build(recipe, { claims: receipt(), typ: 'consent-receipt+jwt' })
          const outcome = await expectTypedOrValid(() => eid.verifyConsentReceipt(jwt), { valid: isReceipt })
          expectNoEcho(outcome, jwt)
          tally.add(outcome)
        }),
        tally,
      )
    },
    FUZZ_TEST_TIMEOUT_MS,
  )
})

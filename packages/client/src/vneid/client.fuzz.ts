import { sealVneidEnvelope } from '@dinhdanh/client/vneid'
import {
  claimValue,
  deepJson,
  expectNoEcho,
  expectTypedOrValid,
  FUZZ_TEST_TIMEOUT_MS,
  hostileString,
  runFuzz,
  Tally,
} from '@dinhdanh/test/support/fuzz.js'
import fc from 'fast-check'
import { setupServer } from 'msw/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  base64Edits,
  buildCallbackUrl,
  buildEncryptedPair,
  buildEnvelope,
  type ClaimEdit,
  claimEdits,
  editBase64,
  editClaims,
  encryptedPairRecipe,
  envelopeRecipe,
  queryEdits,
} from '../../test-support/fuzz-vneid.js'
import {
  mockVneidFor,
  NEEDS_NODE_22,
  pkcs1Supported,
  RP_KEYS,
  RP_PRIVATE_PEM,
  VNEID_CITIZEN,
  VNEID_ISSUER,
  VNEID_REDIRECT_URI,
  VNEID_USERINFO,
  vneidOptions,
} from '../../test-support/mock-vneid.js'
import type { SignInResult } from '../complete-sign-in.js'
import { createClient } from '../index.js'
import type { SignInTransaction } from '../transaction.js'
import { checkVneidCallback, readRawQuery } from './callback.js'

// completeSignIn of a VNeID client end to end, in-process: the msw kit's mockVneid approves a real
// authorization, the callback URL it returns is mutated (rarely, so most runs get past it), and the
// token and userinfo responses are real or mutated (fields replaced, other statuses and content types,
// raw text, and when encrypted: envelopes mutated like in envelope.fuzz.ts). Plain on every Node;
// encrypted (and the one-error property of the callback's decryption) on Node.js 22+.

const server = setupServer()
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterAll(() => server.close())

type Fields = Record<string, unknown>

type BodyRecipe =
  | { kind: 'real' }
  | { kind: 'fields'; edits: ClaimEdit[] }
  | { kind: 'raw'; status: number; type: string; text: string }
  | {
      kind: 'envelope'
      edits: ClaimEdit[]
      envelope: typeof envelopeRecipe extends fc.Arbitrary<infer T> ? T : never
    }

const TOKEN_FIELDS = [
  'access_token',
  'token_type',
  'expires_in',
  'scope',
  'error',
  'error_description',
  'id_token',
]

const tokenEdit: fc.Arbitrary<ClaimEdit> = fc.record({
  name: fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...TOKEN_FIELDS) }, fc.string({ maxLength: 6 })),
  value: fc.oneof(
    fc.constantFrom<unknown>(
      'Bearer',
      'bearer',
      'DPoP',
      'mac',
      '',
      300,
      '300',
      '3e2',
      -1,
      0,
      1e21,
      2 ** 53,
      '999999999',
      'invalid_grant',
    ),
    claimValue,
  ),
  remove: fc.nat(4).map((n) => n === 0),
})

const rawBody = fc.record({
  kind: fc.constant('raw' as const),
  status: fc.constantFrom(200, 200, 201, 299, 400, 401, 403, 500, 503),
  type: fc.constantFrom(
    'application/json',
    'application/json; charset=utf-8',
    'application/problem+json',
    'APPLICATION/JSON',
    'text/html',
    'application/jwt',
    '',
  ),
  text: fc.oneof(
    hostileString,
    deepJson,
    fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify(value) ?? 'null'),
    fc.constantFrom(
      '<html>blocked</html>',
      '{"error":"invalid_grant"}',
      '{"error":{"code":1}}',
      '{"data":"AAAA","key":"BBBB"}',
      '{"data":1,"key":[]}',
      '{"access_token":"at","access_token":"bt"}',
      '',
    ),
  ),
})

const bodyRecipe = (edits: fc.Arbitrary<ClaimEdit[]>, encrypted: boolean): fc.Arbitrary<BodyRecipe> =>
  fc.oneof(
    { weight: 5, arbitrary: fc.constant({ kind: 'real' as const }) },
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('fields' as const), edits }) },
    rawBody,
    ...(encrypted
      ? [
          {
            weight: 3,
            arbitrary: fc.record({ kind: fc.constant('envelope' as const), edits, envelope: envelopeRecipe }),
          },
        ]
      : []),
  )

const editFields = (base: Fields, edits: readonly ClaimEdit[]) =>
  editClaims(edits, base as typeof VNEID_USERINFO)

/** The response of a body recipe; `real` is what a well-behaved provider sends (sealed when `seal`). */
function respond(recipe: BodyRecipe, real: Fields, seal: boolean): Response {
  const json = (value: unknown) => Response.json(value)
  switch (recipe.kind) {
    case 'real':
      return json(seal ? sealVneidEnvelope(RP_KEYS.publicKey, real) : real)
    case 'fields': {
      const fields = editFields(real, recipe.edits)
      return json(seal ? sealVneidEnvelope(RP_KEYS.publicKey, fields) : fields)
    }
    case 'raw':
      return new Response(recipe.text, { status: recipe.status, headers: { 'content-type': recipe.type } })
    case 'envelope':
      return json(buildEnvelope(recipe.envelope, editFields(real, recipe.edits)))
  }
}

const callbackEdit = fc.oneof(
  { weight: 6, arbitrary: fc.constant(undefined) },
  fc.record({ code: base64Edits, query: queryEdits }),
)

const isResult = (result: SignInResult<readonly []>) =>
  /^\d{12}$/.test(result.subject) &&
  result.citizen?.personalId === result.subject &&
  (result.level === 1 || result.level === 2) &&
  typeof result.tokens.accessToken === 'string' &&
  result.tokens.accessToken.length > 0

async function fuzzCompleteSignIn(encrypted: boolean) {
  const vneid = mockVneidFor(encrypted ? { publicKey: RP_KEYS.publicKey } : {})
  server.resetHandlers(...vneid.handlers)
  const eid = await createClient(vneidOptions(encrypted ? { envelopeKey: RP_PRIVATE_PEM } : {}))
  const tally = new Tally()
  await runFuzz(
    `VNeID completeSignIn, ${encrypted ? 'encrypted' : 'plain'} (callback, token and userinfo responses)`,
    fc.asyncProperty(
      callbackEdit,
      encrypted
        ? fc.oneof({ weight: 3, arbitrary: fc.constant(undefined) }, encryptedPairRecipe)
        : fc.constant(undefined),
      bodyRecipe(fc.array(tokenEdit, { minLength: 1, maxLength: 3 }), encrypted),
      bodyRecipe(claimEdits, encrypted),
      fc.constantFrom(1 as const, 2 as const),
      fc.boolean(),
      async (edit, pair, token, userinfo, level, asString) => {
        // A replacement not used by the last run (its callback was refused) must not answer this one; the
        // recorded requests are not needed, and a fuzz run would keep thousands.
        vneid.reset()
        vneid.signInAs(VNEID_CITIZEN)
        const { url, transaction } = await eid.signIn({ level })
        let callback = await vneid.authorize(url)
        const params = readRawQuery(callback)
        const code = params.get('code')?.[0] ?? ''
        const state = params.get('state')?.[0] ?? ''
        const encryptKey = params.get('encrypt_key')?.[0]
        if (edit || pair) {
          let values: [string, string][] = [
            ['code', code],
            ['state', state],
          ]
          if (encryptKey !== undefined) {
            const mutated = pair
              ? buildEncryptedPair(pair, { code, encryptKey }, 'unknown-code')
              : { code, encryptKey }
            values = [
              ['code', mutated.code],
              ['state', state],
              ['encrypt_key', mutated.encryptKey],
            ]
          }
          if (edit) values[0] = ['code', editBase64(values[0]?.[1] ?? '', edit.code)]
          callback = buildCallbackUrl(VNEID_REDIRECT_URI, values, edit?.query ?? [])
        }
        if (token.kind !== 'real') {
          const real = { access_token: 'at-fuzz-0123456789', token_type: 'Bearer', expires_in: 300 }
          vneid.tamper.nextResponse('token', () => respond(token, real, encrypted))
        }
        vneid.tamper.nextResponse('userinfo', () => respond(userinfo, VNEID_USERINFO, encrypted))
        const outcome = await expectTypedOrValid(
          () =>
            eid.completeSignIn<readonly []>(callback, asString ? JSON.stringify(transaction) : transaction),
          { valid: isResult },
        )
        expectNoEcho(outcome, `${state}.${code}.${encryptKey ?? ''}`)
        tally.add(outcome)
      },
    ),
    tally,
  )
}

describe('fuzz: VNeID completeSignIn', () => {
  it(
    'plain: a typed EidError or a sign-in result, never an untyped throw or a hang',
    () => fuzzCompleteSignIn(false),
    FUZZ_TEST_TIMEOUT_MS,
  )

  it.skipIf(!pkcs1Supported)(
    `encrypted: a typed EidError or a sign-in result, never an untyped throw or a hang ${NEEDS_NODE_22}`,
    () => fuzzCompleteSignIn(true),
    FUZZ_TEST_TIMEOUT_MS,
  )

  it.skipIf(!pkcs1Supported)(
    `encrypted callback: every decryption failure is the same error with the same message, no cause ${NEEDS_NODE_22}`,
    async () => {
      const vneid = mockVneidFor({ publicKey: RP_KEYS.publicKey })
      server.resetHandlers(...vneid.handlers)
      const eid = await createClient(vneidOptions({ envelopeKey: RP_PRIVATE_PEM }))
      const signatures = new Map<string, number>()
      const tally = new Tally()
      await runFuzz(
        'VNeID encrypted callback, one error for every decryption failure (completeSignIn)',
        fc.asyncProperty(encryptedPairRecipe, async (pair) => {
          vneid.reset() // the recorded requests of earlier runs are not needed
          vneid.signInAs(VNEID_CITIZEN)
          const { url, transaction } = await eid.signIn({ level: 2 })
          const params = readRawQuery(await vneid.authorize(url))
          const state = params.get('state')?.[0] ?? ''
          const valid = {
            code: params.get('code')?.[0] ?? '',
            encryptKey: params.get('encrypt_key')?.[0] ?? '',
          }
          const mutated = buildEncryptedPair(pair, valid, 'unknown-code')
          const callback = buildCallbackUrl(
            VNEID_REDIRECT_URI,
            [
              ['code', mutated.code],
              ['state', state],
              ['encrypt_key', mutated.encryptKey],
            ],
            [],
          )
          // Only callbacks whose shape passes reach decryption; the others are refused before, for their shape.
          let reachesDecryption = true
          try {
            const checked = checkVneidCallback(callback, {
              redirectUri: VNEID_REDIRECT_URI,
              state: (transaction as SignInTransaction).state,
              issuer: VNEID_ISSUER,
              level: 2,
              encryptionRequired: false,
            })
            reachesDecryption = checked.encryptKey !== undefined
          } catch {
            reachesDecryption = false
          }
          const sent = vneid.requests('token').length
          const outcome = await expectTypedOrValid(
            () => eid.completeSignIn<readonly []>(callback, transaction),
            {
              valid: isResult,
            },
          )
          tally.add(outcome)
          if (!reachesDecryption || outcome.ok || vneid.requests('token').length > sent) return
          const { code, reason, message, cause } = outcome.error as {
            code?: string
            reason?: string
            message?: string
            cause?: unknown
          }
          const signature = JSON.stringify({ code, reason, message, cause: cause !== undefined })
          signatures.set(signature, (signatures.get(signature) ?? 0) + 1)
          expect(signatures.size).toBe(1)
        }),
        tally,
      )
      expect([...signatures.keys()].map((s) => JSON.parse(s))).toEqual([
        {
          code: 'ERR_EID_CALLBACK_INVALID',
          reason: 'encrypted_code_invalid',
          message: expect.any(String),
          cause: false,
        },
      ])
    },
    FUZZ_TEST_TIMEOUT_MS,
  )
})

import { randomBytes } from 'node:crypto'
import {
  claimValue,
  expectNoEcho,
  expectTypedOrValid,
  FUZZ_TEST_TIMEOUT_MS,
  hostileString,
  hostileValue,
  runFuzz,
  Tally,
} from '@dinhdanh/test/support/fuzz.js'
import fc from 'fast-check'
import { describe, it } from 'vitest'
import { ISSUER, REDIRECT_URI, useMockEid } from '../test-support/use-mock-eid.js'
import { checkCallback, MAX_CALLBACK_URL_LENGTH } from './callback.js'
import type { SignInTransaction } from './transaction.js'

// ---------------------------------------------------------------------------------------------------
// Callback URLs: a valid one (code, state, iss) edited parameter by parameter and byte by byte.
// ---------------------------------------------------------------------------------------------------

type Param = [name: string, value: string]

type UrlEdit =
  | { op: 'duplicate'; index: number; value: string | undefined }
  | { op: 'drop'; index: number }
  | { op: 'value'; index: number; value: string; encode: boolean }
  | { op: 'add'; name: string; value: string; encode: boolean }
  | { op: 'huge'; index: number; length: number; unit: string }
  | { op: 'reverse' }

type RawEdit = { at: number; text: string; replace: number }

/** How to build one callback URL from a valid one. */
interface CallbackRecipe {
  kind: 'edited'
  base: string
  edits: UrlEdit[]
  raw: RawEdit[]
  fragment: string | undefined
  asUrl: boolean
}

const PARAM_NAMES = [
  'code',
  'state',
  'iss',
  'error',
  'error_description',
  'error_uri',
  'session_state',
  'response',
  'STATE',
  'state ',
  'st%61te',
  'code[]',
  '__proto__',
  '',
]

const BASES = [
  REDIRECT_URI,
  `${REDIRECT_URI}/`,
  REDIRECT_URI.toUpperCase(),
  REDIRECT_URI.replace('https:', 'http:'),
  REDIRECT_URI.replace('bank.test', 'bank.test:443'),
  REDIRECT_URI.replace('bank.test', 'bank.test:8443'),
  REDIRECT_URI.replace('bank.test', 'BANK.TEST'),
  REDIRECT_URI.replace('callback', '%63allback'),
  REDIRECT_URI.replace('/callback', '/x/../callback'),
  REDIRECT_URI.replace('bank.test', 'bank.test@evil.test'),
  REDIRECT_URI.replace('bank.test', 'evil.test'),
  REDIRECT_URI.replace('https://', '//'),
  REDIRECT_URI.replace('https://bank.test', ''),
  REDIRECT_URI.replaceAll('/', '\\'),
  REDIRECT_URI.replace('bank.test', 'xn--bnk-7la.test'),
  'javascript:alert(1)//',
  '',
]

const paramValue = fc.oneof(
  hostileString,
  fc.constantFrom(
    'access_denied',
    'unmet_authentication_requirements',
    'login_required',
    ISSUER,
    `${ISSUER}/`,
  ),
)

const urlEdit: fc.Arbitrary<UrlEdit> = fc.oneof(
  fc.record({
    op: fc.constant('duplicate' as const),
    index: fc.nat(8),
    value: fc.option(paramValue, { nil: undefined }),
  }),
  fc.record({ op: fc.constant('drop' as const), index: fc.nat(8) }),
  fc.record({ op: fc.constant('value' as const), index: fc.nat(8), value: paramValue, encode: fc.boolean() }),
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('add' as const),
      name: fc.oneof(fc.constantFrom(...PARAM_NAMES), fc.string({ maxLength: 6 })),
      value: paramValue,
      encode: fc.boolean(),
    }),
  },
  fc.record({
    op: fc.constant('huge' as const),
    index: fc.nat(8),
    length: fc.oneof(
      fc.integer({ min: MAX_CALLBACK_URL_LENGTH - 200, max: MAX_CALLBACK_URL_LENGTH + 50 }),
      fc.integer({ min: 1, max: 100_000 }),
    ),
    unit: fc.constantFrom('a', '%', '%41', '%C3%A9', 'é', '&', '='),
  }),
  fc.record({ op: fc.constant('reverse' as const) }),
)

/** Byte-level edits of the query string: stray `%`, broken escapes, separators, NUL, bad UTF-8. */
const rawEdit: fc.Arbitrary<RawEdit> = fc.record({
  at: fc.nat(400),
  text: fc.oneof(
    fc.constantFrom(
      '%',
      '%z',
      '%zz',
      '%C3',
      '%C3%28',
      '%ED%A0%80',
      '%00',
      '%25',
      '+',
      '&',
      '&&',
      ';',
      '=',
      '#',
      '?',
      ' ',
      '\t',
      '\n',
      '\\',
    ),
    fc.string({ maxLength: 4 }),
  ),
  replace: fc.nat(3),
})

const callbackRecipe: fc.Arbitrary<CallbackRecipe> = fc.record({
  kind: fc.constant('edited' as const),
  base: fc.oneof({ weight: 8, arbitrary: fc.constant(REDIRECT_URI) }, fc.constantFrom(...BASES)),
  edits: fc.oneof(
    { weight: 2, arbitrary: fc.constant<UrlEdit[]>([]) },
    { weight: 3, arbitrary: urlEdit.map((edit) => [edit]) },
    fc.array(urlEdit, { minLength: 2, maxLength: 4 }),
  ),
  raw: fc.oneof(
    { weight: 4, arbitrary: fc.constant<RawEdit[]>([]) },
    fc.array(rawEdit, { minLength: 1, maxLength: 3 }),
  ),
  fragment: fc.option(fc.oneof(fc.constantFrom('state=x', 'code=y', ''), hostileString), {
    nil: undefined,
    freq: 6,
  }),
  asUrl: fc.boolean(),
})

const encode = (value: string, yes: boolean) => {
  if (!yes) return value
  try {
    return encodeURIComponent(value)
  } catch {
    return value // lone surrogates
  }
}

/** Builds the callback URL of a recipe from a valid callback (its `code`, `state` and `iss`). */
function buildCallback(recipe: CallbackRecipe | { kind: 'value'; value: unknown }, valid: Param[]): unknown {
  if (recipe.kind === 'value') return recipe.value
  const params: Param[] = valid.map(([n, v]) => [encodeURIComponent(n), encodeURIComponent(v)])
  const pick = (index: number) => (params.length === 0 ? undefined : index % params.length)
  for (const edit of recipe.edits) {
    const i = 'index' in edit ? pick(edit.index) : undefined
    if (edit.op === 'add') params.push([encode(edit.name, edit.encode), encode(edit.value, edit.encode)])
    else if (edit.op === 'reverse') params.reverse()
    else if (i === undefined) continue
    else if (edit.op === 'duplicate') {
      const [name, value] = params[i] as Param
      params.splice(i + 1, 0, [name, edit.value === undefined ? value : encode(edit.value, true)])
    } else if (edit.op === 'drop') params.splice(i, 1)
    else if (edit.op === 'value') (params[i] as Param)[1] = encode(edit.value, edit.encode)
    else if (edit.op === 'huge')
      (params[i] as Param)[1] = edit.unit.repeat(Math.ceil(edit.length / edit.unit.length))
  }
  let query = params.map(([n, v]) => `${n}=${v}`).join('&')
  for (const raw of recipe.raw) {
    const at = raw.at % (query.length + 1)
    query = query.slice(0, at) + raw.text + query.slice(at + raw.replace)
  }
  const href = `${recipe.base}?${query}${recipe.fragment === undefined ? '' : `#${recipe.fragment}`}`
  return recipe.asUrl && URL.canParse(href) ? new URL(href) : href
}

const callbackInputs = fc.oneof(
  { weight: 8, arbitrary: callbackRecipe },
  fc.record({
    kind: fc.constant('value' as const),
    value: fc.oneof(hostileString, fc.webUrl({ withQueryParameters: true, withFragments: true })),
  }),
)

const freshState = () => randomBytes(24).toString('base64url')

describe('fuzz: callback URLs', () => {
  it(
    'checkCallback: a typed EidError or the code, never an untyped throw or a hang',
    async () => {
      const tally = new Tally()
      await runFuzz(
        'callback URL (checkCallback)',
        fc.asyncProperty(
          callbackInputs,
          fc.boolean(),
          fc.constantFrom(1 as const, 2 as const),
          async (recipe, issRequired, level) => {
            const state = freshState()
            const input = buildCallback(recipe, [
              ['code', 'c0de-0123456789'],
              ['state', state],
              ['iss', ISSUER],
            ])
            const outcome = await expectTypedOrValid(
              () =>
                checkCallback(input as string, {
                  redirectUri: REDIRECT_URI,
                  state,
                  issuer: ISSUER,
                  issRequired,
                  level,
                }),
              {
                valid: (result) =>
                  typeof result.code === 'string' && result.code.length > 0 && result.url instanceof URL,
              },
            )
            // The state and the code must never appear in a message (a provider's error_description may).
            expectNoEcho(outcome, `${state}.c0de-0123456789`)
            tally.add(outcome)
          },
        ),
        tally,
      )
    },
    FUZZ_TEST_TIMEOUT_MS,
  )
})

// ---------------------------------------------------------------------------------------------------
// completeSignIn: the callback URL and the transaction (often read back from a cookie) together, with
// the msw kit answering the token and userinfo requests in-process. One run in eight is a real
// sign-in (PAR, a real code, a scripted ID token with one claim changed) so the deep checks run too.
// ---------------------------------------------------------------------------------------------------

type TransactionEdit =
  | { op: 'keep'; asString: boolean }
  | { op: 'field'; name: string; value: unknown; remove: boolean }
  | { op: 'text'; at: number; text: string; cut: number }
  | { op: 'value'; value: unknown }

const TRANSACTION_FIELDS = [
  'v',
  'issuer',
  'clientId',
  'redirectUri',
  'state',
  'nonce',
  'codeVerifier',
  'level',
  'attributes',
  'identity',
  'purpose',
  'maxAge',
  'createdAt',
  'expiresAt',
  'dpopJwk',
  '__proto__',
]

const transactionEdit: fc.Arbitrary<TransactionEdit> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ op: fc.constant('keep' as const), asString: fc.boolean() }) },
  {
    weight: 3,
    arbitrary: fc.record({
      op: fc.constant('field' as const),
      name: fc.constantFrom(...TRANSACTION_FIELDS),
      value: fc.oneof(claimValue, fc.constantFrom({ kty: 'EC', d: 'x' }, { kty: 'oct', d: '' }, 1e300, -1)),
      remove: fc.boolean(),
    }),
  },
  fc.record({
    op: fc.constant('text' as const),
    at: fc.nat(600),
    text: fc.oneof(
      fc.constantFrom('"', '{', '}', ',', '\\', '\\u0000', 'null', ''),
      fc.string({ maxLength: 4 }),
    ),
    cut: fc.nat(3),
  }),
  fc.record({ op: fc.constant('value' as const), value: hostileValue }),
)

function editTransaction(transaction: SignInTransaction, edit: TransactionEdit): unknown {
  switch (edit.op) {
    case 'keep':
      return edit.asString ? JSON.stringify(transaction) : structuredClone(transaction)
    case 'field': {
      const copy: Record<string, unknown> = structuredClone(transaction) as unknown as Record<string, unknown>
      if (edit.remove) delete copy[edit.name]
      else copy[edit.name] = edit.value
      return copy
    }
    case 'text': {
      const text = JSON.stringify(transaction)
      const at = edit.at % (text.length + 1)
      return text.slice(0, at) + edit.text + text.slice(at + edit.cut)
    }
    case 'value':
      return edit.value
  }
}

/** One ID token claim changed by the provider (the engine and the SDK's policy must refuse it, typed). */
const idTokenScript = fc.oneof(
  { weight: 3, arbitrary: fc.constant({}) },
  fc
    .tuple(
      fc.constantFrom('iss', 'aud', 'azp', 'nonce', 'exp', 'iat', 'acr', 'auth_time', 'sub', 'sid', 'amr'),
      claimValue,
      fc.boolean(),
    )
    .map(([name, value, omit]) => (omit ? { omit: [name] } : { claims: { [name]: value } })),
)

describe('fuzz: completeSignIn', () => {
  const fake = useMockEid()

  it(
    'completeSignIn: a typed EidError or a sign-in result, never an untyped throw or a hang',
    async () => {
      const eid = await fake.client()
      const provider = fake.eid()
      // A valid transaction to start from; each run gets its own state so single use does not mask the rest.
      const { transaction: template } = await eid.signIn({ level: 1 })
      const tally = new Tally()
      await runFuzz(
        'callback + transaction (completeSignIn)',
        fc.asyncProperty(
          callbackInputs,
          transactionEdit,
          fc.nat(7),
          idTokenScript,
          async (recipe, edit, live, script) => {
            let transaction: SignInTransaction
            let valid: Param[]
            if (live === 0) {
              const start = await eid.signIn({ level: 1, attributes: ['address'] as const })
              transaction = start.transaction as SignInTransaction
              // Replaces a tampering a run before did not use (its callback never reached the token endpoint).
              provider.tamper.nextIdToken(script)
              valid = [...new URL(await provider.authorize(start.url)).searchParams] as Param[]
            } else {
              transaction = { ...template, state: freshState() }
              valid = [
                ['code', 'unknown-code-0123456789'],
                ['state', transaction.state],
                ['iss', ISSUER],
              ]
            }
            const input = buildCallback(recipe, valid)
            const outcome = await expectTypedOrValid(
              () => eid.completeSignIn(input as string, editTransaction(transaction, edit) as string),
              {
                valid: (result) => typeof result.subject === 'string' && result.tokens.accessToken.length > 0,
              },
            )
            expectNoEcho(outcome, valid.map(([name, value]) => (name === 'iss' ? '' : value)).join('.'))
            tally.add(outcome)
          },
        ),
        tally,
      )
    },
    FUZZ_TEST_TIMEOUT_MS,
  )
})

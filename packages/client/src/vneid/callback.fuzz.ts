import { randomBytes, randomUUID } from 'node:crypto'
import { encryptVneidCode } from '@dinhdanh/client/vneid'
import {
  expectNoEcho,
  expectTypedOrValid,
  FUZZ_TEST_TIMEOUT_MS,
  hostileString,
  runFuzz,
  Tally,
} from '@dinhdanh/test/support/fuzz.js'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  base64Edits,
  buildCallbackUrl,
  buildEncryptedPair,
  encryptedPairRecipe,
  queryEdits,
} from '../../test-support/fuzz-vneid.js'
import { RP_KEYS, VNEID_ISSUER, VNEID_REDIRECT_URI } from '../../test-support/mock-vneid.js'
import { checkVneidCallback, readRawQuery } from './callback.js'

// Callback URLs of the VNeID dialect as the browser brings them back: a valid plain or encrypted one
// (base64 RAW in the query, as the provider sends it), its values mutated (flipped base64 characters,
// "+" read as a space, percent-encoding games, truncation, swapped code and encrypt_key, a key for
// another recipient, hand-crafted pairs), then its query edited (duplicates, drops, raw characters).
// Nothing here decrypts, so both targets run on Node.js 20.

const freshState = () => randomBytes(24).toString('base64url')

const callbackInput = fc.record({
  encrypted: fc.boolean(),
  pair: encryptedPairRecipe,
  plainCode: base64Edits,
  query: queryEdits,
  asUrl: fc.nat(3).map((n) => n === 0),
  whole: fc.oneof({ weight: 12, arbitrary: fc.constant(undefined) }, hostileString),
})

type CallbackInput = typeof callbackInput extends fc.Arbitrary<infer T> ? T : never

/** Builds one callback URL and says which code and encrypt_key it carried before the query edits. */
function buildInput(input: CallbackInput, state: string) {
  const plainCode = randomUUID()
  let code: string
  let encryptKey: string | undefined
  if (input.encrypted) {
    const valid = encryptVneidCode(RP_KEYS.publicKey, plainCode)
    ;({ code, encryptKey } = buildEncryptedPair(input.pair, valid, plainCode))
  } else {
    code = plainCode
  }
  const params: [string, string][] = [
    ['code', code],
    ['state', state],
  ]
  if (encryptKey !== undefined) params.push(['encrypt_key', encryptKey])
  const url = input.whole ?? buildCallbackUrl(VNEID_REDIRECT_URI, params, input.query)
  return { url, code, encryptKey, untouched: input.whole === undefined && input.query.length === 0 }
}

describe('fuzz: VNeID callback', () => {
  it(
    'readRawQuery: a typed EidError or name/value lists, never an untyped throw or a hang',
    async () => {
      const tally = new Tally()
      await runFuzz(
        'VNeID raw query (readRawQuery)',
        fc.asyncProperty(callbackInput, async (input) => {
          const state = freshState()
          const { url, code, encryptKey, untouched } = buildInput(input, state)
          const outcome = await expectTypedOrValid(() => readRawQuery(url), {
            valid: (params) =>
              params instanceof Map &&
              [...params].every(
                ([name, values]) =>
                  typeof name === 'string' &&
                  values.length > 0 &&
                  values.every((value) => typeof value === 'string'),
              ),
          })
          // An unedited query of base64-ish values reads back exactly: a raw "+" stays a "+" (form decoding would make it a space).
          if (untouched && /^[\w+/=.\- ]*$/.test(code + (encryptKey ?? ''))) {
            expect(outcome.ok).toBe(true)
            if (outcome.ok) {
              expect(outcome.value.get('code')).toEqual([code])
              expect(outcome.value.get('state')).toEqual([state])
              expect(outcome.value.get('encrypt_key')).toEqual(
                encryptKey === undefined ? undefined : [encryptKey],
              )
            }
          }
          expectNoEcho(outcome, `${state}.${code}`)
          tally.add(outcome)
        }),
        tally,
      )
    },
    FUZZ_TEST_TIMEOUT_MS,
  )

  it(
    'checkVneidCallback: a typed EidError or {code, encryptKey}, never an untyped throw or a hang',
    async () => {
      const tally = new Tally()
      await runFuzz(
        'VNeID callback (checkVneidCallback)',
        fc.asyncProperty(
          callbackInput,
          fc.boolean(),
          fc.constantFrom(1 as const, 2 as const),
          async (input, encryptionRequired, level) => {
            const state = freshState()
            const { url, code } = buildInput(input, state)
            const outcome = await expectTypedOrValid(
              () =>
                checkVneidCallback(input.asUrl && URL.canParse(url) ? new URL(url) : url, {
                  redirectUri: VNEID_REDIRECT_URI,
                  state,
                  issuer: VNEID_ISSUER,
                  level,
                  encryptionRequired,
                }),
              {
                valid: (result) =>
                  typeof result.code === 'string' &&
                  result.code !== '' &&
                  (result.encryptKey === undefined ||
                    (typeof result.encryptKey === 'string' && result.encryptKey !== '')) &&
                  (result.encryptKey !== undefined || !encryptionRequired),
              },
            )
            expectNoEcho(outcome, `${state}.${code}`)
            tally.add(outcome)
          },
        ),
        tally,
      )
    },
    FUZZ_TEST_TIMEOUT_MS,
  )
})

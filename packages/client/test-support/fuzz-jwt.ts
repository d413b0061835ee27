/**
 * Fuzz inputs for the JWTs a provider signs outside the sign-in (logout tokens, security events,
 * consent receipts). A recipe is either a random value, or a token built from VALID claims with some
 * claims replaced or removed, the header altered, or the payload replaced by raw bytes, then signed
 * for real with a key the msw kit publishes (so the verifier gets past the signature to its own
 * checks), then optionally mangled (bit flips, truncation, swapped segments...).
 */

import {
  type CompactMutation,
  claimValue,
  compactMutation,
  deepJson,
  hostileString,
  hostileValue,
  mutateCompact,
  segment,
} from '@dinhdanh/test/support/fuzz.js'
import type { MockEid } from '@dinhdanh/testing/msw'
import fc from 'fast-check'
import type { JWK } from 'jose'

/** How to build one fuzzed provider JWT. */
export type JwtRecipe =
  | { kind: 'value'; value: unknown }
  | {
      kind: 'signed'
      header: { set: Record<string, unknown>; remove: string[] }
      claims: { set: Record<string, unknown>; remove: string[] }
      /** Replaces the whole payload segment (its text), still signed. */
      payload: string | undefined
      mutations: CompactMutation[]
    }

const FUZZ_KID = 'fuzz-1'

/**
 * Signs arbitrary header and payload text with an ES256 key added to the kit's JWKS, so even a
 * malformed payload carries a valid signature.
 */
export async function createRawSigner(eid: Pick<MockEid, 'keys'>) {
  const { publicKey, privateKey } = (await crypto.subtle.generateKey(
    { name: 'ECDSA', namedCurve: 'P-256' },
    true,
    ['sign', 'verify'],
  )) as CryptoKeyPair
  const jwk = await crypto.subtle.exportKey('jwk', publicKey)
  eid.keys.add({ ...(jwk as JWK), kid: FUZZ_KID, alg: 'ES256', use: 'sig' })

  async function signRaw(headerText: string, payloadText: string): Promise<string> {
    const input = `${segment(headerText)}.${segment(payloadText)}`
    const signature = await crypto.subtle.sign(
      { name: 'ECDSA', hash: 'SHA-256' },
      privateKey,
      new TextEncoder().encode(input),
    )
    return `${input}.${segment(new Uint8Array(signature))}`
  }

  /** Builds the token of a recipe from the valid claims and `typ` of the target. */
  async function build(recipe: JwtRecipe, valid: { claims: Record<string, unknown>; typ: string }) {
    if (recipe.kind === 'value') return recipe.value
    const header: Record<string, unknown> = { alg: 'ES256', kid: FUZZ_KID, typ: valid.typ }
    for (const name of recipe.header.remove) delete header[name]
    Object.assign(header, recipe.header.set)
    const claims = { ...valid.claims }
    for (const name of recipe.claims.remove) delete claims[name]
    Object.assign(claims, recipe.claims.set)
    const payload = recipe.payload ?? JSON.stringify(claims)
    const jwt = await signRaw(JSON.stringify(header) ?? 'null', payload)
    return mutateCompact(jwt, recipe.mutations)
  }

  return { build, signRaw }
}

/**
 * Recipes for one kind of provider JWT. `claims` maps claim names to arbitraries of interesting values
 * (valid alternatives and hostile ones); every claim may also get any JSON value.
 */
export function jwtRecipe(claims: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<JwtRecipe> {
  const names = Object.keys(claims)
  const oneClaim = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...names) },
    fc.constantFrom('__proto__', 'constructor', 'toString'),
    fc.string({ maxLength: 8 }),
  )
  const valueFor = (name: string): fc.Arbitrary<unknown> => {
    const own = Object.hasOwn(claims, name) ? claims[name] : undefined
    return own ? fc.oneof({ weight: 3, arbitrary: own }, claimValue) : claimValue
  }
  const override = oneClaim.chain((name) => valueFor(name).map((value) => [name, value] as const))
  // Mostly zero or one changed claim, so each check is reached on its own; sometimes several.
  const claimSet = fc.oneof(
    { weight: 3, arbitrary: fc.constant<Record<string, unknown>>({}) },
    { weight: 4, arbitrary: override.map(([name, value]) => ({ [name]: value })) },
    fc.array(override, { minLength: 2, maxLength: 4 }).map((pairs) => Object.fromEntries(pairs)),
  )
  const signed = fc.record({
    kind: fc.constant('signed' as const),
    header: fc.record({
      set: fc.oneof(
        { weight: 8, arbitrary: fc.constant<Record<string, unknown>>({}) },
        fc.dictionary(
          fc.constantFrom('alg', 'kid', 'typ', 'crit', 'b64', 'jku', 'jwk', 'cty', 'zip'),
          fc.oneof(
            fc.constantFrom(
              'none',
              'HS256',
              'ES384',
              'RS256',
              'JWT',
              'application/logout+jwt',
              'unknown',
              ['exp'],
              false,
            ),
            claimValue,
          ),
          { maxKeys: 2 },
        ),
      ),
      remove: fc.oneof(
        { weight: 8, arbitrary: fc.constant<string[]>([]) },
        fc.array(fc.constantFrom('alg', 'kid', 'typ'), { minLength: 1, maxLength: 2 }),
      ),
    }),
    claims: fc.record({
      set: claimSet,
      remove: fc.oneof(
        { weight: 5, arbitrary: fc.constant<string[]>([]) },
        fc.array(fc.constantFrom(...names), { minLength: 1, maxLength: 3 }),
      ),
    }),
    payload: fc.oneof(
      { weight: 20, arbitrary: fc.constant(undefined) },
      hostileString,
      deepJson,
      fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v) ?? 'null'),
      fc.constantFrom('{"iss":1,"iss":2}', '{', '{"a":"\\ud800"}', '\ufeff{}', '{}'),
    ),
    mutations: fc.oneof(
      { weight: 4, arbitrary: fc.constant<CompactMutation[]>([]) },
      fc.array(compactMutation, { minLength: 1, maxLength: 3 }),
    ),
  })
  return fc.oneof(
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('value' as const), value: hostileValue }) },
    { weight: 6, arbitrary: signed },
  )
}

/** Interesting `iat`/`exp`/`nbf` values around now (epoch seconds). */
export function timeClaim(now: () => number): fc.Arbitrary<unknown> {
  return fc.oneof(
    fc.integer({ min: -100_000, max: 100_000 }).map((delta) => now() + delta),
    fc.constantFrom(0, -1, 1e12, 2 ** 53, 1.5, '1700000000', null),
  )
}

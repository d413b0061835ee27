/**
 * Fuzz inputs for the adapter's cookies (not part of the package): a `Cookie` header built from a VALID
 * sealed value (whole or in chunks) and then mangled, from the bytes of the JWE to the header syntax.
 */
import type { EidClient } from '@dinhdanh/client'
import {
  type CompactMutation,
  claimValue,
  compactMutation,
  hostileString,
} from '@dinhdanh/test/support/fuzz.js'
import fc from 'fast-check'
import { resolveEidCoreOptions } from '../options.js'
import { CHUNK_SIZE, MAX_CHUNKS } from '../session/cookies.js'

/** The session secret of the fuzz tests. */
export const SECRET = 'fuzz-secret-0123456789abcdef-0123456789'

/** Adapter options for the fuzz tests: cookie sessions on https://bank.test. */
export const fuzzOptions = () =>
  resolveEidCoreOptions({
    client: {
      signIn: () => undefined,
      redirectUri: 'https://bank.test/auth/callback',
    } as unknown as EidClient,
    baseUrl: 'https://bank.test',
    session: { secret: SECRET },
  })

/** One edit of the `Cookie` header around the sealed value. */
export type HeaderEdit =
  | { op: 'plant-first'; value: string }
  | { op: 'quote' }
  | { op: 'drop-chunk'; index: number }
  | { op: 'empty-chunk'; index: number }
  | { op: 'swap-chunks'; a: number; b: number }
  | { op: 'extra-chunk'; index: number; value: string }
  | { op: 'whole-and-chunks' }
  | { op: 'noise'; text: string }
  | { op: 'many'; count: number }

export const headerEdit: fc.Arbitrary<HeaderEdit> = fc.oneof(
  fc.record({ op: fc.constant('plant-first' as const), value: hostileString }),
  fc.record({ op: fc.constant('quote' as const) }),
  fc.record({ op: fc.constant('drop-chunk' as const), index: fc.nat(MAX_CHUNKS) }),
  fc.record({ op: fc.constant('empty-chunk' as const), index: fc.nat(MAX_CHUNKS) }),
  fc.record({ op: fc.constant('swap-chunks' as const), a: fc.nat(MAX_CHUNKS), b: fc.nat(MAX_CHUNKS) }),
  fc.record({
    op: fc.constant('extra-chunk' as const),
    index: fc.oneof(fc.nat(MAX_CHUNKS + 2), fc.constantFrom(99, 999, 1000)),
    value: hostileString,
  }),
  fc.record({ op: fc.constant('whole-and-chunks' as const) }),
  fc.record({
    op: fc.constant('noise' as const),
    text: fc.oneof(hostileString, fc.constantFrom(';', ';;', '=', ' = ', 'a', 'a=', '=b', '"', '\\', ',')),
  }),
  fc.record({ op: fc.constant('many' as const), count: fc.integer({ min: 90, max: 300 }) }),
)

/** How to build one `Cookie` header. */
export interface CookieRecipe {
  /** `valid`: the sealed value as made; `foreign`: a payload of any shape, sealed with the right key. */
  source: 'valid' | 'foreign'
  foreign: unknown
  mutations: CompactMutation[]
  edits: HeaderEdit[]
  chunked: boolean
}

export const cookieRecipe: fc.Arbitrary<CookieRecipe> = fc.record({
  source: fc.oneof({ weight: 5, arbitrary: fc.constant('valid' as const) }, fc.constant('foreign' as const)),
  foreign: claimValue,
  mutations: fc.oneof(
    { weight: 2, arbitrary: fc.constant<CompactMutation[]>([]) },
    fc.array(compactMutation, { minLength: 1, maxLength: 3 }),
  ),
  edits: fc.oneof(
    { weight: 2, arbitrary: fc.constant<HeaderEdit[]>([]) },
    fc.array(headerEdit, { minLength: 1, maxLength: 3 }),
  ),
  chunked: fc.boolean(),
})

/** Splits `value` as writeChunkedCookie does and applies the header edits. */
export function cookieHeader(name: string, value: string, recipe: CookieRecipe): string {
  let pairs: [string, string][] =
    recipe.chunked || value.length > CHUNK_SIZE
      ? Array.from({ length: Math.max(1, Math.ceil(value.length / CHUNK_SIZE)) }, (_, i) => [
          `${name}.${i}`,
          value.slice(i * CHUNK_SIZE, (i + 1) * CHUNK_SIZE),
        ])
      : [[name, value]]
  const at = (index: number) => index % Math.max(1, pairs.length)
  for (const edit of recipe.edits) {
    switch (edit.op) {
      case 'plant-first':
        pairs.unshift([pairs[0]?.[0] ?? name, edit.value])
        break
      case 'quote':
        pairs = pairs.map(([n, v]) => [n, `"${v}"`])
        break
      case 'drop-chunk':
        pairs.splice(at(edit.index), 1)
        break
      case 'empty-chunk':
        if (pairs.length > 0) (pairs[at(edit.index)] as [string, string])[1] = ''
        break
      case 'swap-chunks': {
        const [a, b] = [pairs[at(edit.a)], pairs[at(edit.b)]]
        if (a && b) [a[1], b[1]] = [b[1], a[1]]
        break
      }
      case 'extra-chunk':
        pairs.push([`${name}.${edit.index}`, edit.value])
        break
      case 'whole-and-chunks':
        pairs.push([name, value.slice(0, CHUNK_SIZE)])
        break
      case 'noise':
        pairs.splice(at(pairs.length), 0, [edit.text, edit.text])
        break
      case 'many':
        pairs = [...Array.from({ length: edit.count }, (_, i): [string, string] => [`c${i}`, 'x']), ...pairs]
        break
    }
  }
  return pairs.map(([n, v]) => `${n}=${v}`).join('; ')
}

/**
 * Shared pieces of the property-based fuzz tests (`*.fuzz.ts`, the `fuzz` vitest project): the run
 * count, a per-call hang guard, the one property every parser of outside input must keep ("a typed
 * error or a valid result, never an untyped throw, never a hang"), and mutators that start from a VALID
 * input (a signed JWT, a sealed value) so the fuzzer gets past the first length check.
 *
 * `FUZZ_RUNS` raises (or, while debugging, lowers) the runs per target; `FUZZ_SEED` replays a failure.
 */
import { appendFileSync } from 'node:fs'
import { isEidError } from '@dinhdanh/client'
import fc from 'fast-check'

function positiveInt(raw: string | undefined): number | undefined {
  const value = Number(raw)
  return raw && Number.isSafeInteger(value) && value > 0 ? value : undefined
}

/** Runs per target: 10,000 unless `FUZZ_RUNS` says otherwise. */
export const FUZZ_RUNS = positiveInt(process.env.FUZZ_RUNS) ?? 10_000

/** A single call taking longer than this is a hang. */
export const FUZZ_TIMEOUT_MS = 2_000

/** Vitest's timeout for one fuzz target: generous, the per-call guard is the real limit. */
export const FUZZ_TEST_TIMEOUT_MS = Math.max(120_000, FUZZ_RUNS * 30)

// fast-check prints negative seeds as often as positive ones: both must replay.
const SEED =
  process.env.FUZZ_SEED && Number.isSafeInteger(Number(process.env.FUZZ_SEED))
    ? Number(process.env.FUZZ_SEED)
    : undefined

/** A call that did not settle in time (or blocked the event loop that long). */
export class FuzzHangError extends Error {
  override name = 'FuzzHangError'
}

/** A call that threw something other than the typed error its contract allows. */
export class UntypedThrowError extends Error {
  override name = 'UntypedThrowError'
}

/** What a call did: returned a value or threw. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown }

/**
 * Calls `fn` and races it against a timer; a synchronous call that blocks the event loop longer than
 * the limit is caught afterwards by its elapsed time. Throws {@link FuzzHangError} on a hang.
 */
export async function settle<T>(fn: () => T | Promise<T>, limitMs = FUZZ_TIMEOUT_MS): Promise<Outcome<T>> {
  const started = performance.now()
  let timer: ReturnType<typeof setTimeout> | undefined
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new FuzzHangError(`did not settle within ${limitMs} ms`)), limitMs)
  })
  let outcome: Outcome<T>
  try {
    outcome = { ok: true, value: await Promise.race([Promise.resolve().then(fn), hang]) }
  } catch (error) {
    if (error instanceof FuzzHangError) throw error
    outcome = { ok: false, error }
  } finally {
    clearTimeout(timer)
  }
  const elapsed = performance.now() - started
  if (elapsed > limitMs) throw new FuzzHangError(`took ${Math.round(elapsed)} ms (limit ${limitMs} ms)`)
  return outcome
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : `a non-Error value (${typeof error})`
}

/**
 * The property: `fn` returns a value `valid` accepts, or throws an error `typed` accepts (by default an
 * `EidError`, checked with `isEidError`). Anything else, or a hang, fails the run.
 */
export async function expectTypedOrValid<T>(
  fn: () => T | Promise<T>,
  options: { valid?: (value: T) => boolean; typed?: (error: unknown) => boolean } = {},
): Promise<Outcome<T>> {
  const outcome = await settle(fn)
  const typed = options.typed ?? ((error: unknown) => isEidError(error))
  if (!outcome.ok && !typed(outcome.error)) {
    throw new UntypedThrowError(`untyped throw: ${describe(outcome.error)}`, { cause: outcome.error })
  }
  if (outcome.ok && options.valid && !options.valid(outcome.value)) {
    throw new Error('returned a value that is not a valid result')
  }
  return outcome
}

/** An error message must not repeat the input (tokens, cookies, personal numbers never go in messages). */
export function expectNoEcho(outcome: Outcome<unknown>, input: unknown, minLength = 16): void {
  if (outcome.ok || typeof input !== 'string' || !(outcome.error instanceof Error)) return
  const message = outcome.error.message
  for (const part of input.split(/[.;=&?]/)) {
    if (part.length >= minLength && message.includes(part)) {
      throw new Error('the error message repeats part of the input')
    }
  }
}

/**
 * Counts outcomes by kind (`ok`, or the error's code and `check`/`reason`), so the log line shows how
 * deep the inputs got: many runs refused at the signature would mean the mutators are too blunt.
 */
export class Tally {
  readonly #counts = new Map<string, number>()

  add(outcome: Outcome<unknown>): void {
    const key = outcome.ok ? 'ok' : labelOf(outcome.error)
    this.#counts.set(key, (this.#counts.get(key) ?? 0) + 1)
  }

  toString(): string {
    return [...this.#counts]
      .sort((a, b) => b[1] - a[1])
      .map(([key, count]) => `${key} ${count}`)
      .join(', ')
  }
}

function labelOf(error: unknown): string {
  const { code, check, reason } = (error ?? {}) as { code?: unknown; check?: unknown; reason?: unknown }
  const detail = typeof check === 'string' ? check : typeof reason === 'string' ? reason : undefined
  return `${String(code ?? (error as Error)?.name)}${detail ? `/${detail}` : ''}`
}

/**
 * Runs one fuzz target with `FUZZ_RUNS` runs and prints `fuzz <target>: N runs, F failures, T s` (the
 * line `.ci/run` shows). On failure it throws fast-check's report (seed, path and shrunk counterexample).
 */
export async function runFuzz(
  target: string,
  // biome-ignore lint/suspicious/noExplicitAny: fast-check properties of any arity and argument types.
  property: fc.IAsyncProperty<any> | fc.IProperty<any>,
  tally?: Tally,
  runs = FUZZ_RUNS,
): Promise<void> {
  const started = performance.now()
  const details = await fc.check(property, { numRuns: runs, ...(SEED !== undefined && { seed: SEED }) })
  const seconds = ((performance.now() - started) / 1000).toFixed(1)
  const line = `fuzz ${target}: ${details.numRuns} runs, ${details.failed ? 1 : 0} failures, ${seconds} s (seed ${details.seed})`
  console.log(line + (tally ? `\n  outcomes: ${tally}` : ''))
  // `.ci/run` sets FUZZ_REPORT to collect these lines from every worker and print them together at the end.
  if (process.env.FUZZ_REPORT) appendFileSync(process.env.FUZZ_REPORT, `${line}\n`)
  if (details.failed) {
    const report = fc.defaultReportMessage(details) ?? ''
    const error = details.errorInstance
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause : undefined
    throw new Error(
      `fuzz ${target} failed: ${describe(error)}${cause?.stack ? `\ncaused by ${cause.stack}` : ''}\n` +
        (report.length > 4_000 ? `${report.slice(0, 4_000)}… (${report.length} characters)` : report),
      { cause: error },
    )
  }
}

// ---------------------------------------------------------------------------------------------------
// Inputs
// ---------------------------------------------------------------------------------------------------

const b64 = (value: string | Uint8Array) => Buffer.from(value).toString('base64url')

/** Strings a parser should meet: random, unicode, control characters, long, and look-alikes of tokens. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 64 }),
  fc.string({ unit: 'grapheme', maxLength: 32 }),
  fc.string({ unit: 'binary', maxLength: 64 }),
  fc.constantFrom(
    '',
    ' ',
    '\0',
    '.',
    '..',
    '...',
    '....',
    '=',
    '%',
    '%00',
    '%zz',
    '%C3',
    '\u202e',
    '\ud800',
    '<script>alert(1)</script>',
    '__proto__',
    'constructor',
    'null',
    'undefined',
    'NaN',
    '-1',
    '1e309',
    '0x10',
    'eyJ',
    'eyJhbGciOiJub25lIn0.e30.',
  ),
  fc.base64String({ maxLength: 64 }),
  fc.stringMatching(/^[A-Za-z0-9_-]{0,40}(\.[A-Za-z0-9_-]{0,40}){0,6}$/),
  fc
    .tuple(fc.constantFrom('a', '0', '%', '.', '\\', 'é'), fc.integer({ min: 1_000, max: 70_000 }))
    .map(([unit, length]) => unit.repeat(length)),
)

/** Values of every JSON-ish type, for fields and arguments that should be strings or objects. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  fc.constantFrom(
    null,
    undefined,
    true,
    0,
    -0,
    1,
    -1,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    2 ** 53,
    1e21,
    [],
    {},
  ),
  fc.double(),
  fc.integer(),
  fc.jsonValue({ maxDepth: 3 }),
  fc.anything({ maxDepth: 2 }),
)

/** JSON values used to replace one claim or header field. */
export const claimValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom(null, true, false, 0, -1, 1e21, 2 ** 53 + 1, 1.5, [], {}, [''], { __proto__: null }),
  fc.integer({ min: -(2 ** 40), max: 2 ** 40 }),
)

/** Deeply nested JSON text (stack depth), built without recursion. */
export const deepJson: fc.Arbitrary<string> = fc
  .tuple(fc.integer({ min: 100, max: 20_000 }), fc.constantFrom('[', '{"a":'))
  .map(([depth, open]) => `${open.repeat(depth)}1${(open === '[' ? ']' : '}').repeat(depth)}`)

/** One edit of a compact JWS/JWE (segments separated by dots), from a valid token. */
export type CompactMutation =
  | { op: 'flip-bit'; segment: number; index: number; bit: number }
  | { op: 'flip-char'; index: number; char: string }
  | { op: 'truncate'; at: number }
  | { op: 'swap'; a: number; b: number }
  | { op: 'drop'; segment: number }
  | { op: 'duplicate'; segment: number }
  | { op: 'empty'; segment: number }
  | { op: 'insert'; index: number; text: string }
  | { op: 'replace-segment'; segment: number; text: string }
  | { op: 'pad'; text: string }
  | { op: 'case'; segment: number }
  | { op: 'header'; set: Record<string, unknown>; remove: string[] }
  | { op: 'header-raw'; json: string }

const segmentIndex = fc.nat({ max: 5 })

const headerField = fc.constantFrom(
  'alg',
  'kid',
  'typ',
  'enc',
  'crit',
  'b64',
  'zip',
  'jku',
  'jwk',
  'x5u',
  'x5c',
  'cty',
  'p2s',
  'p2c',
  'epk',
  '__proto__',
)

const headerValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    'none',
    'None',
    'NONE',
    'nOnE',
    'HS256',
    'RS256',
    'ES384',
    'EdDSA',
    'PS256',
    'dir',
    'A256GCM',
    'A128CBC-HS256',
    'RSA1_5',
    'PBES2-HS256+A128KW',
    'DEF',
    '',
    ['exp'],
    ['b64'],
    false,
    'https://evil.test/jwks',
    { kty: 'oct', k: 'AAAA' },
    { kty: 'EC', crv: 'P-256', x: 'x', y: 'y' },
    'sig-1',
    'unknown-kid',
    '../../etc/passwd',
    'logout+jwt',
    'secevent+jwt',
    'consent-receipt+jwt',
    'JWT',
  ),
  claimValue,
)

/** Edits a compact JWS/JWE: bit flips, truncation, swapped or duplicated segments, altered headers. */
export const compactMutation: fc.Arbitrary<CompactMutation> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      op: fc.constant('flip-bit' as const),
      segment: segmentIndex,
      index: fc.nat({ max: 600 }),
      bit: fc.nat({ max: 7 }),
    }),
  },
  fc.record({
    op: fc.constant('flip-char' as const),
    index: fc.nat({ max: 2_000 }),
    char: fc.constantFrom('A', '_', '-', '=', '.', '+', '/', ' ', '%', '\0', 'é', '~'),
  }),
  fc.record({ op: fc.constant('truncate' as const), at: fc.nat({ max: 2_000 }) }),
  fc.record({ op: fc.constant('swap' as const), a: segmentIndex, b: segmentIndex }),
  fc.record({ op: fc.constant('drop' as const), segment: segmentIndex }),
  fc.record({ op: fc.constant('duplicate' as const), segment: segmentIndex }),
  fc.record({ op: fc.constant('empty' as const), segment: segmentIndex }),
  fc.record({ op: fc.constant('insert' as const), index: fc.nat({ max: 2_000 }), text: hostileString }),
  fc.record({ op: fc.constant('replace-segment' as const), segment: segmentIndex, text: hostileString }),
  fc.record({
    op: fc.constant('pad' as const),
    text: fc.constantFrom('=', '==', '.', '..', ' ', '\n', '%3D'),
  }),
  fc.record({ op: fc.constant('case' as const), segment: segmentIndex }),
  {
    weight: 3,
    arbitrary: fc.record({
      op: fc.constant('header' as const),
      set: fc.dictionary(headerField, headerValue, { maxKeys: 3 }),
      remove: fc.array(headerField, { maxLength: 2 }),
    }),
  },
  fc.record({
    op: fc.constant('header-raw' as const),
    json: fc.oneof(
      fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v) ?? 'null'),
      hostileString,
      deepJson,
      fc.constantFrom('{"alg":"ES256","alg":"none"}', '{"alg":"ES256"', '{}', '[]', 'null', '\ufeff{}'),
    ),
  }),
)

/** Applies a list of {@link CompactMutation}s to a compact token. */
export function mutateCompact(token: string, mutations: readonly CompactMutation[]): string {
  let out = token
  for (const mutation of mutations) out = mutateOnce(out, mutation)
  return out
}

function mutateOnce(token: string, m: CompactMutation): string {
  const parts = token.split('.')
  const at = (segment: number) => segment % Math.max(1, parts.length)
  switch (m.op) {
    case 'flip-bit': {
      const i = at(m.segment)
      const bytes = Buffer.from(parts[i] ?? '', 'base64url')
      if (bytes.length === 0) return token
      const index = m.index % bytes.length
      bytes[index] = (bytes[index] ?? 0) ^ (1 << m.bit)
      parts[i] = bytes.toString('base64url')
      return parts.join('.')
    }
    case 'flip-char': {
      if (token.length === 0) return m.char
      const index = m.index % token.length
      return token.slice(0, index) + m.char + token.slice(index + 1)
    }
    case 'truncate':
      return token.slice(0, m.at % (token.length + 1))
    case 'swap': {
      const [a, b] = [at(m.a), at(m.b)]
      ;[parts[a], parts[b]] = [parts[b] ?? '', parts[a] ?? '']
      return parts.join('.')
    }
    case 'drop':
      parts.splice(at(m.segment), 1)
      return parts.join('.')
    case 'duplicate':
      parts.splice(at(m.segment), 0, parts[at(m.segment)] ?? '')
      return parts.join('.')
    case 'empty':
      parts[at(m.segment)] = ''
      return parts.join('.')
    case 'insert': {
      const index = m.index % (token.length + 1)
      return token.slice(0, index) + m.text + token.slice(index)
    }
    case 'replace-segment':
      parts[at(m.segment)] = m.text
      return parts.join('.')
    case 'pad':
      return token + m.text
    case 'case': {
      const i = at(m.segment)
      parts[i] = [...(parts[i] ?? '')]
        .map((c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase()))
        .join('')
      return parts.join('.')
    }
    case 'header': {
      // The fuzzer's own parse can meet a header nested deeper than JSON.stringify's stack allows.
      try {
        const header = JSON.parse(Buffer.from(parts[0] ?? '', 'base64url').toString('utf8'))
        if (typeof header !== 'object' || header === null) return token
        for (const name of m.remove) delete header[name]
        Object.assign(header, m.set)
        parts[0] = b64(JSON.stringify(header) ?? 'null')
        return parts.join('.')
      } catch {
        return token
      }
    }
    case 'header-raw':
      parts[0] = b64(m.json)
      return parts.join('.')
  }
}

/** base64url of UTF-8 text (or bytes), as a JWS segment. */
export const segment = b64

/**
 * A pseudo-random number generator: each call returns a number in `[0, 1)`. The generators made by
 * {@link createPrng} are seeded from a string and give the same sequence on every machine, Node.js
 * version and restart, which is what makes the synthetic population reproducible.
 *
 * @example
 * ```ts
 * const prng: Prng = createPrng('my-seed')
 * const roll = prng() // 0 <= roll < 1
 * ```
 */
export type Prng = () => number

/**
 * Creates a seeded pseudo-random number generator: the string is hashed with cyrb128 (a 128-bit
 * FNV/murmur-style string hash, public domain) into the four 32-bit words of an sfc32 generator (Chris
 * Doty-Humphrey's Small Fast Counting generator, which passes PractRand). No `Math.random`, no clock, no
 * shared state: two generators made from the same seed are independent and produce identical sequences.
 * Not for cryptography.
 *
 * @example
 * ```ts
 * const a = createPrng('seed|001090001234|name')
 * const b = createPrng('seed|001090001234|name')
 * a() === b() // true
 * ```
 */
export function createPrng(seed: string): Prng {
  return streamFrom(CYRB128_START, seed)
}

/** The four 32-bit words cyrb128 starts from. */
type HashState = readonly [number, number, number, number]

const CYRB128_START: HashState = [1779033703, 3144134277, 1013904242, 2773480762]

/** The cyrb128 loop over a string, resumed from `state`; resumable, so a shared prefix is hashed once. */
function absorb(state: HashState, text: string): HashState {
  let [h1, h2, h3, h4] = state
  for (let index = 0; index < text.length; index++) {
    const k = text.charCodeAt(index)
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067)
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233)
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213)
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179)
  }
  return [h1, h2, h3, h4]
}

/**
 * The generator for `state` (a hash resumed over a prefix) with `text` absorbed: cyrb128's last loop and
 * final mix, then an sfc32 generator seeded with the four words. A citizen opens a dozen streams, so the
 * state stays in locals (no array per stream).
 */
function streamFrom(state: HashState, text: string): Prng {
  let h1 = state[0]
  let h2 = state[1]
  let h3 = state[2]
  let h4 = state[3]
  for (let index = 0; index < text.length; index++) {
    const k = text.charCodeAt(index)
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067)
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233)
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213)
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179)
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067)
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233)
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213)
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179)
  h1 ^= h2 ^ h3 ^ h4
  h2 ^= h1
  h3 ^= h1
  h4 ^= h1
  let a = h1 | 0
  let b = h2 | 0
  let c = h3 | 0
  let d = h4 | 0
  // The first outputs of sfc32 still show its seed; discarding a few is the author's advice. Discarded
  // here, in locals, before the generator's closure captures the state.
  for (let round = 0; round < 8; round++) {
    const t = (((a + b) | 0) + d) | 0
    d = (d + 1) | 0
    a = b ^ (b >>> 9)
    b = (c + (c << 3)) | 0
    c = (c << 21) | (c >>> 11)
    c = (c + t) | 0
  }
  return sfc32(a, b, c, d)
}

/** Chris Doty-Humphrey's sfc32 from the four words of its state. */
function sfc32(a: number, b: number, c: number, d: number): Prng {
  return () => {
    const t = (((a + b) | 0) + d) | 0
    d = (d + 1) | 0
    a = b ^ (b >>> 9)
    b = (c + (c << 3)) | 0
    c = (c << 21) | (c >>> 11)
    c = (c + t) | 0
    return (t >>> 0) / 4294967296
  }
}

/**
 * The generators for the aspects of one citizen (`name`, `address`, ...): `streamsFor(seed, id)(aspect)`
 * equals `createPrng(seed + '\u001f' + id + '\u001f' + aspect)`, with the shared prefix hashed once. Each
 * aspect has its own stream, so drawing one more number for an address never shifts the name or the
 * insurance card of that citizen.
 *
 * @example
 * ```ts
 * const streamFor = streamsFor('dinhdanh', '001090001234')
 * const prng = streamFor('name')
 * ```
 */
export function streamsFor(seed: string, personalId: string): (aspect: string) => Prng {
  const prefix = absorb(CYRB128_START, `${seed}\u001f${personalId}\u001f`)
  return (aspect) => streamFrom(prefix, aspect)
}

/**
 * A whole number from `min` to `max`, both included.
 *
 * @example
 * ```ts
 * randomInt(createPrng('x'), 1, 6) // a die roll
 * ```
 */
export function randomInt(prng: Prng, min: number, max: number): number {
  return min + Math.floor(prng() * (max - min + 1))
}

/**
 * `true` with probability `p`.
 *
 * @example
 * ```ts
 * chance(createPrng('x'), 0.45) // true 45% of the time
 * ```
 */
export function chance(prng: Prng, p: number): boolean {
  return prng() < p
}

/**
 * One element of a non-empty list, each equally likely.
 *
 * @example
 * ```ts
 * pick(createPrng('x'), ['An', 'Bình', 'Cường'])
 * ```
 */
export function pick<T>(prng: Prng, items: readonly T[]): T {
  return items[Math.floor(prng() * items.length)]!
}

/**
 * A list of values with weights, prepared once (cumulative sums) so that drawing from it allocates
 * nothing.
 *
 * @example
 * ```ts
 * const surnames: WeightedTable<string> = weightedTable([['Nguyễn', 38], ['Trần', 11]])
 * ```
 */
export type WeightedTable<T> = {
  readonly values: readonly T[]
  readonly cumulative: readonly number[]
  readonly total: number
}

/**
 * Prepares a {@link WeightedTable}. Weights need not sum to 1 or 100.
 *
 * @throws {RangeError} when the table is empty or a weight is negative or not finite.
 * @example
 * ```ts
 * const table = weightedTable([['male', 51], ['female', 49]])
 * pickWeighted(createPrng('x'), table) // 'male' 51% of the time
 * ```
 */
export function weightedTable<T>(entries: readonly (readonly [T, number])[]): WeightedTable<T> {
  const values: T[] = []
  const cumulative: number[] = []
  let total = 0
  for (const [value, weight] of entries) {
    if (!Number.isFinite(weight) || weight < 0) throw new RangeError('expected weights >= 0')
    if (weight === 0) continue
    total += weight
    values.push(value)
    cumulative.push(total)
  }
  if (values.length === 0) throw new RangeError('expected at least one entry with a positive weight')
  return { values, cumulative, total }
}

/**
 * Draws from a {@link WeightedTable} (binary search over the cumulative weights).
 *
 * @example
 * ```ts
 * pickWeighted(createPrng('x'), weightedTable([['yes', 9], ['no', 1]])) // 'yes' 90% of the time
 * ```
 */
export function pickWeighted<T>(prng: Prng, table: WeightedTable<T>): T {
  const target = prng() * table.total
  let low = 0
  let high = table.cumulative.length - 1
  while (low < high) {
    const middle = (low + high) >>> 1
    if (table.cumulative[middle]! > target) high = middle
    else low = middle + 1
  }
  return table.values[low]!
}

import { describe, expect, it } from 'vitest'
import { createPrng, pickWeighted, randomInt, streamsFor, weightedTable } from './prng.js'

describe('createPrng', () => {
  it('gives the same sequence for the same seed and a different one for another seed', () => {
    const a = createPrng('dinhdanh')
    const b = createPrng('dinhdanh')
    const c = createPrng('dinhdanh2')
    const seqA = Array.from({ length: 20 }, () => a())
    expect(Array.from({ length: 20 }, () => b())).toEqual(seqA)
    expect(Array.from({ length: 20 }, () => c())).not.toEqual(seqA)
  })

  it('keeps the sequence of a known seed across versions (golden values)', () => {
    const prng = createPrng('dinhdanh')
    const words = Array.from({ length: 4 }, () => Math.floor(prng() * 4294967296))
    expect(words).toEqual(GOLDEN_WORDS)
  })

  it('stays in [0, 1) and spreads evenly', () => {
    const prng = createPrng('spread')
    const buckets = new Array<number>(10).fill(0)
    let outside = 0
    for (let i = 0; i < 100_000; i++) {
      const value = prng()
      if (!(value >= 0 && value < 1)) outside++
      else buckets[Math.floor(value * 10)]! += 1
    }
    expect(outside).toBe(0)
    for (const count of buckets) expect(Math.abs(count - 10_000)).toBeLessThan(500)
  })

  it('hashes non-ASCII seeds (Vietnamese text) deterministically', () => {
    expect(createPrng('Nguyễn')()).toBe(createPrng('Nguyễn')())
    expect(createPrng('Nguyễn')()).not.toBe(createPrng('Nguyen')())
  })

  it('gives independent streams per aspect, equal to hashing the whole string', () => {
    const streamFor = streamsFor('s', '001090001234')
    expect(streamFor('name')()).not.toBe(streamFor('phone')())
    expect(streamFor('name')()).toBe(createPrng('s\u001f001090001234\u001fname')())
    expect(streamFor('name')()).toBe(streamFor('name')())
  })
})

describe('random choice helpers', () => {
  it('randomInt covers both bounds', () => {
    const prng = createPrng('int')
    const seen = new Set<number>()
    for (let i = 0; i < 1000; i++) seen.add(randomInt(prng, 1, 6))
    expect([...seen].sort()).toEqual([1, 2, 3, 4, 5, 6])
  })

  it('pickWeighted follows the weights and skips zero weights', () => {
    const table = weightedTable([
      ['a', 9],
      ['never', 0],
      ['b', 1],
    ])
    const prng = createPrng('weights')
    let a = 0
    for (let i = 0; i < 10_000; i++) {
      const value = pickWeighted(prng, table)
      expect(value).not.toBe('never')
      if (value === 'a') a++
    }
    expect(a / 10_000).toBeGreaterThan(0.88)
    expect(a / 10_000).toBeLessThan(0.92)
  })

  it('weightedTable rejects empty tables and negative weights', () => {
    expect(() => weightedTable([])).toThrow(RangeError)
    expect(() => weightedTable([['x', -1]])).toThrow(RangeError)
  })
})

const GOLDEN_WORDS = [2577931445, 1792888679, 2131951431, 2463759195]

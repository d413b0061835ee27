import { describe, expect, it } from 'vitest'
import { testStorage } from './conformance.js'
import { createMemoryStorage, jsonTreeOf } from './memory-storage.js'

testStorage('memory', async () => {
  let now = Date.now()
  return { storage: createMemoryStorage({ clock: () => now }), advanceTime: (ms) => (now += ms) }
})

describe('createMemoryStorage', () => {
  it('keeps nothing between instances', async () => {
    const first = createMemoryStorage()
    const second = createMemoryStorage()
    await first.set('ns', 'k', 1)
    expect(await second.get('ns', 'k')).toBeUndefined()
    expect(first.kind).toBe('memory')
    await Promise.all([first.close(), second.close()])
  })

  it('sweeps expired entries on its timer', async () => {
    let now = Date.now()
    const storage = createMemoryStorage({ clock: () => now, purgeIntervalMs: 10 })
    await storage.set('ns', 'k', 1, { ttlSec: 1 })
    now += 1_001
    await new Promise((resolve) => setTimeout(resolve, 30))
    now -= 1_001
    // Had the sweep not run, moving the clock back would make the entry live again.
    expect(await storage.get('ns', 'k')).toBeUndefined()
    await storage.close()
  })
})

describe('jsonTreeOf (what the memory storage keeps, without JSON text for plain data)', () => {
  const roundTrip = (value: unknown): unknown => JSON.parse(JSON.stringify(value))

  class Point {
    constructor(
      readonly x: number,
      readonly y: number,
    ) {}
  }
  const nullPrototype = Object.assign(Object.create(null) as Record<string, unknown>, { a: 1, b: [null] })
  const withExtras = Object.assign([1, 2], { extra: 'left out' })
  const withGetter = {
    get computed() {
      return { at: 1 }
    },
  }
  const sparse = new Array<number>(3)
  sparse[0] = 1
  sparse[2] = 3
  const cases: Record<string, unknown> = {
    'nested plain data': { s: 'Đà Nẵng', n: 1.5, t: true, f: false, z: null, list: [1, 'hai', { ba: [3] }] },
    'undefined, functions and symbols': {
      u: undefined,
      fn: () => 1,
      sym: Symbol('s'),
      list: [undefined, () => 1, Symbol('s')],
    },
    'NaN, Infinity and -0': {
      nan: Number.NaN,
      inf: Number.POSITIVE_INFINITY,
      negative: -0,
      list: [Number.NaN, -0],
    },
    'a Date, a Map, a Set, a class instance, boxed values': {
      date: new Date(0),
      map: new Map([[1, 2]]),
      set: new Set([1]),
      point: new Point(1, 2),
      boxed: [new String('s'), new Number(1), new Boolean(false)],
    },
    'toJSON, at any depth': { outer: { toJSON: () => ({ replaced: true }) }, list: [{ toJSON: () => 'x' }] },
    'a toJSON that is not a function': { toJSON: 'just a field' },
    'a sparse array': sparse,
    'an array with extra properties': { list: withExtras },
    'a null-prototype object': { inner: nullPrototype },
    'a getter': withGetter,
    'integer-like keys (JSON order)': { b: 1, 2: 'two', a: 2, 1: 'one' },
    'strings with lone surrogates and escapes': { s: '\ud800 "quoted" \u0000 \n' },
    'a string at the top': 'text',
    'a number at the top': 42,
    'NaN at the top': Number.NaN,
    'false at the top': false,
    'null at the top': null,
    'an empty object and array': { o: {}, a: [] },
  }
  for (const [name, value] of Object.entries(cases)) {
    it(`gives what a JSON round trip gives: ${name}`, () => {
      const tree = jsonTreeOf(value)
      expect(tree).toStrictEqual(roundTrip(value))
      expect(JSON.stringify(tree)).toBe(JSON.stringify(value))
    })
  }

  it('keeps -0 as 0, as JSON does', () => {
    expect(Object.is((jsonTreeOf({ n: -0 }) as { n: number }).n, 0)).toBe(true)
    expect(Object.is((jsonTreeOf([-0]) as number[])[0], 0)).toBe(true)
  })

  it('keeps a "__proto__" key an own property and never sets a prototype through it', async () => {
    const value = JSON.parse('{"__proto__": {"polluted": true}, "a": {"__proto__": [1]}}')
    const tree = jsonTreeOf(value) as Record<string, unknown>
    expect(Object.getPrototypeOf(tree)).toBe(Object.prototype)
    expect(Object.hasOwn(tree, '__proto__')).toBe(true)
    expect((tree as { polluted?: boolean }).polluted).toBeUndefined()
    expect(JSON.stringify(tree)).toBe(JSON.stringify(value))
    const storage = createMemoryStorage()
    await storage.set('ns', 'k', value)
    const read = (await storage.get('ns', 'k')) as Record<string, unknown>
    expect(Object.getPrototypeOf(read)).toBe(Object.prototype)
    expect(JSON.stringify(read)).toBe(JSON.stringify(value))
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined()
    await storage.close()
  })

  it("refuses what JSON refuses, with JSON's errors", () => {
    const cyclic: Record<string, unknown> = { a: 1 }
    cyclic.self = { back: cyclic }
    expect(() => jsonTreeOf(cyclic)).toThrow(TypeError)
    expect(() => jsonTreeOf({ big: 1n })).toThrow(TypeError)
    expect(() => jsonTreeOf(undefined)).toThrow(TypeError)
    expect(() => jsonTreeOf(() => 1)).toThrow(TypeError)
  })

  it('copies every read: changing a read value, or the value set, deep inside, changes nothing stored', async () => {
    const storage = createMemoryStorage()
    const value = { a: { b: [{ c: 1 }] }, list: [[1]] }
    await storage.set('ns', 'k', value)
    value.a.b[0] = { c: 2 }
    value.list[0]?.push(2)
    const first = (await storage.get('ns', 'k')) as typeof value
    ;(first.a.b[0] as { c: number }).c = 3
    first.list[0]?.push(3)
    const listed = await storage.list<typeof value>('ns')
    ;(listed[0]?.value.a.b[0] as { c: number }).c = 4
    expect(await storage.get('ns', 'k')).toEqual({ a: { b: [{ c: 1 }] }, list: [[1]] })
    expect(await storage.get('ns', 'k')).not.toBe(await storage.get('ns', 'k'))
    await storage.close()
  })
})

describe('createMemoryStorage with values that are not plain data', () => {
  it('stores what a getter gave once', async () => {
    const storage = createMemoryStorage()
    let reads = 0
    await storage.set('ns', 'counted', {
      get n() {
        reads += 1
        return reads
      },
    })
    expect(reads).toBe(1)
    expect(await storage.get('ns', 'counted')).toEqual({ n: 1 })
    expect(await storage.get('ns', 'counted')).toEqual({ n: 1 })
    await storage.close()
  })

  it('stores a Date and a toJSON as JSON gives them, and hands out copies', async () => {
    const storage = createMemoryStorage()
    await storage.set('ns', 'k', { at: new Date(0), custom: { toJSON: () => ({ as: 'json' }) } })
    const read = (await storage.get('ns', 'k')) as { at: string; custom: { as: string } }
    expect(read).toEqual({ at: '1970-01-01T00:00:00.000Z', custom: { as: 'json' } })
    read.custom.as = 'changed'
    expect(await storage.get('ns', 'k')).toEqual({ at: '1970-01-01T00:00:00.000Z', custom: { as: 'json' } })
    expect(await storage.setIfAbsent('ns', 'k', { other: true })).toBe(false)
    await expect(storage.set('ns', 'bad', { big: 1n })).rejects.toThrow(TypeError)
    expect(await storage.get('ns', 'bad')).toBeUndefined()
    await storage.close()
  })
})

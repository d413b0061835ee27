/**
 * The synthetic population (`@dinhdanh/testing`, what the mock provider signs in): identity-only lookups
 * (a number to its identity claims), whole citizens (every attribute's claims), and the memory it holds
 * while walking numbers spread over 10^3 … 10^8 (it holds none: citizens are derived, never stored).
 * Goals (issue 13): identity-only ≥ 250,000/s and whole citizens ≥ 100,000/s per core. Run: `npm run bench`.
 */
import { ATTRIBUTE_NAMES } from '@dinhdanh/client/schemas'
import { citizenWithPersona, claimsFor, randomPersonalId } from '@dinhdanh/testing'
import { bench, describe } from 'vitest'

const ids = Array.from({ length: 4096 }, (_, i) => randomPersonalId('bench', i))
let cursor = 0
const nextId = () => ids[cursor++ & 4095] as string

/** RSS growth after deriving `count` citizens whose indexes are spread over 0 … 10^exp. */
function memoryWalk(exp: number, count = 20_000): number {
  globalThis.gc?.()
  const before = process.memoryUsage().rss
  const step = Math.max(1, Math.floor(10 ** exp / count))
  for (let i = 0; i < count; i++) {
    const citizen = citizenWithPersona(randomPersonalId('bench-memory', i * step))
    if (citizen) claimsFor(citizen, ['identity'])
  }
  globalThis.gc?.()
  return (process.memoryUsage().rss - before) / 2 ** 20
}
const walks = [3, 4, 5, 6, 7, 8].map((exp) => `10^${exp}: ${memoryWalk(exp).toFixed(1)} MiB`)
console.log(`population RSS growth, 20,000 citizens spread over: ${walks.join(', ')}`)

describe('population', () => {
  bench('a number (randomPersonalId)', () => {
    randomPersonalId('bench', cursor++)
  })
  bench('identity-only lookup (citizen + identity claims)', () => {
    const citizen = citizenWithPersona(nextId())
    if (citizen) claimsFor(citizen, ['identity'])
  })
  bench('whole citizen (citizen + every attribute)', () => {
    const citizen = citizenWithPersona(nextId())
    if (citizen) claimsFor(citizen, ATTRIBUTE_NAMES)
  })
})

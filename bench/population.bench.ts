/**
 * The synthetic population (`@dinhdanh/testing`, what the mock provider signs in): identity-only lookups
 * (a number to its identity claims), whole citizens (every attribute's claims, portrait included), and the
 * memory it holds while walking numbers spread over 10^3 … 10^8 (it holds none: citizens are derived, never
 * stored). Goals (issue 13): identity-only ≥ 250,000/s and whole citizens ≥ 100,000/s per core.
 * Run: `npm run bench`.
 */
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { ATTRIBUTE_NAMES } from '@dinhdanh/client/schemas'
import { citizenWithPersona, claimsFor, randomPersonalId } from '@dinhdanh/testing'
import { bench, describe } from 'vitest'

const ids = Array.from({ length: 4096 }, (_, i) => randomPersonalId('bench', i))
let cursor = 0
const nextId = () => ids[cursor++ & 4095] as string

const identityLookup = (personalId: string) => {
  const citizen = citizenWithPersona(personalId)
  if (citizen) claimsFor(citizen, ['identity'])
}
const wholeCitizen = (personalId: string) => {
  const citizen = citizenWithPersona(personalId)
  if (citizen) claimsFor(citizen, ATTRIBUTE_NAMES)
}

// A real collection before each reading (vitest runs without --expose-gc): without it the growth measured
// is mostly garbage not yet collected.
setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void

/** RSS and heap growth (MiB, after a full collection) from deriving `count` citizens spread over 0 … 10^exp. */
function memoryWalk(derive: (personalId: string) => void, exp: number, count = 20_000): string {
  gc()
  const before = process.memoryUsage()
  const step = Math.max(1, Math.floor(10 ** exp / count))
  for (let i = 0; i < count; i++) derive(randomPersonalId('bench-memory', i * step))
  gc()
  const after = process.memoryUsage()
  const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(2)
  return `10^${exp}: ${mib(after.rss - before.rss)} / ${mib(after.heapUsed - before.heapUsed)}`
}
const walks = (derive: (personalId: string) => void) => {
  memoryWalk(derive, 3) // warm-up: compiled code and the tables made on first use are not growth
  return [3, 4, 5, 6, 7, 8].map((exp) => memoryWalk(derive, exp)).join(', ')
}
console.log(`population RSS / heap growth (MiB), 20,000 identity lookups over: ${walks(identityLookup)}`)
console.log(`population RSS / heap growth (MiB), 20,000 whole citizens over: ${walks(wholeCitizen)}`)

/** CPU time (µs, `process.cpuUsage`) per call: steadier than throughput on a machine shared with other work. */
function cpuPerCall(derive: (personalId: string) => void, count = 40_000): number {
  for (let i = 0; i < count; i++) derive(nextId())
  const start = process.cpuUsage()
  for (let i = 0; i < count; i++) derive(nextId())
  const used = process.cpuUsage(start)
  return (used.user + used.system) / count
}
console.log(
  `population CPU per call: identity-only ${cpuPerCall(identityLookup).toFixed(2)} µs, whole citizen ${cpuPerCall(wholeCitizen).toFixed(2)} µs`,
)

describe('population', () => {
  bench('a number (randomPersonalId)', () => {
    randomPersonalId('bench', cursor++)
  })
  bench('identity-only lookup (citizen + identity claims)', () => {
    identityLookup(nextId())
  })
  bench('whole citizen (citizen + every attribute)', () => {
    wholeCitizen(nextId())
  })
})

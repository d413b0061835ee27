/**
 * Start-up of the mock provider against bare oidc-provider 9 (bench/support/bare-provider.mjs): from the
 * process's spawn to the first answer of `/.well-known/openid-configuration`, and the process's CPU until
 * then (/proc). The mock runs its built CLI with `--auto-approve` on each store: memory (it makes its signing
 * keys at start), SQLite on a new file (the same), and Redis with its keys already stored (after the first
 * start). BENCH_STARTS (12) rounds, variants interleaved and their order rotated each round; each figure is
 * the median of the same-round ratios to bare, then the median in ms. The first round only warms the disk
 * and Node's compile cache (Node 22+; the mock turns it on, bare does not) and is not counted.
 * Run: `npm run bench`, or `npx vitest bench --run --config bench/vitest.config.ts startup`.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { testClient } from '@dinhdanh/test/support/clients.js'
import { startRedisServer } from '@dinhdanh/test/support/redis-server.js'
import { afterAll, bench, describe } from 'vitest'
import { processStats } from './support/process-stats.js'
import { spawnProvider } from './support/provider-process.js'

const STARTS = Number(process.env.BENCH_STARTS ?? 12)
const root = fileURLToPath(new URL('..', import.meta.url))
const dir = mkdtempSync(join(tmpdir(), 'startup-bench-'))
const rp = await testClient('startup-rp')
const clients = join(dir, 'clients.json')
writeFileSync(clients, JSON.stringify([rp.metadata]))
const bareClients = join(dir, 'bare-clients.json')
writeFileSync(
  bareClients,
  JSON.stringify([
    { ...rp.metadata, id_token_signed_response_alg: 'ES256', backchannel_token_delivery_mode: undefined },
  ]),
)
const redis = await startRedisServer()
afterAll(async () => {
  await redis.stop()
  rmSync(dir, { recursive: true, force: true })
})

type Variant = 'bare' | 'memory' | 'sqlite' | 'redis'
/** BENCH_STORES (`memory,sqlite,redis`) picks the stores, e.g. without SQLite on a Node its driver is not built for. */
const VARIANTS: Variant[] = [
  'bare',
  ...((process.env.BENCH_STORES ?? 'memory,sqlite,redis').split(',') as Variant[]),
]

/** Starts one provider, waits for its first discovery answer, and stops it. */
async function startOnce(variant: Variant, round: number): Promise<{ ms: number; cpuMs: number }> {
  const args =
    variant === 'bare'
      ? [join(root, 'bench/support/bare-provider.mjs'), bareClients]
      : [
          process.env.BENCH_MOCK_CLI ?? join(root, 'mock-idp/dist/cli.js'),
          ...[
            '--port',
            '0',
            '--log-level',
            'silent',
            '--auto-approve',
            '--clients',
            clients,
            '--store',
            variant,
          ],
          ...(variant === 'sqlite' ? ['--sqlite-file', join(dir, `start-${round}.sqlite`)] : []),
          ...(variant === 'redis' ? ['--redis-url', redis.url] : []),
        ]
  const began = performance.now()
  const { child, ready } = spawnProvider(variant, args)
  try {
    const url = await ready
    const discovery = await fetch(`${url}/.well-known/openid-configuration`)
    await discovery.text()
    const ms = performance.now() - began
    return { ms, cpuMs: processStats(child.pid as number).cpuMs }
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve))
    child.kill('SIGKILL')
    await exited
  }
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2
}

const rows = Object.fromEntries(VARIANTS.map((variant) => [variant, []])) as unknown as Record<
  Variant,
  Array<{ ms: number; cpuMs: number }>
>
for (let round = 0; round <= STARTS; round++) {
  const order = VARIANTS.map((_, i) => VARIANTS[(i + round) % VARIANTS.length] as Variant)
  for (const variant of order) {
    const figures = await startOnce(variant, round)
    if (round > 0) rows[variant].push(figures) // round 0 warms the disk cache and the compile cache
  }
}
const table: Record<string, Record<string, string>> = {}
for (const variant of VARIANTS) {
  const ratios = (key: 'ms' | 'cpuMs') =>
    rows[variant].map((row, i) => row[key] / (rows.bare[i]?.[key] as number))
  table[variant] = {
    'start-up ms (median)': median(rows[variant].map((row) => row.ms)).toFixed(0),
    'ratio to bare (median)': variant === 'bare' ? '1' : median(ratios('ms')).toFixed(2),
    'ratio q25-q75': variant === 'bare' ? '' : quartiles(ratios('ms')),
    'CPU ms (median)': median(rows[variant].map((row) => row.cpuMs)).toFixed(0),
    'CPU ratio (median)': variant === 'bare' ? '1' : median(ratios('cpuMs')).toFixed(2),
  }
}
function quartiles(values: number[]): string {
  const sorted = [...values].sort((a, b) => a - b)
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number
  return `${at(0.25).toFixed(2)}-${at(0.75).toFixed(2)}`
}
console.log(
  `\nstart-up to the first discovery answer, ${STARTS} interleaved starts per variant, Node ${process.version} (goal: ≤ 1.2× bare):`,
)
console.table(table)

describe('start-up (the table above holds the figures)', () => {
  bench('noop', () => {})
})

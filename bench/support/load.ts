import { processStats } from './process-stats.js'

/** What {@link measureLoad} measures: sign-ins per second, latency quantiles (ms), the provider's CPU per sign-in (ms). */
export interface LoadFigures {
  perSec: number
  p50: number
  p99: number
  cpuMsPerSignIn: number
}

/**
 * Runs `signIn` `concurrency` at a time for `ms` milliseconds against a provider process `pid`, after 8
 * warm-up sign-ins (a failing warm-up names `name` and the provider's error), and measures the provider's
 * CPU from /proc over the same window.
 *
 * @example
 * ```ts
 * const figures = await measureLoad({ name: 'memory', pid, concurrency: 16, ms: 4000, signIn: () => signIn(config) })
 * ```
 */
export async function measureLoad(options: {
  name: string
  pid: number
  concurrency: number
  ms: number
  signIn: () => Promise<void>
}): Promise<LoadFigures> {
  const { name, pid, concurrency, ms, signIn } = options
  for (let i = 0; i < 8; i++)
    await signIn().catch((error) => {
      throw new Error(`${name}: ${error.error ?? ''} ${error.error_description ?? error.message}`)
    })
  const latencies: number[] = []
  const before = processStats(pid).cpuMs
  const began = performance.now()
  const until = began + ms
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < until) {
        const t = performance.now()
        await signIn()
        latencies.push(performance.now() - t)
      }
    }),
  )
  const elapsed = performance.now() - began
  const cpu = processStats(pid).cpuMs - before
  latencies.sort((a, b) => a - b)
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0
  return {
    perSec: (latencies.length * 1000) / elapsed,
    p50: at(0.5),
    p99: at(0.99),
    cpuMsPerSignIn: cpu / latencies.length,
  }
}

/**
 * The benches' printed table: for each variant and metric the mean over the rounds and, except for `bare`,
 * the range of its ratios to `bare` *in the same round* (`results[variant][round]`).
 *
 * @example
 * ```ts
 * console.table(ratioTable({ bare: [{ 'sign-ins/s': 200 }], memory: [{ 'sign-ins/s': 140 }] }))
 * // { bare: { 'sign-ins/s': '200.0' }, memory: { 'sign-ins/s': '140.0 (0.70-0.70×)' } }
 * ```
 */
export function ratioTable(
  results: Record<string, Array<Record<string, number>>>,
): Record<string, Record<string, string>> {
  const bare = results.bare ?? []
  const table: Record<string, Record<string, string>> = {}
  for (const [variant, rows] of Object.entries(results)) {
    const cells: Record<string, string> = {}
    for (const metric of Object.keys(bare[0] ?? {})) {
      const values = rows.map((row) => row[metric] as number)
      const ratios = rows.map((row, i) => (row[metric] as number) / (bare[i]?.[metric] as number))
      const mean = values.reduce((a, b) => a + b, 0) / values.length
      const range = `${Math.min(...ratios).toFixed(2)}-${Math.max(...ratios).toFixed(2)}×`
      cells[metric] = variant === 'bare' ? mean.toFixed(1) : `${mean.toFixed(1)} (${range})`
    }
    table[variant] = cells
  }
  return table
}

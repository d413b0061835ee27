import { readFileSync } from 'node:fs'

/**
 * CPU time and memory of a process from Linux's /proc, for the provider benches: `cpuMs` (user + system,
 * at 100 ticks a second), `rssMiB` (resident now, `VmRSS`) and `peakMiB` (the high-water mark, `VmHWM`).
 *
 * @example
 * ```ts
 * const before = processStats(pid).cpuMs
 * ```
 */
export function processStats(pid: number): { cpuMs: number; rssMiB: number; peakMiB: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? []
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  return {
    cpuMs: ((Number(stat[11]) + Number(stat[12])) * 1000) / 100,
    rssMiB: Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]) / 1024,
    peakMiB: Number(/VmHWM:\s+(\d+)/.exec(status)?.[1]) / 1024,
  }
}

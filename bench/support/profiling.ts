import { fileURLToPath } from 'node:url'

/**
 * The arguments to spawn a provider with: as given, or, with `BENCH_PROFILE=<dir>`, run under
 * bench/support/profiled.mjs, which writes a CPU profile of a window of the load into <dir> (see
 * bench/README.md, "Profiling a provider").
 *
 * @example
 * ```ts
 * spawn(process.execPath, withProfiler(['mock-idp/dist/cli.js', '--store', 'memory']))
 * ```
 */
export function withProfiler(args: string[]): string[] {
  if (!process.env.BENCH_PROFILE) return args
  return [fileURLToPath(new URL('./profiled.mjs', import.meta.url)), ...args]
}

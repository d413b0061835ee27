// Runs a provider under the CPU profiler, for bench/provider.bench.ts and bench/screen-flow.bench.ts with
// BENCH_PROFILE=<dir>: `node profiled.mjs <script> [args…]` imports <script> with those arguments, starts
// node:inspector's sampling profiler (200 µs) BENCH_PROFILE_DELAY_MS (1000) after start, and writes
// <dir>/<name>-<pid>.cpuprofile and a .json with the requests it served BENCH_PROFILE_MS (6000) later. The
// benches kill a provider after its two loads (about 1 s + 2 × BENCH_MS): with BENCH_MS below 4000 the
// window outlives the provider and no file appears in <dir>.
// In-process because the benches end their providers with SIGKILL, so `--cpu-prof` would never write.
// Summarise with `node bench/support/profile-summary.mjs <dir>`.
import { createHash } from 'node:crypto'
import { mkdirSync, writeFileSync } from 'node:fs'
import { Server } from 'node:http'
import { Session } from 'node:inspector/promises'
import { basename, join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'

const [, , target, ...rest] = process.argv
const dir = process.env.BENCH_PROFILE
if (!target || !dir) throw new Error('usage: BENCH_PROFILE=<dir> node profiled.mjs <script> [args…]')
mkdirSync(dir, { recursive: true })
process.argv.splice(1, 2, target) // the script sees its own arguments, as if run directly
// Two builds of the mock in one run (BENCH_COMPARE_CLI) have the same file name: a short digest of the
// script's full path tells their profiles apart (the .json holds the path itself).
const name = `${basename(target, '.mjs').replace(/\.js$/, '')}-${rest.includes('--store') ? rest[rest.indexOf('--store') + 1] : 'bare'}-${createHash('sha256').update(resolve(target)).digest('hex').slice(0, 6)}`

// Counts the requests served in the profiled window, by path, and the connections opened, so figures can be given per sign-in.
const requests = {}
let counting = false
const emit = Server.prototype.emit
Server.prototype.emit = function (event, req, ...args) {
  if (counting && event === 'connection')
    requests['(new connections)'] = (requests['(new connections)'] ?? 0) + 1
  if (counting && event === 'request') {
    const path = String(req.url)
      .split('?')[0]
      .replace(/\/[\w-]{20,}(?=\/|$)/g, '/:id')
    requests[path] = (requests[path] ?? 0) + 1
  }
  return emit.call(this, event, req, ...args)
}

const session = new Session()
session.connect()
await session.post('Profiler.enable')
await session.post('Profiler.setSamplingInterval', { interval: 200 })
setTimeout(
  async () => {
    counting = true
    await session.post('Profiler.start')
    setTimeout(
      async () => {
        const { profile } = await session.post('Profiler.stop')
        counting = false
        const file = join(dir, `${name}-${process.pid}`)
        writeFileSync(`${file}.cpuprofile`, JSON.stringify(profile))
        writeFileSync(`${file}.json`, JSON.stringify({ name, target: resolve(target), requests }))
        process.stderr.write(`profile written: ${file}.cpuprofile\n`)
      },
      Number(process.env.BENCH_PROFILE_MS ?? 6000),
    ).unref()
  },
  Number(process.env.BENCH_PROFILE_DELAY_MS ?? 1000),
).unref()

await import(pathToFileURL(target).href)

// Summarises the profiles bench/support/profiled.mjs wrote: self time per sign-in (µs, per `/token`
// request served in the window), grouped by where the code lives, one column per profile.
// Usage: node bench/support/profile-summary.mjs <dir> [--by package|function] [--top N]
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseArgs } from 'node:util'

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { by: { type: 'string', default: 'package' }, top: { type: 'string', default: '25' } },
})
const dir = positionals[0]
if (!dir) throw new Error('usage: node profile-summary.mjs <dir> [--by package|function] [--top N]')

/** Where a frame's code lives: a package, Node's core, the kit's own packages, or V8's buckets. */
function placeOf(frame) {
  const { url, functionName } = frame
  if (!url) {
    if (functionName === '(garbage collector)') return 'garbage collection'
    if (functionName === '(idle)') return '(idle)'
    return 'native (socket writes, crypto, microtasks, …)'
  }
  if (url.startsWith('node:')) return 'Node core'
  const modules = url.lastIndexOf('/node_modules/')
  if (modules >= 0) {
    const parts = url.slice(modules + '/node_modules/'.length).split('/')
    const pkg = parts[0]?.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]
    return pkg
  }
  for (const [needle, label] of [
    ['/mock-idp/', '@dinhdanh/mock-idp (the mock itself)'],
    ['/packages/testing/', '@dinhdanh/testing'],
    ['/packages/client/', '@dinhdanh/client'],
    ['/bench/', 'bench scripts'],
  ])
    if (url.includes(needle)) return label
  return url
}

const columns = []
for (const file of readdirSync(dir)
  .filter((f) => f.endsWith('.cpuprofile'))
  .sort()) {
  const profile = JSON.parse(readFileSync(join(dir, file), 'utf8'))
  const meta = JSON.parse(readFileSync(join(dir, file.replace(/\.cpuprofile$/, '.json')), 'utf8'))
  const signIns = meta.requests['/token'] ?? 0
  const byNode = new Map(profile.nodes.map((node) => [node.id, node]))
  const selfUs = new Map()
  const deltas = profile.timeDeltas
  for (let i = 0; i < profile.samples.length; i++) {
    const node = byNode.get(profile.samples[i])
    const frame = node.callFrame
    if (frame.functionName === '(idle)' && !frame.url) continue
    const key =
      values.by === 'function'
        ? `${placeOf(frame)}: ${frame.functionName || '(anonymous)'} ${frame.url.split('/').pop()}:${frame.lineNumber + 1}`
        : placeOf(frame)
    selfUs.set(key, (selfUs.get(key) ?? 0) + (deltas[i + 1] ?? 0))
  }
  const busy = [...selfUs.values()].reduce((a, b) => a + b, 0)
  columns.push({
    name: `${meta.name} (${signIns} sign-ins)`,
    target: meta.target,
    signIns,
    selfUs,
    busy,
    requests: meta.requests,
  })
}
if (columns.length === 0) throw new Error(`no .cpuprofile in ${dir}`)

const keys = new Map()
for (const column of columns)
  for (const [key, us] of column.selfUs)
    keys.set(key, Math.max(keys.get(key) ?? 0, us / (column.signIns || 1)))
const top = [...keys].sort((a, b) => b[1] - a[1]).slice(0, Number(values.top))
const table = {}
for (const [key] of top)
  table[key] = Object.fromEntries(
    columns.map((c) => [c.name, Math.round((c.selfUs.get(key) ?? 0) / (c.signIns || 1))]),
  )
table['busy in all'] = Object.fromEntries(columns.map((c) => [c.name, Math.round(c.busy / (c.signIns || 1))]))
console.log('self time, µs per sign-in (profiled: the profiler itself inflates every figure)')
console.table(table)
for (const column of columns) {
  const perSignIn = Object.entries(column.requests)
    .sort((a, b) => b[1] - a[1])
    .map(([path, n]) => `${path} ${(n / (column.signIns || 1)).toFixed(2)}`)
  console.log(`${column.name}: ${column.target ?? ''}\n  requests per sign-in: ${perSignIn.join(', ')}`)
}

#!/usr/bin/env node
// The one test command (`npm test`): lint, build, typecheck, package checks, then every vitest project
// with coverage. Ends with a plain "N passed, N failed, N skipped" line that CI reads.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync } from 'node:fs'

const steps = [
  ['lint', 'npx', ['biome', 'ci', '--colors=off', '.']],
  ['build', 'npm', ['run', 'build']],
  ['typecheck', 'npx', ['tsc', '-p', 'tsconfig.json', '--noEmit']],
  ['package checks', 'npm', ['run', 'check:packages', '--silent']],
]

function run(name, command, args) {
  console.log(`\n▶ ${name}: ${command} ${args.join(' ')}`)
  const result = spawnSync(command, args, { stdio: 'inherit' })
  if (result.status !== 0) {
    console.error(`\n✖ ${name} failed (exit ${result.status ?? result.signal})`)
    console.log('0 passed, 1 failed')
    process.exit(result.status || 1)
  }
}

for (const [name, command, args] of steps) run(name, command, args)

mkdirSync('coverage', { recursive: true })
// CHROMIUM_PATH, when set, is the only place looked at (CHROMIUM_PATH=none shows what happens without).
const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium'
const chromium = existsSync(chromiumPath) ? chromiumPath : undefined
if (!chromium) {
  console.warn(
    '\n⚠⚠⚠ BROWSER TESTS WILL BE SKIPPED: no Chromium at /usr/bin/chromium (or CHROMIUM_PATH).\n' +
      '    Install it (`apt-get install -y chromium` on Debian; `.ci/run` does) or set CHROMIUM_PATH, then run `npm test` again. ⚠⚠⚠',
  )
}
// oidc-provider 9 (the engine of mock-idp and of test/support's provider) asks for Node 22 LTS or later and, on
// Node 20, warns once per load: once per test file that loads it. Say once here what those lines mean.
if (Number(process.versions.node.split('.')[0]) < 22) {
  console.log(
    `\nℹ Node ${process.version}: the "oidc-provider WARNING: Unsupported runtime. Use Node.js v22.x LTS" lines below are` +
      '\n  expected (one per test file that loads oidc-provider); dinhdanh is tested on Node 20.19+ and 24 (README).',
  )
}
const extra = process.argv.slice(2)
console.log('\n▶ tests: vitest run --coverage')
const vitest = spawnSync(
  'npx',
  [
    'vitest',
    'run',
    '--coverage',
    '--reporter=default',
    '--reporter=json',
    '--outputFile.json=coverage/vitest.json',
    ...extra,
  ],
  { stdio: 'inherit' },
)
let summary = { numPassedTests: 0, numFailedTests: 1, numPendingTests: 0, numTodoTests: 0 }
try {
  summary = JSON.parse(readFileSync('coverage/vitest.json', 'utf8'))
} catch {
  console.error('✖ vitest wrote no JSON report')
}
const skipped = summary.numPendingTests + summary.numTodoTests
if (skipped > 0) console.warn(`\n⚠ ${skipped} test(s) were SKIPPED; see the lines above for why.`)
if (!chromium) console.warn('⚠ The browser tests (test/e2e) were SKIPPED: Chromium is not installed.')
console.log(`\n${summary.numPassedTests} passed, ${summary.numFailedTests} failed, ${skipped} skipped`)
process.exit(vitest.status === 0 && summary.numFailedTests === 0 ? 0 : 1)

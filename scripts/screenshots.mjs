#!/usr/bin/env node
// `npm run screenshots`: runs the browser journeys (test/e2e) and writes their screenshots to
// docs/screenshots (the README shows them). Needs Chromium (see README.md). Builds first.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'

// CHROMIUM_PATH, when set, is the only place looked at (CHROMIUM_PATH=none shows what happens without).
const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium'
const chromium = existsSync(chromiumPath) ? chromiumPath : undefined
if (!chromium) {
  console.error('No Chromium at /usr/bin/chromium (or CHROMIUM_PATH): `apt-get install -y chromium` first.')
  process.exit(1)
}
const build = spawnSync('npm', ['run', 'build', '--silent'], { stdio: 'inherit' })
if (build.status !== 0) process.exit(build.status ?? 1)
const run = spawnSync('npx', ['vitest', 'run', '--project', 'e2e'], {
  stdio: 'inherit',
  env: { ...process.env, SCREENSHOT_DIR: 'docs/screenshots' },
})
process.exit(run.status ?? 1)

#!/usr/bin/env node
// `npm run screenshots`: runs the browser journeys (test/e2e) and writes their screenshots to
// docs/screenshots (the README shows them). Needs Chromium (see README.md). Builds first.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'

const chromium = [process.env.CHROMIUM_PATH, '/usr/bin/chromium'].find((path) => path && existsSync(path))
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

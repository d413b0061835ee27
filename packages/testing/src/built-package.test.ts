import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { beforeAll, describe, expect, it } from 'vitest'
import { citizenWithPersona, personas } from './personas.js'
import { citizenFor } from './population/citizen-for.js'
import { randomPersonalId } from './population/random-personal-id.js'

/**
 * Determinism across processes and across the build: a fresh Node.js process imports the PUBLIC package
 * name `@dinhdanh/testing` (resolved through its `exports` map to dist/) and must produce, byte for byte,
 * the citizens this process computes from the sources.
 */

const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '..')
const builtEntry = join(packageRoot, 'dist', 'index.js')

const SCRIPT = `
import { citizenFor, citizenWithPersona, personas, randomPersonalId } from '@dinhdanh/testing'
const ids = Array.from({ length: 50 }, (_, index) => randomPersonalId('cross-process', index))
const citizens = ids.map((id) => citizenFor(id))
const other = ids.slice(0, 5).map((id) => citizenFor(id, { seed: 'other', today: '2030-01-01' }))
const personaCitizens = Object.values(personas).map((persona) => citizenWithPersona(persona.personalId))
process.stdout.write(JSON.stringify({ ids, citizens, other, personaCitizens }))
`

function inProcess(): string {
  const ids = Array.from({ length: 50 }, (_, index) => randomPersonalId('cross-process', index))
  const citizens = ids.map((id) => citizenFor(id))
  const other = ids.slice(0, 5).map((id) => citizenFor(id, { seed: 'other', today: '2030-01-01' }))
  const personaCitizens = Object.values(personas).map((persona) => citizenWithPersona(persona.personalId))
  return JSON.stringify({ ids, citizens, other, personaCitizens })
}

function runInFreshProcess(): string {
  const result = spawnSync(process.execPath, ['--input-type=module', '--eval', SCRIPT], {
    cwd: packageRoot,
    encoding: 'utf8',
    timeout: 30_000,
    env: { ...process.env, TZ: 'Pacific/Kiritimati', LANG: 'C' },
  })
  if (result.status !== 0)
    throw new Error(`the child process failed (exit ${result.status}): ${result.stderr}`)
  return result.stdout
}

describe('@dinhdanh/testing built output', () => {
  beforeAll(() => {
    if (!existsSync(builtEntry)) {
      throw new Error(
        'packages/testing/dist is missing: build it first with `cd packages/testing && npx tsup`',
      )
    }
  })

  it('gives the same 50 citizens and personas in a fresh process (other time zone) as in this one', () => {
    const child = runInFreshProcess()
    const here = inProcess()
    expect(child.length).toBeGreaterThan(10_000)
    expect(
      child,
      'dist/ differs from src/: if you changed the sources, rebuild with `cd packages/testing && npx tsup`',
    ).toBe(here)
  })

  it('gives the same output in two fresh processes', () => {
    expect(runInFreshProcess()).toBe(runInFreshProcess())
  })
})

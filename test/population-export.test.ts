import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createMockIdp, type MockIdp } from '@dinhdanh/mock-idp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testClient } from './support/clients.js'
import { MOCK_IDP_CLI } from './support/mock-idp-process.js'
import { autoApprovedSignIn, sdkFor } from './support/sign-in-load.js'

/** `npx @dinhdanh/mock-idp population export`: what it writes is what the provider signs in. */
const dir = mkdtempSync(join(tmpdir(), 'population-export-'))
let idp: MockIdp
const seed = 'export-test'
beforeAll(async () => {
  idp = await createMockIdp({
    port: 0,
    store: 'memory',
    logLevel: 'silent',
    autoApprove: true,
    seed,
    clients: [(await rp).metadata],
  })
})
afterAll(async () => {
  await idp?.close()
  rmSync(dir, { recursive: true, force: true })
})
const rp = testClient('export-rp')

const exportCitizens = (...args: string[]) =>
  spawnSync(process.execPath, [MOCK_IDP_CLI, 'population', 'export', ...args], { encoding: 'utf8' })

describe('mock-idp population export', () => {
  it('an exported citizen signs in with exactly the exported claims (same seed)', async () => {
    const out = join(dir, 'citizens.jsonl')
    const result = exportCitizens(
      '--count',
      '40',
      '--seed',
      seed,
      '--attributes',
      'identity,health_insurance',
      '--out',
      out,
    )
    expect(result.status, result.stderr).toBe(0)
    const rows = readFileSync(out, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>)
    expect(rows).toHaveLength(40)
    const citizen = rows.find(
      (row) => row.level === 2 && row.account_status === 'active' && row.health_insurance,
    )
    expect(citizen).toBeDefined()
    const eid = await sdkFor(idp.url, await rp)
    const signedIn = await autoApprovedSignIn(eid, await rp, String(citizen?.personal_id), 2)
    const userinfo = (await (
      await fetch(`${idp.url}/me`, { headers: { authorization: `Bearer ${signedIn.tokens.accessToken}` } })
    ).json()) as Record<string, unknown>
    const { level, account_status, ...claims } = citizen as Record<string, unknown>
    for (const [name, value] of Object.entries(claims)) expect(userinfo[name], name).toEqual(value)
    expect(signedIn.citizen?.personalId).toBe(citizen?.personal_id)
  })

  it('is deterministic, writes CSV with a header, and refuses bad arguments with exit code 2', () => {
    const a = exportCitizens('--count', '5', '--seed', seed, '--format', 'csv')
    const b = exportCitizens('--count', '5', '--seed', seed, '--format', 'csv')
    expect(a.status).toBe(0)
    expect(a.stdout).toBe(b.stdout)
    const lines = a.stdout.trim().split('\n')
    expect(lines[0]).toBe(
      'personal_id,level,account_status,name,family_name,middle_name,given_name,birthdate,gender',
    )
    expect(lines).toHaveLength(6)
    const bad = exportCitizens('--count', 'many', '--format', 'xml', '--attributes', 'identity,shoe_size')
    expect(bad.status).toBe(2)
    expect(bad.stderr).toMatch(/--count/)
    expect(bad.stderr).toMatch(/--format/)
    expect(bad.stderr).toMatch(/shoe_size/)
  })
})

import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import http from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseEnv } from 'node:util'
import { createMockIdp, type MockIdp } from '@dinhdanh/mock-idp'
import { personas } from '@dinhdanh/testing'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { signInThroughRealProvider } from '../real-mock.js'

/**
 * docs/integrate-client.md, followed literally: the keys of step 1 (the same keys.ts as the Express
 * guide), the mock provider with that clients.json, the handler with that .env, a sign-in through the
 * provider, and server.ts on port 3000. (app.test.ts, the guide's first test, runs on its own.)
 */
const dir = mkdtempSync(join(tmpdir(), 'dinhdanh-guide-client-'))
const cwd = process.cwd()
let idp: MockIdp | undefined
let env: Record<string, string> = {}

beforeAll(async () => {
  process.chdir(dir)
  try {
    await import('../express/keys.js')
  } finally {
    process.chdir(cwd)
  }
  env = parseEnv(readFileSync(join(dir, '.env'), 'utf8')) as Record<string, string>
  idp = await createMockIdp({
    port: 0,
    store: 'memory',
    autoApprove: true,
    logLevel: 'silent',
    clients: JSON.parse(readFileSync(join(dir, 'clients.json'), 'utf8')),
  })
  await fetch(`${idp.url}/__admin/settings`, {
    method: 'PATCH',
    headers: { authorization: `Bearer ${idp.adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ autoApproveAs: personas.teen16.personalId }),
  })
})
afterAll(async () => {
  await idp?.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('docs/integrate-client.md', () => {
  it('signs a citizen in through the real mock provider', async () => {
    const { createHandler } = await import('./app.js')
    const handler = await createHandler({ ...env, EID_ISSUER: idp?.url ?? '' })
    const { page, callbackStatus } = await signInThroughRealProvider(handler, {
      loginPath: '/login',
      redirectUri: 'http://localhost:3000/auth/callback',
    })
    expect(callbackStatus).toBe(200)
    expect(await page.json()).toEqual({ name: 'Huỳnh Gia Bảo', adult: false })
  })

  it('server.ts listens on port 3000 with the handler', async () => {
    vi.stubEnv('EID_ISSUER', idp?.url ?? '')
    for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value)
    const listen = vi.spyOn(http.Server.prototype, 'listen').mockImplementation(function (this: http.Server) {
      return this
    })
    try {
      await import('./server.js')
      expect(listen).toHaveBeenCalledWith(3000, expect.any(Function))
    } finally {
      listen.mockRestore()
      vi.unstubAllEnvs()
    }
  })
})

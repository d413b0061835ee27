import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseEnv } from 'node:util'
import { createMockIdp, type MockIdp } from '@dinhdanh/mock-idp'
import { personas } from '@dinhdanh/testing'
import express from 'express'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { signInThroughRealProvider } from '../real-mock.js'

/**
 * docs/integrate-express.md, followed literally: keys.ts writes clients.json and .env in the current
 * directory, the mock provider starts with that clients.json, the app with that .env signs a citizen in,
 * and server.ts listens on 3000. (app.test.ts, the guide's first test, runs on its own.)
 */
const dir = mkdtempSync(join(tmpdir(), 'dinhdanh-guide-express-'))
const cwd = process.cwd()
let idp: MockIdp | undefined
let env: Record<string, string> = {}
let clients: unknown[] = []

beforeAll(async () => {
  process.chdir(dir)
  try {
    await import('./keys.js')
  } finally {
    process.chdir(cwd)
  }
  clients = JSON.parse(readFileSync(join(dir, 'clients.json'), 'utf8'))
  // Node's own .env parser (the one behind --env-file) must read what keys.ts wrote.
  env = parseEnv(readFileSync(join(dir, '.env'), 'utf8')) as Record<string, string>
})
afterAll(async () => {
  await idp?.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('docs/integrate-express.md', () => {
  it('keys.ts: the public key goes to the registration, the private key and a secret to .env', () => {
    const [registration] = clients as [{ client_id: string; jwks: { keys: Record<string, string>[] } }]
    const [publicJwk] = registration.jwks.keys
    const privateJwk = JSON.parse(env.EID_PRIVATE_JWK ?? '{}') as Record<string, string>
    expect(registration.client_id).toBe('my-shop')
    expect(publicJwk).not.toHaveProperty('d') // no private part in what is registered
    expect(privateJwk.d).toEqual(expect.any(String))
    expect({ x: privateJwk.x, y: privateJwk.y, kid: privateJwk.kid }).toEqual({
      x: publicJwk?.x,
      y: publicJwk?.y,
      kid: publicJwk?.kid,
    })
    expect(env.SESSION_SECRET?.length).toBeGreaterThanOrEqual(32)
  })

  it('signs a citizen in through the real mock provider with those files', async () => {
    idp = await createMockIdp({
      port: 0,
      store: 'memory',
      autoApprove: true,
      logLevel: 'silent',
      clients: clients as never,
    })
    await fetch(`${idp.url}/__admin/settings`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${idp.adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ autoApproveAs: personas.level2Adult.personalId }),
    })
    const { createApp } = await import('./app.js')
    const app = await createApp({ ...env, EID_ISSUER: idp.url })
    const { page } = await signInThroughRealProvider(app, {
      loginPath: '/auth/login?returnTo=/me',
      redirectUri: 'http://localhost:3000/auth/callback',
    })
    expect(await page.json()).toEqual({ name: 'Nguyễn Văn An', level: 2 })
  })

  it('server.ts listens on port 3000 with the app', async () => {
    vi.stubEnv('EID_ISSUER', idp?.url ?? '')
    for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value)
    const listen = vi.spyOn(express.application, 'listen').mockImplementation(() => undefined as never)
    try {
      await import('./server.js')
      expect(listen).toHaveBeenCalledWith(3000, expect.any(Function))
    } finally {
      listen.mockRestore()
      vi.unstubAllEnvs()
    }
  })
})

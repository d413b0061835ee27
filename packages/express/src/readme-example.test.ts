import { readFileSync } from 'node:fs'
import type { Server } from 'node:http'
import { personas } from '@dinhdanh/testing'
import express from 'express'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import {
  type Browser,
  confirmProviderLogout,
  type Harness,
  SECRET_A,
  signIn,
  startHarness,
  visit,
} from './testing/harness.js'

// The example of the README, kept in src/testing/readme-example.ts (type-checked with the rest) and run
// here against the mock provider. The README's code block must be that file, imports aside.
const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')
const example = readFileSync(new URL('./testing/readme-example.ts', import.meta.url), 'utf8')

function normalise(code: string): string {
  const lines = code.trim().split('\n')
  const imports = lines.filter((line) => line.startsWith('import ')).sort()
  return [...imports, ...lines.filter((line) => !line.startsWith('import '))].join('\n')
}

let h: Harness
let server: Server | undefined

beforeAll(async () => {
  h = await startHarness({ example: {} })
  const site = h.sites.example!
  // The example listens by itself on baseUrl's port: free it, then start the example there.
  await site.release()
  vi.stubEnv('BASE_URL', site.origin)
  vi.stubEnv('EID_ISSUER', h.idp.url)
  vi.stubEnv('EID_CLIENT_ID', site.clientId)
  vi.stubEnv('EID_PRIVATE_JWK', JSON.stringify(site.privateJwk))
  vi.stubEnv('SESSION_SECRET', SECRET_A)
  const listen = vi.spyOn(express.application, 'listen')
  await import('./testing/readme-example.js')
  server = listen.mock.results[0]?.value as Server
  if (!server.listening) await new Promise((resolve) => server!.once('listening', resolve))
})
afterAll(async () => {
  vi.unstubAllEnvs()
  vi.restoreAllMocks()
  if (server) {
    server.closeAllConnections()
    await new Promise((resolve) => server!.close(resolve))
  }
  await h?.close()
})

describe('the README example', () => {
  it('is the code of src/testing/readme-example.ts, under 40 lines', () => {
    const block = /## Quick start[\s\S]*?```ts\n([\s\S]*?)```/.exec(readme)?.[1] ?? ''
    expect(block.trim().split('\n').length).toBeLessThan(40)
    expect(normalise(block)).toBe(
      normalise(example.replace("from '../index.js'", "from '@dinhdanh/express'")),
    )
  })

  it('signs in, shows the citizen, steps up, asks for an attribute, and signs out', async () => {
    const origin = h.sites.example!.origin
    await h.signInAs(personas.level2Adult.personalId)
    const browser: Browser = h.browser()

    const home = await browser.get(new URL('/', origin))
    expect(home.body).toContain('href="/auth/login?returnTo=/me"')
    const me = (await signIn(browser, h.sites.example!, 'returnTo=/me')).page
    expect(me.json()).toEqual({ name: 'Nguyễn Văn An', level: 2 })

    expect((await browser.get(new URL('/transfer', origin))).body).toBe('Level 2: transfers allowed')
    const insurance = await visit(browser, new URL('/insurance', origin))
    // Auto-approve grants the new attribute without a consent screen.
    expect(insurance.consentShown).toBeUndefined()
    expect(insurance.page.json()).toMatchObject({ number: expect.any(String) })

    const form = (await browser.get(new URL('/', origin))).body
    const csrf = /name="_csrf" value="([^"]+)"/.exec(form)?.[1] ?? ''
    const logout = await browser.post(new URL('/auth/logout', origin), { _csrf: csrf })
    expect(logout.status).toBe(303)
    const done = await confirmProviderLogout(browser, await browser.follow(logout))
    expect(done.url.href).toBe(`${origin}/`)
    expect(done.body).toContain('Đăng nhập bằng VNeID')
  })
})

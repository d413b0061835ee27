import { readFileSync } from 'node:fs'
import { personas } from '@dinhdanh/testing'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { type Harness, ORIGIN, SECRET, startHarness, visit } from './testing/harness.js'

// The example of the README, kept in src/testing/readme-example.ts (type-checked with the rest) and run
// here against the mock provider. The README's code block must be that file, imports and `export` aside.
const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')
const example = readFileSync(new URL('./testing/readme-example.ts', import.meta.url), 'utf8')

function normalise(code: string): string {
  const lines = code.trim().replaceAll('export const', 'const').split('\n')
  const imports = lines.filter((line) => line.startsWith('import ')).sort()
  return [...imports, ...lines.filter((line) => !line.startsWith('import '))].join('\n')
}

let h: Harness

beforeAll(async () => {
  h = await startHarness()
  vi.stubEnv('BASE_URL', ORIGIN)
  vi.stubEnv('EID_ISSUER', h.idp.url)
  vi.stubEnv('EID_CLIENT_ID', 'fastify-test')
  vi.stubEnv('EID_PRIVATE_JWK', JSON.stringify(h.privateJwk))
  vi.stubEnv('SESSION_SECRET', SECRET)
  // https://fastify.test has no port: the example listens on an ephemeral one, which the harness adopts.
  const { app } = (await import('./testing/readme-example.js')) as { app: FastifyInstance }
  await h.serve(app)
})
afterAll(async () => {
  vi.unstubAllEnvs()
  await h?.close()
})

describe('the README example', () => {
  it('is the code of src/testing/readme-example.ts, under 40 lines', () => {
    const block = /## Quick start[\s\S]*?```ts\n([\s\S]*?)```/.exec(readme)?.[1] ?? ''
    expect(block.trim().split('\n').length).toBeLessThan(40)
    expect(normalise(block)).toBe(
      normalise(example.replace("from '../index.js'", "from '@dinhdanh/fastify'")),
    )
  })

  it('signs a citizen in, shows the name, and asks for the health-insurance card with the purpose', async () => {
    await h.signInAs(personas.level2Adult.personalId)
    const browser = h.browser()
    expect((await browser.get(`${ORIGIN}/`)).body).toContain('/auth/login?returnTo=/me')
    const { page } = await visit(browser, `${ORIGIN}/me`)
    expect(page.json()).toEqual({ name: 'Nguyễn Văn An', level: 2 })
    expect((await browser.get(`${ORIGIN}/transfer`)).body).toBe('Level 2: transfers allowed')
    const insurance = await visit(browser, `${ORIGIN}/insurance`)
    expect(insurance.page.json()).toMatchObject({ number: expect.any(String) })
    expect((await browser.get(`${ORIGIN}/`)).body).toContain('name="_csrf"')
  })
})

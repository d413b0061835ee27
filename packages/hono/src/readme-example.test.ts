import { generateKeyPairSync } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { personas } from '@dinhdanh/testing'
import { ConformanceBrowser, senderOf } from '@dinhdanh/testing/conformance/adapter'
import { mockEid } from '@dinhdanh/testing/msw'
import type { JWK } from 'jose'
import { setupServer } from 'msw/node'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'

// The quick start of the README, kept in src/testing/readme-example.ts (type-checked with the rest) and
// run here against the msw kit, with @hono/node-server's serve() caught instead of listening.
const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')
const example = readFileSync(new URL('./testing/readme-example.ts', import.meta.url), 'utf8')
const withoutImports = (code: string) =>
  code
    .trim()
    .split('\n')
    .filter((line) => !line.startsWith('import '))
    .join('\n')

const serve = vi.hoisted(() => vi.fn())
vi.mock('@hono/node-server', () => ({ serve }))

const BASE_URL = 'http://localhost:3005'
const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' })
const eid = mockEid({
  issuer: 'https://eid.test',
  clients: [
    {
      clientId: 'demo-pharmacy',
      jwks: { keys: [{ ...(publicKey.export({ format: 'jwk' }) as JWK), kid: 'k1', alg: 'ES256' }] },
    },
  ],
})
const server = setupServer(...eid.handlers)
let browser: ConformanceBrowser

beforeAll(async () => {
  server.listen({ onUnhandledRequest: 'error' })
  vi.stubEnv('BASE_URL', BASE_URL)
  vi.stubEnv('EID_ISSUER', eid.issuer)
  vi.stubEnv('EID_CLIENT_ID', 'demo-pharmacy')
  vi.stubEnv('EID_PRIVATE_JWK', JSON.stringify({ ...privateKey.export({ format: 'jwk' }), kid: 'k1' }))
  vi.stubEnv('SESSION_SECRET', 'readme-example-secret-0123456789abcdef')
  await import('./testing/readme-example.js')
  const [{ fetch }] = serve.mock.calls[0] as [{ fetch: (request: Request) => Promise<Response> }]
  browser = new ConformanceBrowser(BASE_URL, senderOf({ fetch }))
})
afterAll(() => {
  server.close()
  vi.unstubAllEnvs()
})

describe('the README quick start', () => {
  it('is the code of src/testing/readme-example.ts', () => {
    expect(readme).toContain(withoutImports(example))
  })

  it('signs a citizen in, steps up and asks for the health-insurance card', async () => {
    eid.signInAs(personas.level2Adult)
    const home = await browser.fetch('/')
    expect(await home.text()).toContain('/auth/login?returnTo=/me')
    const me = await browser.follow('/me')
    expect(me.response.status).toBe(200)
    expect(await me.response.json()).toEqual({ name: 'Nguyễn Văn An', level: 2 })
    const card = await browser.follow('/prescriptions')
    expect(await card.response.json()).toEqual({ card: '0101234567' })
    expect(await (await browser.fetch('/')).text()).toContain('name="_csrf"')
  })
})

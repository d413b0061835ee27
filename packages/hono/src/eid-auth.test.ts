import { generateKeyPairSync } from 'node:crypto'
import { createClient, type EidClient, type EidError, type Jwk } from '@dinhdanh/client'
import { personas } from '@dinhdanh/testing'
import { ConformanceBrowser, senderOf } from '@dinhdanh/testing/conformance/adapter'
import { mockEid } from '@dinhdanh/testing/msw'
import type { EidRequestContext } from '@dinhdanh/web'
import { type Context, Hono } from 'hono'
import type { JWK } from 'jose'
import { setupServer } from 'msw/node'
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest'
import { type EidEnv, eidAuth } from './eid-auth.js'
import { requireSignIn } from './guards.js'

// The Hono side of the adapter that testAdapter (conformance.test.ts) does not see: the hooks get the
// Context, a guard without eidAuth says so, and `c.get('eid')` is typed.

const BASE_URL = 'https://pharmacy.test'
const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' })
const eid = mockEid({
  issuer: 'https://eid.test',
  clients: [
    {
      clientId: 'pharmacy',
      jwks: { keys: [{ ...(publicKey.export({ format: 'jwk' }) as JWK), kid: 'k1', alg: 'ES256' }] },
    },
  ],
})
const server = setupServer(...eid.handlers)
let client: EidClient
const secret = 'hono-adapter-test-secret-0123456789abcdef'

beforeAll(async () => {
  server.listen({ onUnhandledRequest: 'error' })
  client = await createClient({
    issuer: eid.issuer,
    clientId: 'pharmacy',
    clientAuth: {
      method: 'private_key_jwt',
      privateJwk: { ...(privateKey.export({ format: 'jwk' }) as Jwk), kid: 'k1' },
    },
    redirectUri: `${BASE_URL}/auth/callback`,
  })
})
afterAll(() => server.close())

const browserOf = (app: Hono) => new ConformanceBrowser(BASE_URL, senderOf({ fetch: app.fetch }))

describe('eidAuth on Hono', () => {
  it("hands onError the Hono Context, whose Response replaces the error page (with the context's eid)", async () => {
    const seen: { code: string; signedIn: boolean }[] = []
    const app = new Hono()
    app.use(
      eidAuth({
        client,
        baseUrl: BASE_URL,
        session: { secret },
        onError: (error: EidError, c: Context) => {
          seen.push({ code: error.code, signedIn: c.get('eid').isSignedIn })
          return c.html('<p>Thử lại sau</p>', 400)
        },
      }),
    )
    const response = await browserOf(app).fetch('/auth/callback?code=x&state=y')
    expect(response.status).toBe(400)
    expect(await response.text()).toBe('<p>Thử lại sau</p>')
    expect(seen).toEqual([{ code: 'ERR_EID_TRANSACTION_INVALID', signedIn: false }])
  })

  it('asks uiLocales with the Hono Context of the request that starts a sign-in', async () => {
    const asked: string[] = []
    const app = new Hono()
    app.use(
      eidAuth({
        client,
        baseUrl: BASE_URL,
        session: { secret },
        uiLocales: (c) => {
          asked.push(c.req.query('lang') ?? '')
          return c.req.query('lang') === 'en' ? 'en' : undefined
        },
      }),
    )
    eid.signInAs(personas.level2Adult)
    const response = await browserOf(app).fetch('/auth/login?lang=en')
    expect(response.status).toBe(302)
    expect(asked).toEqual(['en'])
  })

  it('says what is wrong when a guard runs without eidAuth', async () => {
    const app = new Hono()
    app.get('/me', requireSignIn(), (c) => c.text('never'))
    app.onError((error, c) => c.text(error.message, 500))
    const response = await app.request('/me')
    expect(response.status).toBe(500)
    expect(await response.text()).toMatch(/eidAuth\(\) must be installed/)
  })

  it('types c.get("eid") and c.var.eid as the request context', () => {
    const app = new Hono<EidEnv>()
    app.get('/', (c) => {
      expectTypeOf(c.get('eid')).toEqualTypeOf<EidRequestContext>()
      expectTypeOf(c.var.eid).toEqualTypeOf<EidRequestContext>()
      return c.text('ok')
    })
    new Hono().get('/', (c) => {
      // Without EidEnv too: the package augments Hono's ContextVariableMap.
      expectTypeOf(c.get('eid')).toEqualTypeOf<EidRequestContext>()
      return c.text('ok')
    })
  })
})

import { createClient, type Jwk } from '@dinhdanh/client'
import { eidAuth, requireSignIn } from '@dinhdanh/express'
import { personas } from '@dinhdanh/testing'
import { mockEid, signInThroughApp } from '@dinhdanh/testing/msw'
import express from 'express'
import { exportJWK, generateKeyPair } from 'jose'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { onError } from './on-error.js'

/** docs/errors.md's onError hook, in an app signed in through the msw kit's failure scenarios. */
const keys = await generateKeyPair('ES256', { extractable: true })
const eid = mockEid({
  issuer: 'https://eid.test',
  clients: [
    {
      clientId: 'my-shop',
      jwks: { keys: [{ ...(await exportJWK(keys.publicKey)), kid: 'k', alg: 'ES256' }] },
      redirectUris: ['http://localhost:3000/auth/callback'],
    },
  ],
})
const server = setupServer(...eid.handlers)
let app: express.Express

beforeAll(async () => {
  server.listen({ onUnhandledRequest: 'error' })
  const client = await createClient({
    issuer: 'https://eid.test',
    clientId: 'my-shop',
    clientAuth: {
      method: 'private_key_jwt',
      privateJwk: { ...(await exportJWK(keys.privateKey)), kid: 'k', alg: 'ES256' } as Jwk,
    },
    redirectUri: 'http://localhost:3000/auth/callback',
  })
  app = express()
  app.use(
    eidAuth({
      client,
      baseUrl: 'http://localhost:3000',
      session: { secret: 'a-test-secret-of-at-least-32-characters' },
      onError,
    }),
  )
  app.get('/me', requireSignIn({ level: 2 }), (_req, res) => {
    res.send('ok')
  })
})
afterEach(() => eid.reset())
afterAll(() => server.close())

describe("docs/errors.md's onError", () => {
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
  afterEach(() => warn.mockClear())

  it('sends a citizen who refused back home, and logs the code without personal data', async () => {
    eid.signInAs(personas.level2Adult)
    eid.useScenario('consent_denied')
    const { status, location } = await signInThroughApp(app, { loginPath: '/auth/login?returnTo=/me' })
    expect({ status, location }).toEqual({ status: 303, location: '/?cancelled=1' })
    const logged = JSON.parse(String(warn.mock.calls[0]?.[0]))
    expect(logged).toMatchObject({ code: 'ERR_EID_ACCESS_DENIED', path: '/auth/callback' })
    expect(JSON.stringify(warn.mock.calls)).not.toContain(personas.level2Adult.personalId)
  })

  it('explains level 2 to a level-1 account', async () => {
    eid.signInAs(personas.level1Adult)
    const { status, body } = await signInThroughApp(app, {
      loginPath: '/auth/login?returnTo=/me&level=2',
      allowFailure: true,
    })
    expect({ status, body }).toEqual({
      status: 403,
      body: 'Dịch vụ này cần tài khoản định danh điện tử mức 2.',
    })
  })

  it('leaves any other error to the default page with its status', async () => {
    eid.signInAs(personas.level2Adult)
    eid.useScenario('server_error', { endpoint: 'token', status: 503 })
    const { status, body } = await signInThroughApp(app, {
      loginPath: '/auth/login?returnTo=/me',
      allowFailure: true,
    })
    expect(status).toBe(502)
    expect(body).toContain('ERR_EID_RESPONSE_INVALID')
  })
})

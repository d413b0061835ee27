import { createClient, type Jwk } from '@dinhdanh/client'
import { eidAuth, requireSignIn } from '@dinhdanh/express'
import express from 'express'
import { exportJWK, generateKeyPair } from 'jose'
import { setupServer } from 'msw/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { personas } from '../personas.js'
import { mockEid } from './mock-eid.js'
import { signInThroughApp } from './sign-in-through-app.js'

const BASE_URL = 'https://shop.test'
const keys = await generateKeyPair('ES256', { extractable: true })
const eid = mockEid({
  issuer: 'https://eid.test',
  clients: [
    { clientId: 'shop', jwks: { keys: [{ ...(await exportJWK(keys.publicKey)), kid: 'k1', alg: 'ES256' }] } },
  ],
})
const server = setupServer(...eid.handlers)
let app: express.Express

beforeAll(async () => {
  server.listen({ onUnhandledRequest: 'error' })
  const client = await createClient({
    issuer: eid.issuer,
    clientId: 'shop',
    clientAuth: {
      method: 'private_key_jwt',
      privateJwk: { ...(await exportJWK(keys.privateKey)), kid: 'k1' } as Jwk,
    },
    redirectUri: `${BASE_URL}/auth/callback`,
  })
  app = express()
  app.use(
    eidAuth({ client, baseUrl: BASE_URL, session: { secret: 'a-session-secret-of-at-least-32-chars!!' } }),
  )
  app.get('/me', requireSignIn(), (req, res) => {
    res.json({ name: req.eid.citizen?.fullName, level: req.eid.level })
  })
})
afterAll(() => server.close())

describe('signInThroughApp', () => {
  it('follows the sign-in redirects in process and returns the signed-in cookie', async () => {
    eid.signInAs(personas.level2Adult)
    const { cookie, agent, location } = await signInThroughApp(app, { loginPath: '/auth/login?returnTo=/me' })
    expect(cookie).toMatch(/eid_session=/)
    expect(location).toMatch(/\/me$/)
    const me = await agent.fetch('/me')
    expect(me.status).toBe(200)
    expect(await me.json()).toEqual({ name: 'Nguyễn Văn An', level: 2 })
  })

  it('throws on an error page from the callback, or returns it with allowFailure', async () => {
    eid.signInAs(personas.level2Adult)
    eid.useScenario('consent_denied')
    await expect(signInThroughApp(app, { loginPath: '/auth/login?returnTo=/me' })).rejects.toThrow(
      'expected the app to accept the callback, got HTTP 403',
    )
    eid.useScenario('consent_denied')
    const refused = await signInThroughApp(app, { loginPath: '/auth/login?returnTo=/me', allowFailure: true })
    expect(refused.status).toBe(403)
    expect(refused.location).toBeUndefined()
    expect(refused.body).toContain('ERR_EID_ACCESS_DENIED')
    expect(refused.cookie).not.toMatch(/eid_session=/)
  })

  it('reports the redirect status and an empty body on success', async () => {
    eid.signInAs(personas.level2Adult)
    const done = await signInThroughApp(app, { loginPath: '/auth/login?returnTo=/me', allowFailure: true })
    expect(done.status).toBe(303)
    expect(done.location).toMatch(/\/me$/)
  })
})

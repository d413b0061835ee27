// app.test.ts: `npx vitest run`. No provider, no network: the msw kit answers as the e-ID would.
import { personas } from '@dinhdanh/testing'
import { mockEid, signInThroughApp } from '@dinhdanh/testing/msw'
import { exportJWK, generateKeyPair } from 'jose'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest'
import { createApp } from './app.js'

// A throwaway key pair for the tests: the kit gets the public half, the app the private one.
const keys = await generateKeyPair('ES256', { extractable: true })
const publicJwk = { ...(await exportJWK(keys.publicKey)), kid: 'test', alg: 'ES256' }
const privateJwk = { ...(await exportJWK(keys.privateKey)), kid: 'test', alg: 'ES256' }

const eid = mockEid({
  issuer: 'https://eid.test',
  clients: [
    {
      clientId: 'my-shop',
      jwks: { keys: [publicJwk] },
      redirectUris: ['http://localhost:3000/auth/callback'],
    },
  ],
})
const server = setupServer(...eid.handlers)
beforeAll(() => server.listen({ onUnhandledRequest: 'error' })) // nothing leaves the test
afterEach(() => eid.reset())
afterAll(() => server.close())

const env = {
  EID_ISSUER: 'https://eid.test',
  EID_PRIVATE_JWK: JSON.stringify(privateJwk),
  SESSION_SECRET: 'a-test-secret-of-at-least-32-characters',
}

it('signs a level-2 citizen in and shows their name', async () => {
  eid.signInAs(personas.level2Adult) // Nguyễn Văn An, 001090001234
  const { agent, location } = await signInThroughApp(await createApp(env), {
    loginPath: '/auth/login?returnTo=/me',
  })
  expect(location).toBe('/me')
  const me = await agent.fetch('/me')
  expect(await me.json()).toEqual({ name: 'Nguyễn Văn An', level: 2 })
})

it('refuses a level-1 account on the level-2 page', async () => {
  eid.signInAs(personas.level1Adult)
  const { status, body } = await signInThroughApp(await createApp(env), {
    loginPath: '/auth/login?returnTo=/me&level=2',
    allowFailure: true,
  })
  expect(status).toBe(403)
  expect(body).toContain('ERR_EID_LEVEL_TOO_LOW')
})

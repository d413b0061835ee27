// app.test.ts: `npx vitest run`. No provider, no network: the msw kit answers as the e-ID would.
import { personas } from '@dinhdanh/testing'
import { mockEid, signInThroughApp } from '@dinhdanh/testing/msw'
import { exportJWK, generateKeyPair } from 'jose'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest'
import { createHandler } from './app.js'

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

const env = { EID_ISSUER: 'https://eid.test', EID_PRIVATE_JWK: JSON.stringify(privateJwk) }

it('signs an adult in', async () => {
  eid.signInAs(personas.level2Adult)
  const { body } = await signInThroughApp(await createHandler(env), { loginPath: '/login' })
  expect(JSON.parse(body)).toEqual({ name: 'Nguyễn Văn An', adult: true })
})

it('knows a 16-year-old is not 18', async () => {
  eid.signInAs(personas.teen16)
  const { body } = await signInThroughApp(await createHandler(env), { loginPath: '/login' })
  expect(JSON.parse(body)).toEqual({ name: 'Huỳnh Gia Bảo', adult: false })
})

it('shows the code when the citizen refuses', async () => {
  eid.signInAs(personas.level2Adult)
  eid.useScenario('consent_denied')
  const { status, body } = await signInThroughApp(await createHandler(env), {
    loginPath: '/login',
    allowFailure: true,
  })
  expect({ status, body }).toEqual({ status: 403, body: 'Không thể đăng nhập (ERR_EID_ACCESS_DENIED)' })
})

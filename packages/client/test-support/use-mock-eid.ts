/**
 * Wiring for the client's unit tests: the msw kit of `@dinhdanh/testing/msw` (the one in-process provider of
 * every unit test, issue #11) on an msw server, a fresh kit before each test with DPoP on and the
 * `level2Adult` persona signed in, and the client options that point at it. Hostile-provider controls are
 * the kit's own (`eid().tamper`, `eid().keys`, `eid().requests()`, `eid().authorize()`).
 */
import { personas } from '@dinhdanh/testing'
import { type MockEid, type MockEidClient, mockEid } from '@dinhdanh/testing/msw'
import { exportJWK, generateKeyPair } from 'jose'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest'
import { createClient, type EidClient, type Jwk } from '../src/index.js'

export const ISSUER = 'https://eid.test'
export const CLIENT_ID = 'demo-bank'
export const REDIRECT_URI = 'https://bank.test/auth/callback'
/** Signed in before each test: level 2, a chip card, health insurance, vaccinations (see its overrides). */
export const CITIZEN = personas.level2Adult

const keys = await generateKeyPair('ES256', { extractable: true })
/** The client's private key (`private_key_jwt`); the kit knows the public half. */
export const CLIENT_JWK = { ...(await exportJWK(keys.privateKey)), kid: 'client-1', alg: 'ES256' } as Jwk
const CLIENT_PUBLIC_JWK = { ...(await exportJWK(keys.publicKey)), kid: 'client-1', alg: 'ES256' }

/** Options of `createClient` against the kit, with `extra` laid over them. */
export function clientOptions(extra: Record<string, unknown> = {}): Parameters<typeof createClient>[0] {
  return {
    issuer: ISSUER,
    clientId: CLIENT_ID,
    clientAuth: { method: 'private_key_jwt', privateJwk: CLIENT_JWK },
    redirectUri: REDIRECT_URI,
    ...extra,
  } as Parameters<typeof createClient>[0]
}

/**
 * Installs an msw server (unhandled requests are errors) with a fresh kit before each test. `eid()` is the
 * current kit; `client()` creates an SDK client against it. `otherClients` registers more relying parties.
 */
export function useMockEid(options: { otherClients?: MockEidClient[] } = {}) {
  const server = setupServer()
  let current: MockEid | undefined
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
  beforeEach(() => {
    current = mockEid({
      issuer: ISSUER,
      clients: [
        { clientId: CLIENT_ID, jwks: { keys: [CLIENT_PUBLIC_JWK] }, redirectUris: [REDIRECT_URI] },
        ...(options.otherClients ?? []),
      ],
      dpop: true,
    })
    current.signInAs(CITIZEN)
    server.resetHandlers(...current.handlers)
  })
  afterEach(() => server.resetHandlers())
  afterAll(() => server.close())
  const eid = (): MockEid => {
    if (!current) throw new Error('the kit is created before each test: call eid() inside a test')
    return current
  }
  return {
    server,
    eid,
    client: (extra: Record<string, unknown> = {}, runtime = {}): Promise<EidClient> =>
      createClient(clientOptions(extra), runtime),
  }
}

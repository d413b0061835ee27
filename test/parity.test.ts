import { createClient, type EidClient, type Jwk, type SignInResult } from '@dinhdanh/client'
import { createMockIdp, type MockIdp } from '@dinhdanh/mock-idp'
import { personas } from '@dinhdanh/testing'
import { followToRedirectUri } from '@dinhdanh/testing/browser'
import { mockEid } from '@dinhdanh/testing/msw'
import { exportJWK, generateKeyPair } from 'jose'
import { setupServer } from 'msw/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

/**
 * One generator, one catalogue: the same sign-in through the msw kit and through the mock provider
 * gives the same citizen, the same attributes and the same public subject.
 */
const ATTRIBUTES = ['health_insurance', 'age_over_18'] as const
const persona = personas.level2Adult

const keys = await generateKeyPair('ES256', { extractable: true })
const publicJwk = { ...(await exportJWK(keys.publicKey)), kid: 'parity-1', alg: 'ES256', use: 'sig' }
const privateJwk = { ...(await exportJWK(keys.privateKey)), kid: 'parity-1', alg: 'ES256' } as Jwk

let idp: MockIdp
beforeAll(async () => {
  idp = await createMockIdp({
    port: 0,
    store: 'memory',
    autoApprove: true,
    logLevel: 'silent',
    clients: [
      {
        client_id: 'parity',
        redirect_uris: ['http://127.0.0.1:9/parity/callback'],
        grant_types: ['authorization_code', 'refresh_token'],
        token_endpoint_auth_method: 'private_key_jwt',
        token_endpoint_auth_signing_alg: 'ES256',
        jwks: { keys: [publicJwk] },
      },
    ],
  })
})
afterAll(async () => {
  await idp?.close()
})

async function viaMockIdp(): Promise<SignInResult<typeof ATTRIBUTES>> {
  const redirectUri = 'http://127.0.0.1:9/parity/callback'
  const client: EidClient = await createClient({
    issuer: idp.url,
    clientId: 'parity',
    clientAuth: { method: 'private_key_jwt', privateJwk },
    redirectUri,
  })
  const { url, transaction } = await client.signIn({
    level: 2,
    attributes: ATTRIBUTES,
    loginHint: persona.personalId,
  })
  const callback = await followToRedirectUri(url, redirectUri)
  return client.completeSignIn(callback, transaction)
}

async function viaMsw(): Promise<SignInResult<typeof ATTRIBUTES>> {
  const redirectUri = 'https://parity.test/callback'
  const eid = mockEid({
    issuer: 'https://eid.parity.test',
    clients: [{ clientId: 'parity', jwks: { keys: [publicJwk] } }],
  })
  const server = setupServer(...eid.handlers)
  server.listen({ onUnhandledRequest: 'error' })
  try {
    const client = await createClient({
      issuer: eid.issuer,
      clientId: 'parity',
      clientAuth: { method: 'private_key_jwt', privateJwk },
      redirectUri,
    })
    eid.signInAs(persona)
    const { url, transaction } = await client.signIn({ level: 2, attributes: ATTRIBUTES })
    const callback = (await fetch(url, { redirect: 'manual' })).headers.get('location') ?? ''
    return await client.completeSignIn(callback, transaction)
  } finally {
    server.close()
  }
}

describe('parity of the msw kit and the mock provider', () => {
  it('signs level2Adult in with identity, health_insurance and age_over_18 identically', async () => {
    const fromMsw = await viaMsw()
    const fromIdp = await viaMockIdp()
    expect(fromMsw.citizen).toEqual(fromIdp.citizen)
    expect(fromMsw.attributes).toEqual(fromIdp.attributes)
    expect(fromMsw.subject).toBe(fromIdp.subject)
    expect(fromMsw.level).toBe(fromIdp.level)
    expect(fromMsw.missing).toEqual(fromIdp.missing)
    expect(fromMsw.unavailable).toEqual(fromIdp.unavailable)
    expect(fromMsw.citizen?.personalId).toBe(persona.personalId)
  })
})

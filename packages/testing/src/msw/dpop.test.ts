import { createClient, type EidClient, type Jwk } from '@dinhdanh/client'
import { decodeProtectedHeader, exportJWK, generateKeyPair } from 'jose'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { personas } from '../personas.js'
import { mockEid } from './mock-eid.js'

const ISSUER = 'https://eid-dpop.test'
const REDIRECT_URI = 'https://shop.test/auth/callback'
const keys = await generateKeyPair('ES256', { extractable: true })
const publicJwk = { ...(await exportJWK(keys.publicKey)), kid: 'shop-1', alg: 'ES256' }
const privateJwk = { ...(await exportJWK(keys.privateKey)), kid: 'shop-1', alg: 'ES256' } as Jwk

const eid = mockEid({
  issuer: ISSUER,
  clients: [{ clientId: 'shop', jwks: { keys: [publicJwk] }, redirectUris: [REDIRECT_URI] }],
  dpop: true,
})
const server = setupServer(...eid.handlers)

const options = (extra: Record<string, unknown> = {}) =>
  ({
    issuer: ISSUER,
    clientId: 'shop',
    clientAuth: { method: 'private_key_jwt', privateJwk },
    redirectUri: REDIRECT_URI,
    ...extra,
  }) as Parameters<typeof createClient>[0]

let client: EidClient
beforeAll(async () => {
  server.listen({ onUnhandledRequest: 'error' })
  client = await createClient(options({ dpop: true }))
})
afterEach(() => eid.reset())
afterAll(() => server.close())

async function signIn(eidClient: EidClient = client) {
  eid.signInAs(personas.level2Adult)
  const { url, transaction } = await eidClient.signIn({ level: 2, attributes: ['age_over_18'] as const })
  return eidClient.completeSignIn(await eid.authorize(url), transaction)
}

describe('mockEid({ dpop: true })', () => {
  it('advertises DPoP, checks the proofs at PAR and token, and binds the tokens (token_type DPoP)', async () => {
    expect(client.metadata.dpop_signing_alg_values_supported).toContain('ES256')
    const result = await signIn()
    expect(result.tokens.tokenType).toBe('DPoP')
    expect(result.attributes.ageOver18).toBe(true)
    for (const endpoint of ['par', 'token', 'userinfo'] as const) {
      const proof = eid.requests(endpoint)[0]?.headers.get('dpop') ?? ''
      expect(decodeProtectedHeader(proof).typ, endpoint).toBe('dpop+jwt')
    }
    expect(eid.requests('userinfo')[0]?.headers.get('authorization')).toMatch(/^DPoP /)
  })

  it('refuses a bound access token presented as a bearer token', async () => {
    const { tokens } = await signIn()
    const response = await fetch(`${ISSUER}/userinfo`, {
      headers: { authorization: `Bearer ${tokens.accessToken}` },
    })
    expect(response.status).toBe(401)
  })

  it('refuses a replayed proof (its jti is spent)', async () => {
    const { tokens } = await signIn()
    const [userinfo] = eid.requests('userinfo')
    const replay = await fetch(`${ISSUER}/userinfo`, {
      headers: { authorization: `DPoP ${tokens.accessToken}`, dpop: userinfo?.headers.get('dpop') ?? '' },
    })
    expect(replay.status).toBe(401)
    expect(replay.headers.get('www-authenticate')).toBe('DPoP error="invalid_dpop_proof"')
  })

  it('a client without DPoP still signs in with bearer tokens', async () => {
    const plain = await createClient(options())
    const result = await signIn(plain)
    expect(result.tokens.tokenType).toBe('Bearer')
  })
})

describe('tamper.demandDpopNonce', () => {
  it('answers use_dpop_nonce with the nonce once; the client retries with it', async () => {
    eid.tamper.demandDpopNonce('nonce-from-provider')
    const result = await signIn()
    expect(result.tokens.tokenType).toBe('DPoP')
    const [challenged, retried] = eid.requests('token')
    expect(challenged?.headers.get('dpop')).toBeDefined()
    expect(eid.requests('token')).toHaveLength(2)
    expect(retried?.form?.get('code')).toBe(challenged?.form?.get('code'))
  })

  it('renewEachTime: a new nonce on every request; the client gives up after one retry', async () => {
    eid.tamper.demandDpopNonce('first', { renewEachTime: true })
    await expect(signIn()).rejects.toMatchObject({ code: 'ERR_EID_PROVIDER', error: 'use_dpop_nonce' })
    expect(eid.requests('token')).toHaveLength(2)
  })

  it('is off without dpop: true, and after reset()', async () => {
    eid.tamper.demandDpopNonce('n')
    eid.reset()
    await signIn()
    expect(eid.requests('token')).toHaveLength(1)
  })
})

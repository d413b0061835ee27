import { decodeProtectedHeader } from 'jose'
import { describe, expect, it } from 'vitest'
import { mswTestFixture } from './msw-test-fixture.js'

const ISSUER = 'https://eid-dpop.test'
const kit = await mswTestFixture({ issuer: ISSUER, kit: { dpop: true }, client: { dpop: true } })
const { eid, signIn } = kit

describe('mockEid({ dpop: true })', () => {
  it('advertises DPoP, checks the proofs at PAR and token, and binds the tokens (token_type DPoP)', async () => {
    expect(kit.client.metadata.dpop_signing_alg_values_supported).toContain('ES256')
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
    const result = await signIn({ client: await kit.newClient() })
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

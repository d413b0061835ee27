import { citizenWithPersona, claimsFor } from '@dinhdanh/testing'
import { editJson } from '@dinhdanh/testing/msw'
import { HttpResponse, http } from 'msw'
import { describe, expect, it } from 'vitest'
import { rejection } from '../test-support/rejection.js'
import { CITIZEN, CLIENT_ID, ISSUER, useMockEid } from '../test-support/use-mock-eid.js'
import type { EidClient } from './client.js'
import { EidConfigError, EidProviderError, EidResponseError, EidTokenError } from './errors/index.js'
import type { AttributeName } from './schemas/index.js'
import type { EidTokens } from './tokens.js'

/** The citizen's health-insurance claim, as the kit releases it. */
const HEALTH_INSURANCE = claimsFor(citizenWithPersona(CITIZEN.personalId)!, ['health_insurance'])
  .health_insurance as { number: string; benefit_level: number }

describe('session tokens', () => {
  const fake = useMockEid()

  async function signedIn(): Promise<{ eid: EidClient; tokens: EidTokens }> {
    const eid = await fake.client()
    const { url, transaction } = await eid.signIn({ level: 2, attributes: ['health_insurance'] as const })
    const result = await eid.completeSignIn(await fake.eid().authorize(url), transaction)
    return { eid, tokens: result.tokens }
  }

  const tokenCalls = (grant: string) =>
    fake
      .eid()
      .requests('token')
      .filter((r) => r.form?.get('grant_type') === grant)

  describe('refresh', () => {
    it('returns new tokens, with a rotated refresh token', async () => {
      const { eid, tokens } = await signedIn()
      const refreshed = await eid.refresh(tokens)
      expect(refreshed.subject).toBe(tokens.subject)
      expect(refreshed.tokenType).toBe('Bearer')
      expect(refreshed.accessToken).not.toBe(tokens.accessToken)
      expect(refreshed.refreshToken).toBeTypeOf('string')
      expect(refreshed.refreshToken).not.toBe(tokens.refreshToken)
      expect(refreshed.idToken).not.toBe(tokens.idToken)
      expect(refreshed.expiresAt).toBeGreaterThan(Date.now() / 1000)
      const [call] = tokenCalls('refresh_token')
      expect(call?.form?.get('refresh_token')).toBe(tokens.refreshToken)
      // The new access token works.
      const { attributes } = await eid.fetchAttributes(refreshed, ['health_insurance'] as const)
      expect(attributes.healthInsurance?.number).toBe(HEALTH_INSURANCE.number)
    })

    it('the old refresh token is refused after rotation (ERR_EID_PROVIDER invalid_grant)', async () => {
      const { eid, tokens } = await signedIn()
      const refreshed = await eid.refresh(tokens)
      const error = await rejection(eid.refresh(tokens))
      expect(error).toBeInstanceOf(EidProviderError)
      expect(error).toMatchObject({
        code: 'ERR_EID_PROVIDER',
        error: 'invalid_grant',
        endpoint: 'token',
        status: 400,
      })
      expect((error as Error).message).not.toContain(tokens.refreshToken!)
      // The rotated one still works.
      await expect(eid.refresh(refreshed)).resolves.toMatchObject({ subject: tokens.subject })
    })

    it('keeps the previous ID token when the provider sends none', async () => {
      const { eid, tokens } = await signedIn()
      fake.eid().tamper.nextResponse(
        'token',
        editJson(({ id_token: _, ...rest }) => rest),
      )
      const refreshed = await eid.refresh(tokens)
      expect(refreshed.idToken).toBe(tokens.idToken)
      expect(refreshed.accessToken).not.toBe(tokens.accessToken)
    })

    it('R14: rejects a refreshed ID token with a different sub', async () => {
      const { eid, tokens } = await signedIn()
      fake.eid().tamper.nextIdToken({ claims: { sub: 'other' } })
      const error = await rejection(eid.refresh(tokens))
      expect(error).toBeInstanceOf(EidTokenError)
      expect(error).toMatchObject({ code: 'ERR_EID_TOKEN_INVALID', token: 'id_token', check: 'sub' })
      expect((error as Error).message).not.toContain('other')
      expect((error as Error).message).not.toContain(tokens.subject)
    })

    it('R14: rejects a refreshed ID token with a different iss', async () => {
      const { eid, tokens } = await signedIn()
      fake.eid().tamper.nextIdToken({ claims: { iss: 'https://evil.test' } })
      const error = await rejection(eid.refresh(tokens))
      expect(error).toMatchObject({ code: 'ERR_EID_TOKEN_INVALID', token: 'id_token', check: 'iss' })
    })

    it('R14: rejects a refreshed ID token with a different aud', async () => {
      const { eid, tokens } = await signedIn()
      fake.eid().tamper.nextIdToken({ claims: { aud: 'other-bank' } })
      const error = await rejection(eid.refresh(tokens))
      expect(error).toMatchObject({ code: 'ERR_EID_TOKEN_INVALID', token: 'id_token', check: 'aud' })
    })

    it('R14: rejects a refreshed ID token whose aud gains an extra value', async () => {
      const { eid, tokens } = await signedIn()
      fake.eid().tamper.nextIdToken({ claims: { aud: [CLIENT_ID, 'other-bank'], azp: CLIENT_ID } })
      const error = await rejection(eid.refresh(tokens))
      expect(error).toMatchObject({ code: 'ERR_EID_TOKEN_INVALID', token: 'id_token', check: 'aud' })
    })

    it('R15: rejects a refreshed ID token with an altered signature', async () => {
      const { eid, tokens } = await signedIn()
      fake.eid().tamper.nextIdToken({ breakWith: 'bad_signature' })
      const error = await rejection(eid.refresh(tokens))
      expect(error).toMatchObject({ code: 'ERR_EID_TOKEN_INVALID', token: 'id_token', check: 'signature' })
    })

    it('throws ERR_EID_RESPONSE_INVALID without any request when there is no refresh token', async () => {
      const { eid, tokens } = await signedIn()
      const { refreshToken: _, ...withoutRefresh } = tokens
      const error = await rejection(eid.refresh(withoutRefresh))
      expect(error).toBeInstanceOf(EidResponseError)
      expect(error).toMatchObject({ code: 'ERR_EID_RESPONSE_INVALID', endpoint: 'token' })
      expect(tokenCalls('refresh_token')).toHaveLength(0)
    })
  })

  describe('fetchAttributes', () => {
    it('returns the typed attributes from userinfo', async () => {
      const { eid, tokens } = await signedIn()
      const before = fake.eid().requests('userinfo').length
      const result = await eid.fetchAttributes(tokens, ['health_insurance'] as const)
      expect(result.attributes.healthInsurance).toMatchObject({
        number: HEALTH_INSURANCE.number,
        benefitLevel: HEALTH_INSURANCE.benefit_level,
      })
      expect(result.missing).toEqual([])
      expect(result.unavailable).toEqual([])
      const calls = fake.eid().requests('userinfo')
      expect(calls).toHaveLength(before + 1)
      expect(calls.at(-1)?.headers.get('authorization')).toBe(`Bearer ${tokens.accessToken}`)
    })

    it('reports attributes the citizen does not hold as missing', async () => {
      const { eid, tokens } = await signedIn()
      const result = await eid.fetchAttributes(tokens, ['health_insurance', 'vaccination'] as const)
      expect(result.attributes.vaccination).toBeUndefined()
      expect('vaccination' in result.attributes).toBe(true)
      expect(result.missing).toEqual(['vaccination'])
    })

    it('R13: rejects a userinfo response whose sub differs from the ID token', async () => {
      const { eid, tokens } = await signedIn()
      fake.eid().tamper.nextResponse(
        'userinfo',
        editJson((claims) => ({ ...claims, sub: 'someone-else' })),
      )
      const error = await rejection(eid.fetchAttributes(tokens, ['health_insurance'] as const))
      expect(error).toBeInstanceOf(EidTokenError)
      expect(error).toMatchObject({ code: 'ERR_EID_TOKEN_INVALID', token: 'userinfo', check: 'sub' })
      expect((error as Error).message).not.toContain('someone-else')
      expect((error as Error).message).not.toContain(HEALTH_INSURANCE.number)
    })

    it('R13: rejects a userinfo response without sub (a malformed response)', async () => {
      const { eid, tokens } = await signedIn()
      fake.eid().tamper.nextResponse(
        'userinfo',
        editJson(({ sub: _, ...claims }) => claims),
      )
      const error = await rejection(eid.fetchAttributes(tokens, ['health_insurance'] as const))
      expect(error).toBeInstanceOf(EidResponseError)
      expect(error).toMatchObject({ code: 'ERR_EID_RESPONSE_INVALID', endpoint: 'userinfo' })
      expect((error as Error).message).not.toContain(HEALTH_INSURANCE.number)
    })

    it('maps a 401 from userinfo (token revoked or expired) to ERR_EID_PROVIDER invalid_token', async () => {
      const { eid, tokens } = await signedIn()
      const error = await rejection(
        eid.fetchAttributes({ ...tokens, accessToken: 'revoked-token' }, ['health_insurance'] as const),
      )
      expect(error).toMatchObject({
        code: 'ERR_EID_PROVIDER',
        error: 'invalid_token',
        endpoint: 'userinfo',
        status: 401,
      })
    })

    it.each([
      ['identity only', ['identity']],
      ['an empty list', []],
      ['identity among others', ['health_insurance', 'identity']],
      ['an unknown name', ['passport']],
    ])('refuses %s with ERR_EID_CONFIG, without any request', async (_, names) => {
      const { eid, tokens } = await signedIn()
      const before = fake.eid().requests('userinfo').length
      const error = await rejection(eid.fetchAttributes(tokens, names as readonly AttributeName[]))
      expect(error).toBeInstanceOf(EidConfigError)
      expect(error).toMatchObject({
        code: 'ERR_EID_CONFIG',
        issues: [expect.objectContaining({ path: 'names' })],
      })
      expect(fake.eid().requests('userinfo')).toHaveLength(before)
    })
  })

  describe('revoke', () => {
    it('sends the refresh token, then the access token, to /revoke', async () => {
      const { eid, tokens } = await signedIn()
      await eid.revoke(tokens)
      const calls = fake.eid().requests('revocation')
      expect(calls.map((c) => [c.form?.get('token'), c.form?.get('token_type_hint')])).toEqual([
        [tokens.refreshToken, 'refresh_token'],
        [tokens.accessToken, 'access_token'],
      ])
      expect(calls.every((c) => c.method === 'POST')).toBe(true)
      expect(calls[0]?.form?.get('client_assertion_type')).toBe(
        'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      )
      // Both are dead at the provider afterwards.
      await expect(rejection(eid.refresh(tokens))).resolves.toMatchObject({ error: 'invalid_grant' })
      await expect(
        rejection(eid.fetchAttributes(tokens, ['health_insurance'] as const)),
      ).resolves.toMatchObject({ code: 'ERR_EID_PROVIDER', error: 'invalid_token' })
    })

    it('sends only the access token when there is no refresh token', async () => {
      const { eid, tokens } = await signedIn()
      const { refreshToken: _, ...withoutRefresh } = tokens
      await eid.revoke(withoutRefresh)
      const calls = fake.eid().requests('revocation')
      expect(calls.map((c) => c.form?.get('token'))).toEqual([tokens.accessToken])
    })

    it('maps a revocation error to ERR_EID_PROVIDER at the revocation endpoint', async () => {
      const { eid, tokens } = await signedIn()
      fake.server.use(
        http.post(`${ISSUER}/revoke`, () => HttpResponse.json({ error: 'invalid_client' }, { status: 401 })),
      )
      const error = await rejection(eid.revoke(tokens))
      expect(error).toMatchObject({
        code: 'ERR_EID_PROVIDER',
        error: 'invalid_client',
        endpoint: 'revocation',
      })
    })

    it('does nothing when the provider has no revocation endpoint', async () => {
      fake.eid().tamper.nextResponse(
        'discovery',
        editJson(({ revocation_endpoint: _, ...doc }) => doc),
      )
      const { eid, tokens } = await signedIn()
      await expect(eid.revoke(tokens)).resolves.toBeUndefined()
      expect(fake.eid().requests('revocation')).toHaveLength(0)
    })
  })
})

import { type ClientOptions, createClient, type EidClient, EidLevelError, isEidError } from '@dinhdanh/client'
import { followToRedirectUri } from '@dinhdanh/testing/browser'
import { decodeJwt } from 'jose'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import {
  CITIZEN_ACCOUNT_ID,
  type NationalEidProvider,
  startNationalEidProvider,
} from './support/national-eid-provider.js'

/**
 * The SDK against a real OpenID provider nobody here wrote (panva's oidc-provider), configured like the
 * national e-ID: PAR required, PKCE, private_key_jwt, ES256, acr "1"/"2". Everything goes over loopback
 * HTTP through the SDK's public package name, resolved to its built output.
 */

let idp: NationalEidProvider
let options: ClientOptions
let eid: EidClient

/** Awaits a promise that must reject and returns the rejection (fails the test if it resolves). */
async function rejectionOf(
  promise: Promise<unknown>,
  why = 'expected the promise to reject',
): Promise<unknown> {
  try {
    await promise
  } catch (error) {
    return error
  }
  throw new Error(`${why}, but it resolved`)
}

function tokenRequestCount(): number {
  return idp.requests.filter((request) => request.method === 'POST' && request.path === '/token').length
}

beforeAll(async () => {
  idp = await startNationalEidProvider()
  options = {
    issuer: idp.issuer,
    clientId: idp.clientId,
    clientAuth: { method: 'private_key_jwt', privateJwk: idp.clientJwk },
    redirectUri: idp.redirectUri,
  }
  eid = await createClient(options)
})

afterAll(async () => {
  await idp?.close()
})

afterEach(() => {
  expect(idp?.serverErrors ?? [], 'the provider reported internal errors').toEqual([])
})

describe('@dinhdanh/client against oidc-provider configured like the national e-ID', () => {
  it('discovers the provider: PAR required, RFC 9207 iss, ES256, acr 1 and 2', () => {
    expect(eid.issuer).toBe(idp.issuer)
    expect(eid.metadata.require_pushed_authorization_requests).toBe(true)
    expect(eid.metadata.pushed_authorization_request_endpoint).toBe(`${idp.issuer}/request`)
    expect(eid.metadata.authorization_response_iss_parameter_supported).toBe(true)
    expect(eid.metadata.id_token_signing_alg_values_supported).toEqual(['ES256'])
    expect(eid.metadata.token_endpoint_auth_methods_supported).toEqual(['private_key_jwt'])
    expect(eid.metadata.acr_values_supported).toEqual(['1', '2'])
  })

  it('completes a level-2 sign-in with health insurance and a purpose, through PAR', async () => {
    const purpose = 'Khám bệnh có BHYT'
    const parBefore = idp.requests.filter((r) => r.method === 'POST' && r.path === '/request').length
    const { url, transaction } = await eid.signIn({ level: 2, attributes: ['health_insurance'], purpose })

    // R31: the front channel carries only client_id and request_uri; the rest was pushed.
    const authorizationUrl = new URL(url)
    expect(authorizationUrl.origin + authorizationUrl.pathname).toBe(`${idp.issuer}/auth`)
    expect([...authorizationUrl.searchParams.keys()].sort()).toEqual(['client_id', 'request_uri'])
    expect(authorizationUrl.searchParams.get('client_id')).toBe('demo-bank')
    expect(authorizationUrl.searchParams.get('request_uri')).toMatch(/^urn:ietf:params:oauth:request_uri:/)
    expect(idp.requests.filter((r) => r.method === 'POST' && r.path === '/request')).toHaveLength(
      parBefore + 1,
    )

    const callbackUrl = await followToRedirectUri(url, idp.redirectUri)
    const callback = new URL(callbackUrl)
    expect(callback.searchParams.get('iss')).toBe(idp.issuer)
    expect(callback.searchParams.get('state')).toBe(transaction.state)

    // What the provider received in the pushed request (seen at its login interaction).
    const pushed = idp.interactions.at(-2)
    expect(pushed?.prompt).toBe('login')
    expect(pushed?.params).toMatchObject({
      client_id: 'demo-bank',
      acr_values: '2',
      purpose,
      code_challenge_method: 'S256',
      redirect_uri: idp.redirectUri,
    })
    expect(String(pushed?.params.scope).split(' ').sort()).toEqual(['health_insurance', 'identity', 'openid'])
    expect(idp.interactions.at(-1)?.prompt).toBe('consent')

    const result = await eid.completeSignIn(callbackUrl, transaction)

    expect(result.level).toBe(2)
    expect(result.subject).toBe(CITIZEN_ACCOUNT_ID)
    expect(result.citizen).toEqual({
      personalId: '001090012345',
      fullName: 'Nguyễn Văn An',
      familyName: 'Nguyễn',
      middleName: 'Văn',
      givenName: 'An',
      birthDate: '1990-05-17',
      gender: 'male',
    })
    expect(result.attributes).toEqual({
      healthInsurance: {
        number: '0123456789',
        legacyCode: 'DN4010123456789',
        benefitLevel: 4,
        validFrom: '2026-01-01',
        validTo: '2026-12-31',
        facility: { code: '01001', name: 'Bệnh viện Bạch Mai' },
      },
    })
    expect(result.missing).toEqual([])
    expect(result.unavailable).toEqual([])
    expect(result.sessionId).toEqual(expect.any(String))
    expect(result.sessionId).toBe(decodeJwt(result.tokens.idToken).sid)
    expect(result.authTime).toEqual(expect.any(Number))

    const { tokens } = result
    expect(tokens.tokenType).toBe('Bearer')
    expect(tokens.subject).toBe(CITIZEN_ACCOUNT_ID)
    expect(tokens.accessToken).toEqual(expect.any(String))
    expect(tokens.refreshToken).toEqual(expect.any(String))
    expect(tokens.expiresAt).toBeGreaterThan(Date.now() / 1000)
    const idToken = decodeJwt(tokens.idToken)
    expect(idToken).toMatchObject({ iss: idp.issuer, aud: 'demo-bank', sub: CITIZEN_ACCOUNT_ID, acr: '2' })
  })

  it('accepts a level-1 sign-in when level 1 is required and the citizen reached level 1', async () => {
    idp.setNextLogin({ accountId: CITIZEN_ACCOUNT_ID, acr: '1', amr: ['pwd'] })
    const { url, transaction } = await eid.signIn({ level: 1 })
    const result = await eid.completeSignIn(await followToRedirectUri(url, idp.redirectUri), transaction)

    expect(result.level).toBe(1)
    expect(result.citizen?.personalId).toBe('001090012345')
    expect(result.attributes).toEqual({})
  })

  it('refuses a level-2 sign-in when the provider achieved only level 1 (ERR_EID_LEVEL_TOO_LOW)', async () => {
    idp.setNextLogin({ accountId: CITIZEN_ACCOUNT_ID, acr: '1', amr: ['pwd'] })
    const { url, transaction } = await eid.signIn({ level: 2, attributes: ['health_insurance'] })
    const callbackUrl = await followToRedirectUri(url, idp.redirectUri)
    // The provider asked for acr 2 and still issued acr 1: the refusal is the SDK's, not the provider's.
    expect(idp.interactions.at(-2)?.params.acr_values).toBe('2')

    const error = await rejectionOf(eid.completeSignIn(callbackUrl, transaction))

    expect(isEidError(error, 'ERR_EID_LEVEL_TOO_LOW')).toBe(true)
    expect(error).toBeInstanceOf(EidLevelError)
    expect(error).toMatchObject({ code: 'ERR_EID_LEVEL_TOO_LOW', required: 2, actual: 1 })
    expect((error as Error).message).not.toContain('001090012345')
    expect((error as Error).message).not.toContain('Nguyễn')
  })

  it('refreshes the tokens and keeps the subject; the new access token reads attributes', async () => {
    const { url, transaction } = await eid.signIn({ level: 2, attributes: ['age_over_18'] })
    const { tokens } = await eid.completeSignIn(await followToRedirectUri(url, idp.redirectUri), transaction)
    const before = tokenRequestCount()

    const refreshed = await eid.refresh(tokens)

    expect(tokenRequestCount()).toBe(before + 1)
    expect(refreshed.subject).toBe(tokens.subject)
    expect(refreshed.accessToken).not.toBe(tokens.accessToken)
    expect(refreshed.refreshToken).toEqual(expect.any(String))
    expect(refreshed.idToken).not.toBe(tokens.idToken)
    expect(decodeJwt(refreshed.idToken)).toMatchObject({
      iss: idp.issuer,
      aud: 'demo-bank',
      sub: tokens.subject,
    })
    const { attributes, missing } = await eid.fetchAttributes(refreshed, ['age_over_18'])
    expect(attributes).toEqual({ ageOver18: true })
    expect(missing).toEqual([])
  })

  it('revokes the tokens: the refresh token is then refused by the provider', async () => {
    const { url, transaction } = await eid.signIn()
    const { tokens } = await eid.completeSignIn(await followToRedirectUri(url, idp.redirectUri), transaction)

    await eid.revoke(tokens)
    const error = await rejectionOf(eid.refresh(tokens))

    expect(error).toMatchObject({ code: 'ERR_EID_PROVIDER', error: 'invalid_grant', endpoint: 'token' })
  })

  it('rejects a replayed callback (ERR_EID_TRANSACTION_INVALID, already_used) without a token request', async () => {
    const { url, transaction } = await eid.signIn({ level: 2 })
    const callbackUrl = await followToRedirectUri(url, idp.redirectUri)
    await eid.completeSignIn(callbackUrl, transaction)
    const before = tokenRequestCount()

    const error = await rejectionOf(eid.completeSignIn(callbackUrl, transaction))

    expect(error).toMatchObject({ code: 'ERR_EID_TRANSACTION_INVALID', reason: 'already_used' })
    expect(tokenRequestCount()).toBe(before)
  })

  it('creates a client against a real provider over HTTP (regression: discovery aborted by timeout 0)', async () => {
    const client = await createClient(options)
    expect(client.issuer).toBe(idp.issuer)
  })

  it('fails discovery when the configured issuer has a trailing slash the provider does not publish', async () => {
    // OIDC Discovery 4.3 / R37: the issuer must match exactly; "http://host:port/" is another issuer.
    const error = await rejectionOf(
      createClient({ ...options, issuer: `${idp.issuer}/` }),
      'expected createClient to refuse an issuer differing from the published one by a trailing slash ' +
        '(regression: openid-client compares issuers as parsed URLs, which add "/" to an empty path)',
    )

    expect(error).toMatchObject({ code: 'ERR_EID_DISCOVERY' })
    expect((error as Error).message).toContain('"issuer" to equal the configured issuer')
  })

  it('fails discovery when the configured issuer names another host than the published one', async () => {
    const error = await rejectionOf(
      createClient({
        ...options,
        issuer: idp.issuer.replace('127.0.0.1', 'localhost'),
      }),
    )

    expect(error).toMatchObject({ code: 'ERR_EID_DISCOVERY' })
    expect((error as Error).message).toContain('"issuer" to equal the configured issuer')
  })
})

import { personas } from '@dinhdanh/testing'
import * as client from 'openid-client'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import type { MockIdp } from '../server.js'
import {
  type Authorization,
  authorizationParams,
  authorize,
  clientAuth,
  codeOf,
  get,
  locationOf,
  pkce,
  postForm,
  type RawResponse,
  RelyingParty,
  redeem,
  signIn,
  startIdp,
  travel,
} from './support.js'

let idp: MockIdp
let rp: RelyingParty
let other: RelyingParty
const loopbackRedirectUri = 'http://127.0.0.1:9/sec-rp/callback'
const httpsRedirectUri = 'https://rp.example/sec-rp/callback'

beforeAll(async () => {
  rp = await RelyingParty.create('sec-rp', { redirect_uris: [loopbackRedirectUri, httpsRedirectUri] })
  other = await RelyingParty.create('sec-other-rp')
  idp = await startIdp([rp, other])
})
afterAll(() => idp?.close())
afterEach(() => {
  vi.useRealTimers()
})

const citizen = personas.level2Adult
const authorizationRequest = (extra: Record<string, string> = {}) =>
  authorizationParams(rp, citizen.personalId, extra)

/** A front-channel authorization request (no PAR), the first hop only. */
function authorizeFrontChannel(params: Record<string, string>): Promise<RawResponse> {
  return get(`${idp.url}/auth?${new URLSearchParams(params)}`, { accept: 'text/html' })
}

/** A raw token request for an authorization code, authenticated with a correct client assertion. */
async function redeemRaw(code: string, params: Record<string, string>): Promise<RawResponse> {
  return postForm(`${idp.url}/token`, {
    grant_type: 'authorization_code',
    code,
    redirect_uri: rp.redirectUri,
    ...(await clientAuth(idp, rp)),
    ...params,
  })
}

describe('O01: redirect_uri is matched exactly', () => {
  const registered = loopbackRedirectUri
  const variants = [
    { variant: 'trailing slash', uri: `${registered}/` },
    { variant: 'case change in the path', uri: 'http://127.0.0.1:9/SEC-rp/callback' },
    { variant: 'case change in the host', uri: 'https://RP.example/sec-rp/callback' },
    { variant: 'extra path', uri: `${registered}/extra` },
    { variant: 'extra path segment before', uri: 'http://127.0.0.1:9/x/sec-rp/callback' },
    { variant: 'extra query', uri: `${registered}?next=/admin` },
    { variant: 'empty query', uri: `${registered}?` },
    { variant: 'fragment', uri: `${registered}#x` },
    { variant: 'other port', uri: 'http://127.0.0.1:10/sec-rp/callback' },
    { variant: 'default port', uri: 'http://127.0.0.1/sec-rp/callback' },
    { variant: 'explicit default port', uri: 'https://rp.example:443/sec-rp/callback' },
    { variant: 'http for https', uri: 'http://rp.example/sec-rp/callback' },
    { variant: 'https for http', uri: 'https://127.0.0.1:9/sec-rp/callback' },
    { variant: 'localhost for 127.0.0.1', uri: 'http://localhost:9/sec-rp/callback' },
    { variant: 'percent-encoded path', uri: 'http://127.0.0.1:9/sec-rp%2Fcallback' },
    { variant: 'dot segment', uri: 'http://127.0.0.1:9/sec-rp/../sec-rp/callback' },
    { variant: 'userinfo before another host', uri: 'http://127.0.0.1:9@evil.example/sec-rp/callback' },
    { variant: 'subdomain of the registered host', uri: 'https://rp.example.evil.example/sec-rp/callback' },
    { variant: 'unregistered', uri: 'https://evil.example/callback' },
    { variant: "another client's", uri: 'http://127.0.0.1:9/sec-other-rp/callback' },
  ]

  it.each(variants)(
    'O01: front channel, $variant → error page (HTML 400), never a redirect',
    async ({ uri }) => {
      const response = await authorizeFrontChannel({
        ...authorizationRequest({ redirect_uri: uri }),
        ...(await pkce()).challenge,
      })
      expect(response.status).toBe(400)
      expect(response.headers.get('content-type')).toMatch(/^text\/html/)
      expect(response.headers.get('location')).toBeNull()
      expect(response.text).toContain('invalid_redirect_uri')
      expect(response.text).not.toContain('code=')
    },
  )

  it.each(variants)('O01: PAR, $variant → 400 JSON error, never a redirect', async ({ uri }) => {
    const { challenge } = await pkce()
    const response = await postForm(`${idp.url}/request`, {
      ...authorizationRequest({ redirect_uri: uri }),
      ...challenge,
      ...(await clientAuth(idp, rp)),
    })
    expect(response.status).toBe(400)
    expect(response.headers.get('location')).toBeNull()
    expect(response.json.error).toMatch(/^invalid_(request|redirect_uri)$/)
    expect(response.json).not.toHaveProperty('request_uri')
  })

  it('O01: an unregistered redirect_uri is refused even when the request has another error too', async () => {
    // No PKCE (an error the provider would normally redirect back with) and a foreign redirect_uri.
    const response = await authorizeFrontChannel(
      authorizationRequest({ redirect_uri: 'https://evil.example/callback' }),
    )
    expect(response.status).toBe(400)
    expect(response.headers.get('location')).toBeNull()
  })

  it.each([
    { which: 'loopback http', uri: loopbackRedirectUri },
    { which: 'https', uri: httpsRedirectUri },
  ])('O01: the registered $which redirect_uri, exactly, is accepted', async ({ uri }) => {
    const { challenge } = await pkce()
    const response = await authorizeFrontChannel({
      ...authorizationRequest({ redirect_uri: uri }),
      ...challenge,
    })
    expect(response.status).toBe(303)
    expect(locationOf(response, idp.url)?.pathname).toMatch(/^\/interaction\//)
  })
})

describe('O02: authorization codes', () => {
  it('O02: a code reused 1 s later is refused with invalid_grant, and the tokens it gave are revoked', async () => {
    const { authorization, tokens } = await signIn(rp, {
      personalId: citizen.personalId,
      scope: 'openid identity offline_access',
    })
    await expect(client.tokenIntrospection(rp.config, tokens.access_token)).resolves.toMatchObject({
      active: true,
    })
    await new Promise((resolve) => setTimeout(resolve, 1000))

    const again = await redeem(rp, authorization).catch((error: unknown) => error)
    expect(again).toBeInstanceOf(client.ResponseBodyError)
    expect((again as client.ResponseBodyError).error).toBe('invalid_grant')

    const userinfo = await get(`${idp.url}/me`, { authorization: `Bearer ${tokens.access_token}` })
    expect(userinfo.status).toBe(401)
    expect(userinfo.json.error).toBe('invalid_token')
    expect(await client.tokenIntrospection(rp.config, tokens.access_token)).toEqual({ active: false })
    const refresh = await client
      .refreshTokenGrant(rp.config, tokens.refresh_token ?? '')
      .catch((error: unknown) => error)
    expect((refresh as client.ResponseBodyError).error).toBe('invalid_grant')
  })

  it('O02: an expired code is refused with invalid_grant', async () => {
    const authorization = await authorize(rp, { personalId: citizen.personalId })
    travel(61) // AuthorizationCode lives 60 s.
    const response = await redeemRaw(codeOf(authorization), { code_verifier: authorization.codeVerifier })
    expect(response.status).toBe(400)
    expect(response.json.error).toBe('invalid_grant')
    expect(response.json).not.toHaveProperty('access_token')
  })

  it('O02: a code redeemed by another client is refused with invalid_grant', async () => {
    const authorization = await authorize(rp, { personalId: citizen.personalId })
    const response = await postForm(`${idp.url}/token`, {
      grant_type: 'authorization_code',
      code: codeOf(authorization),
      code_verifier: authorization.codeVerifier,
      redirect_uri: rp.redirectUri,
      ...(await clientAuth(idp, other)),
    })
    expect(response.status).toBe(400)
    expect(response.json.error).toBe('invalid_grant')
    expect(response.json).not.toHaveProperty('access_token')
  })

  it.each([
    { which: "the client's other registered", uri: httpsRedirectUri },
    { which: 'an unregistered', uri: 'https://evil.example/callback' },
    { which: 'a trailing-slash', uri: `${loopbackRedirectUri}/` },
  ])('O02: a code redeemed with $which redirect_uri is refused with invalid_grant', async ({ uri }) => {
    const authorization = await authorize(rp, { personalId: citizen.personalId })
    const response = await redeemRaw(codeOf(authorization), {
      code_verifier: authorization.codeVerifier,
      redirect_uri: uri,
    })
    expect(response.status).toBe(400)
    expect(response.json.error).toBe('invalid_grant')
  })

  it('O02: a code redeemed without redirect_uri is refused', async () => {
    const authorization = await authorize(rp, { personalId: citizen.personalId })
    const response = await postForm(`${idp.url}/token`, {
      grant_type: 'authorization_code',
      code: codeOf(authorization),
      code_verifier: authorization.codeVerifier,
      ...(await clientAuth(idp, rp)),
    })
    expect(response.status).toBe(400)
    expect(response.json).not.toHaveProperty('access_token')
  })
})

describe('O03: PKCE is required, S256 only', () => {
  it('O03: refuses a PAR request without PKCE', async () => {
    const response = await postForm(`${idp.url}/request`, {
      ...authorizationRequest(),
      ...(await clientAuth(idp, rp)),
    })
    expect(response.status).toBe(400)
    expect(response.json.error).toBe('invalid_request')
    expect(response.json).not.toHaveProperty('request_uri')
  })

  it('O03: refuses a front-channel request without PKCE (an error back to the client, no code)', async () => {
    const params = authorizationRequest()
    const location = locationOf(await authorizeFrontChannel(params), idp.url)
    expect(`${location?.origin}${location?.pathname}`).toBe(rp.redirectUri)
    expect(location?.searchParams.get('error')).toBe('invalid_request')
    expect(location?.searchParams.get('state')).toBe(params.state)
    expect(location?.searchParams.has('code')).toBe(false)
  })

  type Params = Record<string, string | undefined>
  it.each<{ how: string; change: (verifier: string) => Params }>([
    { how: 'code_challenge_method=plain', change: () => ({ code_challenge_method: 'plain' }) },
    {
      how: 'plain, the verifier as the challenge',
      change: (verifier) => ({ code_challenge_method: 'plain', code_challenge: verifier }),
    },
    {
      how: 'no code_challenge_method (RFC 7636 would default to plain)',
      change: () => ({ code_challenge_method: undefined }),
    },
    { how: 'an unknown method', change: () => ({ code_challenge_method: 'S512' }) },
    { how: 'a challenge too short', change: () => ({ code_challenge: 'abc' }) },
    { how: 'a challenge with invalid characters', change: () => ({ code_challenge: `${'a'.repeat(42)}+/` }) },
    { how: 'a method but no challenge', change: () => ({ code_challenge: undefined }) },
  ])('O03: refuses a PAR request with $how', async ({ change }) => {
    const { verifier, challenge } = await pkce()
    const params: Params = { ...authorizationRequest(), ...challenge, ...change(verifier) }
    const sent = Object.fromEntries(
      Object.entries(params).filter((entry): entry is [string, string] => entry[1] !== undefined),
    )
    const response = await postForm(`${idp.url}/request`, { ...sent, ...(await clientAuth(idp, rp)) })
    expect(response.status).toBe(400)
    expect(response.json.error).toBe('invalid_request')
    expect(response.json).not.toHaveProperty('request_uri')
  })

  it.each<{
    how: string
    verifier: (authorization: Authorization) => Promise<string | undefined>
    error: string
  }>([
    { how: 'verifier missing', verifier: async () => undefined, error: 'invalid_grant' },
    {
      how: 'verifier of another request',
      verifier: async () => client.randomPKCECodeVerifier(),
      error: 'invalid_grant',
    },
    {
      how: 'challenge sent as the verifier',
      verifier: (authorization) => client.calculatePKCECodeChallenge(authorization.codeVerifier),
      error: 'invalid_grant',
    },
    {
      how: 'verifier too short (42 characters)',
      verifier: async () => 'a'.repeat(42),
      error: 'invalid_request',
    },
    {
      how: 'verifier too long (129 characters)',
      verifier: async () => 'a'.repeat(129),
      error: 'invalid_request',
    },
    {
      how: 'verifier with invalid characters',
      verifier: async (authorization) => `${authorization.codeVerifier.slice(0, 43)}+/=`,
      error: 'invalid_request',
    },
  ])('O03: refuses the token request with the $how', async ({ verifier, error }) => {
    const authorization = await authorize(rp, { personalId: citizen.personalId })
    const sent = await verifier(authorization)
    const response = await redeemRaw(codeOf(authorization), sent === undefined ? {} : { code_verifier: sent })
    expect(response.status).toBe(400)
    expect(response.json.error).toBe(error)
    expect(response.json).not.toHaveProperty('access_token')
  })
})

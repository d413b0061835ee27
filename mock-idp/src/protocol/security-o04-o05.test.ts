import { personas } from '@dinhdanh/testing'
import * as client from 'openid-client'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import type { MockIdp } from '../server.js'
import { clientAssertion } from './crafted-jwts.js'
import {
  type Authorization,
  admin,
  authorizationParams,
  CookieJar,
  clientAuth,
  codeOf,
  followToRedirectUri,
  get,
  locationOf,
  pkce,
  postForm,
  type RawResponse,
  RelyingParty,
  redeem,
  startIdp,
  travel,
} from './support.js'

let idp: MockIdp
let rp: RelyingParty
let other: RelyingParty

beforeAll(async () => {
  // Two redirect URIs: oidc-provider cannot fall back to "the" redirect URI when it refuses a request.
  rp = await RelyingParty.create('par-rp', {
    redirect_uris: ['http://127.0.0.1:9/par-rp/callback', 'https://rp.example/par-rp/callback'],
  })
  other = await RelyingParty.create('par-other-rp')
  idp = await startIdp([rp, other])
})
afterAll(() => idp?.close())
afterEach(() => {
  vi.useRealTimers()
})

const citizen = personas.level2Adult
const authorizationRequest = (extra: Record<string, string> = {}) =>
  authorizationParams(rp, citizen.personalId, extra)

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

describe('O04: pushed authorization requests', () => {
  async function push(params: Record<string, string> = {}) {
    const { verifier, challenge } = await pkce()
    const sent: Record<string, string> = { ...authorizationRequest(), ...challenge, ...params }
    const response = await postForm(`${idp.url}/request`, { ...sent, ...(await clientAuth(idp, rp)) })
    expect(response.status).toBe(201)
    const requestUri = String(response.json.request_uri)
    expect(requestUri).toMatch(/^urn:ietf:params:oauth:request_uri:/)
    return {
      requestUri,
      expiresIn: Number(response.json.expires_in),
      verifier,
      sent,
      url: `${idp.url}/auth?${new URLSearchParams({ client_id: rp.clientId, request_uri: requestUri })}`,
    }
  }

  /** Follows a front-channel request to its end: the redirect back to the client, or the error page. */
  async function outcome(url: string): Promise<{ callback?: URL; page?: string }> {
    const jar = new CookieJar()
    const first = await get(url, { accept: 'text/html' })
    jar.store(new URL(url), first.headers.getSetCookie())
    const location = locationOf(first, idp.url)
    if (!location) return { page: `HTTP ${first.status}: ${first.text}` }
    if (location.href.startsWith(rp.redirectUri)) return { callback: location }
    return { callback: new URL(await followToRedirectUri(location.href, rp.redirectUri, jar)) }
  }

  it('O04: a request_uri is single use', async () => {
    const pushed = await push()
    const first = await outcome(pushed.url)
    expect(first.callback?.searchParams.get('code')).toBeTypeOf('string')
    const second = await outcome(pushed.url)
    expect(second.callback).toBeUndefined()
    expect(second.page).toMatch(/^HTTP 400:/)
    expect(second.page).toContain('<code>invalid_request_uri</code>')
  })

  it('O04: an expired request_uri is refused', async () => {
    const pushed = await push()
    expect(pushed.expiresIn).toBeGreaterThan(0)
    expect(pushed.expiresIn).toBeLessThanOrEqual(600)
    travel(pushed.expiresIn + 1)
    const late = await outcome(pushed.url)
    expect(late.callback).toBeUndefined()
    expect(late.page).toMatch(/^HTTP 400:/)
    expect(late.page).toContain('<code>invalid_request_uri</code>')
  })

  it("O04: a request_uri used with another client's client_id is refused", async () => {
    const pushed = await push()
    const url = `${idp.url}/auth?${new URLSearchParams({ client_id: other.clientId, request_uri: pushed.requestUri })}`
    const location = locationOf(await get(url, { accept: 'text/html' }), idp.url)
    expect(`${location?.origin}${location?.pathname}`).toBe(other.redirectUri)
    expect(location?.searchParams.get('error')).toBe('invalid_request_object')
    expect(location?.searchParams.has('code')).toBe(false)
    // ...and the attempt did not use it up: the client that pushed it still can.
    const rightful = await outcome(pushed.url)
    expect(rightful.callback?.searchParams.get('code')).toBeTypeOf('string')
  })

  it.each([
    {
      which: 'an https URL (request objects by reference)',
      requestUri: 'https://evil.example/request.jwt',
      error: 'request_uri_not_supported',
    },
    {
      which: 'a guessed PAR URN',
      requestUri: 'urn:ietf:params:oauth:request_uri:guessed',
      error: 'invalid_request_uri',
    },
  ])('O04: a request_uri that PAR did not issue is refused: $which', async ({ requestUri, error }) => {
    const result = await outcome(
      `${idp.url}/auth?${new URLSearchParams({ client_id: rp.clientId, request_uri: requestUri })}`,
    )
    expect(result.callback).toBeUndefined()
    expect(result.page).toMatch(/^HTTP 400:/)
    expect(result.page).toContain(`<code>${error}</code>`)
  })

  it('O04: parameters outside the PAR have no effect (citizen, scope, state, nonce, PKCE, redirect_uri, acr)', async () => {
    const pushed = await push({ scope: 'openid identity', acr_values: '2' })
    const attackerPkce = await pkce()
    const front = new URL(pushed.url)
    for (const [name, value] of Object.entries({
      login_hint: personas.level1Adult.personalId,
      scope: 'openid identity phone driving_licence',
      state: 'attacker-state',
      nonce: 'attacker-nonce',
      code_challenge: attackerPkce.challenge.code_challenge,
      code_challenge_method: 'S256',
      redirect_uri: 'https://evil.example/callback',
      acr_values: '1',
      response_mode: 'fragment',
      prompt: 'none',
      purpose: 'Attacker purpose',
    }))
      front.searchParams.set(name, value)

    // oidc-provider replaces every front-channel parameter with the pushed ones (RFC 9126 §4).
    const { callback } = await outcome(front.href)
    if (!callback) throw new Error('expected a redirect back to the client')
    // Query response mode (PAR's), the PAR's state, our redirect_uri.
    expect(callback.searchParams.get('state')).toBe(pushed.sent.state)
    const authorization: Authorization = {
      callbackUrl: callback,
      codeVerifier: pushed.verifier,
      state: pushed.sent.state ?? '',
      nonce: pushed.sent.nonce ?? '',
      jar: new CookieJar(),
    }
    // The attacker's verifier is useless; the PAR's one works (openid-client also checks the PAR's nonce).
    const withAttackerVerifier = await redeemRaw(codeOf(authorization), {
      code_verifier: attackerPkce.verifier,
    })
    expect(withAttackerVerifier.json.error).toBe('invalid_grant')
    const tokens = await redeem(rp, authorization)
    expect(tokens.scope?.split(' ').sort()).toEqual(['identity', 'openid'])
    expect(tokens.claims()?.acr).toBe('2')
    const userinfo = await client.fetchUserInfo(rp.config, tokens.access_token, tokens.claims()?.sub ?? '')
    expect(userinfo.personal_id).toBe(citizen.personalId)
    expect(userinfo).not.toHaveProperty('phone_number')
    const consents = await admin(idp, 'GET', `/consents?client_id=${rp.clientId}`)
    const record = (consents.json.consents as { id: string; purpose: string }[]).find(
      (c) => c.id === tokens.claims()?.consent_id,
    )
    expect(record?.purpose).not.toBe('Attacker purpose')
  })
})

describe('O05: the client assertion audience is the issuer, as a string', () => {
  const endpoints = [
    { endpoint: 'token', path: '/token', body: { grant_type: 'client_credentials', scope: 'consents' } },
    { endpoint: 'PAR', path: '/request', body: {} },
    { endpoint: 'introspection', path: '/token/introspection', body: { token: 'x' } },
    { endpoint: 'revocation', path: '/token/revocation', body: { token: 'x' } },
    { endpoint: 'CIBA', path: '/backchannel', body: { scope: 'openid', login_hint: citizen.personalId } },
  ]
  const audiences = (issuer: string) => [
    { aud: 'the token URL', value: `${issuer}/token` },
    { aud: 'the PAR URL', value: `${issuer}/request` },
    { aud: 'the introspection URL', value: `${issuer}/token/introspection` },
    { aud: 'an array with the issuer', value: [issuer] },
    { aud: 'an array with the issuer and the token URL', value: [issuer, `${issuer}/token`] },
    { aud: 'the issuer with a trailing slash', value: `${issuer}/` },
    { aud: 'another issuer', value: 'https://eid.example' },
  ]

  async function bodyFor(path: string, body: Record<string, string>): Promise<Record<string, string>> {
    if (path !== '/request') return body
    const { challenge } = await pkce()
    return { ...authorizationRequest(), ...challenge }
  }

  it.each(endpoints)('O05: $endpoint accepts aud = the issuer (control)', async ({ path, body }) => {
    const response = await postForm(`${idp.url}${path}`, {
      ...(await bodyFor(path, body)),
      ...(await clientAuth(idp, rp)),
    })
    expect(response.status, response.text).toBeLessThan(300)
  })

  it.each(endpoints)(
    'O05: $endpoint refuses every other audience with invalid_client',
    async ({ path, body }) => {
      for (const { aud, value } of audiences(idp.url)) {
        const response = await postForm(`${idp.url}${path}`, {
          ...(await bodyFor(path, body)),
          client_id: rp.clientId,
          client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
          client_assertion: await clientAssertion(rp, value),
        })
        expect(response.status, `aud = ${aud}`).toBe(401)
        expect(response.json.error, `aud = ${aud}`).toBe('invalid_client')
      }
    },
  )

  it('O05: a replayed client assertion is refused (unique jti)', async () => {
    const assertion = await clientAssertion(rp, idp.url)
    const auth = {
      client_id: rp.clientId,
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: assertion,
    }
    const body = { grant_type: 'client_credentials', scope: 'consents' }
    expect((await postForm(`${idp.url}/token`, { ...body, ...auth })).status).toBe(200)
    const replay = await postForm(`${idp.url}/token`, { ...body, ...auth })
    expect(replay.status).toBe(401)
    expect(replay.json.error).toBe('invalid_client')
  })

  it.each([
    {
      how: 'signed with a key the client did not register',
      make: () => clientAssertion(rp, idp.url, {}, other.signingKey),
    },
    {
      how: 'expired',
      make: () => clientAssertion(rp, idp.url, { exp: Math.floor(Date.now() / 1000) - 120 }),
    },
    { how: 'with another iss', make: () => clientAssertion(rp, idp.url, { iss: other.clientId }) },
  ])('O05: refuses a client assertion $how', async ({ make }) => {
    const assertion = await make()
    const response = await postForm(`${idp.url}/token`, {
      grant_type: 'client_credentials',
      scope: 'consents',
      client_id: rp.clientId,
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: assertion,
    })
    expect(response.status).toBe(401)
    expect(response.json.error).toBe('invalid_client')
  })
})

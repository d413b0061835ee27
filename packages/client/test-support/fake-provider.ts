/**
 * A scriptable national e-ID provider for the client's unit tests, built from msw handlers. It speaks
 * just enough OpenID Connect to exercise the SDK and lets each test break exactly one thing (an ID token
 * claim, a header, a response body) to prove the SDK rejects it. Not a product: the real mock provider
 * lives in mock-idp/.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto'
import * as jose from 'jose'
import { HttpResponse, http } from 'msw'
import type { Jwk } from '../src/options.js'

export const ISSUER = 'https://eid.test'
export const CLIENT_ID = 'demo-bank'
export const REDIRECT_URI = 'https://bank.test/auth/callback'

/** A citizen whose claims pass the SDK's schemas. */
export const CITIZEN_CLAIMS = {
  personal_id: '001090012345',
  name: 'Nguyễn Văn An',
  family_name: 'Nguyễn',
  middle_name: 'Văn',
  given_name: 'An',
  birthdate: '1990-05-17',
  gender: 'male',
}

export const HEALTH_INSURANCE_CLAIMS = {
  health_insurance: {
    number: '0112345678',
    legacy_code: 'DN4010112345678',
    benefit_level: 4,
    valid_from: '2026-01-01',
    valid_to: '2026-12-31',
    facility: { code: '01-001', name: 'Bệnh viện Bạch Mai' },
  },
}

interface PendingAuthorization {
  params: URLSearchParams
}

interface IssuedCode {
  params: URLSearchParams
  used: boolean
}

/** What the next ID token should look like; each test changes one thing. */
export interface IdTokenScript {
  claims?: Record<string, unknown>
  /** Claims to delete from the token. */
  omit?: string[]
  header?: Record<string, unknown>
  /** How to sign: normally with the provider key; or break it. */
  signing?: 'normal' | 'none' | 'hs256-public-key' | 'other-key' | 'tamper' | 'no-kid'
}

export interface RecordedRequest {
  method: string
  url: URL
  body: URLSearchParams | undefined
  headers: Headers
}

export interface FakeProviderOptions {
  par?: 'none' | 'offered' | 'required'
  issParameter?: boolean
  cibaSupported?: boolean
}

export type FakeProvider = Awaited<ReturnType<typeof createFakeProvider>>

/** Creates a fake provider; add `provider.handlers` to an msw server. */
export async function createFakeProvider(options: FakeProviderOptions = {}) {
  const par = options.par ?? 'offered'
  const signing = await jose.generateKeyPair('ES256', { extractable: true })
  const otherKey = await jose.generateKeyPair('ES256', { extractable: true })
  const clientKeys = await jose.generateKeyPair('ES256', { extractable: true })
  let publicJwk = { ...(await jose.exportJWK(signing.publicKey)), kid: 'sig-1', alg: 'ES256', use: 'sig' }
  let signingKey = signing.privateKey
  let kid = 'sig-1'
  const clientJwk = { ...(await jose.exportJWK(clientKeys.privateKey)), kid: 'client-1' } as Jwk
  const extraJwks: jose.JWK[] = []

  const pushed = new Map<string, PendingAuthorization>()
  const codes = new Map<string, IssuedCode>()
  const accessTokens = new Map<string, { sub: string; scope: string }>()
  const refreshTokens = new Map<string, { sub: string; scope: string; nonce?: string }>()
  const requests: RecordedRequest[] = []
  const cibaRequests = new Map<string, { params: URLSearchParams; polls: number }>()

  const state = {
    sub: 'sub-0001',
    acr: '2',
    idToken: {} as IdTokenScript,
    /** Replace the whole token endpoint response once. */
    tokenResponse: undefined as ((base: Record<string, unknown>) => Response) | undefined,
    userinfo: undefined as ((claims: Record<string, unknown>) => Response) | undefined,
    userinfoClaims: { ...CITIZEN_CLAIMS, ...HEALTH_INSURANCE_CLAIMS } as Record<string, unknown>,
    discovery: undefined as ((doc: Record<string, unknown>) => Response) | undefined,
    jwksRequests: 0,
    /** Answers for CIBA polls, in order; afterwards the grant succeeds. */
    cibaPolls: [] as string[],
    dpopNonce: undefined as string | undefined,
    /** Demand a new DPoP nonce on every token request (a misbehaving provider). */
    dpopNonceAlwaysNew: false,
    /** Encrypt ID tokens (and userinfo, when `userinfo` is true) to this client key. */
    encryptTo: undefined as { jwk: jose.JWK; alg: string; userinfo?: boolean } | undefined,
  }

  async function encrypt(jws: string): Promise<string> {
    const target = state.encryptTo
    if (!target) return jws
    if (target.alg === 'RSA1_5') {
      // jose no longer produces RSA1_5; a well-formed header over junk is enough for the client to refuse it.
      const enc = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url')
      const junk = () => randomBytes(32).toString('base64url')
      return `${enc({ alg: 'RSA1_5', enc: 'A128CBC-HS256', cty: 'JWT', kid: target.jwk.kid })}.${junk()}.${junk()}.${junk()}.${junk()}`
    }
    const key = await jose.importJWK(target.jwk, target.alg)
    return new jose.CompactEncrypt(new TextEncoder().encode(jws))
      .setProtectedHeader({
        alg: target.alg,
        enc: 'A256GCM',
        cty: 'JWT',
        ...(target.jwk.kid && { kid: target.jwk.kid }),
      })
      .encrypt(key)
  }

  const metadata = (): Record<string, unknown> => ({
    issuer: ISSUER,
    authorization_endpoint: `${ISSUER}/authorize`,
    token_endpoint: `${ISSUER}/token`,
    userinfo_endpoint: `${ISSUER}/userinfo`,
    jwks_uri: `${ISSUER}/jwks`,
    revocation_endpoint: `${ISSUER}/revoke`,
    end_session_endpoint: `${ISSUER}/logout`,
    ...(par !== 'none' && { pushed_authorization_request_endpoint: `${ISSUER}/par` }),
    ...(par === 'required' && { require_pushed_authorization_requests: true }),
    authorization_response_iss_parameter_supported: options.issParameter ?? true,
    response_types_supported: ['code'],
    grant_types_supported: [
      'authorization_code',
      'refresh_token',
      'client_credentials',
      'urn:openid:params:grant-type:ciba',
    ],
    code_challenge_methods_supported: ['S256'],
    id_token_signing_alg_values_supported: ['ES256'],
    token_endpoint_auth_methods_supported: ['private_key_jwt', 'client_secret_basic'],
    dpop_signing_alg_values_supported: ['ES256'],
    acr_values_supported: ['1', '2'],
    claims_parameter_supported: true,
    consent_api_endpoint: `${ISSUER}/consent-api`,
    ...(options.cibaSupported !== false && {
      backchannel_authentication_endpoint: `${ISSUER}/ciba`,
      backchannel_token_delivery_modes_supported: ['poll'],
    }),
  })

  /** Signs a JWT with the provider key (or breaks it as scripted). */
  async function sign(payload: Record<string, unknown>, script: IdTokenScript = {}): Promise<string> {
    const how = script.signing ?? 'normal'
    const header = { alg: 'ES256', kid, ...script.header } as jose.JWTHeaderParameters
    if (how === 'no-kid') delete header.kid
    if (how === 'none') {
      const enc = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url')
      return `${enc({ ...header, alg: script.header?.alg ?? 'none' })}.${enc(payload)}.`
    }
    if (how === 'hs256-public-key') {
      const secret = new TextEncoder().encode(JSON.stringify(publicJwk))
      return new jose.SignJWT(payload).setProtectedHeader({ ...header, alg: 'HS256' }).sign(secret)
    }
    const key = how === 'other-key' ? otherKey.privateKey : signingKey
    const jwt = await new jose.SignJWT(payload).setProtectedHeader(header).sign(key)
    if (how === 'tamper') {
      const [h, p, s] = jwt.split('.') as [string, string, string]
      const bytes = Buffer.from(s, 'base64url')
      bytes[0] = (bytes[0] ?? 0) ^ 1
      return `${h}.${p}.${bytes.toString('base64url')}`
    }
    return jwt
  }

  async function idTokenFor(params: URLSearchParams, sub: string): Promise<string> {
    const now = Math.floor(Date.now() / 1000)
    const script = state.idToken
    const claims: Record<string, unknown> = {
      iss: ISSUER,
      aud: CLIENT_ID,
      sub,
      iat: now,
      exp: now + 300,
      auth_time: now - 5,
      acr: state.acr,
      sid: 'sid-0001',
      ...(params.get('nonce') && { nonce: params.get('nonce') }),
      ...script.claims,
    }
    for (const name of script.omit ?? []) delete claims[name]
    return encrypt(await sign(claims, script))
  }

  function record(request: Request, body?: URLSearchParams) {
    requests.push({ method: request.method, url: new URL(request.url), body, headers: request.headers })
  }

  const oauthError = (error: string, status = 400, description?: string) =>
    HttpResponse.json({ error, ...(description && { error_description: description }) }, { status })

  async function tokenSuccess(params: URLSearchParams, sub: string, dpop: boolean) {
    const access = randomUUID()
    const refresh = randomUUID()
    const scope = params.get('scope') ?? 'openid'
    accessTokens.set(access, { sub, scope })
    refreshTokens.set(refresh, { sub, scope })
    const body: Record<string, unknown> = {
      access_token: access,
      token_type: dpop ? 'DPoP' : 'Bearer',
      expires_in: 300,
      refresh_token: refresh,
      id_token: await idTokenFor(params, sub),
      scope,
    }
    if (state.tokenResponse) {
      const custom = state.tokenResponse
      state.tokenResponse = undefined
      return custom(body)
    }
    return HttpResponse.json(body, { headers: { 'cache-control': 'no-store' } })
  }

  const handlers = [
    http.get(`${ISSUER}/.well-known/openid-configuration`, ({ request }) => {
      record(request)
      return state.discovery ? state.discovery(metadata()) : HttpResponse.json(metadata())
    }),
    http.get(`${ISSUER}/jwks`, ({ request }) => {
      record(request)
      state.jwksRequests++
      return HttpResponse.json({ keys: [publicJwk, ...extraJwks] })
    }),
    http.post(`${ISSUER}/par`, async ({ request }) => {
      const body = new URLSearchParams(await request.text())
      record(request, body)
      const uri = `urn:ietf:params:oauth:request_uri:${randomUUID()}`
      pushed.set(uri, { params: body })
      return HttpResponse.json({ request_uri: uri, expires_in: 60 }, { status: 201 })
    }),
    http.post(`${ISSUER}/token`, async ({ request }) => {
      const body = new URLSearchParams(await request.text())
      record(request, body)
      const dpop = request.headers.has('dpop')
      if (dpop && state.dpopNonce && !request.headers.get('dpop')?.includes('.'))
        return oauthError('invalid_dpop_proof')
      if (dpop && state.dpopNonce) {
        const proof = jose.decodeJwt(request.headers.get('dpop') ?? '')
        if (state.dpopNonceAlwaysNew) state.dpopNonce = randomUUID()
        if (proof.nonce !== state.dpopNonce) {
          return HttpResponse.json(
            { error: 'use_dpop_nonce' },
            { status: 400, headers: { 'dpop-nonce': state.dpopNonce } },
          )
        }
      }
      const grant = body.get('grant_type')
      if (grant === 'authorization_code') {
        const issued = codes.get(body.get('code') ?? '')
        if (!issued || issued.used) return oauthError('invalid_grant')
        issued.used = true
        const challenge = issued.params.get('code_challenge')
        const verifier = body.get('code_verifier') ?? ''
        const computed = createHash('sha256').update(verifier).digest('base64url')
        if (!challenge || computed !== challenge)
          return oauthError('invalid_grant', 400, 'PKCE verification failed')
        return tokenSuccess(issued.params, state.sub, dpop)
      }
      if (grant === 'refresh_token') {
        const known = refreshTokens.get(body.get('refresh_token') ?? '')
        if (!known) return oauthError('invalid_grant')
        refreshTokens.delete(body.get('refresh_token') ?? '')
        return tokenSuccess(new URLSearchParams({ scope: known.scope }), known.sub, dpop)
      }
      if (grant === 'client_credentials') {
        const access = randomUUID()
        accessTokens.set(access, { sub: '', scope: body.get('scope') ?? '' })
        return HttpResponse.json({ access_token: access, token_type: 'Bearer', expires_in: 300 })
      }
      if (grant === 'urn:openid:params:grant-type:ciba') {
        const pending = cibaRequests.get(body.get('auth_req_id') ?? '')
        if (!pending) return oauthError('invalid_grant')
        pending.polls++
        const next = state.cibaPolls.shift()
        if (next) return oauthError(next)
        cibaRequests.delete(body.get('auth_req_id') ?? '')
        return tokenSuccess(pending.params, state.sub, dpop)
      }
      return oauthError('unsupported_grant_type')
    }),
    http.get(`${ISSUER}/userinfo`, async ({ request }) => {
      record(request)
      const auth = request.headers.get('authorization') ?? ''
      const token = auth.replace(/^(Bearer|DPoP) /i, '')
      const known = accessTokens.get(token)
      if (!known)
        return new HttpResponse(null, {
          status: 401,
          headers: { 'www-authenticate': 'Bearer error="invalid_token"' },
        })
      const claims = { sub: known.sub, ...state.userinfoClaims }
      if (state.userinfo) return state.userinfo(claims)
      if (state.encryptTo?.userinfo) {
        const jwt = await encrypt(await sign({ ...claims, iss: ISSUER, aud: CLIENT_ID }))
        return new HttpResponse(jwt, { headers: { 'content-type': 'application/jwt' } })
      }
      return HttpResponse.json(claims)
    }),
    http.post(`${ISSUER}/revoke`, async ({ request }) => {
      const body = new URLSearchParams(await request.text())
      record(request, body)
      const token = body.get('token') ?? ''
      accessTokens.delete(token)
      refreshTokens.delete(token)
      return new HttpResponse(null, { status: 200 })
    }),
    http.post(`${ISSUER}/ciba`, async ({ request }) => {
      const body = new URLSearchParams(await request.text())
      record(request, body)
      const id = randomUUID()
      cibaRequests.set(id, { params: body, polls: 0 })
      return HttpResponse.json({ auth_req_id: id, expires_in: 120, interval: 1 })
    }),
  ]

  return {
    issuer: ISSUER,
    clientId: CLIENT_ID,
    redirectUri: REDIRECT_URI,
    clientJwk,
    handlers,
    state,
    requests,
    sign,
    /** Client options for `createClient` pointing at this provider. */
    clientOptions(extra: Record<string, unknown> = {}) {
      return {
        issuer: ISSUER,
        clientId: CLIENT_ID,
        clientAuth: { method: 'private_key_jwt' as const, privateJwk: clientJwk },
        redirectUri: REDIRECT_URI,
        ...extra,
      }
    },
    /**
     * Plays the browser and the provider's screens: resolves the authorization URL (PAR or not) and
     * returns the callback URL with a fresh code.
     */
    authorize(
      authorizationUrl: string,
      override: { iss?: string | null; state?: string | null; extra?: Record<string, string> } = {},
    ): string {
      const url = new URL(authorizationUrl)
      const requestUri = url.searchParams.get('request_uri')
      const params = requestUri ? pushed.get(requestUri)?.params : url.searchParams
      if (!params) throw new Error('unknown request_uri')
      const code = randomBytes(16).toString('base64url')
      codes.set(code, { params, used: false })
      const callback = new URL(params.get('redirect_uri') ?? REDIRECT_URI)
      callback.searchParams.set('code', code)
      const stateValue = override.state === undefined ? params.get('state') : override.state
      if (stateValue !== null && stateValue !== undefined) callback.searchParams.set('state', stateValue)
      const iss = override.iss === undefined ? ISSUER : override.iss
      if (iss !== null) callback.searchParams.set('iss', iss)
      for (const [key, value] of Object.entries(override.extra ?? {})) callback.searchParams.set(key, value)
      return callback.href
    },
    /** The parameters the SDK sent for an authorization (after PAR resolution). */
    lastPushed(): URLSearchParams | undefined {
      return [...requests].reverse().find((r) => r.url.pathname === '/par')?.body
    },
    /** Rotates the signing key (new kid); the old key disappears from the JWKS. */
    async rotateKey() {
      const next = await jose.generateKeyPair('ES256', { extractable: true })
      kid = `sig-${randomUUID().slice(0, 8)}`
      signingKey = next.privateKey
      publicJwk = { ...(await jose.exportJWK(next.publicKey)), kid, alg: 'ES256', use: 'sig' }
    },
    /** Adds a public key to the JWKS (e.g. a second key without kid, or a short RSA key). */
    addJwk(jwk: jose.JWK) {
      extraJwks.push(jwk)
    },
    countRequests(pathname: string): number {
      return requests.filter((r) => r.url.pathname === pathname).length
    },
  }
}

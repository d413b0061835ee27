import { createHash, randomBytes, randomUUID } from 'node:crypto'
import {
  ATTRIBUTE_NAMES,
  type AttributeName,
  attributeCatalogue,
  isAttributeName,
} from '@dinhdanh/client/schemas'
import type { JWK } from 'jose'
import { delay, HttpResponse, http, type RequestHandler } from 'msw'
import { citizenWithPersona, type Persona } from '../personas.js'
import { DEFAULT_SEED } from '../population/citizen-for.js'
import { attributeAvailability, claimsFor } from '../population/claims.js'
import type { SyntheticCitizen } from '../population/synthetic-citizen.js'
import { authenticateClient, ClientAuthenticationError, type MockEidClient } from './client-authentication.js'
import { consentText } from './consent-text.js'
import { type FakeClock, systemClock } from './fake-clock.js'
import { publicSubject } from './public-subject.js'
import {
  ID_TOKEN_SCENARIOS,
  type MockEidEndpoint,
  ScenarioBoard,
  type ScenarioName,
  type ScenarioOptions,
} from './scenarios.js'
import type { ConsentRecordState, IssuedCode, TokenGrant } from './state.js'
import {
  type ConsentReceiptInput,
  type ConsentWithdrawnInput,
  createTokenFactory,
  type IdTokenClaims,
  newConsentId,
  type TokenBreakage,
} from './token-factories.js'

/**
 * Options of {@link mockEid}.
 *
 * @example
 * ```ts
 * const options: MockEidOptions = { issuer: 'https://eid.test', clients: [{ clientId: 'shop', jwks }] }
 * ```
 */
export interface MockEidOptions {
  /** The issuer URL the handlers answer on (no trailing slash). */
  issuer: string
  clients: MockEidClient[]
  /** Population seed (default `dinhdanh`, as the mock provider's): the same seed gives the same citizens. */
  seed?: string
  /** Clock for every timestamp the kit issues or checks (default: the real clock). */
  clock?: FakeClock
}

/**
 * Options of {@link MockEid.signInAs}.
 *
 * @example
 * ```ts
 * eid.signInAs(personas.level2Adult, { grant: ['age_over_18'], level: 2 })
 * ```
 */
export interface SignInAsOptions {
  /**
   * The attributes the citizen ticks on the consent screen: requested attributes outside this list are
   * not released (`result.missing`). Identity, when requested, is always released. Default: all requested.
   */
  grant?: readonly AttributeName[]
  /** The level the citizen authenticates at (default: the citizen's level; at most that). */
  level?: 1 | 2
}

/**
 * An in-process national e-ID for unit tests: msw handlers plus the controls a test needs. See
 * {@link mockEid}.
 *
 * @example
 * ```ts
 * const server = setupServer(...eid.handlers)
 * eid.signInAs(personas.level2Adult)
 * ```
 */
export interface MockEid {
  readonly issuer: string
  /** msw request handlers: discovery, JWKS, PAR, authorization, token, userinfo, revocation, logout, consent API, CIBA. */
  readonly handlers: RequestHandler[]
  /** The public signing keys (also served at `jwks_uri`). */
  readonly jwks: { keys: JWK[] }
  readonly clock: FakeClock
  /**
   * Signs a citizen in for the following authorizations (until `signOut()`, `reset()` or another
   * `signInAs`): no screens, consent to `grant`. Without it, an authorization's `login_hint` (a 12-digit
   * number) picks the citizen, as the mock provider's auto-approve does; with neither it fails with
   * `login_required`.
   */
  signInAs(who: Persona | string, options?: SignInAsOptions): void
  /** Forgets the signed-in citizen. */
  signOut(): void
  /** Switches a failure scenario on (one-shot unless `persist`). See {@link SCENARIO_NAMES}. */
  useScenario(name: ScenarioName, options?: ScenarioOptions): void
  /** Switches one scenario (or all) off. */
  clearScenario(name?: ScenarioName): void
  /** Forgets the citizen, the scenarios, the codes, the tokens and the consents. */
  reset(): void
  /** The public `sub` of a citizen at a client (public subjects: the mock provider's account id). */
  subjectOf(personalId: string, clientId?: string): string
  /** The consent records made so far (what the consent API lists). */
  consentRecords(): readonly ConsentRecordState[]
  mintIdToken(claims: Partial<IdTokenClaims>, options?: { breakWith?: TokenBreakage }): Promise<string>
  mintLogoutToken(input: { sub?: string; sid?: string; aud?: string }): Promise<string>
  mintConsentReceipt(input: ConsentReceiptInput): Promise<string>
  mintConsentWithdrawnEvent(input: ConsentWithdrawnInput): Promise<string>
}

const CODE_TTL_SEC = 60
const ACCESS_TOKEN_TTL_SEC = 600
const PAR_TTL_SEC = 60

const randomToken = () => randomBytes(24).toString('base64url')
const oauthError = (error: string, description: string, status = 400) =>
  HttpResponse.json(
    { error, error_description: description },
    { status, headers: { 'cache-control': 'no-store' } },
  )
const errorPage = (description: string) =>
  new HttpResponse(`<!doctype html><title>Lỗi</title><p>${description}</p>`, {
    status: 400,
    headers: { 'content-type': 'text/html; charset=utf-8' },
  })

/** The lowest level in `acr_values` (1 when none), as the mock provider reads it. */
function requiredLevel(acrValues: string | null): 1 | 2 {
  const levels = (acrValues ?? '').split(' ').filter((v) => v === '1' || v === '2')
  return levels.includes('1') || levels.length === 0 ? 1 : 2
}

/**
 * Creates an in-process national e-ID: msw handlers that speak the same protocol, serve the same
 * citizens (`citizenWithPersona`, one seeded generator), the same attribute catalogue and the same
 * claim and token shapes as the mock provider, without any screen or network. Discovery advertises
 * exactly what the handlers implement: PAR, RFC 9207 `iss`, PKCE S256, ES256, `private_key_jwt` and
 * `client_secret_basic`, acr "1"/"2", public subjects, CIBA (poll), the consent API; no DPoP, no JAR.
 *
 * @example
 * ```ts
 * import { setupServer } from 'msw/node'
 * import { personas } from '@dinhdanh/testing'
 * import { mockEid } from '@dinhdanh/testing/msw'
 *
 * const eid = mockEid({ issuer: 'https://eid.test', clients: [{ clientId: 'shop', jwks }] })
 * const server = setupServer(...eid.handlers)
 * eid.signInAs(personas.level2Adult, { grant: ['age_over_18'] })
 * eid.useScenario('bad_signature') // the next ID token fails verification
 * ```
 */
export function mockEid(options: MockEidOptions): MockEid {
  const issuer = options.issuer
  if (!URL.canParse(issuer) || issuer.endsWith('/')) {
    throw new TypeError('expected issuer as an absolute URL without a trailing slash')
  }
  const seed = options.seed ?? DEFAULT_SEED
  const clock = options.clock ?? systemClock()
  const clients = new Map(options.clients.map((client) => [client.clientId, client]))
  for (const client of clients.values()) {
    if (!client.jwks && !client.clientSecret) {
      throw new TypeError(`client ${client.clientId}: expected jwks (private_key_jwt) or clientSecret`)
    }
  }
  const tokens = createTokenFactory({
    issuer,
    clock,
    ...(options.clients[0] && { defaultAudience: options.clients[0].clientId }),
  })
  const board = new ScenarioBoard()
  const usedJtis = new Set<string>()
  const pushed = new Map<string, { params: URLSearchParams; clientId: string; expiresAt: number }>()
  const codes = new Map<string, IssuedCode>()
  const accessTokens = new Map<string, TokenGrant>()
  const refreshTokens = new Map<string, TokenGrant>()
  const consents = new Map<string, ConsentRecordState>()
  const ciba = new Map<string, { grant: TokenGrant; expiresAt: number }>()
  let signedIn: { personalId: string; options: SignInAsOptions } | undefined

  const endpoint = (path: string) => `${issuer}${path}`
  const subjectOf = (personalId: string) => publicSubject(personalId, seed)
  const citizenOf = (personalId: string) => citizenWithPersona(personalId, { seed })

  const metadata = () => ({
    issuer,
    authorization_endpoint: endpoint('/authorize'),
    token_endpoint: endpoint('/token'),
    userinfo_endpoint: endpoint('/userinfo'),
    jwks_uri: endpoint('/jwks'),
    pushed_authorization_request_endpoint: endpoint('/par'),
    revocation_endpoint: endpoint('/revoke'),
    end_session_endpoint: endpoint('/logout'),
    backchannel_authentication_endpoint: endpoint('/ciba'),
    backchannel_token_delivery_modes_supported: ['poll'],
    backchannel_user_code_parameter_supported: false,
    consent_api_endpoint: endpoint('/consent-api'),
    authorization_response_iss_parameter_supported: true,
    require_pushed_authorization_requests: false,
    request_parameter_supported: false,
    response_types_supported: ['code'],
    response_modes_supported: ['query'],
    grant_types_supported: [
      'authorization_code',
      'refresh_token',
      'client_credentials',
      'urn:openid:params:grant-type:ciba',
    ],
    code_challenge_methods_supported: ['S256'],
    id_token_signing_alg_values_supported: ['ES256'],
    token_endpoint_auth_methods_supported: ['private_key_jwt', 'client_secret_basic'],
    token_endpoint_auth_signing_alg_values_supported: ['ES256', 'ES384', 'PS256', 'RS256', 'EdDSA'],
    acr_values_supported: ['1', '2'],
    subject_types_supported: ['public'],
    scopes_supported: ['openid', 'offline_access', 'consents', ...ATTRIBUTE_NAMES],
    claims_supported: [
      'sub',
      'iss',
      'aud',
      'acr',
      'auth_time',
      'sid',
      'consent_id',
      'attribute_errors',
      ...new Set(ATTRIBUTE_NAMES.flatMap((name) => attributeCatalogue[name].claims)),
    ],
    ui_locales_supported: ['vi', 'en'],
  })

  /** `server_error` and `slow` apply to any endpoint; every handler passes through here first. */
  function guarded<T extends { request: Request }>(
    name: MockEidEndpoint,
    handler: (info: T) => Promise<Response> | Response,
  ): (info: T) => Promise<Response> {
    return async (info) => {
      const slow = board.takeForEndpoint('slow', name)
      if (slow) await delay(slow.delayMs ?? 10_000)
      const failure = board.takeForEndpoint('server_error', name)
      if (failure) {
        return HttpResponse.json({ error: 'server_error' }, { status: failure.status ?? 500 })
      }
      return handler(info)
    }
  }

  async function formOf(request: Request): Promise<URLSearchParams> {
    return new URLSearchParams(await request.text())
  }

  async function clientOf(request: Request, body: URLSearchParams): Promise<MockEidClient | Response> {
    try {
      return await authenticateClient(request, body, { issuer, clients, usedJtis, clock })
    } catch (error) {
      if (error instanceof ClientAuthenticationError) return oauthError('invalid_client', error.message, 401)
      throw error
    }
  }

  function redirectUriAllowed(client: MockEidClient, redirectUri: string | null): redirectUri is string {
    if (redirectUri === null || !URL.canParse(redirectUri)) return false
    return client.redirectUris === undefined || client.redirectUris.includes(redirectUri)
  }

  /** The authorization: resolves PAR, signs the citizen in without screens, redirects with a code. */
  function authorize(url: URL): Response {
    let params = url.searchParams
    const requestUri = params.get('request_uri')
    if (requestUri !== null) {
      const entry = pushed.get(requestUri)
      pushed.delete(requestUri)
      if (!entry || entry.expiresAt < clock.now() || entry.clientId !== params.get('client_id')) {
        return errorPage('request_uri unknown, expired, already used or for another client')
      }
      params = entry.params
    }
    const client = clients.get(params.get('client_id') ?? '')
    if (!client) return errorPage('unknown client_id')
    const redirectUri = params.get('redirect_uri')
    if (!redirectUriAllowed(client, redirectUri))
      return errorPage('redirect_uri is not registered for this client')
    const back = (query: Record<string, string>) => {
      const target = new URL(redirectUri)
      for (const [key, value] of Object.entries(query)) target.searchParams.set(key, value)
      const state = params.get('state')
      if (state !== null) target.searchParams.set('state', state)
      target.searchParams.set('iss', issuer)
      return new HttpResponse(null, { status: 302, headers: { location: target.href } })
    }
    const refuse = (error: string, description: string) => back({ error, error_description: description })
    if (params.get('response_type') !== 'code') return refuse('unsupported_response_type', 'only code')
    if (params.get('code_challenge_method') !== 'S256' || !params.get('code_challenge')) {
      return refuse('invalid_request', 'PKCE with S256 is required')
    }
    if (board.take('consent_denied')) return refuse('access_denied', 'consent_denied')
    const hint = params.get('login_hint')
    const personalId = signedIn?.personalId ?? (hint !== null && /^\d{12}$/.test(hint) ? hint : undefined)
    if (personalId === undefined) return refuse('login_required', 'no citizen: call eid.signInAs() first')
    const citizen = citizenOf(personalId)
    if (!citizen || citizen.level === 0 || citizen.account.status !== 'active') {
      return refuse('access_denied', `the e-ID account cannot sign in (${citizen?.account.status ?? 'none'})`)
    }
    const grantOptions = signedIn?.personalId === personalId ? signedIn.options : {}
    const level = Math.min(grantOptions.level ?? citizen.level, citizen.level) as 1 | 2
    const required = requiredLevel(params.get('acr_values'))
    if (level < required) {
      return refuse('unmet_authentication_requirements', `level ${required} required, level ${level} reached`)
    }
    const requested = [...new Set((params.get('scope') ?? '').split(' ').filter(isAttributeName))]
    const granted = requested.filter(
      (name) => name === 'identity' || grantOptions.grant === undefined || grantOptions.grant.includes(name),
    )
    const purpose = params.get('purpose') ?? ''
    const consentId = newConsentId()
    consents.set(consentId, {
      id: consentId,
      sub: subjectOf(personalId),
      clientId: client.clientId,
      purpose,
      attributes: granted,
      status: 'active',
      method: 'auto_approve',
      textShown: consentText(client.clientId, purpose, requested),
      grantedAt: clock.now(),
    })
    const code = randomToken()
    codes.set(code, {
      clientId: client.clientId,
      redirectUri,
      codeChallenge: params.get('code_challenge') ?? '',
      nonce: params.get('nonce') ?? undefined,
      personalId,
      level,
      granted,
      consentId,
      sid: randomUUID(),
      authTime: clock.now(),
      expiresAt: clock.now() + CODE_TTL_SEC,
      used: false,
      tokens: [],
    })
    return back({ code })
  }

  /** Mints the ID token of a grant, applying the ID-token scenarios that are on. */
  async function idTokenFor(grant: TokenGrant, nonce: string | undefined): Promise<string> {
    const on = new Set(ID_TOKEN_SCENARIOS.filter((name) => board.take(name)))
    const now = clock.now()
    const claims: IdTokenClaims = {
      iss: on.has('wrong_iss') ? 'https://wrong-issuer.test' : issuer,
      aud: on.has('wrong_aud') ? `${grant.clientId}-other` : grant.clientId,
      sub: subjectOf(grant.personalId ?? ''),
      acr: on.has('level_too_low') ? '1' : String(grant.level),
      auth_time: grant.authTime ?? now,
      iat: on.has('expired') ? now - 600 : now,
      exp: on.has('expired') ? now - 120 : now + 300,
      ...(grant.sid && { sid: grant.sid }),
      ...(grant.consentId && { consent_id: grant.consentId }),
    }
    if (nonce !== undefined || on.has('wrong_nonce')) {
      claims.nonce = on.has('wrong_nonce') ? randomToken() : nonce
    }
    const breakWith = on.has('alg_none') ? 'alg_none' : on.has('bad_signature') ? 'bad_signature' : undefined
    return tokens.mintIdToken(claims, breakWith ? { breakWith } : {})
  }

  async function issueTokens(grant: TokenGrant, nonce: string | undefined): Promise<Response> {
    const access = randomToken()
    const refresh = randomToken()
    accessTokens.set(access, { ...grant, expiresAt: clock.now() + ACCESS_TOKEN_TTL_SEC })
    refreshTokens.set(refresh, { ...grant, expiresAt: clock.now() + 7 * 86_400 })
    const body = {
      access_token: access,
      token_type: 'Bearer',
      expires_in: ACCESS_TOKEN_TTL_SEC,
      refresh_token: refresh,
      id_token: await idTokenFor(grant, nonce),
      scope: grant.scope,
    }
    return HttpResponse.json(body, { headers: { 'cache-control': 'no-store' } })
  }

  function revokeConsentTokens(consentId: string) {
    for (const map of [accessTokens, refreshTokens]) {
      for (const [token, grant] of map) if (grant.consentId === consentId) map.delete(token)
    }
  }

  async function token(request: Request): Promise<Response> {
    const body = await formOf(request)
    const client = await clientOf(request, body)
    if (client instanceof Response) return client
    const grantType = body.get('grant_type')
    if (grantType === 'authorization_code') {
      const issued = codes.get(body.get('code') ?? '')
      if (!issued || issued.clientId !== client.clientId || issued.expiresAt < clock.now()) {
        return oauthError('invalid_grant', 'unknown, expired or foreign code')
      }
      if (issued.used) {
        for (const t of issued.tokens) {
          accessTokens.delete(t)
          refreshTokens.delete(t)
        }
        return oauthError('invalid_grant', 'code already used; its tokens are revoked')
      }
      issued.used = true
      if (body.get('redirect_uri') !== issued.redirectUri)
        return oauthError('invalid_grant', 'redirect_uri mismatch')
      const verifier = body.get('code_verifier') ?? ''
      const computed = createHash('sha256').update(verifier).digest('base64url')
      if (!/^[\w.~-]{43,128}$/.test(verifier) || computed !== issued.codeChallenge) {
        return oauthError('invalid_grant', 'PKCE verification failed')
      }
      const before = new Set([...accessTokens.keys(), ...refreshTokens.keys()])
      const response = await issueTokens(
        {
          clientId: client.clientId,
          personalId: issued.personalId,
          level: issued.level,
          granted: issued.granted,
          consentId: issued.consentId,
          sid: issued.sid,
          authTime: issued.authTime,
          scope: ['openid', ...issued.granted].join(' '),
          expiresAt: 0,
        },
        issued.nonce,
      )
      issued.tokens = [...accessTokens.keys(), ...refreshTokens.keys()].filter((t) => !before.has(t))
      return response
    }
    if (grantType === 'refresh_token') {
      const refresh = body.get('refresh_token') ?? ''
      const known = refreshTokens.get(refresh)
      if (!known || known.clientId !== client.clientId || known.expiresAt < clock.now()) {
        return oauthError('invalid_grant', 'unknown or expired refresh token')
      }
      refreshTokens.delete(refresh)
      return issueTokens(known, undefined)
    }
    if (grantType === 'client_credentials') {
      const scope = (body.get('scope') ?? '').split(' ').filter((s) => s === 'consents')
      const access = randomToken()
      accessTokens.set(access, {
        clientId: client.clientId,
        level: 1,
        granted: [],
        scope: scope.join(' '),
        expiresAt: clock.now() + ACCESS_TOKEN_TTL_SEC,
      })
      return HttpResponse.json(
        {
          access_token: access,
          token_type: 'Bearer',
          expires_in: ACCESS_TOKEN_TTL_SEC,
          scope: scope.join(' '),
        },
        { headers: { 'cache-control': 'no-store' } },
      )
    }
    if (grantType === 'urn:openid:params:grant-type:ciba') {
      const id = body.get('auth_req_id') ?? ''
      const pending = ciba.get(id)
      if (!pending || pending.grant.clientId !== client.clientId)
        return oauthError('invalid_grant', 'unknown auth_req_id')
      ciba.delete(id)
      if (pending.expiresAt < clock.now()) return oauthError('expired_token', 'the request expired')
      if (board.take('consent_denied')) return oauthError('access_denied', 'consent_denied')
      return issueTokens(pending.grant, undefined)
    }
    return oauthError('unsupported_grant_type', 'unsupported grant_type')
  }

  function bearerGrant(request: Request, scope?: string): TokenGrant | undefined {
    const match = /^Bearer ([\w.~+/-]+=*)$/i.exec(request.headers.get('authorization') ?? '')
    const grant = match?.[1] ? accessTokens.get(match[1]) : undefined
    if (!grant || grant.expiresAt < clock.now()) return undefined
    if (scope !== undefined && !grant.scope.split(' ').includes(scope)) return undefined
    return grant
  }

  const unauthorized = (scope?: string) =>
    HttpResponse.json(
      { error: 'invalid_token' },
      {
        status: 401,
        headers: { 'www-authenticate': `Bearer error="invalid_token"${scope ? `, scope="${scope}"` : ''}` },
      },
    )

  /** The released claims, read per attribute from its source as the mock provider does. */
  function releasedClaims(citizen: SyntheticCitizen, granted: readonly AttributeName[]) {
    const scenario = board.take('source_unavailable')
    const scenarioSource = scenario ? (scenario.source ?? 'health_insurance') : undefined
    const errors: Record<string, { reason: string; source: string }> = {}
    const released: AttributeName[] = []
    for (const attribute of granted) {
      const source = attributeCatalogue[attribute].source
      const availability =
        source === scenarioSource ? 'source_unavailable' : attributeAvailability(citizen, attribute)
      if (availability === 'source_unavailable') errors[attribute] = { reason: 'source_unavailable', source }
      else released.push(attribute)
    }
    const claims = claimsFor(citizen, released)
    if (Object.keys(errors).length > 0) claims.attribute_errors = errors
    return claims
  }

  function userinfo(request: Request): Response {
    const grant = bearerGrant(request)
    if (!grant?.personalId) return unauthorized()
    const citizen = citizenOf(grant.personalId)
    if (!citizen) return unauthorized()
    return HttpResponse.json({
      sub: subjectOf(grant.personalId),
      ...releasedClaims(citizen, grant.granted),
      ...(grant.consentId && { consent_id: grant.consentId }),
    })
  }

  async function consentView(record: ConsentRecordState) {
    return {
      id: record.id,
      sub: record.sub,
      client_id: record.clientId,
      purpose: record.purpose,
      attributes: record.attributes,
      status: record.status,
      method: record.method,
      text_shown: record.textShown,
      granted_at: record.grantedAt,
      ...(record.withdrawnAt !== undefined && { withdrawn_at: record.withdrawnAt }),
      receipt: await tokens.mintConsentReceipt({
        consentId: record.id,
        sub: record.sub,
        clientId: record.clientId,
        purpose: record.purpose,
        attributes: record.attributes,
        method: record.method,
        textShown: record.textShown,
        grantedAt: record.grantedAt,
      }),
    }
  }

  function ownConsent(request: Request, id: unknown): ConsentRecordState | Response {
    const grant = bearerGrant(request, 'consents')
    if (!grant) return unauthorized('consents')
    const record = typeof id === 'string' ? consents.get(id) : undefined
    if (!record) return HttpResponse.json({ error: 'not_found' }, { status: 404 })
    if (record.clientId !== grant.clientId) return HttpResponse.json({ error: 'forbidden' }, { status: 403 })
    return record
  }

  const handlers: RequestHandler[] = [
    http.get(
      endpoint('/.well-known/openid-configuration'),
      guarded('discovery', () => HttpResponse.json(metadata())),
    ),
    http.get(
      endpoint('/jwks'),
      guarded('jwks', () =>
        HttpResponse.json(tokens.jwks, { headers: { 'content-type': 'application/jwk-set+json' } }),
      ),
    ),
    http.post(
      endpoint('/par'),
      guarded('par', async ({ request }) => {
        const body = await formOf(request)
        const client = await clientOf(request, body)
        if (client instanceof Response) return client
        if (body.has('request_uri') || body.has('request')) {
          return oauthError('invalid_request', 'request_uri and request objects are not accepted at PAR')
        }
        if (!redirectUriAllowed(client, body.get('redirect_uri'))) {
          return oauthError('invalid_request', 'redirect_uri is not registered for this client')
        }
        for (const name of ['client_assertion', 'client_assertion_type']) body.delete(name)
        body.set('client_id', client.clientId)
        const requestUri = `urn:ietf:params:oauth:request_uri:${randomToken()}`
        pushed.set(requestUri, {
          params: body,
          clientId: client.clientId,
          expiresAt: clock.now() + PAR_TTL_SEC,
        })
        return HttpResponse.json({ request_uri: requestUri, expires_in: PAR_TTL_SEC }, { status: 201 })
      }),
    ),
    http.get(
      endpoint('/authorize'),
      guarded('authorization', ({ request }) => authorize(new URL(request.url))),
    ),
    http.post(
      endpoint('/token'),
      guarded('token', ({ request }) => token(request)),
    ),
    http.get(
      endpoint('/userinfo'),
      guarded('userinfo', ({ request }) => userinfo(request)),
    ),
    http.post(
      endpoint('/revoke'),
      guarded('revocation', async ({ request }) => {
        const body = await formOf(request)
        const client = await clientOf(request, body)
        if (client instanceof Response) return client
        const value = body.get('token') ?? ''
        for (const map of [accessTokens, refreshTokens]) {
          if (map.get(value)?.clientId === client.clientId) map.delete(value)
        }
        return new HttpResponse(null, { status: 200 })
      }),
    ),
    http.get(
      endpoint('/logout'),
      guarded('end_session', ({ request }) => {
        const params = new URL(request.url).searchParams
        const target = params.get('post_logout_redirect_uri')
        if (target !== null && URL.canParse(target)) {
          const url = new URL(target)
          const state = params.get('state')
          if (state !== null) url.searchParams.set('state', state)
          return new HttpResponse(null, { status: 302, headers: { location: url.href } })
        }
        return new HttpResponse('<!doctype html><title>Đã đăng xuất</title><p>Đã đăng xuất.</p>', {
          headers: { 'content-type': 'text/html; charset=utf-8' },
        })
      }),
    ),
    http.post(
      endpoint('/ciba'),
      guarded('backchannel_authentication', async ({ request }) => {
        const body = await formOf(request)
        const client = await clientOf(request, body)
        if (client instanceof Response) return client
        const hint = body.get('login_hint') ?? ''
        const citizen = /^\d{12}$/.test(hint) ? citizenOf(hint) : undefined
        if (!citizen || citizen.level === 0 || citizen.account.status !== 'active') {
          return oauthError('unknown_user_id', 'login_hint names no usable e-ID account')
        }
        const required = requiredLevel(body.get('acr_values'))
        if (citizen.level < required)
          return oauthError('invalid_request', `level ${required} is not reachable`)
        const granted = [...new Set((body.get('scope') ?? '').split(' ').filter(isAttributeName))]
        const consentId = newConsentId()
        const purpose = body.get('purpose') ?? ''
        consents.set(consentId, {
          id: consentId,
          sub: subjectOf(hint),
          clientId: client.clientId,
          purpose,
          attributes: granted,
          status: 'active',
          method: 'ciba',
          textShown: consentText(client.clientId, purpose, granted),
          grantedAt: clock.now(),
        })
        const authReqId = randomToken()
        ciba.set(authReqId, {
          expiresAt: clock.now() + 120,
          grant: {
            clientId: client.clientId,
            personalId: hint,
            level: citizen.level as 1 | 2,
            granted,
            consentId,
            sid: randomUUID(),
            authTime: clock.now(),
            scope: ['openid', ...granted].join(' '),
            expiresAt: 0,
          },
        })
        return HttpResponse.json({ auth_req_id: authReqId, expires_in: 120, interval: 1 })
      }),
    ),
    http.get(
      endpoint('/consent-api/consents'),
      guarded('consent_api', async ({ request }) => {
        const grant = bearerGrant(request, 'consents')
        if (!grant) return unauthorized('consents')
        const query = new URL(request.url).searchParams
        const records = [...consents.values()].filter(
          (r) =>
            r.clientId === grant.clientId &&
            (!query.get('sub') || r.sub === query.get('sub')) &&
            (!query.get('status') || r.status === query.get('status')),
        )
        return HttpResponse.json({ consents: await Promise.all(records.reverse().map(consentView)) })
      }),
    ),
    http.get(
      endpoint('/consent-api/consents/:id'),
      guarded(
        'consent_api',
        async ({ request, params }: { request: Request; params: Record<string, unknown> }) => {
          const record = ownConsent(request, params.id)
          return record instanceof Response ? record : HttpResponse.json(await consentView(record))
        },
      ),
    ),
    http.delete(
      endpoint('/consent-api/consents/:id'),
      guarded(
        'consent_api',
        async ({ request, params }: { request: Request; params: Record<string, unknown> }) => {
          const record = ownConsent(request, params.id)
          if (record instanceof Response) return record
          if (record.status === 'withdrawn')
            return HttpResponse.json({ error: 'already_withdrawn' }, { status: 409 })
          record.status = 'withdrawn'
          record.withdrawnAt = clock.now()
          revokeConsentTokens(record.id)
          return HttpResponse.json(await consentView(record))
        },
      ),
    ),
  ]

  return {
    issuer,
    handlers,
    jwks: tokens.jwks,
    clock,
    signInAs(who, signInOptions = {}) {
      const personalId = typeof who === 'string' ? who : who.personalId
      const citizen = citizenOf(personalId)
      if (!citizen) throw new RangeError('expected a valid 12-digit personal ID number or a persona')
      if (signInOptions.level !== undefined && signInOptions.level > citizen.level) {
        throw new RangeError(
          `this citizen holds a level-${citizen.level} account, not level ${signInOptions.level}`,
        )
      }
      signedIn = { personalId, options: { ...signInOptions } }
    },
    signOut() {
      signedIn = undefined
    },
    useScenario: (name, scenarioOptions) => board.use(name, scenarioOptions),
    clearScenario: (name) => board.clear(name),
    reset() {
      signedIn = undefined
      board.clear()
      for (const map of [pushed, codes, accessTokens, refreshTokens, consents, ciba]) map.clear()
    },
    subjectOf: (personalId) => subjectOf(personalId),
    consentRecords: () => [...consents.values()].map((record) => ({ ...record })),
    mintIdToken(claims, mintOptions) {
      const aud = claims.aud ?? options.clients[0]?.clientId
      if (aud === undefined) throw new TypeError('expected aud: the kit has no client')
      return tokens.mintIdToken({ sub: '', ...claims, aud } as IdTokenClaims, mintOptions)
    },
    mintLogoutToken: (input) => tokens.mintLogoutToken(input),
    mintConsentReceipt: (input) => tokens.mintConsentReceipt(input),
    mintConsentWithdrawnEvent: (input) => tokens.mintConsentWithdrawnEvent(input),
  }
}

import { randomBytes, timingSafeEqual } from 'node:crypto'
import {
  type AesMode,
  encryptVneidCode,
  sealVneidEnvelope,
  type VneidRecipientKey,
} from '@dinhdanh/client/vneid'
import { HttpResponse, http, type RequestHandler } from 'msw'
import { citizenWithPersona, type Persona } from '../personas.js'
import { DEFAULT_SEED } from '../population/citizen-for.js'
import type { SyntheticCitizen } from '../population/synthetic-citizen.js'
import type { CallbackForgery } from './authorization.js'
import { type FakeClock, systemClock } from './fake-clock.js'
import { type PopulationDay, populationDay } from './population-day.js'
import type { MockEidRequest } from './recorded-requests.js'
import { createShareKit, type MockVneidShare } from './share.js'
import { TamperBoard } from './tamper.js'
import {
  callbackOfAuthorization,
  guardedVneid,
  type MockVneidEndpoint,
  type MockVneidTamper,
  type VneidHostility,
} from './vneid-hostile.js'

/**
 * A relying party registered with {@link mockVneid}: its client secret, the exact redirect URIs it may
 * use (any absolute URL when omitted), and, to turn encryption on, its RSA public key (a `KeyObject`,
 * PEM or JWK): codes and the token and userinfo answers are then encrypted to it.
 *
 * @example
 * ```ts
 * const client: MockVneidClient = { clientId: 'bank', clientSecret: 'bank-secret-0123456789', publicKey: rsaPublicJwk }
 * ```
 */
export interface MockVneidClient {
  clientId: string
  clientSecret: string
  redirectUris?: string[]
  /** The relying party's RSA public key: encryption on (the dialect's `encrypt_key` and envelopes). */
  publicKey?: VneidRecipientKey
  /** AES mode of the encryption (default `ecb`, as the provider is reported to use). */
  aesMode?: AesMode
  /** AES key length in bytes of the encryption (default 32): the dialect's `encrypt_key` may carry any. */
  keyBytes?: 16 | 24 | 32
  /**
   * The body the token endpoint wants (default `form`, as the mock provider). The dialect leaves it
   * uncertain (docs/vneid-dialect.md, `dialect.tokenRequestFormat`): `json` stands for a registration whose
   * provider wants JSON, and then a form is refused, as JSON is by default.
   */
  tokenRequestFormat?: 'form' | 'json'
  /** How userinfo writes `birthDate` (default `dd/MM/yyyy`). */
  birthDateFormat?: 'dd/MM/yyyy' | 'yyyy-MM-dd'
  /** Sharing: the callback URLs a start may name, exactly (any absolute URL when omitted). */
  shareCallbackUris?: string[]
  /** Sharing: where `vneid.share.webhook(txnId)` delivers and the HMAC secret it signs with. */
  shareWebhook?: { url: string; secret: string }
  /** Sharing: a transaction's lifetime in seconds (default 300). */
  shareTtlSec?: number
}

/**
 * Options of {@link mockVneid}.
 *
 * @example
 * ```ts
 * const options: MockVneidOptions = { issuer: 'https://sso.vneid.test', clients: [{ clientId: 'bank', clientSecret }] }
 * ```
 */
export interface MockVneidOptions {
  /** The provider's origin (no trailing slash); the endpoints are under it. */
  issuer: string
  clients: MockVneidClient[]
  /**
   * Endpoint paths (default the mock provider's: `/vneid/authorize`, `/vneid/token`, `/vneid/userinfo`,
   * `/vneid/share/start`, `/vneid/share/result`, the app link base `/share`).
   */
  paths?: {
    authorization?: string
    token?: string
    userinfo?: string
    shareStart?: string
    shareResult?: string
    shareApp?: string
  }
  /** Population seed (default `dinhdanh`, as the mock provider's). */
  seed?: string
  clock?: FakeClock
  /**
   * The day the citizens' ages and cards are computed on (ADR 0005): `'YYYY-MM-DD'`, or `'clock'` for
   * `clock` read as the day in Vietnam. Default the reference date 2026-07-01, so tests are the same on
   * every day; sign in as `personasOn(day)`'s personas when you pass another day.
   */
  today?: PopulationDay
}

/**
 * The VNeID dialect in process: msw handlers and the controls a test needs. See {@link mockVneid}.
 *
 * @example
 * ```ts
 * const vneid = mockVneid({ issuer, clients: [{ clientId: 'bank', clientSecret }] })
 * const server = setupServer(...vneid.handlers)
 * vneid.signInAs(personas.level2Adult)
 * ```
 */
export interface MockVneid {
  readonly issuer: string
  /** What to configure as `endpoints` of a `profile: 'vneid'` client. */
  readonly endpoints: { authorization: string; token: string; userinfo: string }
  /** msw request handlers: authorization (a redirect at once), token, userinfo, share start and result. */
  readonly handlers: RequestHandler[]
  readonly clock: FakeClock
  /**
   * The token request bodies received, in order (to assert what the app sent), as form parameters; a JSON
   * body (`tokenRequestFormat: 'json'`) is listed by its string fields.
   */
  readonly tokenRequests: readonly URLSearchParams[]
  /**
   * Signs a citizen in for the following authorizations, no screens. Without it an authorization's
   * `login_hint` (12 digits) picks the citizen; with neither the redirect carries `error=login_required`.
   * `level` is the `accountLevel` userinfo reports (default and at most the citizen's).
   */
  signInAs(who: Persona | string, options?: { level?: 1 | 2 }): void
  signOut(): void
  /** Sharing by transaction (docs/vneid-share.md): the gateway's endpoints and the citizen's answers. */
  readonly share: MockVneidShare
  /**
   * Plays the citizen's browser, in process, as `mockEid(...).authorize()` does: runs the authorization
   * endpoint on the URL your app built (recorded, tampering applied) and returns the callback URL it
   * redirects to, its base64 RAW as the dialect sends it, optionally forged (`state` replaced or removed,
   * `params` set, values written as given). Throws when the kit answers with an error page.
   */
  authorize(authorizationUrl: string | URL, forgery?: CallbackForgery): Promise<string>
  /**
   * The requests received so far (authorization, token, userinfo, share start and result), oldest first; of
   * one endpoint when given (`vneid.requests('token')`, `vneid.requests('shareStart')`), a JSON body parsed
   * in `json`. Kept until `reset()`.
   */
  requests(endpoint?: MockVneidEndpoint): readonly MockEidRequest<MockVneidEndpoint>[]
  /**
   * A hostile or broken provider on demand: `tamper.nextResponse(endpoint, replace)`, as `mockEid`'s, for
   * the share gateway's `shareStart` and `shareResult` too.
   */
  readonly tamper: MockVneidTamper
  /**
   * Forgets the citizen, the codes, the tokens, the recorded requests, the tamperings and the share
   * transactions.
   */
  reset(): void
}

interface Grant {
  clientId: string
  redirectUri: string
  personalId: string
  level: 1 | 2
  /** The `encrypt_key` sent with the code, which the token request must bring back as it was. */
  encryptKey: string | undefined
  expiresAt: number
  used: boolean
}

const CODE_TTL_SEC = 60
const TOKEN_TTL_SEC = 300
const token = () => randomBytes(24).toString('base64url')

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a)
  const right = Buffer.from(b)
  return left.length === right.length && timingSafeEqual(left, right)
}

/** An OAuth error as the dialect's token and userinfo endpoints answer it. */
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

/** `redirect_uri` with the dialect's parameters appended RAW: base64 `+`, `/`, `=` are not escaped. */
function callbackLocation(redirectUri: string, params: Record<string, string | undefined>): string {
  const query = Object.entries(params)
    .filter((entry): entry is [string, string] => typeof entry[1] === 'string')
    .map(([name, value]) => `${name}=${value}`)
    .join('&')
  return `${redirectUri}${redirectUri.includes('?') ? '&' : '?'}${query}`
}

const formatNames = {
  form: 'an application/x-www-form-urlencoded body',
  json: 'an application/json body (this client is registered with tokenRequestFormat json)',
} as const

/** The token request's parameters, from a form or (for a client registered so) a JSON object of strings. */
async function tokenRequestBody(
  request: Request,
): Promise<{ body: URLSearchParams; format: 'form' | 'json' } | Response> {
  const type = (request.headers.get('content-type') ?? '').toLowerCase()
  if (type.startsWith('application/x-www-form-urlencoded')) {
    return { body: new URLSearchParams(await request.text()), format: 'form' }
  }
  if (type.startsWith('application/json')) {
    let parsed: unknown
    try {
      parsed = JSON.parse(await request.text())
    } catch {
      parsed = undefined
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      return oauthError('invalid_request', 'expected a JSON object of string parameters')
    }
    const body = new URLSearchParams()
    for (const [name, value] of Object.entries(parsed)) {
      if (typeof value !== 'string') return oauthError('invalid_request', `expected ${name} as a string`)
      body.append(name, value)
    }
    return { body, format: 'json' }
  }
  return oauthError('invalid_request', `expected ${formatNames.form}`)
}

function userinfoClaims(citizen: SyntheticCitizen, level: 1 | 2, client: MockVneidClient) {
  const [year, month, day] = citizen.birthDate.split('-')
  return {
    citizenPid: citizen.personalId,
    fullName: citizen.fullName,
    birthDate: client.birthDateFormat === 'yyyy-MM-dd' ? citizen.birthDate : `${day}/${month}/${year}`,
    gender: citizen.gender,
    // As the mock provider (DIALECT_ACCOUNT_TYPE) and docs/vneid-dialect.md: a citizen's account.
    accountType: 'CONG_DAN',
    accountLevel: level,
  }
}

/**
 * An in-process provider of the VNeID dialect (docs/vneid-dialect.md) for unit tests of an app that uses
 * `createClient({ profile: 'vneid' })`: the same synthetic citizens as the mock provider, no screens, no
 * network. The authorization endpoint redirects at once with `code` and `state` (and, for a client with a
 * `publicKey`, the code encrypted with AES under an RSA PKCS#1 v1.5-wrapped `encrypt_key`, raw in the
 * query); the token endpoint wants a form body (JSON for a client with `tokenRequestFormat: 'json'`) with
 * the secret in it, the decrypted code (single use, 60 s), the same `redirect_uri` and the `encrypt_key`
 * as sent; userinfo gives `citizenPid`, `fullName`,
 * `birthDate`, `gender`, `accountType`, `accountLevel`. Answers are envelopes for a client with a key.
 * Encryption works on Node 20; decrypting it (the SDK's side) needs Node 22 or later. `share` adds sharing
 * by transaction (`eid.share`): the start and result endpoints, and the citizen's answers as controls.
 * `authorize()`, `requests()` and `tamper` make it a hostile provider on demand, as `mockEid`'s do, the
 * share endpoints included (`'shareStart'`, `'shareResult'`).
 *
 * @example
 * ```ts
 * import { setupServer } from 'msw/node'
 * import { personas } from '@dinhdanh/testing'
 * import { mockVneid } from '@dinhdanh/testing/msw'
 *
 * const vneid = mockVneid({ issuer: 'https://sso.vneid.test', clients: [{ clientId: 'bank', clientSecret }] })
 * const server = setupServer(...vneid.handlers)
 * const eid = await createClient({ profile: 'vneid', issuer: vneid.issuer, endpoints: vneid.endpoints, clientId: 'bank',
 *   clientAuth: { method: 'client_secret_post', secret: clientSecret }, redirectUri: 'https://bank.test/cb' })
 * vneid.signInAs(personas.level2Adult)
 * ```
 */
export function mockVneid(options: MockVneidOptions): MockVneid {
  const { issuer } = options
  if (!URL.canParse(issuer) || issuer.endsWith('/')) {
    throw new TypeError('expected issuer as an absolute URL without a trailing slash')
  }
  const seed = options.seed ?? DEFAULT_SEED
  const clock = options.clock ?? systemClock()
  const today = populationDay(options.today, clock)
  const clients = new Map(options.clients.map((client) => [client.clientId, client]))
  for (const client of clients.values()) {
    if (client.clientSecret.length < 16) {
      throw new TypeError(`client ${client.clientId}: expected a clientSecret of at least 16 characters`)
    }
  }
  const endpoints = {
    authorization: `${issuer}${options.paths?.authorization ?? '/vneid/authorize'}`,
    token: `${issuer}${options.paths?.token ?? '/vneid/token'}`,
    userinfo: `${issuer}${options.paths?.userinfo ?? '/vneid/userinfo'}`,
  }
  const codes = new Map<string, Grant>()
  const accessTokens = new Map<string, Pick<Grant, 'clientId' | 'personalId' | 'level' | 'expiresAt'>>()
  const tokenRequests: URLSearchParams[] = []
  let signedIn: { personalId: string; level?: 1 | 2 } | undefined
  const citizenOf = (personalId: string) => citizenWithPersona(personalId, { seed, today: today() })
  /** Plain JSON, or the dialect's envelope for a client with a key. */
  const sealing = (client: MockVneidClient) => ({
    mode: client.aesMode ?? 'ecb',
    ...(client.keyBytes !== undefined && { keyBytes: client.keyBytes }),
  })
  const answer = (client: MockVneidClient, body: Record<string, unknown>) =>
    HttpResponse.json(client.publicKey ? sealVneidEnvelope(client.publicKey, body, sealing(client)) : body, {
      headers: { 'cache-control': 'no-store' },
    })
  const hostility: VneidHostility = { requests: [], tamper: new TamperBoard<MockVneidEndpoint>() }

  const share = createShareKit({
    clients,
    clock,
    endpoints: {
      start: `${issuer}${options.paths?.shareStart ?? '/vneid/share/start'}`,
      result: `${issuer}${options.paths?.shareResult ?? '/vneid/share/result'}`,
    },
    appLinkBase: `${issuer}${options.paths?.shareApp ?? '/share'}`,
    citizenOf,
    answer,
    guard: (endpoint, handle) => guardedVneid(hostility, endpoint, handle),
  })

  function authorize(url: URL): Response {
    const params = url.searchParams
    const client = clients.get(params.get('client_id') ?? '')
    if (!client) return errorPage('unknown client_id')
    const redirectUri = params.get('redirect_uri')
    if (
      redirectUri === null ||
      !URL.canParse(redirectUri) ||
      (client.redirectUris !== undefined && !client.redirectUris.includes(redirectUri))
    ) {
      return errorPage('redirect_uri is not registered for this client')
    }
    const raw = params.get('state')
    const state = raw === null ? undefined : encodeURIComponent(raw)
    const back = (query: Record<string, string | undefined>) =>
      new HttpResponse(null, { status: 302, headers: { location: callbackLocation(redirectUri, query) } })
    if (params.get('response_type') !== 'code') return back({ error: 'unsupported_response_type', state })
    const hint = params.get('login_hint')
    const personalId = signedIn?.personalId ?? (hint !== null && /^\d{12}$/.test(hint) ? hint : undefined)
    if (personalId === undefined) return back({ error: 'login_required', state })
    const citizen = citizenOf(personalId)
    if (!citizen || citizen.level === 0 || citizen.account.status !== 'active') {
      return back({ error: 'access_denied', state })
    }
    // acr_values is ignored, as by the provider: the level comes back in userinfo's accountLevel.
    const chosen = signedIn?.personalId === personalId ? signedIn.level : undefined
    const level = Math.min(chosen ?? citizen.level, citizen.level) as 1 | 2
    const code = token()
    let sent: { code: string; encryptKey?: string } = { code }
    if (client.publicKey) {
      sent = encryptVneidCode(client.publicKey, code, sealing(client))
    }
    codes.set(code, {
      clientId: client.clientId,
      redirectUri,
      personalId,
      level,
      encryptKey: sent.encryptKey,
      expiresAt: clock.now() + CODE_TTL_SEC,
      used: false,
    })
    return back({ code: sent.code, state, encrypt_key: sent.encryptKey })
  }

  async function redeem(request: Request): Promise<Response> {
    const read = await tokenRequestBody(request)
    if (read instanceof Response) return read
    const { body, format } = read
    tokenRequests.push(body)
    // Before the client is authenticated, as the provider reads the body first: JSON only where registered.
    const wanted = clients.get(body.get('client_id') ?? '')?.tokenRequestFormat ?? 'form'
    if (format !== wanted) return oauthError('invalid_request', `expected ${formatNames[wanted]}`)
    if (request.headers.has('authorization')) {
      return oauthError(
        'invalid_client',
        'the client secret goes in the body (client_secret), not in a header',
        401,
      )
    }
    const client = clients.get(body.get('client_id') ?? '')
    if (!client || !sameSecret(body.get('client_secret') ?? '', client.clientSecret)) {
      return oauthError('invalid_client', 'unknown client_id or wrong client_secret', 401)
    }
    if (body.get('grant_type') !== 'authorization_code') {
      return oauthError('unsupported_grant_type', 'only authorization_code')
    }
    const grant = codes.get(body.get('code') ?? '')
    if (!grant || grant.used || grant.expiresAt < clock.now() || grant.clientId !== client.clientId) {
      if (grant) grant.used = true
      return oauthError('invalid_grant', 'the code is unknown, expired, already used or for another client')
    }
    grant.used = true
    if (body.get('redirect_uri') !== grant.redirectUri) {
      return oauthError('invalid_grant', 'redirect_uri differs from the authorization request')
    }
    if (grant.encryptKey !== undefined && body.get('encrypt_key') !== grant.encryptKey) {
      return oauthError('invalid_request', 'encrypt_key missing or not as it was sent with the code')
    }
    const accessToken = token()
    accessTokens.set(accessToken, {
      clientId: client.clientId,
      personalId: grant.personalId,
      level: grant.level,
      expiresAt: clock.now() + TOKEN_TTL_SEC,
    })
    return answer(client, { access_token: accessToken, token_type: 'Bearer', expires_in: TOKEN_TTL_SEC })
  }

  function userinfo(request: Request): Response {
    const bearer = /^Bearer +([\x21-\x7e]+)$/i.exec(request.headers.get('authorization') ?? '')?.[1]
    const access = bearer === undefined ? undefined : accessTokens.get(bearer)
    const client = access && clients.get(access.clientId)
    const citizen = access && citizenOf(access.personalId)
    if (!access || !client || !citizen || access.expiresAt < clock.now()) {
      return oauthError('invalid_token', 'unknown or expired access token', 401)
    }
    return answer(client, userinfoClaims(citizen, access.level, client))
  }

  const authorization = guardedVneid(hostility, 'authorization', (request) => authorize(new URL(request.url)))
  return {
    issuer,
    endpoints,
    clock,
    tokenRequests,
    handlers: [
      http.get(endpoints.authorization, authorization),
      http.post(endpoints.token, guardedVneid(hostility, 'token', redeem)),
      http.get(endpoints.userinfo, guardedVneid(hostility, 'userinfo', userinfo)),
      ...share.handlers,
    ],
    share: share.controls,
    authorize: (authorizationUrl, forgery) =>
      callbackOfAuthorization(authorization, endpoints.authorization, authorizationUrl, forgery),
    requests: (endpoint) =>
      hostility.requests.filter((request) => endpoint === undefined || request.endpoint === endpoint),
    tamper: {
      nextResponse: (endpoint, replace, tamperOptions) =>
        hostility.tamper.setResponse(endpoint, replace, tamperOptions),
      clear: () => hostility.tamper.clear(),
    },
    signInAs(who, signInOptions = {}) {
      const personalId = typeof who === 'string' ? who : who.personalId
      const citizen = citizenOf(personalId)
      if (!citizen) throw new RangeError('expected a valid 12-digit personal ID number or a persona')
      if (signInOptions.level !== undefined && signInOptions.level > citizen.level) {
        throw new RangeError(
          `this citizen holds a level-${citizen.level} account, not level ${signInOptions.level}`,
        )
      }
      signedIn = { personalId, ...(signInOptions.level !== undefined && { level: signInOptions.level }) }
    },
    signOut() {
      signedIn = undefined
    },
    reset() {
      signedIn = undefined
      codes.clear()
      accessTokens.clear()
      tokenRequests.length = 0
      hostility.requests.length = 0
      hostility.tamper.clear()
      share.reset()
    },
  }
}

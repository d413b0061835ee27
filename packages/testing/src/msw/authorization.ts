import { randomUUID } from 'node:crypto'
import { isAttributeName } from '@dinhdanh/client/schemas'
import { HttpResponse, http, type RequestHandler } from 'msw'
import { consentText } from './consent-text.js'
import { checkDpopProof, dpopTokenError } from './dpop.js'
import {
  clientOf,
  errorPage,
  formOf,
  guarded,
  oauthError,
  redirectUriAllowed,
  requiredLevel,
} from './endpoint-plumbing.js'
import { type MockEidState, randomToken } from './state.js'
import { newConsentId } from './token-factories.js'

const CODE_TTL_SEC = 60
const PAR_TTL_SEC = 60

/** The authorization: resolves PAR, signs the citizen in without screens, redirects with a code. */
function authorize(state: MockEidState, url: URL): Response {
  const { issuer, clock, board } = state
  let params = url.searchParams
  const requestUri = params.get('request_uri')
  if (requestUri !== null) {
    const entry = state.pushed.get(requestUri)
    state.pushed.delete(requestUri)
    if (!entry || entry.expiresAt < clock.now() || entry.clientId !== params.get('client_id')) {
      return errorPage('request_uri unknown, expired, already used or for another client')
    }
    params = entry.params
  }
  const client = state.clients.get(params.get('client_id') ?? '')
  if (!client) return errorPage('unknown client_id')
  const redirectUri = params.get('redirect_uri')
  if (!redirectUriAllowed(client, redirectUri))
    return errorPage('redirect_uri is not registered for this client')
  const back = (query: Record<string, string>) => {
    const target = new URL(redirectUri)
    for (const [key, value] of Object.entries(query)) target.searchParams.set(key, value)
    const stateParam = params.get('state')
    if (stateParam !== null) target.searchParams.set('state', stateParam)
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
  const signedIn = state.signedIn
  const personalId = signedIn?.personalId ?? (hint !== null && /^\d{12}$/.test(hint) ? hint : undefined)
  if (personalId === undefined) return refuse('login_required', 'no citizen: call eid.signInAs() first')
  const citizen = state.citizenOf(personalId)
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
  state.consents.set(consentId, {
    id: consentId,
    sub: state.subjectOf(personalId),
    clientId: client.clientId,
    purpose,
    attributes: granted,
    status: 'active',
    method: 'auto_approve',
    textShown: consentText(client.clientId, purpose, requested),
    grantedAt: clock.now(),
  })
  const code = randomToken()
  state.codes.set(code, {
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
    ...(state.dpop && params.get('dpop_jkt') && { dpopJkt: params.get('dpop_jkt') as string }),
  })
  return back({ code })
}

/**
 * How `eid.authorize` changes the callback it returns, to forge one: `state` or `iss` replaced (a string)
 * or removed (`null`), and parameters added or replaced.
 *
 * @example
 * ```ts
 * const forged: CallbackForgery = { state: 'not-the-transaction-state', iss: null }
 * ```
 */
export interface CallbackForgery {
  state?: string | null
  iss?: string | null
  params?: Record<string, string>
}

/**
 * Plays the citizen's browser at the authorization endpoint, in process: the same handler as over msw
 * (recorded, scenarios and tamperings applied), then the redirect's target, forged as asked.
 */
export async function authorizeInProcess(
  state: MockEidState,
  authorizationUrl: string | URL,
  forgery: CallbackForgery = {},
): Promise<string> {
  const url = new URL(authorizationUrl)
  if (`${url.origin}${url.pathname}` !== state.endpoint('/authorize')) {
    throw new TypeError(`expected an authorization URL under ${state.endpoint('/authorize')}`)
  }
  const respond = guarded(state, 'authorization', ({ request }) => authorize(state, new URL(request.url)))
  const response = await respond({ request: new Request(url) })
  const location = response.headers.get('location')
  if (location === null || response.status < 300 || response.status > 399) {
    throw new Error(
      `the authorization endpoint answered HTTP ${response.status} without a redirect: ${await response.text()}`,
    )
  }
  const callback = new URL(location)
  for (const name of ['state', 'iss'] as const) {
    const forged = forgery[name]
    if (forged === null) callback.searchParams.delete(name)
    else if (forged !== undefined) callback.searchParams.set(name, forged)
  }
  for (const [name, value] of Object.entries(forgery.params ?? {})) callback.searchParams.set(name, value)
  return callback.href
}

/**
 * Pushed authorization requests (RFC 9126) and the authorization endpoint (RFC 6749 §4.1.1), which
 * answers at once with a redirect: the citizen is whoever `signInAs` or `login_hint` names.
 */
export function authorizationHandlers(state: MockEidState): RequestHandler[] {
  return [
    http.post(
      state.endpoint('/par'),
      guarded(state, 'par', async ({ request }) => {
        const body = await formOf(request)
        const client = await clientOf(state, request, body)
        if (client instanceof Response) return client
        if (body.has('request_uri') || body.has('request')) {
          return oauthError('invalid_request', 'request_uri and request objects are not accepted at PAR')
        }
        if (!redirectUriAllowed(client, body.get('redirect_uri'))) {
          return oauthError('invalid_request', 'redirect_uri is not registered for this client')
        }
        if (state.dpop) {
          const proof = await checkDpopProof(state, request)
          if (proof && !('jkt' in proof)) return dpopTokenError(proof)
          if (proof && body.has('dpop_jkt') && body.get('dpop_jkt') !== proof.jkt) {
            return oauthError('invalid_dpop_proof', 'dpop_jkt differs from the key of the DPoP proof')
          }
          if (proof) body.set('dpop_jkt', proof.jkt)
        }
        for (const name of ['client_assertion', 'client_assertion_type']) body.delete(name)
        body.set('client_id', client.clientId)
        const requestUri = `urn:ietf:params:oauth:request_uri:${randomToken()}`
        state.pushed.set(requestUri, {
          params: body,
          clientId: client.clientId,
          expiresAt: state.clock.now() + PAR_TTL_SEC,
        })
        return HttpResponse.json({ request_uri: requestUri, expires_in: PAR_TTL_SEC }, { status: 201 })
      }),
    ),
    http.get(
      state.endpoint('/authorize'),
      guarded(state, 'authorization', ({ request }) => authorize(state, new URL(request.url))),
    ),
  ]
}

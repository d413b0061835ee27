import { createHash } from 'node:crypto'
import { HttpResponse, http, type RequestHandler } from 'msw'
import { checkDpopProof, dpopTokenError } from './dpop.js'
import { clientOf, formOf, guarded, oauthError } from './endpoint-plumbing.js'
import { encryptJws } from './keys.js'
import { ID_TOKEN_SCENARIOS } from './scenarios.js'
import { type MockEidState, randomToken, type TokenGrant } from './state.js'
import type { IdTokenClaims } from './token-factories.js'

const ACCESS_TOKEN_TTL_SEC = 600

/** Mints the ID token of a grant, applying the ID-token scenarios that are on. */
async function idTokenFor(
  state: MockEidState,
  grant: TokenGrant,
  nonce: string | undefined,
): Promise<string> {
  const { issuer, clock, board } = state
  const on = new Set(ID_TOKEN_SCENARIOS.filter((name) => board.take(name)))
  const now = clock.now()
  const claims: IdTokenClaims = {
    iss: on.has('wrong_iss') ? 'https://wrong-issuer.test' : issuer,
    aud: on.has('wrong_aud') ? `${grant.clientId}-other` : grant.clientId,
    sub: state.subjectOf(grant.personalId ?? ''),
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
  const tampering = state.tamper.takeIdToken()
  let jws: string
  if (tampering === undefined) {
    jws = await state.tokens.mintIdToken(claims, breakWith ? { breakWith } : {})
  } else {
    const payload: Record<string, unknown> = { ...claims, ...tampering.claims }
    for (const name of tampering.omit ?? []) delete payload[name]
    const broken = tampering.breakWith ?? breakWith
    jws = await state.tokens.sign(payload, {
      ...(tampering.header && { header: tampering.header }),
      ...(broken && { breakWith: broken }),
    })
  }
  return encryptJws(state.encryption, jws)
}

async function issueTokens(
  state: MockEidState,
  grant: TokenGrant,
  nonce: string | undefined,
  jkt: string | undefined,
): Promise<Response> {
  const access = randomToken()
  const refresh = randomToken()
  const { jkt: _previous, ...unbound } = grant
  state.accessTokens.set(access, {
    ...unbound,
    ...(jkt !== undefined && { jkt }),
    expiresAt: state.clock.now() + ACCESS_TOKEN_TTL_SEC,
  })
  state.refreshTokens.set(refresh, { ...unbound, expiresAt: state.clock.now() + 7 * 86_400 })
  const body = {
    access_token: access,
    token_type: jkt === undefined ? 'Bearer' : 'DPoP',
    expires_in: ACCESS_TOKEN_TTL_SEC,
    refresh_token: refresh,
    id_token: await idTokenFor(state, grant, nonce),
    scope: grant.scope,
  }
  return HttpResponse.json(body, { headers: { 'cache-control': 'no-store' } })
}

/** Revokes every access and refresh token of a consent (the citizen withdrew it). */
export function revokeConsentTokens(state: MockEidState, consentId: string): void {
  for (const map of [state.accessTokens, state.refreshTokens]) {
    for (const [token, grant] of map) if (grant.consentId === consentId) map.delete(token)
  }
}

/** The token endpoint: authorization code (with PKCE and replay revocation), refresh, client credentials, CIBA poll. */
async function token(state: MockEidState, request: Request): Promise<Response> {
  const { clock, board, accessTokens, refreshTokens } = state
  const body = await formOf(request)
  const client = await clientOf(state, request, body)
  if (client instanceof Response) return client
  // Before any grant is looked at: a client asked for a nonce retries with the same code.
  const proof = state.dpop ? await checkDpopProof(state, request, { nonce: true }) : undefined
  if (proof && !('jkt' in proof)) return dpopTokenError(proof)
  const jkt = proof?.jkt
  const grantType = body.get('grant_type')
  if (grantType === 'authorization_code') {
    const issued = state.codes.get(body.get('code') ?? '')
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
    if (issued.dpopJkt !== undefined && issued.dpopJkt !== jkt) {
      return oauthError('invalid_grant', 'the DPoP proof is not by the key the authorization was bound to')
    }
    if (body.get('redirect_uri') !== issued.redirectUri)
      return oauthError('invalid_grant', 'redirect_uri mismatch')
    const verifier = body.get('code_verifier') ?? ''
    const computed = createHash('sha256').update(verifier).digest('base64url')
    if (!/^[\w.~-]{43,128}$/.test(verifier) || computed !== issued.codeChallenge) {
      return oauthError('invalid_grant', 'PKCE verification failed')
    }
    const before = new Set([...accessTokens.keys(), ...refreshTokens.keys()])
    const response = await issueTokens(
      state,
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
      jkt,
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
    return issueTokens(state, known, undefined, jkt)
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
    const pending = state.ciba.get(id)
    if (!pending || pending.grant.clientId !== client.clientId)
      return oauthError('invalid_grant', 'unknown auth_req_id')
    const scripted = state.tamper.takePoll()
    if (scripted !== undefined) return oauthError(scripted, 'scripted by eid.tamper.nextPolls')
    state.ciba.delete(id)
    if (pending.expiresAt < clock.now()) return oauthError('expired_token', 'the request expired')
    if (board.take('consent_denied')) return oauthError('access_denied', 'consent_denied')
    return issueTokens(state, pending.grant, undefined, jkt)
  }
  return oauthError('unsupported_grant_type', 'unsupported grant_type')
}

/** The token endpoint (RFC 6749 §3.2, OpenID Connect Core §3.1.3, CIBA §10.1). */
export function tokenHandler(state: MockEidState): RequestHandler {
  return http.post(
    state.endpoint('/token'),
    guarded(state, 'token', ({ request }) => token(state, request)),
  )
}

/** Token revocation (RFC 7009): a client revokes only its own tokens; unknown tokens answer 200 too. */
export function revocationHandler(state: MockEidState): RequestHandler {
  return http.post(
    state.endpoint('/revoke'),
    guarded(state, 'revocation', async ({ request }) => {
      const body = await formOf(request)
      const client = await clientOf(state, request, body)
      if (client instanceof Response) return client
      const value = body.get('token') ?? ''
      for (const map of [state.accessTokens, state.refreshTokens]) {
        if (map.get(value)?.clientId === client.clientId) map.delete(value)
      }
      return new HttpResponse(null, { status: 200 })
    }),
  )
}

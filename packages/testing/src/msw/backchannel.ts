import { randomUUID } from 'node:crypto'
import { isAttributeName } from '@dinhdanh/client/schemas'
import { HttpResponse, http, type RequestHandler } from 'msw'
import { consentText } from './consent-text.js'
import { clientOf, formOf, guarded, oauthError, requiredLevel } from './endpoint-plumbing.js'
import { type MockEidState, randomToken } from './state.js'
import { newConsentId } from './token-factories.js'

const CIBA_TTL_SEC = 120

/**
 * RP-initiated logout (OpenID Connect RP-Initiated Logout 1.0 §2): back to `post_logout_redirect_uri`
 * with `state`, or a signed-out page.
 */
export function endSessionHandler(state: MockEidState): RequestHandler {
  return http.get(
    state.endpoint('/logout'),
    guarded(state, 'end_session', ({ request }) => {
      const params = new URL(request.url).searchParams
      const target = params.get('post_logout_redirect_uri')
      if (target !== null && URL.canParse(target)) {
        const url = new URL(target)
        const stateParam = params.get('state')
        if (stateParam !== null) url.searchParams.set('state', stateParam)
        return new HttpResponse(null, { status: 302, headers: { location: url.href } })
      }
      return new HttpResponse('<!doctype html><title>Đã đăng xuất</title><p>Đã đăng xuất.</p>', {
        headers: { 'content-type': 'text/html; charset=utf-8' },
      })
    }),
  )
}

/**
 * The backchannel authentication endpoint (CIBA Core §7, poll mode): the citizen of `login_hint`
 * approves at once; the client polls the token endpoint with the `auth_req_id`.
 */
export function backchannelAuthenticationHandler(state: MockEidState): RequestHandler {
  return http.post(
    state.endpoint('/ciba'),
    guarded(state, 'backchannel_authentication', async ({ request }) => {
      const { clock } = state
      const body = await formOf(request)
      const client = await clientOf(state, request, body)
      if (client instanceof Response) return client
      const hint = body.get('login_hint') ?? ''
      const citizen = /^\d{12}$/.test(hint) ? state.citizenOf(hint) : undefined
      if (!citizen || citizen.level === 0 || citizen.account.status !== 'active') {
        return oauthError('unknown_user_id', 'login_hint names no usable e-ID account')
      }
      const required = requiredLevel(body.get('acr_values'))
      if (citizen.level < required) return oauthError('invalid_request', `level ${required} is not reachable`)
      const granted = [...new Set((body.get('scope') ?? '').split(' ').filter(isAttributeName))]
      const consentId = newConsentId()
      const purpose = body.get('purpose') ?? ''
      state.consents.set(consentId, {
        id: consentId,
        sub: state.subjectOf(hint),
        clientId: client.clientId,
        purpose,
        attributes: granted,
        status: 'active',
        method: 'ciba',
        textShown: consentText(client.clientId, purpose, granted),
        grantedAt: clock.now(),
      })
      const authReqId = randomToken()
      state.ciba.set(authReqId, {
        expiresAt: clock.now() + CIBA_TTL_SEC,
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
      return HttpResponse.json({ auth_req_id: authReqId, expires_in: CIBA_TTL_SEC, interval: 1 })
    }),
  )
}

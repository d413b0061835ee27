import * as oidc from 'openid-client'
import type { ClientContext } from './context.js'
import { EidConfigError } from './errors/config-error.js'
import { EidUnsupportedError } from './errors/other-errors.js'
import { EidTokenError } from './errors/validation-errors.js'
import type { ApplyEventOptions } from './replay-guard.js'

/**
 * Parameters of RP-initiated logout (OpenID Connect RP-Initiated Logout 1.0).
 *
 * @example
 * ```ts
 * const url = eid.signOutUrl({ idTokenHint: tokens.idToken, postLogoutRedirectUri: 'https://bank.example/' })
 * ```
 */
export interface SignOutRequest {
  idTokenHint?: string
  postLogoutRedirectUri?: string
  state?: string
  uiLocales?: 'vi' | 'en'
}

/**
 * What a verified back-channel logout token identifies: the citizen (`sub`), the provider session
 * (`sid`), or both. End every local session that matches.
 *
 * @example
 * ```ts
 * const { sub, sid } = await eid.verifyLogoutToken(req.body.logout_token)
 * await sessions.destroyWhere({ sub, sid })
 * ```
 */
export interface LogoutTarget {
  readonly sub?: string
  readonly sid?: string
}

const BACKCHANNEL_LOGOUT_EVENT = 'http://schemas.openid.net/event/backchannel-logout'

/** Builds the provider's end-session URL. */
export function signOutUrl(context: ClientContext, request: SignOutRequest = {}): string {
  const { engine } = context
  if (!engine.metadata.end_session_endpoint) {
    throw new EidUnsupportedError('RP-initiated logout', 'the provider advertises no end_session_endpoint')
  }
  const redirect = request.postLogoutRedirectUri ?? engine.options.postLogoutRedirectUri
  if (redirect !== undefined && !URL.canParse(redirect)) {
    throw new EidConfigError([{ path: 'postLogoutRedirectUri', message: 'expected an absolute URL' }], {
      subject: 'signOutUrl arguments',
    })
  }
  const params: Record<string, string> = { client_id: engine.options.clientId }
  if (request.idTokenHint) params.id_token_hint = request.idTokenHint
  if (redirect) params.post_logout_redirect_uri = redirect
  if (request.state) params.state = request.state
  if (request.uiLocales) params.ui_locales = request.uiLocales
  return oidc.buildEndSessionUrl(engine.config, params).href
}

/**
 * Verifies a back-channel logout token (OpenID Connect Back-Channel Logout 1.0, section 2.6): signature
 * with the pinned algorithm, `iss`, `aud`, `iat`, the logout event, `sub` or `sid`, no `nonce`, and a
 * `jti` never seen before (R43). With `options.apply`, a failure to end the sessions releases the `jti`
 * again, so the provider's next delivery is accepted.
 */
export async function verifyLogoutToken(
  context: ClientContext,
  jwt: unknown,
  options?: ApplyEventOptions<LogoutTarget>,
): Promise<LogoutTarget> {
  const expect = { kind: 'logout_token', typ: 'logout+jwt', singleUse: true, maxAgeSec: 300 } as const
  const payload = await context.jwt.verify(jwt, expect)
  const reject = (check: 'events' | 'claims' | 'format', detail: string): never => {
    throw new EidTokenError({ token: 'logout_token', check, detail })
  }
  const events = payload.events
  if (typeof events !== 'object' || events === null || Array.isArray(events)) {
    reject('events', 'expected an "events" object with the back-channel logout event')
  }
  const event = (events as Record<string, unknown>)[BACKCHANNEL_LOGOUT_EVENT]
  if (typeof event !== 'object' || event === null || Array.isArray(event)) {
    reject('events', 'expected the back-channel logout event member (a JSON object)')
  }
  if ('nonce' in payload)
    reject('claims', 'expected no "nonce" in a logout token (it would let an ID token pass as one)')
  const sub = typeof payload.sub === 'string' && payload.sub.length > 0 ? payload.sub : undefined
  const sid = typeof payload.sid === 'string' && payload.sid.length > 0 ? payload.sid : undefined
  if (!sub && !sid) reject('claims', 'expected "sub", "sid" or both')
  return context.jwt.consume(payload, expect, { ...(sub && { sub }), ...(sid && { sid }) }, options)
}

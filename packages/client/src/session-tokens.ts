import * as oidc from 'openid-client'
import { type AttributesOf, readAttributes, type UnavailableAttribute } from './attributes.js'
import { checkUserinfoEncryption, fieldsOf } from './complete-sign-in.js'
import type { ClientContext } from './context.js'
import { dpopHandle } from './dpop.js'
import { EidConfigError } from './errors/config-error.js'
import { fromEngineError } from './errors/from-engine.js'
import { EidResponseError } from './errors/protocol-errors.js'
import { checkRefreshedIdToken } from './id-token.js'
import { type AttributeName, isAttributeName } from './schemas/index.js'
import { type EidTokens, toEidTokens } from './tokens.js'

/**
 * Attributes read again with an existing access token.
 *
 * @example
 * ```ts
 * const { attributes } = await eid.fetchAttributes(tokens, ['vaccination'] as const)
 * attributes.vaccination
 * ```
 */
export interface FetchedAttributes<A extends readonly AttributeName[]> {
  readonly attributes: AttributesOf<A>
  readonly missing: readonly AttributeName[]
  readonly unavailable: readonly UnavailableAttribute[]
}

function dpopOptions(context: ClientContext, tokens: EidTokens) {
  return tokens.dpopJwk ? dpopHandle(context.engine, tokens.dpopJwk).then((DPoP) => ({ DPoP })) : undefined
}

/** Reads attributes from userinfo with the session's access token (its `sub` must match). */
export async function fetchAttributes<const A extends readonly AttributeName[]>(
  context: ClientContext,
  tokens: EidTokens,
  names: A,
): Promise<FetchedAttributes<A>> {
  const bad = names.filter((name) => !isAttributeName(name) || name === 'identity')
  if (bad.length > 0 || names.length === 0) {
    throw new EidConfigError(
      [{ path: 'names', message: 'expected a non-empty list of attribute names other than identity' }],
      {
        subject: 'fetchAttributes arguments',
      },
    )
  }
  let userinfo: oidc.UserInfoResponse
  try {
    userinfo = await oidc.fetchUserInfo(
      context.engine.config,
      tokens.accessToken,
      tokens.subject,
      await dpopOptions(context, tokens),
    )
  } catch (error) {
    throw fromEngineError(error, { endpoint: 'userinfo', token: 'userinfo' })
  }
  checkUserinfoEncryption(context.engine.options, userinfo)
  const { values, missing, unavailable } = readAttributes(names, userinfo)
  return { attributes: values as AttributesOf<A>, missing, unavailable }
}

/**
 * Exchanges the refresh token for new tokens (with rotation, the new refresh token replaces the old).
 * A refreshed ID token must keep the issuer, subject and audience (R14).
 */
export async function refresh(context: ClientContext, tokens: EidTokens): Promise<EidTokens> {
  if (!tokens.refreshToken) {
    throw new EidResponseError({
      endpoint: 'token',
      detail: 'expected a refresh token in the session, found none; sign in again',
    })
  }
  const { engine } = context
  let response: oidc.TokenEndpointResponse & oidc.TokenEndpointResponseHelpers
  try {
    response = await oidc.refreshTokenGrant(
      engine.config,
      tokens.refreshToken,
      undefined,
      await dpopOptions(context, tokens),
    )
  } catch (error) {
    throw fromEngineError(error, { endpoint: 'token', token: 'id_token' })
  }
  const claims = response.claims()
  if (claims) {
    checkRefreshedIdToken(claims, {
      issuer: engine.options.issuer,
      subject: tokens.subject,
      clientId: engine.options.clientId,
    })
  }
  const signed = oidc.getDecryptedResponses(response)
  const idToken = typeof signed === 'string' ? signed : response.id_token
  return toEidTokens(
    { ...fieldsOf(response), id_token: idToken },
    tokens.subject,
    tokens.dpopJwk,
    context.now(),
    tokens,
  )
}

/** Revokes the refresh token (which, at the national e-ID, ends the grant) and the access token. */
export async function revoke(context: ClientContext, tokens: EidTokens): Promise<void> {
  const { engine } = context
  if (!engine.metadata.revocation_endpoint) return
  try {
    if (tokens.refreshToken) {
      await oidc.tokenRevocation(engine.config, tokens.refreshToken, { token_type_hint: 'refresh_token' })
    }
    await oidc.tokenRevocation(engine.config, tokens.accessToken, { token_type_hint: 'access_token' })
  } catch (error) {
    throw fromEngineError(error, { endpoint: 'revocation' })
  }
}

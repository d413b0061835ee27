import * as oidc from 'openid-client'
import { EidUnsupportedError } from '../errors/other-errors.js'
import { DEFAULT_LEVELS } from '../level-of-assurance.js'
import type { AttributeName } from '../schemas/index.js'
import { parseSignInRequest, type SignInRequest, type SignInStart } from '../sign-in.js'
import type { SignInTransaction } from '../transaction.js'
import type { VneidContext } from './context.js'

/**
 * Starts a VNeID sign-in: `GET <authorization>?response_type=code&client_id&redirect_uri&scope&state`.
 * Also sent, because the provider ignores them and they cost nothing: a `nonce`, a PKCE S256 challenge
 * (protection the day the provider checks it) and `acr_values` with the level asked for. The level is
 * enforced on the way back from `accountLevel` in userinfo. This dialect releases only the identity, so
 * other attributes, `identity: false` and `maxAge` (no `auth_time` to check) are refused.
 *
 * @example
 * ```ts
 * const { url, transaction } = await signInVneid(context, { level: 2 })
 * ```
 */
export async function signInVneid<const A extends readonly AttributeName[]>(
  context: VneidContext,
  input: SignInRequest<A> = {},
): Promise<SignInStart<A>> {
  const request = parseSignInRequest(input)
  if (request.attributes.length > 0 || !request.identity) {
    throw new EidUnsupportedError(
      'Attributes other than the identity',
      'the VNeID dialect releases the identity only (citizenPid, fullName, birthDate); request no attributes',
    )
  }
  if (request.maxAge !== undefined) {
    throw new EidUnsupportedError(
      'maxAge',
      'the VNeID dialect reports no authentication time to check it against',
    )
  }
  const { options } = context
  const state = oidc.randomState()
  const nonce = oidc.randomNonce()
  const codeVerifier = oidc.randomPKCECodeVerifier()
  const url = new URL(options.endpoints.authorization)
  const params: Record<string, string> = {
    ...request.extraParams,
    response_type: 'code',
    client_id: options.clientId,
    redirect_uri: options.redirectUri,
    scope: options.dialect.scope,
    state,
    nonce,
    code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
    acr_values: DEFAULT_LEVELS[request.level],
  }
  if (request.prompt !== undefined) params.prompt = request.prompt
  if (request.loginHint !== undefined) params.login_hint = request.loginHint
  if (request.uiLocales !== undefined) params.ui_locales = request.uiLocales
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value)
  const now = context.now()
  const transaction: SignInTransaction<A> = {
    v: 1,
    issuer: options.issuer,
    clientId: options.clientId,
    redirectUri: options.redirectUri,
    state,
    nonce,
    codeVerifier,
    level: request.level,
    attributes: [] as unknown as A,
    identity: true,
    ...(request.purpose !== undefined && { purpose: request.purpose.vi }),
    createdAt: now,
    expiresAt: now + options.transactionTtlSec,
  }
  return { url: url.href, transaction }
}

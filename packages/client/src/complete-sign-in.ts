import * as oidc from 'openid-client'
import { type AttributesOf, readAttributes, type UnavailableAttribute } from './attributes.js'
import { checkCallback } from './callback.js'
import type { ClientContext } from './context.js'
import { dpopHandle } from './dpop.js'
import { fromEngineError } from './errors/from-engine.js'
import { EidTokenError, EidTransactionError } from './errors/validation-errors.js'
import { checkIdTokenPolicy } from './id-token.js'
import type { Level } from './level-of-assurance.js'
import type { Jwk, ResolvedOptions } from './options.js'
import type { AttributeName, Citizen } from './schemas/index.js'
import { type EidTokens, type TokenResponseFields, toEidTokens } from './tokens.js'
import { checkTransaction, type SignInTransaction } from './transaction.js'

/**
 * The outcome of a successful sign-in.
 *
 * @example
 * ```ts
 * const result: SignInResult<readonly ['health_insurance']> = await eid.completeSignIn(url, transaction)
 * result.citizen?.fullName // 'Nguyễn Thị Minh Khai'
 * result.attributes.healthInsurance?.number
 * ```
 */
export interface SignInResult<A extends readonly AttributeName[] = readonly AttributeName[]> {
  /** The citizen's identity; `undefined` when the sign-in was made with `identity: false`. */
  readonly citizen: Citizen | undefined
  /** The citizen's `sub` at this provider (stable per citizen). */
  readonly subject: string
  /** The level of assurance actually achieved (at least the one required). */
  readonly level: Level
  /** The provider session id (`sid`), used to match back-channel logout tokens. */
  readonly sessionId: string | undefined
  /** When the citizen authenticated (epoch seconds), if the provider said. */
  readonly authTime: number | undefined
  /** Exactly the attributes requested, camelCased; see `missing` and `unavailable` for absent ones. */
  readonly attributes: AttributesOf<A>
  /** Requested attributes the citizen did not share or does not hold. */
  readonly missing: readonly AttributeName[]
  /** Requested attributes whose data source failed, with the reason. */
  readonly unavailable: readonly UnavailableAttribute[]
  /** The id of the consent record at the provider, when it reports one (`consent_id` claim). */
  readonly consentId: string | undefined
  readonly tokens: EidTokens
  /**
   * Every claim the provider released, as received (VNeID profile: the userinfo, e.g. `accountType`);
   * `undefined` in the standard profile, where `citizen` and `attributes` carry the validated claims.
   * Personal data: do not log it.
   */
  readonly providerClaims?: Readonly<Record<string, unknown>>
}

/** The plain fields of openid-client's token response (without its helper methods). */
export function fieldsOf(response: oidc.TokenEndpointResponse): TokenResponseFields {
  return {
    access_token: response.access_token,
    token_type: response.token_type,
    expires_in: response.expires_in,
    refresh_token: response.refresh_token,
    id_token: response.id_token,
    scope: response.scope,
  }
}

/** What a token response must satisfy: shared by the redirect flow and decoupled (CIBA) sign-in. */
export interface FinishExpectations<A extends readonly AttributeName[]> {
  level: Level
  attributes: A
  identity: boolean
  dpopJwk: Jwk | undefined
}

/**
 * Validates a token response (the engine already checked signature, `iss`, `aud`, `azp`, `nonce`,
 * `exp` and `auth_time`), applies the SDK's own policy (level, `iat`, encryption), fetches userinfo
 * when attributes were requested (its `sub` must match), and builds the typed result.
 */
export async function finishSignIn<A extends readonly AttributeName[]>(
  context: ClientContext,
  response: oidc.TokenEndpointResponse & oidc.TokenEndpointResponseHelpers,
  expect: FinishExpectations<A>,
  DPoP: oidc.DPoPHandle | undefined,
): Promise<SignInResult<A>> {
  const { engine } = context
  const { options } = engine
  const claims = response.claims()
  if (!claims || typeof response.id_token !== 'string') {
    throw new EidTokenError({
      token: 'token_response',
      check: 'claims',
      detail: 'expected an id_token in the token response',
    })
  }
  const now = context.now()
  const { level, subject } = checkIdTokenPolicy(claims, {
    now,
    toleranceSec: options.clockToleranceSec,
    wasEncrypted: response.id_token.split('.').length === 5,
    encryptionRequired: options.requireEncrypted.idToken,
    levels: options.levels,
    required: expect.level,
    clientId: options.clientId,
  })
  const decrypted = oidc.getDecryptedResponses(response)
  const signedIdToken =
    (typeof decrypted === 'object' && decrypted.id_token?.token_endpoint) || response.id_token
  const tokens = toEidTokens({ ...fieldsOf(response), id_token: signedIdToken }, subject, expect.dpopJwk, now)

  const names: AttributeName[] = expect.identity ? ['identity', ...expect.attributes] : [...expect.attributes]
  let released: Record<string, unknown> = { ...claims }
  if (names.length > 0) {
    let userinfo: oidc.UserInfoResponse
    try {
      userinfo = await oidc.fetchUserInfo(
        engine.config,
        tokens.accessToken,
        subject,
        DPoP ? { DPoP } : undefined,
      )
    } catch (error) {
      throw fromEngineError(error, { endpoint: 'userinfo', token: 'userinfo' })
    }
    checkUserinfoEncryption(options, userinfo)
    released = { ...userinfo, ...claims }
  }
  const { values, missing, unavailable } = readAttributes(names, released)
  const { identity, ...attributes } = values
  return {
    citizen: identity as Citizen | undefined,
    subject,
    level,
    sessionId: typeof claims.sid === 'string' ? claims.sid : undefined,
    authTime: typeof claims.auth_time === 'number' ? claims.auth_time : undefined,
    attributes: attributes as AttributesOf<A>,
    missing,
    unavailable,
    consentId: typeof released.consent_id === 'string' ? released.consent_id : undefined,
    tokens,
  }
}

/** The explanation of a plain userinfo refused because the options require an encrypted one. */
export const USERINFO_NOT_ENCRYPTED =
  'expected an encrypted userinfo response (JWE), got a plain one; if the provider encrypts only ID tokens for this client, set requireEncrypted: { userinfo: false }'

/**
 * R23: refuses a userinfo response that was not encrypted when the options require it (a signed JWT
 * alone passes the engine, which only insists on a JWT).
 */
export function checkUserinfoEncryption(options: ResolvedOptions, userinfo: oidc.UserInfoResponse): void {
  if (options.requireEncrypted.userinfo && oidc.getDecryptedResponses(userinfo) === undefined) {
    throw new EidTokenError({ token: 'userinfo', check: 'encryption', detail: USERINFO_NOT_ENCRYPTED })
  }
}

/**
 * Completes a sign-in from the URL the browser came back with. Every check of the callback and the
 * transaction runs before the token request; the transaction is single-use in this process.
 */
export async function completeSignIn<A extends readonly AttributeName[]>(
  context: ClientContext,
  callbackUrl: string | URL,
  transactionInput: SignInTransaction<A> | string | undefined,
): Promise<SignInResult<A>> {
  const { engine } = context
  const { options, metadata } = engine
  const now = context.now()
  const transaction = checkTransaction(transactionInput, {
    issuer: options.issuer,
    clientId: options.clientId,
    now,
  }) as SignInTransaction<A>
  const { url } = checkCallback(callbackUrl, {
    redirectUri: transaction.redirectUri,
    state: transaction.state,
    issuer: options.issuer,
    issRequired: metadata.authorization_response_iss_parameter_supported === true,
    level: transaction.level,
  })
  if (!context.used.claim(transaction.state, transaction.expiresAt, now)) {
    throw new EidTransactionError('already_used')
  }
  const DPoP = transaction.dpopJwk ? await dpopHandle(engine, transaction.dpopJwk) : undefined
  let response: oidc.TokenEndpointResponse & oidc.TokenEndpointResponseHelpers
  try {
    response = await oidc.authorizationCodeGrant(
      engine.config,
      url,
      {
        pkceCodeVerifier: transaction.codeVerifier,
        expectedState: transaction.state,
        expectedNonce: transaction.nonce,
        idTokenExpected: true,
        ...(transaction.maxAge !== undefined && { maxAge: transaction.maxAge }),
      },
      undefined,
      DPoP ? { DPoP } : undefined,
    )
  } catch (error) {
    throw fromEngineError(error, { endpoint: 'token', token: 'id_token' })
  }
  return finishSignIn(
    context,
    response,
    {
      level: transaction.level,
      attributes: transaction.attributes,
      identity: transaction.identity,
      dpopJwk: transaction.dpopJwk,
    },
    DPoP,
  )
}

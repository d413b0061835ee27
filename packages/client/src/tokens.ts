import { EidResponseError } from './errors/protocol-errors.js'
import { EidTokenError } from './errors/validation-errors.js'
import type { Jwk } from './options.js'

/**
 * The tokens of a signed-in citizen: a plain JSON-serialisable object, so a session layer can seal it
 * into a cookie or keep it in Redis. Treat it as a secret (it holds bearer tokens and, with DPoP, the
 * private key the tokens are bound to).
 *
 * @example
 * ```ts
 * const { tokens } = await eid.completeSignIn(url, transaction)
 * if (tokens.expiresAt && tokens.expiresAt - Date.now() / 1000 < 60) tokens = await eid.refresh(tokens)
 * ```
 */
export interface EidTokens {
  readonly accessToken: string
  /** `Bearer`, or `DPoP` when the access token is sender-constrained. */
  readonly tokenType: 'Bearer' | 'DPoP'
  /** Epoch seconds when the access token expires, when the provider said. */
  readonly expiresAt?: number
  readonly refreshToken?: string
  /** The ID token; the empty string in the VNeID profile, which has no ID token. */
  readonly idToken: string
  readonly scope?: string
  /** The citizen's `sub` at this provider. */
  readonly subject: string
  /** The private DPoP key the tokens are bound to. */
  readonly dpopJwk?: Jwk
}

/** The fields of a token endpoint response the SDK keeps. */
export interface TokenResponseFields {
  access_token: string
  token_type: string
  expires_in?: number | undefined
  refresh_token?: string | undefined
  id_token?: string | undefined
  scope?: string | undefined
}

/** Converts openid-client's token response; checks the token type (R33 case-insensitively, R34 DPoP). */
export function toEidTokens(
  response: TokenResponseFields,
  subject: string,
  dpopJwk: Jwk | undefined,
  now: number,
  previous?: EidTokens,
): EidTokens {
  const type = response.token_type.toLowerCase()
  if (dpopJwk && type !== 'dpop') {
    throw new EidTokenError({
      token: 'token_response',
      check: 'token_type',
      detail: `expected token_type DPoP because the request was DPoP-bound, got ${type === 'bearer' ? 'Bearer' : 'another type'}`,
    })
  }
  if (type !== 'dpop' && type !== 'bearer') {
    throw new EidResponseError({ endpoint: 'token', detail: 'expected token_type Bearer or DPoP' })
  }
  const idToken = response.id_token ?? previous?.idToken
  if (idToken === undefined) throw new EidResponseError({ endpoint: 'token', detail: 'expected an id_token' })
  const refreshToken = response.refresh_token ?? previous?.refreshToken
  return {
    accessToken: response.access_token,
    tokenType: type === 'dpop' ? 'DPoP' : 'Bearer',
    ...(typeof response.expires_in === 'number' && { expiresAt: now + response.expires_in }),
    ...(refreshToken !== undefined && { refreshToken }),
    idToken,
    ...(typeof response.scope === 'string' && { scope: response.scope }),
    subject,
    ...(dpopJwk && { dpopJwk }),
  }
}

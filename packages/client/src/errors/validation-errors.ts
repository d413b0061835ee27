import type { Level } from '../level-of-assurance.js'
import { EidError } from './eid-error.js'

/**
 * Why a callback URL was rejected before any request was made.
 *
 * @example
 * ```ts
 * if (err instanceof EidCallbackError && err.reason === 'state_mismatch') startAgain()
 * ```
 */
export type CallbackProblem =
  | 'malformed_url'
  | 'too_large'
  | 'duplicate_parameter'
  | 'redirect_uri_mismatch'
  | 'state_missing'
  | 'state_mismatch'
  | 'iss_missing'
  | 'iss_mismatch'
  | 'code_missing'
  | 'encrypt_key_missing'
  | 'encrypted_code_invalid'
  | 'share_callback_invalid'

const CALLBACK_TEXT: Record<CallbackProblem, string> = {
  malformed_url: 'expected an absolute URL, got something that does not parse as one',
  too_large: 'expected a callback URL under the size limit, got a larger one',
  duplicate_parameter: 'expected each OAuth parameter once, got one repeated',
  redirect_uri_mismatch: 'expected the callback on the configured redirectUri, got another origin or path',
  state_missing: 'expected a "state" parameter, got none',
  state_mismatch:
    'expected the "state" of this sign-in attempt, got another (forged, or from another attempt)',
  iss_missing: 'expected an "iss" parameter (the provider advertises RFC 9207), got none',
  iss_mismatch: 'expected "iss" to equal the configured issuer, got another (possible mix-up attack)',
  code_missing: 'expected a "code" parameter, got none',
  encrypt_key_missing:
    'expected an "encrypt_key" parameter (encryption is required by dialect.requireEncryption), got none',
  share_callback_invalid:
    'expected a share callback <callbackUrl>/<transaction id>|<STATUS> on the configured share.callbackUrl, got another path or a transaction id outside [A-Za-z0-9._~-]{1,128}',
  encrypted_code_invalid:
    'expected a "code" encrypted to this client\'s envelopeKey and its "encrypt_key", got a pair that does not decrypt (if the URL was decoded before it reached the SDK, a "+" may have become a space: pass the raw request URL)',
}

/**
 * `ERR_EID_CALLBACK_INVALID`: the URL the browser came back with fails a check (RFC 9207 `iss`, `state`,
 * duplicated parameters, size). Nothing was sent to the provider.
 *
 * @example
 * ```ts
 * if (isEidError(err, 'ERR_EID_CALLBACK_INVALID')) res.status(400).render('start-again')
 * ```
 */
export class EidCallbackError extends EidError {
  readonly reason: CallbackProblem

  constructor(reason: CallbackProblem, options: { cause?: unknown; parameter?: string } = {}) {
    const detail = options.parameter
      ? `${CALLBACK_TEXT[reason]} ("${options.parameter}")`
      : CALLBACK_TEXT[reason]
    super(
      'ERR_EID_CALLBACK_INVALID',
      `Rejected the sign-in callback: ${detail}. Nothing was sent to the provider; start a new sign-in.`,
      options,
    )
    this.reason = reason
  }
}

/**
 * Why a sign-in transaction could not be used.
 *
 * @example
 * ```ts
 * if (err instanceof EidTransactionError && err.reason === 'expired') showTookTooLongPage()
 * ```
 */
export type TransactionProblem =
  | 'missing'
  | 'malformed'
  | 'expired'
  | 'wrong_client'
  | 'wrong_issuer'
  | 'already_used'

const TRANSACTION_TEXT: Record<TransactionProblem, string> = {
  missing: 'expected the transaction returned by signIn(), got nothing (cookie lost or blocked?)',
  malformed:
    'expected the object returned by signIn(), got something else (tampered or from another version)',
  expired: 'expected a transaction younger than its lifetime, got an expired one (the citizen took too long)',
  wrong_client: 'expected a transaction created by this clientId, got one from another client',
  wrong_issuer: 'expected a transaction for this issuer, got one for another provider',
  already_used: 'expected a fresh transaction, got one that already completed a sign-in (replayed callback)',
}

/**
 * `ERR_EID_TRANSACTION_INVALID`: the transaction given to `completeSignIn` is missing, malformed, expired,
 * from another client or issuer, or already used. Nothing was sent to the provider.
 *
 * @example
 * ```ts
 * if (isEidError(err, 'ERR_EID_TRANSACTION_INVALID')) res.redirect('/auth/login')
 * ```
 */
export class EidTransactionError extends EidError {
  readonly reason: TransactionProblem

  constructor(reason: TransactionProblem, options: { cause?: unknown } = {}) {
    super(
      'ERR_EID_TRANSACTION_INVALID',
      `Cannot complete the sign-in: ${TRANSACTION_TEXT[reason]}. Start a new sign-in.`,
      options,
    )
    this.reason = reason
  }
}

/**
 * Which token a validation failure is about.
 *
 * @example
 * ```ts
 * const kind: TokenKind = 'id_token'
 * ```
 */
export type TokenKind =
  | 'id_token'
  | 'userinfo'
  | 'token_response'
  | 'logout_token'
  | 'consent_receipt'
  | 'security_event'

/**
 * The check a token failed. `signature` covers altered tokens and tokens signed by a foreign key; `key`
 * covers an unknown `kid` or an ambiguous or unusable key; `alg` covers `none`, HS256 with a public key
 * and any algorithm other than the pinned one.
 *
 * @example
 * ```ts
 * if (err instanceof EidTokenError && err.check === 'nonce') log.warn('possible replay')
 * ```
 */
export type TokenCheck =
  | 'format'
  | 'alg'
  | 'signature'
  | 'key'
  | 'encryption'
  | 'iss'
  | 'aud'
  | 'azp'
  | 'sub'
  | 'nonce'
  | 'exp'
  | 'iat'
  | 'auth_time'
  | 'jti'
  | 'events'
  | 'token_type'
  | 'claims'

/**
 * `ERR_EID_TOKEN_INVALID`: a token (ID token, userinfo, logout token, consent receipt, security event)
 * failed validation. `check` names the failed check.
 *
 * @example
 * ```ts
 * if (err instanceof EidTokenError) log.warn({ token: err.token, check: err.check }, 'token rejected')
 * ```
 */
export class EidTokenError extends EidError {
  readonly token: TokenKind
  readonly check: TokenCheck

  constructor(fields: { token: TokenKind; check: TokenCheck; detail: string; cause?: unknown }) {
    super(
      'ERR_EID_TOKEN_INVALID',
      `Rejected the ${fields.token.replace('_', ' ')}: ${fields.check} check failed (${fields.detail}). Do not trust this sign-in; if it keeps happening, check the provider's keys and the client's clock.`,
      { cause: fields.cause },
    )
    this.token = fields.token
    this.check = fields.check
  }
}

/**
 * The level error for a provider's `unmet_authentication_requirements` refusal of a sign-in that required
 * `required`: the citizen's level is known when the request was for level 2 (a refusal means level 1, the
 * only lower level); unknown for a refused level-1 request.
 *
 * @example
 * ```ts
 * levelRefusal(2).actual // 1
 * ```
 */
export function levelRefusal(required: Level): EidLevelError {
  return new EidLevelError({ required, actual: required === 2 ? 1 : undefined, refused: true })
}

/**
 * `ERR_EID_LEVEL_TOO_LOW`: the citizen signed in at a lower level of assurance than required (or the
 * provider did not say which level). Send them to sign in again at `required` (step-up), or explain
 * that a level-2 account is needed.
 *
 * @example
 * ```ts
 * if (err instanceof EidLevelError) res.render('need-level-2', { required: err.required, actual: err.actual })
 * ```
 */
export class EidLevelError extends EidError {
  readonly required: Level
  /**
   * The citizen's level when it is known: the `acr` achieved, or, when the provider refused a level-2
   * sign-in with `unmet_authentication_requirements`, level 1 (the only level below 2). `undefined` when
   * the provider refused a level-1 sign-in or sent no known `acr`.
   */
  readonly actual: Level | undefined

  constructor(fields: {
    required: Level
    actual: Level | undefined
    /** The provider refused the sign-in (`unmet_authentication_requirements`) instead of signing in low. */
    refused?: boolean
  }) {
    const actual = fields.actual === undefined ? 'an unknown level' : `level ${fields.actual}`
    super(
      'ERR_EID_LEVEL_TOO_LOW',
      `${
        fields.refused
          ? `The identity provider refused the sign-in because the citizen's account does not reach level ${fields.required} (it is at ${actual})`
          : `The citizen signed in at ${actual}, but level ${fields.required} is required`
      }. Ask them to sign in again at level ${fields.required} (a level-2 account is activated in person with the chip ID card).`,
    )
    this.required = fields.required
    this.actual = fields.actual
  }
}

/**
 * One schema problem with an attribute. `path` and `message` only: the offending value is personal data
 * and is never kept.
 *
 * @example
 * ```ts
 * const issue: AttributeIssue = { path: 'health_insurance.valid_to', message: 'expected a date' }
 * ```
 */
export interface AttributeIssue {
  readonly path: string
  readonly message: string
}

/**
 * `ERR_EID_ATTRIBUTE_INVALID`: the provider released an attribute whose content does not match the
 * catalogue's schema (e.g. a personal ID whose birth year contradicts the birth date).
 *
 * @example
 * ```ts
 * if (err instanceof EidAttributeError) log.error({ attribute: err.attribute, issues: err.issues })
 * ```
 */
export class EidAttributeError extends EidError {
  readonly attribute: string
  readonly issues: readonly AttributeIssue[]

  constructor(attribute: string, issues: readonly AttributeIssue[]) {
    super(
      'ERR_EID_ATTRIBUTE_INVALID',
      `The provider released "${attribute}" in an unexpected shape: ${issues
        .slice(0, 5)
        .map((i) => `${i.path || '(value)'}: ${i.message}`)
        .join('; ')}. Report this to the provider; do not use the attribute.`,
    )
    this.attribute = attribute
    this.issues = issues
  }
}

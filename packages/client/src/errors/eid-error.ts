/**
 * Every stable error code the SDK can raise. Codes never change meaning between releases; new codes
 * may be added in a minor release (the Express adapter's status table fails to compile until it maps
 * them, which is the point).
 *
 * @example
 * ```ts
 * import { isEidError } from '@dinhdanh/client'
 * try {
 *   await eid.completeSignIn(url, transaction)
 * } catch (err) {
 *   if (isEidError(err) && err.code === 'ERR_EID_LEVEL_TOO_LOW') showStepUpPage()
 * }
 * ```
 */
export const EID_ERROR_CODES = [
  'ERR_EID_CONFIG',
  'ERR_EID_DISCOVERY',
  'ERR_EID_NETWORK',
  'ERR_EID_RESPONSE_INVALID',
  'ERR_EID_PROVIDER',
  'ERR_EID_ACCESS_DENIED',
  'ERR_EID_AUTHORIZATION_FAILED',
  'ERR_EID_CALLBACK_INVALID',
  'ERR_EID_TRANSACTION_INVALID',
  'ERR_EID_TOKEN_INVALID',
  'ERR_EID_LEVEL_TOO_LOW',
  'ERR_EID_ATTRIBUTE_INVALID',
  'ERR_EID_CONSENT',
  'ERR_EID_BACKCHANNEL_EXPIRED',
  'ERR_EID_ABORTED',
  'ERR_EID_UNSUPPORTED',
  'ERR_EID_SESSION_INVALID',
  'ERR_EID_CSRF',
  'ERR_EID_CITIZEN_MISMATCH',
  'ERR_EID_SHARE_REFUSED',
  'ERR_EID_SHARE_EXPIRED',
  'ERR_EID_SHARE_UNKNOWN',
  'ERR_EID_SHARE_ALREADY_FETCHED',
  'ERR_EID_WEBHOOK_INVALID',
] as const

/**
 * The union of every {@link EID_ERROR_CODES} entry.
 *
 * @example
 * ```ts
 * const statusOf: Record<EidErrorCode, number> = { ERR_EID_CONFIG: 500, ... }
 * ```
 */
export type EidErrorCode = (typeof EID_ERROR_CODES)[number]

/**
 * Options every {@link EidError} accepts. `cause` keeps the lower-level error for debugging; it is
 * never rendered into the message.
 *
 * @example
 * ```ts
 * new EidNetworkError({ timeout: true, endpoint: 'token', cause: err })
 * ```
 */
export interface EidErrorOptions {
  cause?: unknown
}

/**
 * The base class of every error the SDK throws. Each has a stable {@link EidErrorCode}; subclasses
 * carry typed fields. Messages say what was expected, what arrived and what to do, and never contain a
 * token, a secret or personal data, so they are safe to log.
 *
 * @example
 * ```ts
 * try {
 *   await eid.completeSignIn(url, transaction)
 * } catch (err) {
 *   if (err instanceof EidError) log.warn({ code: err.code }, err.message)
 * }
 * ```
 */
export class EidError extends Error {
  /** The stable machine-readable code. */
  readonly code: EidErrorCode

  constructor(code: EidErrorCode, message: string, options: EidErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.code = code
    this.name = new.target.name
  }

  /** A JSON form without `cause`, for structured logs and error pages. */
  toJSON(): { name: string; code: EidErrorCode; message: string } {
    return { name: this.name, code: this.code, message: this.message }
  }
}

/**
 * True when `value` is an {@link EidError} (optionally with the given code). Works across duplicated
 * copies of the package in `node_modules` because it checks the shape, not only the prototype.
 *
 * @example
 * ```ts
 * if (isEidError(err, 'ERR_EID_ACCESS_DENIED')) return res.redirect('/?cancelled=1')
 * ```
 */
export function isEidError<C extends EidErrorCode>(
  value: unknown,
  code?: C,
): value is EidError & { code: C } {
  if (!(value instanceof Error)) return false
  const candidate = (value as { code?: unknown }).code
  if (typeof candidate !== 'string' || !(EID_ERROR_CODES as readonly string[]).includes(candidate))
    return false
  return code === undefined || candidate === code
}

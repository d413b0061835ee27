import type { EidErrorCode } from '@dinhdanh/client'

/**
 * The HTTP status of each error code. A `Record` over the whole union: when `@dinhdanh/client` adds a
 * code, this table fails to compile until the new code is mapped.
 *
 * @example
 * ```ts
 * res.status(EID_ERROR_STATUS[err.code])
 * ```
 */
export const EID_ERROR_STATUS: Readonly<Record<EidErrorCode, number>> = Object.freeze({
  ERR_EID_CONFIG: 500,
  ERR_EID_DISCOVERY: 502,
  ERR_EID_NETWORK: 503,
  ERR_EID_RESPONSE_INVALID: 502,
  ERR_EID_PROVIDER: 502,
  ERR_EID_ACCESS_DENIED: 403,
  ERR_EID_AUTHORIZATION_FAILED: 400,
  ERR_EID_CALLBACK_INVALID: 400,
  ERR_EID_TRANSACTION_INVALID: 400,
  ERR_EID_TOKEN_INVALID: 401,
  ERR_EID_LEVEL_TOO_LOW: 403,
  ERR_EID_ATTRIBUTE_INVALID: 502,
  ERR_EID_CONSENT: 409,
  ERR_EID_BACKCHANNEL_EXPIRED: 408,
  ERR_EID_ABORTED: 400,
  ERR_EID_UNSUPPORTED: 501,
  ERR_EID_SESSION_INVALID: 401,
  ERR_EID_CSRF: 403,
  ERR_EID_CITIZEN_MISMATCH: 403,
  ERR_EID_SHARE_REFUSED: 403,
  ERR_EID_SHARE_EXPIRED: 408,
  ERR_EID_SHARE_UNKNOWN: 404,
  ERR_EID_SHARE_ALREADY_FETCHED: 410,
  ERR_EID_WEBHOOK_INVALID: 401,
})

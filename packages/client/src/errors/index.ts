/**
 * The SDK's single error model, also available as the `@dinhdanh/client/errors` subpath.
 *
 * @example
 * ```ts
 * import { isEidError, EidLevelError } from '@dinhdanh/client/errors'
 * ```
 * @module
 */
export { type ConfigIssue, EidConfigError } from './config-error.js'
export {
  EID_ERROR_CODES,
  EidError,
  type EidErrorCode,
  type EidErrorOptions,
  isEidError,
} from './eid-error.js'
export {
  type ConsentProblem,
  EidAbortedError,
  EidBackchannelExpiredError,
  EidCitizenMismatchError,
  EidConsentError,
  EidCsrfError,
  EidSessionError,
  EidUnsupportedError,
  type SessionProblem,
} from './other-errors.js'
export {
  EidDiscoveryError,
  EidNetworkError,
  EidProviderError,
  EidResponseError,
  type ProviderEndpoint,
} from './protocol-errors.js'
export { EidShareError, EidWebhookError, type ShareProblem, type WebhookProblem } from './share-errors.js'
export {
  type AttributeIssue,
  type CallbackProblem,
  EidAttributeError,
  EidCallbackError,
  EidLevelError,
  EidTokenError,
  EidTransactionError,
  type TokenCheck,
  type TokenKind,
  type TransactionProblem,
} from './validation-errors.js'

/**
 * `@dinhdanh/client`: sign citizens in with Vietnam's national e-ID (VNeID-style OpenID Connect) and
 * read the attributes they consent to share, with typed results and typed errors.
 *
 * @example
 * ```ts
 * import { createClient, isEidError } from '@dinhdanh/client'
 * const eid = await createClient({ issuer, clientId, clientAuth, redirectUri })
 * const { url, transaction } = await eid.signIn({ level: 2, attributes: ['health_insurance'] as const })
 * ```
 * @module
 */
export type { AttributesOf, UnavailableAttribute } from './attributes.js'
export type { BackchannelHandle, BackchannelSignInRequest } from './backchannel.js'
export { MAX_CALLBACK_URL_LENGTH } from './callback.js'
export { type ClientRuntime, createClient, type EidClient } from './client.js'
export type { SignInResult } from './complete-sign-in.js'
export {
  CONSENT_WITHDRAWN_EVENT,
  type ConsentReceipt,
  type ConsentRecord,
  type ConsentsApi,
  type ConsentWithdrawnEvent,
} from './consents.js'
export * from './errors/index.js'
export { DEFAULT_LEVELS, type Level, type LevelMap, levelFromAcr, meetsLevel } from './level-of-assurance.js'
export type { LogoutTarget, SignOutRequest } from './logout.js'
export { type ClientOptions, type Jwk, SIGNING_ALGS, type SigningAlg } from './options.js'
export type { Purpose } from './purpose.js'
export { type ApplyEventOptions, MemoryReplayGuard, type ReplayGuard } from './replay-guard.js'
export type { AttributeName, AttributeValue, Citizen, IdCard, Portrait } from './schemas/index.js'
export type { FetchedAttributes } from './session-tokens.js'
export type { SignInRequest, SignInStart } from './sign-in.js'
export type { EidTokens } from './tokens.js'
export type { SignInTransaction } from './transaction.js'
export type { AesMode } from './vneid/envelope.js'
export type { EnvelopeKeyInput } from './vneid/envelope-key.js'
export type {
  VneidClaimNames,
  VneidClientOptions,
  VneidDateFormat,
  VneidDialectSettings,
} from './vneid/options.js'
export type {
  AllAttributes,
  ShareApi,
  ShareCallback,
  ShareResult,
  ShareStartRequest,
  ShareState,
  ShareTransaction,
  ShareWebhookEvent,
  VneidShareOptions,
  WebhookHeaders,
} from './vneid/share/index.js'

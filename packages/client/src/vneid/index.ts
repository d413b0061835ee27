/**
 * `@dinhdanh/client/vneid`: the provider side of the VNeID dialect's encryption, for mock providers
 * and tests (seal an envelope, encrypt a code), and the dialect's types. A relying party does not need
 * it: `createClient({ profile: 'vneid', ... })` is in the main entry point. See docs/vneid-dialect.md.
 *
 * @example
 * ```ts
 * import { encryptVneidCode, sealVneidEnvelope } from '@dinhdanh/client/vneid'
 * const { code, encryptKey } = encryptVneidCode(rpPublicJwk, 'a1b2c3')
 * const body = sealVneidEnvelope(rpPublicJwk, { access_token: 'at', token_type: 'Bearer' })
 * ```
 * @module
 */
export { readRawQuery } from './callback.js'
export {
  type AesMode,
  encryptVneidCode,
  isVneidEnvelope,
  type SealOptions,
  sealVneidEnvelope,
  type VneidEnvelope,
  type VneidRecipientKey,
} from './envelope.js'
export type { EnvelopeKeyInput } from './envelope-key.js'
export type {
  VneidClaimNames,
  VneidClientOptions,
  VneidDateFormat,
  VneidDialectSettings,
} from './options.js'
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
} from './share/index.js'
export { levelFromAccountLevel, normalizeBirthDate } from './userinfo.js'

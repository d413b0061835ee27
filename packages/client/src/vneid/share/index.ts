/**
 * Sharing data from the VNeID app by transaction (`eid.share`): the types of its requests, transactions,
 * results and webhook events. The operations are on the client (`eid.share.start()` ...).
 *
 * @example
 * ```ts
 * import type { ShareResult, ShareTransaction } from '@dinhdanh/client'
 * ```
 * @module
 */
export type { ShareApi } from './api.js'
export type { ShareCallback } from './callback.js'
export type { ResolvedShareOptions, VneidShareOptions } from './options.js'
export type { ShareResult, ShareState } from './result.js'
export type { ShareStartRequest } from './start.js'
export type { ShareTransaction } from './transaction.js'
export type { AllAttributes, ShareWebhookEvent, WebhookHeaders } from './webhook.js'

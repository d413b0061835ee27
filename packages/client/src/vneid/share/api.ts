import { EidConfigError } from '../../errors/config-error.js'
import { EidUnsupportedError } from '../../errors/other-errors.js'
import type { ApplyEventOptions } from '../../replay-guard.js'
import type { AttributeName } from '../../schemas/index.js'
import { parseShareCallback, type ShareCallback } from './callback.js'
import type { ShareContext } from './context.js'
import { checkShare, type ShareResult, type ShareState, waitForShareResult } from './result.js'
import { type ShareStartRequest, startShare } from './start.js'
import type { ShareTransaction } from './transaction.js'
import {
  matchWebhookEvent,
  type ShareWebhookEvent,
  verifyShareWebhook,
  type WebhookHeaders,
} from './webhook.js'

/**
 * `eid.share`: receiving a citizen's data from the VNeID app by a sharing transaction (the eKYC flow
 * banks use under Circular 17/2024/TT-NHNN). Available on a `profile: 'vneid'` client created with
 * `share` options; see docs/vneid-share.md for the flow, the wire and its security.
 *
 * @example
 * ```ts
 * const transaction = await eid.share.start({ personalId: '001090001234', attributes: ['identity', 'id_card', 'portrait'], purpose: 'Mở tài khoản thanh toán' })
 * const result = await eid.share.result(transaction, { signal: AbortSignal.timeout(120_000) })
 * result.attributes.portrait?.dataUrl
 * ```
 */
export interface ShareApi {
  /**
   * Starts a transaction for a personal number: show `appLink` on a phone, a QR code of `qrPayload` on
   * a desktop, and keep the returned transaction in the customer's server-side session. Bad arguments
   * are `ERR_EID_CONFIG` (nothing sent); the gateway's refusal `ERR_EID_PROVIDER` (`invalid_request`,
   * `invalid_client`).
   *
   * @example
   * ```ts
   * const transaction = await eid.share.start({
   *   personalId: '001090001234',
   *   attributes: ['identity', 'id_card', 'portrait'],
   *   purpose: 'Mở tài khoản thanh toán',
   * })
   * req.session.share = transaction
   * ```
   */
  start<const A extends readonly AttributeName[]>(request: ShareStartRequest<A>): Promise<ShareTransaction<A>>

  /**
   * Looks once at the transaction: `pending`, `refused`, `expired`, or `approved` with the typed data
   * (given only once by the gateway). Throws `ERR_EID_SHARE_UNKNOWN` (not this relying party's, or no
   * such transaction), `ERR_EID_SHARE_ALREADY_FETCHED`, `ERR_EID_CITIZEN_MISMATCH`.
   *
   * @example
   * ```ts
   * const state = await eid.share.check(req.session.share)
   * if (state.status === 'pending') return res.render('waiting')
   * ```
   */
  check<A extends readonly AttributeName[]>(
    transaction: ShareTransaction<A> | string,
    options?: { signal?: AbortSignal },
  ): Promise<ShareState<A>>

  /**
   * Waits for the citizen's answer, polling `check()` with backoff (1 s doubling to 5 s by default) until
   * it is settled, the transaction expires, or `signal` fires. Approved: the typed {@link ShareResult};
   * otherwise `ERR_EID_SHARE_REFUSED`, `ERR_EID_SHARE_EXPIRED`, `ERR_EID_ABORTED`, or what `check()`
   * throws.
   *
   * @example
   * ```ts
   * const result = await eid.share.result(transaction, { signal: AbortSignal.timeout(120_000) })
   * result.attributes.idCard // IdCard | undefined
   * ```
   */
  result<A extends readonly AttributeName[]>(
    transaction: ShareTransaction<A> | string,
    options?: { signal?: AbortSignal },
  ): Promise<ShareResult<A>>

  /**
   * Reads the callback URL the app sent the browser to. Advisory only: use `txnId` to find the
   * transaction in the session, then ask the gateway (`result()`); never trust `status`.
   *
   * @example
   * ```ts
   * const { txnId } = eid.share.parseCallback(req.originalUrl)
   * if (txnId !== req.session.share?.txnId) return res.sendStatus(400)
   * const result = await eid.share.result(req.session.share)
   * ```
   */
  parseCallback(url: string | URL): ShareCallback

  /**
   * Verifies a webhook delivery over its raw body: HMAC-SHA256 in constant time, the timestamp window,
   * the replay guard. Then bind it to its transaction with {@link ShareApi.matchWebhookEvent}. Pass `apply`
   * to record the event inside the call: if it throws (your store is down), the `eventId` is released
   * again and the error rethrown, so the gateway's retry is accepted ({@link ApplyEventOptions}).
   *
   * @example
   * ```ts
   * const event = await eid.share.verifyWebhook(req.body, req.headers) // req.body from express.raw()
   * await eid.share.verifyWebhook(req.body, req.headers, { apply: (event) => store.recordShareEvent(event) })
   * ```
   */
  verifyWebhook(
    rawBody: string | Uint8Array,
    headers: WebhookHeaders,
    options?: ApplyEventOptions<ShareWebhookEvent>,
  ): Promise<ShareWebhookEvent>

  /**
   * Binds a verified webhook event to its transaction: the same state `check()` gives, typed from the
   * transaction, refused with `ERR_EID_CITIZEN_MISMATCH` when about another citizen.
   *
   * @example
   * ```ts
   * const state = eid.share.matchWebhookEvent(event, await store.shareTransaction(event.txnId))
   * ```
   */
  matchWebhookEvent<A extends readonly AttributeName[]>(
    event: ShareWebhookEvent,
    transaction: ShareTransaction<A> | string,
  ): ShareState<A>
}

/**
 * The `eid.share` of a VNeID client with `share` options.
 *
 * @example
 * ```ts
 * const share = createShareApi(context)
 * ```
 */
export function createShareApi(context: ShareContext): ShareApi {
  return {
    start: (request) => startShare(context, request),
    check: (transaction, options) => checkShare(context, transaction, options),
    result: (transaction, options) => waitForShareResult(context, transaction, options),
    parseCallback: (url) => parseShareCallback(context.share.callbackUrl, url),
    verifyWebhook: (rawBody, headers, applyOptions) =>
      verifyShareWebhook(context, rawBody, headers, applyOptions),
    matchWebhookEvent: (event, transaction) => matchWebhookEvent(event, transaction),
  }
}

/**
 * The `eid.share` of a client that cannot share: every method throws `error()` (an async method
 * rejects). A VNeID client without `share` options says which options to add (`ERR_EID_CONFIG`); a
 * standard OpenID Connect client says the feature belongs to the VNeID profile (`ERR_EID_UNSUPPORTED`).
 *
 * @example
 * ```ts
 * const share = unavailableShareApi(() => new EidUnsupportedError('Sharing by transaction', 'use profile "vneid"'))
 * ```
 */
export function unavailableShareApi(error: () => Error): ShareApi {
  const fail = (): never => {
    throw error()
  }
  return {
    start: async () => fail(),
    check: async () => fail(),
    result: async () => fail(),
    parseCallback: () => fail(),
    verifyWebhook: async () => fail(),
    matchWebhookEvent: () => fail(),
  }
}

/** `eid.share` on a VNeID client created without `share` options. */
export const shareNotConfigured = () =>
  unavailableShareApi(
    () =>
      new EidConfigError(
        [
          {
            path: 'share',
            message:
              'expected share options to use eid.share: { endpoints: { start, result }, appLinkBase, callbackUrl, webhookSecret? } (see docs/vneid-share.md)',
          },
        ],
        { subject: 'dinhdanh client options (profile "vneid")' },
      ),
  )

/** `eid.share` on a standard OpenID Connect client. */
export const shareUnsupported = () =>
  unavailableShareApi(
    () =>
      new EidUnsupportedError(
        'Sharing data by transaction (eid.share)',
        'it belongs to the VNeID profile: create the client with profile "vneid" and share options (see docs/vneid-share.md)',
      ),
  )

import { EidError } from './eid-error.js'

/**
 * Why a data-sharing transaction ended without data: the citizen refused in the VNeID app, it expired
 * before they answered, the gateway does not know it (never existed, or belongs to another relying
 * party: both answer the same), or its data was already fetched once.
 *
 * @example
 * ```ts
 * if (err instanceof EidShareError && err.reason === 'refused') showSignInInstead()
 * ```
 */
export type ShareProblem = 'refused' | 'expired' | 'unknown' | 'already_fetched'

const CODES = {
  refused: 'ERR_EID_SHARE_REFUSED',
  expired: 'ERR_EID_SHARE_EXPIRED',
  unknown: 'ERR_EID_SHARE_UNKNOWN',
  already_fetched: 'ERR_EID_SHARE_ALREADY_FETCHED',
} as const

const TEXT: Record<ShareProblem, string> = {
  refused:
    'the citizen refused to share in the VNeID app. Offer another way (sign-in, or a visit to a branch), or start a new transaction if they changed their mind',
  expired:
    'the transaction expired before the citizen answered in the VNeID app. Start a new transaction and show the new link or QR code',
  unknown:
    'the gateway does not know this transaction for this relying party (a wrong or foreign transaction id, or the wrong client credentials). Start a new transaction',
  already_fetched:
    'the data of this transaction was already fetched once (the gateway gives it only once). Use what was stored then, or start a new transaction',
}

/**
 * A data-sharing transaction that ended without data, one stable code per {@link ShareProblem}:
 * `ERR_EID_SHARE_REFUSED`, `ERR_EID_SHARE_EXPIRED`, `ERR_EID_SHARE_UNKNOWN`, `ERR_EID_SHARE_ALREADY_FETCHED`.
 * The message never contains the transaction id or personal data. See docs/vneid-share.md.
 *
 * @example
 * ```ts
 * try {
 *   await eid.share.result(transaction)
 * } catch (err) {
 *   if (isEidError(err, 'ERR_EID_SHARE_REFUSED')) return res.render('share-refused')
 *   if (isEidError(err, 'ERR_EID_SHARE_EXPIRED')) return res.render('share-expired')
 *   throw err
 * }
 * ```
 */
export class EidShareError extends EidError {
  readonly reason: ShareProblem

  constructor(reason: ShareProblem, options: { cause?: unknown } = {}) {
    super(CODES[reason], `The data-sharing transaction ended without data: ${TEXT[reason]}.`, options)
    this.reason = reason
  }
}

/**
 * Why a share webhook was refused: `signature` (missing, not hex, or not the HMAC of the raw body under
 * the configured secret), `timestamp` (outside the tolerance window), `replayed` (an `eventId` seen
 * before), `malformed` (too large, not a JSON event, or fields of the wrong shape).
 *
 * @example
 * ```ts
 * if (err instanceof EidWebhookError && err.reason === 'replayed') return res.sendStatus(200)
 * ```
 */
export type WebhookProblem = 'signature' | 'timestamp' | 'replayed' | 'malformed'

const WEBHOOK_TEXT: Record<WebhookProblem, string> = {
  signature:
    'expected a signature header with the hex HMAC-SHA256 of the raw body under the webhook secret, got none or another (check share.webhookSecret and that the raw body, not a re-serialised one, is passed)',
  timestamp:
    'expected a timestamp within share.webhookToleranceSec of this server clock, got one outside (an old delivery replayed, or a clock out of sync)',
  replayed: 'expected a new eventId, got one already accepted (a redelivery or a replay)',
  malformed:
    'expected a JSON share event (eventId, timestamp, txnId, status) within the size limit, got something else',
}

/**
 * `ERR_EID_WEBHOOK_INVALID`: a share webhook delivery failed verification; `reason` says which check.
 * Answer it with a 4xx and do not act on it. The message never echoes the body, the signature or the
 * secret.
 *
 * @example
 * ```ts
 * try {
 *   const event = await eid.share.verifyWebhook(rawBody, req.headers)
 * } catch (err) {
 *   if (isEidError(err, 'ERR_EID_WEBHOOK_INVALID')) return res.sendStatus(401)
 *   throw err
 * }
 * ```
 */
export class EidWebhookError extends EidError {
  readonly reason: WebhookProblem

  constructor(reason: WebhookProblem, options: { cause?: unknown } = {}) {
    super(
      'ERR_EID_WEBHOOK_INVALID',
      `Refused a share webhook: ${WEBHOOK_TEXT[reason]}. Nothing in it was used.`,
      options,
    )
    this.reason = reason
  }
}

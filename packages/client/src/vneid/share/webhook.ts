import { createHmac, timingSafeEqual } from 'node:crypto'
import { z } from 'zod'
import type { AttributesOf } from '../../attributes.js'
import { EidConfigError } from '../../errors/config-error.js'
import { EidCitizenMismatchError } from '../../errors/other-errors.js'
import { EidResponseError } from '../../errors/protocol-errors.js'
import { EidWebhookError } from '../../errors/share-errors.js'
import { type ApplyEventOptions, applyOnce } from '../../replay-guard.js'
import { ATTRIBUTE_NAMES, type AttributeName, attributeCatalogue } from '../../schemas/index.js'
import type { ShareContext } from './context.js'
import { MAX_GATEWAY_BODY_BYTES } from './gateway.js'
import { readApprovedData, resultAnswerSchema, type ShareResult, type ShareState } from './result.js'
import { readShareTransaction, type ShareTransaction } from './transaction.js'

/**
 * Every attribute of the catalogue: a webhook does not say what was requested, so its data is read for
 * all of them.
 *
 * @example
 * ```ts
 * const all: AllAttributes = ATTRIBUTE_NAMES
 * ```
 */
export type AllAttributes = typeof ATTRIBUTE_NAMES

/**
 * A verified share webhook: the same result as the result endpoint's, with the delivery's `eventId` and
 * `timestamp`. An approved event's `result` reads every attribute found in the data; bind it to the
 * transaction in your store with `eid.share.matchWebhookEvent(event, transaction)` before using it.
 *
 * @example
 * ```ts
 * const event: ShareWebhookEvent = await eid.share.verifyWebhook(rawBody, req.headers)
 * if (event.status === 'approved') console.log(event.result.consentId)
 * ```
 */
export type ShareWebhookEvent = { readonly eventId: string; readonly timestamp: number } & (
  | { readonly status: 'pending' | 'refused' | 'expired'; readonly txnId: string }
  | { readonly status: 'approved'; readonly txnId: string; readonly result: ShareResult<AllAttributes> }
)

/**
 * The raw request headers: a Fetch `Headers`, or Node's `req.headers` (names in any case; a repeated
 * header as an array, which is refused for the signature).
 *
 * @example
 * ```ts
 * const headers: WebhookHeaders = req.headers
 * ```
 */
export type WebhookHeaders = Headers | Record<string, string | string[] | undefined>

const eventSchema = resultAnswerSchema.extend({
  eventId: z.string().regex(/^[A-Za-z0-9._~:-]{1,128}$/),
  timestamp: z.number().int().nonnegative(),
})

const HEX_SIGNATURE = /^(?:sha256=)?([0-9a-f]{64})$/i

function headerValue(headers: WebhookHeaders, name: string): string | undefined {
  if (typeof (headers as Headers).get === 'function' && typeof (headers as Headers).has === 'function') {
    return (headers as Headers).get(name) ?? undefined
  }
  let found: string | string[] | undefined
  let count = 0
  for (const [key, value] of Object.entries(headers as Record<string, unknown>)) {
    if (key.toLowerCase() !== name || value === undefined) continue
    found = value as string | string[]
    count++
  }
  if (count !== 1) return undefined
  if (Array.isArray(found)) return found.length === 1 && typeof found[0] === 'string' ? found[0] : undefined
  return typeof found === 'string' ? found : undefined
}

function rawBytes(rawBody: unknown): Buffer {
  if (typeof rawBody === 'string') return Buffer.from(rawBody, 'utf8')
  if (rawBody instanceof Uint8Array)
    return Buffer.from(rawBody.buffer, rawBody.byteOffset, rawBody.byteLength)
  throw new EidConfigError(
    [
      {
        path: 'rawBody',
        message:
          'expected the raw body as a string or Uint8Array, read before any JSON parser (e.g. express.raw({ type: "application/json" }))',
      },
    ],
    { subject: 'eid.share.verifyWebhook() arguments' },
  )
}

/**
 * Verifies a share webhook delivery (docs/vneid-share.md, "The webhook"), in this order, each failure an
 * {@link EidWebhookError} that never echoes the body, the signature or the secret:
 * 1. the body is at most 1 MiB (`malformed`);
 * 2. the signature header (`share.headers.signature`, default `X-Signature`) is the hex HMAC-SHA256 of the
 *    raw bytes under `share.webhookSecret`, `sha256=` prefix accepted, compared in constant time
 *    (`signature`);
 * 3. the body is a JSON event: `eventId`, `timestamp`, `txnId`, `status`, and for `APPROVED` a valid
 *    `citizenPid` and well-formed attribute data (`malformed`, or `ERR_EID_ATTRIBUTE_INVALID`);
 * 4. `timestamp` is within `share.webhookToleranceSec` (300 s) of this server's clock (`timestamp`);
 * 5. the `eventId` was not accepted before (`replayed`), remembered by the client's replay guard
 *    (`createClient(options, { replayGuard })`, in memory by default: share one between instances).
 *
 * With `options.apply`, a failure to apply the event releases the `eventId` again, so the gateway's retry
 * is accepted.
 *
 * @example
 * ```ts
 * app.post('/webhooks/vneid-share', express.raw({ type: 'application/json' }), async (req, res) => {
 *   const event = await eid.share.verifyWebhook(req.body, req.headers)
 *   res.sendStatus(204)
 * })
 * ```
 */
export async function verifyShareWebhook(
  context: ShareContext,
  rawBody: string | Uint8Array,
  headers: WebhookHeaders,
  options?: ApplyEventOptions<ShareWebhookEvent>,
): Promise<ShareWebhookEvent> {
  const secret = context.share.webhookSecret
  if (secret === undefined) {
    throw new EidConfigError(
      [{ path: 'share.webhookSecret', message: 'expected the webhook secret registered with the gateway' }],
      { subject: 'dinhdanh client options (profile "vneid")' },
    )
  }
  const bytes = rawBytes(rawBody)
  if (bytes.byteLength > MAX_GATEWAY_BODY_BYTES) throw new EidWebhookError('malformed')
  const header =
    headers && typeof headers === 'object' ? headerValue(headers, context.share.headers.signature) : undefined
  const given = header === undefined ? undefined : HEX_SIGNATURE.exec(header.trim())?.[1]
  if (given === undefined) throw new EidWebhookError('signature')
  const expected = createHmac('sha256', secret).update(bytes).digest()
  const actual = Buffer.from(given, 'hex')
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) {
    throw new EidWebhookError('signature')
  }
  let json: unknown
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes))
  } catch (cause) {
    throw new EidWebhookError('malformed', { cause })
  }
  const parsed = eventSchema.safeParse(json)
  if (!parsed.success) throw new EidWebhookError('malformed')
  const event = parsed.data
  if (Math.abs(context.now() - event.timestamp) > context.share.webhookToleranceSec) {
    throw new EidWebhookError('timestamp')
  }
  const common = { eventId: event.eventId, timestamp: event.timestamp, txnId: event.txnId }
  let result: ShareResult<AllAttributes> | undefined
  try {
    result =
      event.status === 'APPROVED' ? readApprovedData(event, ATTRIBUTE_NAMES, undefined, undefined) : undefined
  } catch (error) {
    if (error instanceof EidResponseError) throw new EidWebhookError('malformed', { cause: error })
    throw error
  }
  // Claimed last: a delivery refused above may come again, fixed, under the same eventId.
  const verified: ShareWebhookEvent = result
    ? { ...common, status: 'approved', result }
    : { ...common, status: event.status.toLowerCase() as 'pending' | 'refused' | 'expired' }
  const ttl = 2 * context.share.webhookToleranceSec
  const applied = await applyOnce(
    context.replay,
    `vneid-share-webhook:${event.eventId}`,
    ttl,
    verified,
    options,
  )
  if (applied === undefined) throw new EidWebhookError('replayed')
  return applied
}

/**
 * Binds a verified webhook event to the transaction it is about (looked up by `event.txnId` in your
 * store) and returns the same state `check()` would: an approved result keeps only the requested
 * attributes, typed from the transaction, and must be about the transaction's personal number
 * (`ERR_EID_CITIZEN_MISMATCH` otherwise). An event of another transaction is `ERR_EID_CONFIG` (the wrong
 * transaction was looked up).
 *
 * @example
 * ```ts
 * const event = await eid.share.verifyWebhook(rawBody, req.headers)
 * const transaction = await store.shareTransaction(event.txnId)
 * const state = eid.share.matchWebhookEvent(event, transaction)
 * if (state.status === 'approved') await openAccount(state.result)
 * ```
 */
export function matchWebhookEvent<A extends readonly AttributeName[]>(
  event: ShareWebhookEvent,
  input: ShareTransaction<A> | string,
): ShareState<A> {
  const transaction = readShareTransaction(input)
  if (event?.txnId !== transaction.txnId) {
    throw new EidConfigError(
      [{ path: 'transaction', message: 'expected the transaction whose txnId is the event’s' }],
      { subject: 'eid.share.matchWebhookEvent() arguments' },
    )
  }
  if (event.status !== 'approved') return { status: event.status, txnId: event.txnId }
  const all = event.result
  if (all.personalId !== transaction.personalId) throw new EidCitizenMismatchError({ operation: 'share' })
  const requested = new Set<AttributeName>(transaction.attributes)
  const attributes: Record<string, unknown> = {}
  for (const name of transaction.attributes) {
    if (name === 'identity') continue
    const key = attributeCatalogue[name].key
    attributes[key] = (all.attributes as Record<string, unknown>)[key]
  }
  const result: ShareResult<A> = {
    txnId: all.txnId,
    personalId: all.personalId,
    citizen: requested.has('identity') ? all.citizen : undefined,
    attributes: attributes as AttributesOf<A>,
    missing: all.missing.filter((name) => requested.has(name)),
    unavailable: all.unavailable.filter((entry) => requested.has(entry.attribute)),
    consentId: all.consentId,
  }
  return { status: 'approved', txnId: event.txnId, result }
}

import { createHmac, randomUUID } from 'node:crypto'
import type { Logger } from '../../logger.js'
import type { Storage } from '../../storage/storage.js'

/** One attempt to deliver a share webhook, as the admin API lists it (no body, no secret). */
export interface ShareWebhookAttempt {
  id: string
  eventId: string
  clientId: string
  txnId: string
  /** The result status the event carries. */
  status: string
  attempt: number
  /** Seconds since the epoch. */
  at: number
  outcome: 'delivered' | 'failed'
  httpStatus?: number
  /** The error's name (a timeout, a refused connection), never its message. */
  error?: string
}

/** How many attempts a delivery gets, and the first wait (doubled after each failure: 1 s, 2 s, 4 s, 8 s). */
export const SHARE_WEBHOOK_ATTEMPTS = 5
const FIRST_WAIT_MS = 1000
const LOG_NS = 'share-webhook-delivery'
const LOG_TTL_SEC = 7 * 86_400

/**
 * Runs `task` after `ms` milliseconds. Injectable so tests run the retries without waiting; the default
 * is an unref'd `setTimeout` (a pending retry never keeps the process alive).
 *
 * @example
 * ```ts
 * const immediate: Schedule = (task) => void task()
 * ```
 */
export type Schedule = (task: () => void, ms: number) => void

/** The result a webhook carries (the result endpoint's answer). */
export type ShareWebhookResult = { txnId: string; status: string } & Record<string, unknown>

/** One signed event: its raw body, signature and what the delivery log records of it. */
interface Delivery {
  body: string
  signature: string
  event: Pick<ShareWebhookAttempt, 'eventId' | 'clientId' | 'txnId' | 'status'>
}

/** What the webhook deliverer needs. */
export interface ShareWebhookDependencies {
  storage: Storage
  logger: Logger
  /** Seconds since the epoch. */
  now: () => number
  schedule?: Schedule
}

/**
 * The hex HMAC-SHA256 of the raw body under the secret: the `X-Signature` header of a share webhook.
 *
 * @example
 * ```ts
 * const signature = signShareWebhook(body, client.shareWebhook.secret)
 * ```
 */
export function signShareWebhook(rawBody: string, secret: string): string {
  return createHmac('sha256', secret).update(rawBody, 'utf8').digest('hex')
}

/**
 * Delivers share results to relying parties' webhooks (docs/vneid-share.md, "The webhook"): the result
 * object plus `eventId` (a UUID) and `timestamp` (seconds), signed `X-Signature: hex(HMAC-SHA256(secret,
 * raw body))`, retried on anything but 2xx after 1 s, 2 s, 4 s and 8 s (five attempts). Every attempt is
 * logged in the shared store for the admin API (`GET /__admin/share-webhooks`), without the body or the
 * secret. The body lives only in memory for the retries: a restart drops pending retries.
 *
 * @example
 * ```ts
 * const webhooks = new ShareWebhooks({ storage, logger, now })
 * await webhooks.deliver({ uri, secret }, 'demo-bank', { txnId, status: 'REFUSED' })
 * ```
 */
export class ShareWebhooks {
  readonly #deps: ShareWebhookDependencies
  readonly #schedule: Schedule
  readonly #timers = new Set<NodeJS.Timeout>()

  constructor(deps: ShareWebhookDependencies) {
    this.#deps = deps
    this.#schedule =
      deps.schedule ??
      ((task, ms) => {
        const timer = setTimeout(() => {
          this.#timers.delete(timer)
          task()
        }, ms)
        timer.unref()
        this.#timers.add(timer)
      })
  }

  /**
   * Sends one event (the first attempt now, awaited; retries scheduled). Returns the event id. With
   * `current`, each retry first asks for the answer as it is now and, if its status changed (an
   * approval whose consent was withdrawn meanwhile), sends that instead, as a new event.
   *
   * @example
   * ```ts
   * const eventId = await webhooks.deliver(client.shareWebhook, client.clientId, result)
   * ```
   */
  async deliver(
    webhook: { uri: string; secret: string },
    clientId: string,
    result: ShareWebhookResult,
    current?: () => Promise<ShareWebhookResult>,
  ): Promise<string> {
    const delivery = this.#sign(webhook, clientId, result)
    await this.#attempt(webhook, delivery, current, 1)
    return delivery.event.eventId
  }

  #sign(webhook: { uri: string; secret: string }, clientId: string, result: ShareWebhookResult): Delivery {
    const eventId = randomUUID()
    const body = JSON.stringify({ ...result, eventId, timestamp: this.#deps.now() })
    return {
      body,
      signature: signShareWebhook(body, webhook.secret),
      event: { eventId, clientId, txnId: result.txnId, status: result.status },
    }
  }

  async #attempt(
    webhook: { uri: string; secret: string },
    sent: Delivery,
    current: (() => Promise<ShareWebhookResult>) | undefined,
    attempt: number,
  ): Promise<void> {
    let delivery = sent
    if (attempt > 1 && current) {
      // A retry carries the answer as it is now: a consent withdrawn since the first attempt turns an
      // approval into a refusal (a new event), so the data never leaves after the withdrawal.
      const now = await current()
      if (now.status !== sent.event.status) delivery = this.#sign(webhook, sent.event.clientId, now)
    }
    const { body, signature, event } = delivery
    const uri = webhook.uri
    let httpStatus: number | undefined
    let error: string | undefined
    try {
      // Read at call time, so msw (and a test's interceptor) sees it.
      const response = await globalThis.fetch(uri, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-signature': signature },
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(5000),
      })
      httpStatus = response.status
      response.body?.cancel().catch(() => {})
    } catch (cause) {
      error = cause instanceof Error ? cause.name : 'error'
    }
    const delivered = httpStatus !== undefined && httpStatus >= 200 && httpStatus < 300
    const entry: ShareWebhookAttempt = {
      id: randomUUID(),
      ...event,
      attempt,
      at: this.#deps.now(),
      outcome: delivered ? 'delivered' : 'failed',
      ...(httpStatus !== undefined && { httpStatus }),
      ...(error !== undefined && { error }),
    }
    await this.#deps.storage.set(LOG_NS, entry.id, entry, { ttlSec: LOG_TTL_SEC })
    // The log line names the event, never the transaction, the body or the secret.
    this.#deps.logger.info(
      {
        event: 'share_webhook_delivery',
        eventId: event.eventId,
        attempt,
        outcome: entry.outcome,
        httpStatus,
      },
      'share webhook delivery',
    )
    if (delivered || attempt >= SHARE_WEBHOOK_ATTEMPTS) return
    this.#schedule(
      () => {
        this.#attempt(webhook, delivery, current, attempt + 1).catch((e: unknown) =>
          this.#deps.logger.error({ err: e instanceof Error ? e.name : 'error' }, 'share webhook failed'),
        )
      },
      FIRST_WAIT_MS * 2 ** (attempt - 1),
    )
  }

  /**
   * The logged attempts, newest first (at most `limit`).
   *
   * @example
   * ```ts
   * res.json({ deliveries: await webhooks.deliveries() })
   * ```
   */
  async deliveries(limit = 200): Promise<ShareWebhookAttempt[]> {
    const entries = await this.#deps.storage.list<ShareWebhookAttempt>(LOG_NS, { limit })
    return entries.map((e) => e.value).sort((a, b) => b.at - a.at || b.attempt - a.attempt)
  }

  /**
   * Cancels pending retries (on shutdown).
   *
   * @example
   * ```ts
   * webhooks.stop()
   * ```
   */
  stop(): void {
    for (const timer of this.#timers) clearTimeout(timer)
    this.#timers.clear()
  }
}

import { createHmac, randomUUID } from 'node:crypto'

/**
 * A signed share webhook delivery, built by `vneid.share.webhook(txnId)` as the gateway sends it
 * (docs/vneid-share.md, "The webhook"): the result object plus `eventId` and `timestamp`, signed
 * `X-Signature: hex(HMAC-SHA256(secret, raw body))`. Post it to your app (`send()`, or `request()` for a
 * fetch-style app), or hand `body` and `headers` to your HTTP test client.
 *
 * @example
 * ```ts
 * const delivery = vneid.share.webhook(txnId, { url: 'http://127.0.0.1:3001/webhooks/vneid-share' })
 * const response = await delivery.send() // POST with fetch
 * await app.fetch(delivery.request('https://bank.test/webhooks/vneid-share')) // or into a Hono app
 * ```
 */
export interface MockShareWebhook {
  /** The webhook URL: the one given, else the client's `shareWebhook.url` (`undefined` when neither). */
  readonly url: string | undefined
  /** The raw JSON body, exactly as signed. */
  readonly body: string
  /** `content-type` and `x-signature`. */
  readonly headers: Readonly<Record<'content-type' | 'x-signature', string>>
  readonly eventId: string
  readonly timestamp: number
  /** A fresh `Request` of the delivery, to `url` or to `target`. */
  request(target?: string): Request
  /** POSTs the delivery with `fetch` (read at call time, so msw sees it) to `url` or to `target`. */
  send(target?: string): Promise<Response>
}

/**
 * Options of `vneid.share.webhook()`.
 *
 * @example
 * ```ts
 * vneid.share.webhook(txnId, { url: 'https://bank.test/webhooks/vneid-share', secret: webhookSecret })
 * ```
 */
export interface MockShareWebhookOptions {
  /** Where to deliver (default: the client's `shareWebhook.url`). */
  url?: string
  /** The HMAC secret (default: the client's `shareWebhook.secret`; one of the two is required). */
  secret?: string
  /** The delivery's `timestamp` in epoch seconds (default: the kit's clock now), e.g. an old one. */
  timestamp?: number
}

/** Signs `result` as a webhook delivery under `secret`. Internal to the share kit. */
export function signedWebhook(
  result: Record<string, unknown>,
  secret: string,
  url: string | undefined,
  timestamp: number,
): MockShareWebhook {
  const eventId = randomUUID()
  const body = JSON.stringify({ ...result, eventId, timestamp })
  const headers = {
    'content-type': 'application/json',
    'x-signature': createHmac('sha256', secret).update(body, 'utf8').digest('hex'),
  }
  const targetOf = (target: string | undefined): string => {
    const href = target ?? url
    if (href === undefined || !URL.canParse(href)) {
      throw new TypeError('expected the webhook URL: give one, or shareWebhook.url to the client')
    }
    return href
  }
  return {
    url,
    body,
    headers,
    eventId,
    timestamp,
    request: (target) => new Request(targetOf(target), { method: 'POST', headers, body }),
    send: (target) =>
      globalThis.fetch(targetOf(target), { method: 'POST', headers, body, redirect: 'manual' }),
  }
}

/**
 * Test helpers for sharing by transaction (tests only): a request to the share endpoints as a correct
 * relying party sends it (docs/vneid-share.md, "The wire"), each part replaceable to make it wrong.
 */
import { randomUUID } from 'node:crypto'
import type { MockIdp } from '../../server.js'
import type { DialectRp } from '../dialect-testing.js'
import { VNEID_PATHS } from '../paths.js'

/** A relying party's share callback (nothing listens there: tests stop at the redirect). */
export const callbackFor = (clientId: string) => `http://127.0.0.1:9/${clientId}/callback/vneid`

/** The clients-file additions of a sharing relying party, with a callback and (optionally) a webhook. */
export function shareEntry(
  clientId: string,
  webhook?: { uri: string; secret: string },
): Record<string, unknown> {
  return {
    encrypt: false,
    share_callback_uris: [callbackFor(clientId)],
    ...(webhook && { share_webhook_uri: webhook.uri, share_webhook_secret: webhook.secret }),
  }
}

/**
 * A POST to a share endpoint: Basic auth, a fresh request id and time, JSON; `headers` add or replace
 * (a value of `undefined` removes the header), `raw` sends a body as is.
 */
export async function sharePost(
  idp: MockIdp,
  rp: Pick<DialectRp, 'clientId' | 'secret'>,
  endpoint: 'shareStart' | 'shareResult',
  body: unknown,
  options: { headers?: Record<string, string | undefined>; raw?: string; method?: string } = {},
): Promise<{ status: number; json: Record<string, unknown>; headers: Headers }> {
  const all: Record<string, string | undefined> = {
    authorization: `Basic ${Buffer.from(`${rp.clientId}:${rp.secret}`).toString('base64')}`,
    'x-request-id': randomUUID(),
    'x-request-time': new Date().toISOString(),
    'content-type': 'application/json',
    ...options.headers,
  }
  const headers = Object.fromEntries(
    Object.entries(all).filter((entry): entry is [string, string] => entry[1] !== undefined),
  )
  const method = options.method ?? 'POST'
  const response = await fetch(`${idp.url}${VNEID_PATHS[endpoint]}`, {
    method,
    headers,
    ...(method !== 'GET' && { body: options.raw ?? JSON.stringify(body) }),
  })
  const text = await response.text()
  return {
    status: response.status,
    json: JSON.parse(text) as Record<string, unknown>,
    headers: response.headers,
  }
}

/** Starts a transaction for `personalId` (identity and portrait, a fixed purpose); returns its id. */
export async function startShare(
  idp: MockIdp,
  rp: Pick<DialectRp, 'clientId' | 'secret'>,
  personalId: string,
  attributes: string[] = ['identity', 'portrait'],
): Promise<string> {
  const { status, json } = await sharePost(idp, rp, 'shareStart', {
    citizenPid: personalId,
    attributes,
    purpose: 'Mở tài khoản thanh toán',
    callbackUrl: callbackFor(rp.clientId),
  })
  if (status !== 200) throw new Error(`start failed with ${status}: ${JSON.stringify(json)}`)
  return String(json.txnId)
}

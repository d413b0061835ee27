import { randomUUID } from 'node:crypto'
import { EidAbortedError, EidError, EidResponseError } from '../../errors/index.js'
import { readVneidBody } from '../endpoints.js'
import type { ShareContext } from './context.js'

/**
 * The largest gateway answer read: a result with a 200 KiB portrait (in base64, perhaps inside an
 * envelope) and the other attributes fits well under 1 MiB.
 */
export const MAX_GATEWAY_BODY_BYTES = 1024 * 1024

/**
 * One POST to the share gateway as docs/vneid-share.md ("The wire") says: HTTP Basic with the client id
 * and secret, a fresh `X-Request-Id`, `X-Request-Time` in ISO 8601 UTC, a JSON body; never retried. The
 * answer is read as the dialect reads its others (JSON or the `{data, key}` envelope, an OAuth `error`
 * as `EidProviderError`), at most {@link MAX_GATEWAY_BODY_BYTES}.
 *
 * @example
 * ```ts
 * const body = await postToGateway(context, 'share_result', context.share.endpoints.result, { txnId })
 * ```
 */
export async function postToGateway(
  context: ShareContext,
  endpoint: 'share_start' | 'share_result',
  url: string,
  body: Record<string, unknown>,
  signal?: AbortSignal,
): Promise<Record<string, unknown>> {
  const basic = Buffer.from(`${context.clientId}:${context.clientSecret}`, 'utf8').toString('base64')
  const response = await context.http.request(
    url,
    {
      method: 'POST',
      headers: {
        authorization: `Basic ${basic}`,
        'x-request-id': randomUUID(),
        'x-request-time': new Date(context.now() * 1000).toISOString(),
        'content-type': 'application/json',
        accept: 'application/json',
      },
      body: JSON.stringify(body),
      ...(signal && { signal }),
    },
    endpoint,
  )
  try {
    return await readVneidBody(response, endpoint, context.envelope, { maxBytes: MAX_GATEWAY_BODY_BYTES })
  } catch (error) {
    if (error instanceof EidError) throw error
    // The body stream failed while it was read: the caller's signal, or the connection.
    if (signal?.aborted) throw new EidAbortedError({ cause: error })
    throw new EidResponseError({
      endpoint,
      status: response.status,
      detail: 'the body could not be read',
      cause: error,
    })
  }
}

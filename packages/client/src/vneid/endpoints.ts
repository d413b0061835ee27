import type { KeyObject } from 'node:crypto'
import { z } from 'zod'
import { EidUnsupportedError } from '../errors/other-errors.js'
import { EidProviderError, EidResponseError } from '../errors/protocol-errors.js'
import { discardBody, type Http } from '../http.js'
import { type AesMode, isVneidEnvelope, openVneidEnvelope } from './envelope.js'

/**
 * How the client reads encrypted bodies: its key (absent for a plain-only client) and the dialect.
 *
 * @example
 * ```ts
 * const envelope: EnvelopeSettings = { key: importEnvelopeKey(pem), aesMode: 'ecb', required: false }
 * ```
 */
export interface EnvelopeSettings {
  key: KeyObject | undefined
  aesMode: AesMode
  required: boolean
}

type Endpoint = 'token' | 'userinfo' | 'share_start' | 'share_result'

/**
 * Reads a body as text, refusing one longer than `maxBytes` (announced by Content-Length or found while
 * reading) without buffering the rest.
 */
async function readBoundedText(response: Response, endpoint: Endpoint, maxBytes: number): Promise<string> {
  const status = response.status
  const tooLarge = () =>
    new EidResponseError({
      endpoint,
      status,
      detail: `expected a body of at most ${maxBytes} bytes, got more`,
    })
  const announced = Number(response.headers.get('content-length'))
  if (Number.isFinite(announced) && announced > maxBytes) {
    discardBody(response)
    throw tooLarge()
  }
  if (!response.body) return ''
  const reader = response.body.getReader()
  const chunks: Uint8Array[] = []
  let total = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    total += value.byteLength
    if (total > maxBytes) {
      reader.cancel().catch(() => {})
      throw tooLarge()
    }
    chunks.push(value)
  }
  return Buffer.concat(chunks).toString('utf8')
}

/**
 * Reads a token or userinfo response: JSON only (HTML, an error page, a 5xx without a JSON error are
 * {@link EidResponseError}s with the status), an OAuth `error` becomes {@link EidProviderError}, and an
 * envelope `{data, key}` is opened. Every way an envelope fails to open gives the same error and message.
 * With `limits.maxBytes`, a longer body is refused before it is all read.
 *
 * @example
 * ```ts
 * const body = await readVneidBody(response, 'userinfo', { key, aesMode: 'ecb', required: false })
 * ```
 */
export async function readVneidBody(
  response: Response,
  endpoint: Endpoint,
  envelope: EnvelopeSettings,
  limits: { maxBytes?: number } = {},
): Promise<Record<string, unknown>> {
  const status = response.status
  const type = response.headers.get('content-type') ?? ''
  if (!/^application\/([\w.+-]+\+)?json\b/i.test(type.trim())) {
    discardBody(response)
    throw new EidResponseError({ endpoint, status, detail: 'expected JSON, got another content type' })
  }
  const text =
    limits.maxBytes === undefined
      ? await response.text()
      : await readBoundedText(response, endpoint, limits.maxBytes)
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch (cause) {
    throw new EidResponseError({ endpoint, status, detail: 'the body does not parse as JSON', cause })
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new EidResponseError({ endpoint, status, detail: 'expected a JSON object' })
  }
  let fields = body as Record<string, unknown>
  if (isVneidEnvelope(fields) && status >= 200 && status < 300) {
    if (!envelope.key) {
      throw new EidUnsupportedError(
        'Encrypted VNeID responses',
        `the ${endpoint} endpoint sent an encrypted envelope, but this client has no envelopeKey. Configure envelopeKey with the RSA private key registered with the provider (Node.js 22 or later)`,
      )
    }
    try {
      fields = openVneidEnvelope(envelope.key, fields, envelope.aesMode)
    } catch {
      // No cause on purpose: every failure must look the same (no oracle, nothing in logs either).
      throw new EidResponseError({
        endpoint,
        status,
        detail:
          "the encrypted envelope does not open with this client's envelopeKey into a JSON object (check the key registered with the provider and dialect.aesMode)",
      })
    }
  } else if (envelope.required && status >= 200 && status < 300 && typeof fields.error !== 'string') {
    throw new EidResponseError({
      endpoint,
      status,
      detail: 'expected an encrypted envelope {data, key} (dialect.requireEncryption), got plain JSON',
    })
  }
  if (typeof fields.error === 'string') {
    throw new EidProviderError({
      error: fields.error,
      errorDescription: typeof fields.error_description === 'string' ? fields.error_description : undefined,
      status,
      endpoint,
    })
  }
  if (status < 200 || status >= 300) {
    throw new EidResponseError({ endpoint, status, detail: 'unexpected HTTP status' })
  }
  return fields
}

const tokenResponseSchema = z.looseObject({
  // It goes back in an Authorization header: visible ASCII only (RFC 6749 A.12 without the space, which
  // would split the header). fetch refuses anything else, which would look like an unreachable userinfo.
  access_token: z.string().regex(/^[\x21-\x7e]{1,8192}$/),
  token_type: z.string().optional(),
  expires_in: z
    .union([
      z.number().int().positive(),
      z
        .string()
        .regex(/^\d{1,9}$/)
        .transform(Number),
    ])
    .optional(),
  scope: z.string().optional(),
})

/**
 * The token response fields the SDK keeps (no ID token in this dialect).
 *
 * @example
 * ```ts
 * const { access_token, expires_in } = await redeemVneidCode(http, request, envelope)
 * ```
 */
export type VneidTokenResponse = z.output<typeof tokenResponseSchema>

/**
 * What the token request carries: exactly the dialect's parameters.
 *
 * @example
 * ```ts
 * const request: VneidTokenRequest = { url, format: 'form', params: { grant_type: 'authorization_code', code, client_id, client_secret, redirect_uri } }
 * ```
 */
export interface VneidTokenRequest {
  url: string
  format: 'form' | 'json'
  params: Record<string, string>
}

/**
 * Redeems the code at the token endpoint: one POST (never retried), the client secret in the body,
 * `Accept: application/json`. The response must be JSON (or an envelope of it) with an `access_token`
 * and a Bearer (or absent) `token_type`.
 *
 * @example
 * ```ts
 * const tokens = await redeemVneidCode(http, { url: tokenUrl, format: 'form', params }, envelope)
 * ```
 */
export async function redeemVneidCode(
  http: Http,
  request: VneidTokenRequest,
  envelope: EnvelopeSettings,
): Promise<VneidTokenResponse> {
  const body =
    request.format === 'json'
      ? JSON.stringify(request.params)
      : new URLSearchParams(request.params).toString()
  const response = await http.request(
    request.url,
    {
      method: 'POST',
      headers: {
        'content-type': request.format === 'json' ? 'application/json' : 'application/x-www-form-urlencoded',
        accept: 'application/json',
      },
      body,
    },
    'token',
  )
  const fields = await readVneidBody(response, 'token', envelope)
  const parsed = tokenResponseSchema.safeParse(fields)
  if (!parsed.success) {
    throw new EidResponseError({
      endpoint: 'token',
      detail:
        'expected an "access_token" string of visible ASCII characters (and a numeric "expires_in" if any)',
    })
  }
  const type = parsed.data.token_type
  if (type !== undefined && type.toLowerCase() !== 'bearer') {
    throw new EidResponseError({ endpoint: 'token', detail: 'expected token_type Bearer' })
  }
  return parsed.data
}

/**
 * Fetches userinfo with the access token as a Bearer header (never in the URL).
 *
 * @example
 * ```ts
 * const claims = await fetchVneidUserinfo(http, userinfoUrl, accessToken, envelope)
 * ```
 */
export async function fetchVneidUserinfo(
  http: Http,
  url: string,
  accessToken: string,
  envelope: EnvelopeSettings,
): Promise<Record<string, unknown>> {
  const response = await http.request(
    url,
    { method: 'GET', headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' } },
    'userinfo',
  )
  return readVneidBody(response, 'userinfo', envelope)
}

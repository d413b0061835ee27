import { MAX_CALLBACK_URL_LENGTH, safeEqual } from '../callback.js'
import { EidProviderError } from '../errors/protocol-errors.js'
import { EidCallbackError, levelRefusal } from '../errors/validation-errors.js'
import type { Level } from '../level-of-assurance.js'

/**
 * Parameters read from a VNeID callback; everything else in the URL is ignored.
 *
 * @example
 * ```ts
 * const { code, encryptKey }: VneidCallback = checkVneidCallback(url, expected)
 * ```
 */
export interface VneidCallback {
  code: string
  /** The RSA-wrapped AES key when the code is encrypted, as received (base64). */
  encryptKey: string | undefined
}

const SINGLE_VALUED = new Set(['code', 'state', 'encrypt_key', 'iss', 'error', 'error_description'])
const DENIALS = new Set(['access_denied', 'consent_required', 'login_required', 'interaction_required'])

/**
 * Reads the query of a RAW URL into name/value pairs with `decodeURIComponent`, which leaves `+` as
 * `+`. `URLSearchParams` follows form decoding and turns every `+` into a space, which breaks the
 * base64 the provider puts in the query unescaped (`code`, `encrypt_key`). A `%2B` still decodes to `+`,
 * so an escaped URL reads the same.
 *
 * @throws {EidCallbackError} `malformed_url` on a broken percent-escape.
 * @example
 * ```ts
 * readRawQuery('https://bank.example/cb?code=a+b/c==&state=xyz').get('code') // ['a+b/c==']
 * ```
 */
export function readRawQuery(rawUrl: string): Map<string, string[]> {
  const withoutFragment = rawUrl.split('#', 1)[0] ?? ''
  const start = withoutFragment.indexOf('?')
  const query = start === -1 ? '' : withoutFragment.slice(start + 1)
  const params = new Map<string, string[]>()
  for (const pair of query.split('&')) {
    if (pair === '') continue
    const equals = pair.indexOf('=')
    const rawName = equals === -1 ? pair : pair.slice(0, equals)
    const rawValue = equals === -1 ? '' : pair.slice(equals + 1)
    let name: string
    let value: string
    try {
      name = decodeURIComponent(rawName)
      value = decodeURIComponent(rawValue)
    } catch (cause) {
      throw new EidCallbackError('malformed_url', { cause })
    }
    const list = params.get(name)
    if (list) list.push(value)
    else params.set(name, [value])
  }
  return params
}

/**
 * Checks a VNeID callback in the order that makes forgery useless: size and shape, the redirect URI,
 * duplicated parameters, `state` (bound to the transaction, compared in constant time), `iss` if the
 * provider sends one, a provider error, then the code. Only `code`, `state` and `encrypt_key` are read
 * from the browser; nothing is sent anywhere until every check passes.
 *
 * @example
 * ```ts
 * const { code, encryptKey } = checkVneidCallback(req.originalUrl, { redirectUri, state, issuer, level: 2, encryptionRequired: false })
 * ```
 */
export function checkVneidCallback(
  input: string | URL,
  expected: { redirectUri: string; state: string; issuer: string; level: Level; encryptionRequired: boolean },
): VneidCallback {
  const raw = typeof input === 'string' ? input : input.href
  if (raw.length > MAX_CALLBACK_URL_LENGTH) throw new EidCallbackError('too_large')
  if (!URL.canParse(raw)) throw new EidCallbackError('malformed_url')
  const url = new URL(raw)
  const redirect = new URL(expected.redirectUri)
  if (url.origin !== redirect.origin || url.pathname !== redirect.pathname) {
    throw new EidCallbackError('redirect_uri_mismatch')
  }
  const params = readRawQuery(raw)
  for (const [name, values] of params) {
    if (SINGLE_VALUED.has(name) && values.length > 1) {
      throw new EidCallbackError('duplicate_parameter', { parameter: name })
    }
  }
  const one = (name: string): string | undefined => params.get(name)?.[0]
  const state = one('state')
  if (state === undefined || state === '') throw new EidCallbackError('state_missing')
  if (!safeEqual(state, expected.state)) throw new EidCallbackError('state_mismatch')
  const iss = one('iss')
  if (iss !== undefined && iss !== expected.issuer) throw new EidCallbackError('iss_mismatch')
  const error = one('error')
  if (error !== undefined) {
    if (error === 'unmet_authentication_requirements') {
      throw levelRefusal(expected.level)
    }
    throw new EidProviderError({
      code: DENIALS.has(error) ? 'ERR_EID_ACCESS_DENIED' : 'ERR_EID_AUTHORIZATION_FAILED',
      error,
      errorDescription: one('error_description'),
      endpoint: 'authorization',
    })
  }
  const code = one('code')
  if (code === undefined || code === '') throw new EidCallbackError('code_missing')
  const encryptKey = one('encrypt_key')
  if (encryptKey === '') throw new EidCallbackError('encrypted_code_invalid')
  if (encryptKey === undefined && expected.encryptionRequired)
    throw new EidCallbackError('encrypt_key_missing')
  return { code, encryptKey }
}

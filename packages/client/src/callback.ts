import { timingSafeEqual } from 'node:crypto'
import { EidProviderError } from './errors/protocol-errors.js'
import { EidCallbackError, levelRefusal } from './errors/validation-errors.js'
import type { Level } from './level-of-assurance.js'

/**
 * Callback URLs longer than this many characters are refused before parsing (a real one is well under
 * 2 kB); a proxy in front of the relying party can use the same limit.
 *
 * @example
 * ```ts
 * if (req.originalUrl.length > MAX_CALLBACK_URL_LENGTH) return res.sendStatus(414)
 * ```
 */
export const MAX_CALLBACK_URL_LENGTH = 8192

const SINGLE_VALUED = [
  'code',
  'state',
  'iss',
  'error',
  'error_description',
  'error_uri',
  'session_state',
] as const

/** The validated parameters of a successful callback. */
export interface CallbackParameters {
  url: URL
  code: string
}

/** Compares two strings in time independent of where they differ. */
export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a)
  const right = Buffer.from(b)
  return left.length === right.length && timingSafeEqual(left, right)
}

/** Errors in the callback that mean the citizen or the provider refused the request. */
const DENIALS = new Set(['access_denied', 'consent_required', 'login_required', 'interaction_required'])

/**
 * Checks the authorization response the browser came back with, in the order that makes forgery
 * useless: size and shape first, then `state` (R01), then `iss` (R03/R04, RFC 9207), then a provider
 * error (R07), then the code. Nothing is sent anywhere until every check passes.
 */
export function checkCallback(
  input: string | URL,
  expected: {
    redirectUri: string
    state: string
    issuer: string
    issRequired: boolean
    level: Level
  },
): CallbackParameters {
  const raw = typeof input === 'string' ? input : input.href
  if (raw.length > MAX_CALLBACK_URL_LENGTH) throw new EidCallbackError('too_large')
  if (!URL.canParse(raw)) throw new EidCallbackError('malformed_url')
  const url = new URL(raw)
  const redirect = new URL(expected.redirectUri)
  if (url.origin !== redirect.origin || url.pathname !== redirect.pathname) {
    throw new EidCallbackError('redirect_uri_mismatch')
  }
  const params = url.searchParams
  for (const name of SINGLE_VALUED) {
    if (params.getAll(name).length > 1) throw new EidCallbackError('duplicate_parameter', { parameter: name })
  }
  const state = params.get('state')
  if (state === null || state === '') throw new EidCallbackError('state_missing')
  if (!safeEqual(state, expected.state)) throw new EidCallbackError('state_mismatch')
  const iss = params.get('iss')
  if (iss === null) {
    if (expected.issRequired) throw new EidCallbackError('iss_missing')
  } else if (iss !== expected.issuer) {
    throw new EidCallbackError('iss_mismatch')
  }
  const error = params.get('error')
  if (error !== null) {
    const errorDescription = params.get('error_description') ?? undefined
    if (error === 'unmet_authentication_requirements') {
      throw levelRefusal(expected.level)
    }
    throw new EidProviderError({
      code: DENIALS.has(error) ? 'ERR_EID_ACCESS_DENIED' : 'ERR_EID_AUTHORIZATION_FAILED',
      error,
      errorDescription,
      endpoint: 'authorization',
    })
  }
  const code = params.get('code')
  if (code === null || code === '') throw new EidCallbackError('code_missing')
  return { url, code }
}

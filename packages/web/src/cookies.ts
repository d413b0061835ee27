/**
 * `@dinhdanh/web/cookies`: the cookie and sealing primitives the core is built on, for adapter authors and
 * tests (reading a session cookie, sealing a value the way the core does).
 *
 * @example
 * ```ts
 * import { parseCookies, readChunkedCookie, unseal } from '@dinhdanh/web/cookies'
 * const sealed = readChunkedCookie(parseCookies(request.headers.get('cookie')), 'eid_session')
 * const payload = sealed && (await unseal(sealed, { secrets, purpose: 'session' }))
 * ```
 * @module
 */
export {
  CHUNK_SIZE,
  type CookieOptions,
  clearChunkedCookie,
  MAX_CHUNKS,
  parseCookies,
  readChunkedCookie,
  serializeCookie,
  writeChunkedCookie,
} from './session/cookies.js'
export {
  type SealOptions,
  type SealPurpose,
  seal,
  type UnsealFailure,
  type UnsealOptions,
  type UnsealResult,
  unseal,
  unsealWithReason,
} from './session/seal.js'
export type { PendingSignIn } from './transactions.js'

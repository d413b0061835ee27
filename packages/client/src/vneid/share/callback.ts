import { MAX_CALLBACK_URL_LENGTH } from '../../callback.js'
import { EidCallbackError } from '../../errors/validation-errors.js'
import { TXN_ID } from './transaction.js'

/**
 * What a share callback says: the transaction, and the status the app put after the `|` when it is one
 * the SDK knows. ADVISORY: anyone can type this URL. Use `txnId` only to find the transaction in the
 * customer's session (compare it with `transaction.txnId`), then ask the gateway with `check()` or
 * `result()`; never act on `status`.
 *
 * @example
 * ```ts
 * const { txnId, status } = eid.share.parseCallback(req.originalUrl)
 * if (txnId !== req.session.share?.txnId) return res.status(400).send('Không tìm thấy giao dịch')
 * ```
 */
export interface ShareCallback {
  readonly txnId: string
  /** `approved` or `refused` as the app claimed; `undefined` when absent or another word. Advisory only. */
  readonly status?: 'approved' | 'refused'
}

const STATUSES = new Map<string, 'approved' | 'refused'>([
  ['APPROVED', 'approved'],
  ['REFUSED', 'refused'],
])

/** Path of a URL without trailing slashes. */
const trimmed = (path: string) => path.replace(/\/+$/, '')

/**
 * Parses the URL the VNeID app sent the citizen's browser to (docs/vneid-share.md, "3. The callback"):
 * `<callbackUrl>/<encodeURIComponent(txnId + "|" + STATUS)>`. The URL may be absolute or a path (as
 * `req.originalUrl` gives it); it must be on the configured `share.callbackUrl`'s path, its last segment
 * must decode to a transaction id of 1 to 128 characters of `[A-Za-z0-9._~-]`, optionally followed by
 * `|` and a status. Anything else is `ERR_EID_CALLBACK_INVALID`, whose message never contains the URL.
 *
 * @example
 * ```ts
 * parseShareCallback('https://bank.example/callback/vneid', '/callback/vneid/4f1c-2b9e%7CAPPROVED')
 * // { txnId: '4f1c-2b9e', status: 'approved' }
 * ```
 */
export function parseShareCallback(callbackUrl: string, input: string | URL): ShareCallback {
  const href = typeof input === 'string' ? input : input.href
  if (typeof href !== 'string') throw new EidCallbackError('malformed_url')
  if (href.length > MAX_CALLBACK_URL_LENGTH) throw new EidCallbackError('too_large')
  const base = new URL(callbackUrl)
  let url: URL
  try {
    url = new URL(href, base)
  } catch (cause) {
    throw new EidCallbackError('malformed_url', { cause })
  }
  if (url.origin !== base.origin) throw new EidCallbackError('redirect_uri_mismatch')
  const path = url.pathname
  const cut = path.lastIndexOf('/')
  if (trimmed(path.slice(0, cut)) !== trimmed(base.pathname)) {
    throw new EidCallbackError('redirect_uri_mismatch')
  }
  let segment: string
  try {
    segment = decodeURIComponent(path.slice(cut + 1))
  } catch (cause) {
    throw new EidCallbackError('share_callback_invalid', { cause })
  }
  const bar = segment.indexOf('|')
  const txnId = bar === -1 ? segment : segment.slice(0, bar)
  if (!TXN_ID.test(txnId)) throw new EidCallbackError('share_callback_invalid')
  const status =
    bar === -1
      ? undefined
      : STATUSES.get(
          segment
            .slice(bar + 1)
            .trim()
            .toUpperCase(),
        )
  return status === undefined ? { txnId } : { txnId, status }
}

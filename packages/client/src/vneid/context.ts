import type { Http } from '../http.js'
import type { UsedTransactions } from '../transaction.js'
import type { EnvelopeSettings } from './endpoints.js'
import type { ResolvedVneidOptions } from './options.js'

/**
 * What every operation of one VNeID client shares. Internal: not exported from the package.
 *
 * @example
 * ```ts
 * const result = await completeVneidSignIn(context, callbackUrl, transaction)
 * ```
 */
export interface VneidContext {
  readonly options: ResolvedVneidOptions
  readonly http: Http
  /** The envelope key and AES mode; `key` is undefined for a plain-only client. */
  readonly envelope: EnvelopeSettings
  readonly used: UsedTransactions
  /** Epoch seconds; replaceable in tests. */
  readonly now: () => number
}

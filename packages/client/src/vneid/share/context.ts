import type { Http } from '../../http.js'
import type { ReplayGuard } from '../../replay-guard.js'
import type { EnvelopeSettings } from '../endpoints.js'
import type { ResolvedShareOptions } from './options.js'

/**
 * What every `eid.share` operation of one client shares. Internal: not exported from the package.
 *
 * @example
 * ```ts
 * const transaction = await startShare(context, { personalId, attributes, purpose })
 * ```
 */
export interface ShareContext {
  readonly clientId: string
  readonly clientSecret: string
  readonly share: ResolvedShareOptions
  readonly http: Http
  readonly envelope: EnvelopeSettings
  /** Remembers webhook `eventId`s. */
  readonly replay: ReplayGuard
  /** Epoch seconds; replaceable in tests. */
  readonly now: () => number
}

import type { ConsentWithdrawnEvent, EidError } from '@dinhdanh/client'
import type { EidCoreOptions } from '@dinhdanh/web'
import type { FastifyReply, FastifyRequest } from 'fastify'

/**
 * Options of {@link eidPlugin}: the core's options (see `@dinhdanh/web`), with the app's hooks written in
 * Fastify terms.
 *
 * @example
 * ```ts
 * const options: EidPluginOptions = { client: eid, baseUrl: 'http://localhost:3001', session: { secret } }
 * await app.register(eidPlugin, options)
 * ```
 */
export interface EidPluginOptions
  extends Omit<EidCoreOptions, 'onError' | 'onConsentWithdrawn' | 'uiLocales'> {
  /** Called with every sign-in error before the default error page; send a reply to take over. */
  onError?: (error: EidError, request: FastifyRequest, reply: FastifyReply) => void | Promise<void>
  /** Called after a consent withdrawal has been applied to every session of that citizen. */
  onConsentWithdrawn?: (event: ConsentWithdrawnEvent, request: FastifyRequest) => void | Promise<void>
  /**
   * The language of the provider's screens for this request (`ui_locales`), e.g. the one the citizen
   * chose on your site; `undefined` leaves it to the provider (Vietnamese).
   */
  uiLocales?: (request: FastifyRequest) => 'vi' | 'en' | undefined
}

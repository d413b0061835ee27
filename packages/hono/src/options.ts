import type { ConsentWithdrawnEvent, EidError } from '@dinhdanh/client'
import type { EidCoreOptions } from '@dinhdanh/web'
import type { Context } from 'hono'

/**
 * Options of {@link eidAuth}: the core's options (see `@dinhdanh/web`), with the app's hooks written the
 * Hono way: they get the request's `Context`, and `onError` answers with a `Response` (`c.html(...)`).
 *
 * @example
 * ```ts
 * app.use(eidAuth({ client: eid, baseUrl: 'https://shop.example', session: { secret: [current, previous] } }))
 * ```
 */
export interface EidAuthOptions extends Omit<EidCoreOptions, 'onError' | 'onConsentWithdrawn' | 'uiLocales'> {
  /** Called with every sign-in error before the default error page; return a `Response` to take over. */
  onError?: (error: EidError, c: Context) => Response | undefined | Promise<Response | undefined>
  /** Called after a consent withdrawal has been applied to every session of that citizen. */
  onConsentWithdrawn?: (event: ConsentWithdrawnEvent, c: Context) => void | Promise<void>
  /**
   * The language of the provider's screens for this request (`ui_locales`), e.g. the one the citizen
   * chose on your site; `undefined` leaves it to the provider (Vietnamese).
   */
  uiLocales?: (c: Context) => 'vi' | 'en' | undefined
}

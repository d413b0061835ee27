import type { ConsentWithdrawnEvent, EidError } from '@dinhdanh/client'
import type { EidCoreOptions } from '@dinhdanh/web'
import type { Request, Response } from 'express'

/**
 * Options of {@link eidAuth}: the core's options (see `@dinhdanh/web`), with the app's hooks written in
 * Express terms.
 *
 * @example
 * ```ts
 * app.use(eidAuth({ client: eid, baseUrl: 'http://localhost:3001', session: { secret: [current, previous] } }))
 * ```
 */
export interface EidAuthOptions extends Omit<EidCoreOptions, 'onError' | 'onConsentWithdrawn' | 'uiLocales'> {
  /** Called with every sign-in error before the default error page; respond to take over. */
  onError?: (error: EidError, req: Request, res: Response) => void | Promise<void>
  /** Called after a consent withdrawal has been applied to every session of that citizen. */
  onConsentWithdrawn?: (event: ConsentWithdrawnEvent, req: Request) => void | Promise<void>
  /**
   * The language of the provider's screens for this request (`ui_locales`), e.g. the one the citizen
   * chose on your site; `undefined` leaves it to the provider (Vietnamese).
   */
  uiLocales?: (req: Request) => 'vi' | 'en' | undefined
}

/** `GET /`: the pharmacy's window, open to everyone (nobody needs to sign in to look). */
import { langOf, renderPage } from 'dinhdanh-example-shared/hono'
import { Hono } from 'hono'
import { brand } from '../brand.js'
import { homeBody } from '../views/home.js'

/**
 * The home route.
 *
 * @example
 * ```ts
 * app.route('/', homeRoutes({ portalUrl }))
 * ```
 */
export function homeRoutes(options: { portalUrl: string }): Hono {
  return new Hono().get('/', (c) =>
    renderPage(c, brand, {
      title: { vi: 'Mua thuốc theo đơn có bảo hiểm y tế', en: 'Fill a prescription with health insurance' },
      body: homeBody(langOf(c)),
      portalUrl: options.portalUrl,
    }),
  )
}

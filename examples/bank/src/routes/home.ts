import { html } from 'dinhdanh-example-shared'
import type { Express } from 'express'
import type { BankSite } from '../site.js'
import { landingBody } from '../views/home.js'
import { dialectBanner } from '../views/vneid-profile.js'

/**
 * The landing page: the offer and the two ways in (open an account, internet banking), with the
 * dialect's banner when the bank signs in with the VNeID dialect.
 *
 * @example
 * ```ts
 * homeRoutes(app, site)
 * ```
 */
export function homeRoutes(app: Express, site: BankSite): void {
  app.get('/', (req, res) =>
    site.page(
      req,
      res,
      { vi: 'Ngân hàng số Sen Vàng', en: 'Golden Lotus digital bank' },
      html`${site.dialect ? dialectBanner(res) : ''}${landingBody(req, res, site.shareFromApp)}`,
    ),
  )
}

import type { Express } from 'express'
import type { HospitalSite } from '../site.js'
import { homeBody } from '../views/home.js'

/**
 * The home page, open to everyone.
 *
 * @example
 * ```ts
 * homeRoutes(app, site)
 * ```
 */
export function homeRoutes(app: Express, site: HospitalSite): void {
  app.get('/', (req, res) => {
    site.page(
      req,
      res,
      { vi: 'Đăng ký khám bệnh trực tuyến bằng VNeID', en: 'Check in online for your visit with VNeID' },
      homeBody(res),
    )
  })
}

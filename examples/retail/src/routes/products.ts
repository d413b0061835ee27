import type { Express } from 'express'
import type { RetailSite } from '../site.js'
import { productsBody } from '../views/products.js'

/**
 * The product list, open to everyone (no check before checkout).
 *
 * @example
 * ```ts
 * productRoutes(app, site)
 * ```
 */
export function productRoutes(app: Express, site: RetailSite): void {
  app.get('/', (req, res) => {
    site.page(req, res, { vi: 'Sản phẩm', en: 'Products' }, productsBody(res))
  })
}

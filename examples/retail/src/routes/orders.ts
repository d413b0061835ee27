import type { Bilingual } from 'dinhdanh-example-shared'
import type { Express } from 'express'
import { findProduct } from '../catalogue.js'
import type { RetailSite } from '../site.js'
import { orderBody } from '../views/order.js'

/**
 * The order page, by the order's unguessable id.
 *
 * @example
 * ```ts
 * orderRoutes(app, site, { vi: PURPOSE, en: '…' })
 * ```
 */
export function orderRoutes(app: Express, site: RetailSite, purpose: Bilingual): void {
  app.get('/orders/:orderId', (req, res) => {
    const order = site.orders.get(req.params.orderId)
    const product = order && findProduct(order.productId)
    if (!order || !product) return site.notFound(req, res)
    site.page(
      req,
      res,
      { vi: 'Đơn hàng đã đặt', en: 'Order placed' },
      orderBody(res, { order, product, purpose, portalUrl: site.config.portalUrl }),
    )
  })
}

import type { Bilingual, ExampleConfig, SafeHtml } from 'dinhdanh-example-shared'
import type { Request, Response } from 'express'
import type { Orders } from './orders.js'

/**
 * What the shop's routes share: its configuration, the orders, and how a page is sent.
 *
 * @example
 * ```ts
 * export function checkoutRoutes(app: Express, site: RetailSite, purpose: Bilingual): void { ... }
 * ```
 */
export interface RetailSite {
  config: ExampleConfig
  orders: Orders
  page(req: Request, res: Response, title: Bilingual, body: SafeHtml, status?: number): void
  /** The 404 page. */
  notFound(req: Request, res: Response): void
}

import type { Bilingual, SafeHtml, SiteConfig } from 'dinhdanh-example-shared'
import type { Request, Response } from 'express'
import type { BankStore } from './store.js'

/**
 * What the bank's routes share: its configuration, its records, whether it signs in with the VNeID
 * dialect (which gives the identity only and cannot ask for a fresh login), and how a page is sent.
 *
 * @example
 * ```ts
 * export function transferRoutes(app: Express, site: BankSite): void { ... }
 * ```
 */
export interface BankSite {
  config: SiteConfig
  bank: BankStore
  /** `EID_PROFILE=vneid`: account opening and large transfers explain that they are not available. */
  dialect: boolean
  /** Whether the bank offers account opening by sharing from the VNeID app (src/routes/share.ts). */
  shareFromApp: boolean
  page(
    req: Request,
    res: Response,
    title: Bilingual,
    body: SafeHtml,
    status?: number,
    options?: { refreshSec?: number },
  ): void
  /** Refuses a form that expired or did not come from the bank's page (403). */
  csrfRefused(req: Request, res: Response): void
  /** The 404 page. */
  notFound(req: Request, res: Response): void
}

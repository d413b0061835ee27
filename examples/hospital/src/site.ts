import type { Bilingual, ExampleConfig, SafeHtml } from 'dinhdanh-example-shared'
import type { Request, Response } from 'express'
import type { Queue } from './check-in.js'

/**
 * What the hospital's routes share: its configuration, the clock the card validity is checked against,
 * the queue, and how a page is sent.
 *
 * @example
 * ```ts
 * export function checkInRoutes(app: Express, site: HospitalSite): void { ... }
 * ```
 */
export interface HospitalSite {
  config: ExampleConfig
  now(): Date
  queue: Queue
  /** Sends a page (`refreshSec`: reloads itself, for the desk's waiting page). */
  page(
    req: Request,
    res: Response,
    title: Bilingual,
    body: SafeHtml,
    status?: number,
    refreshSec?: number,
  ): void
  /** Sends a short page with a way back home. */
  message(req: Request, res: Response, status: number, title: Bilingual, body: SafeHtml): void
  /** Refuses a form that expired or was not sent from the hospital's pages (403). */
  refuseForgedPost(req: Request, res: Response): void
}

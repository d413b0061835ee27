import type { Bilingual, ExampleConfig, SafeHtml } from 'dinhdanh-example-shared'
import type { Request, Response } from 'express'
import type { Booking } from './bookings.js'
import type { LandingForms } from './landing-form.js'

/** A boarding pass issued for a booking. Only what the airline needs: no name, no personal ID number. */
export interface CheckIn {
  pnr: string
  /** The citizen's `sub` at the provider: the same account gets the same pass again. */
  subject: string
  /** The check-in sequence number printed on the pass. */
  sequence: number
  issuedAt: Date
}

/**
 * What the airline's routes share: its configuration, bookings, issued passes, the landing form's
 * tokens, and how a page is sent.
 *
 * @example
 * ```ts
 * export function checkInRoutes(app: Express, site: TravelSite): void { ... }
 * ```
 */
export interface TravelSite {
  config: ExampleConfig
  bookings: ReadonlyMap<string, Booking>
  checkIns: Map<string, CheckIn>
  forms: LandingForms
  page(req: Request, res: Response, title: Bilingual, body: SafeHtml, status?: number): void
}

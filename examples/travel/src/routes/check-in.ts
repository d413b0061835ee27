import { requireSignIn } from '@dinhdanh/express'
import type { Bilingual } from 'dinhdanh-example-shared'
import type { Express } from 'express'
import { type Booking, parsePnr } from '../bookings.js'
import { matchBookingName } from '../name-match.js'
import type { TravelSite } from '../site.js'
import { boardingPassBody } from '../views/boarding-pass.js'
import { checkInViews } from '../views/check-in.js'

/**
 * Step 2: only for a booking that exists (before any e-ID sign-in), then a level-2 sign-in with identity
 * only (`requireSignIn` asks for no attribute beyond identity; the purpose is what the consent screen
 * shows). The name on the booking is matched with the national record: a match issues the boarding pass,
 * a mismatch sends the passenger to the counter.
 *
 * @example
 * ```ts
 * checkInRoutes(app, site, { vi: PURPOSE, en: '…' })
 * ```
 */
export function checkInRoutes(app: Express, site: TravelSite, purpose: Bilingual): void {
  app.get(
    '/check-in/:pnr',
    (req, res, next) => {
      const booking = site.bookings.get(parsePnr(req.params.pnr) ?? '')
      if (!booking) {
        const title = { vi: 'Không tìm thấy đặt chỗ', en: 'Booking not found' }
        return site.page(req, res, title, checkInViews(res).unknownBooking(), 404)
      }
      res.locals.booking = booking
      next()
    },
    requireSignIn({ level: 2, purpose }),
    (req, res) => {
      const booking = res.locals.booking as Booking
      const citizen = req.eid.citizen
      // The identity consent can be withdrawn at the citizen portal during the session: sign in afresh.
      if (!citizen || !req.eid.subject) {
        return res.redirect(303, `/auth/login?returnTo=${encodeURIComponent(`/check-in/${booking.pnr}`)}`)
      }
      const views = checkInViews(res)
      const refused = { vi: 'Chưa thể làm thủ tục trực tuyến', en: 'We cannot check you in online' }
      const match = matchBookingName(booking.passengerName, citizen.fullName)
      if (!match.match) {
        return site.page(
          req,
          res,
          refused,
          views.nameMismatch(booking.pnr, citizen.fullName, match.reason),
          409,
        )
      }
      let checkIn = site.checkIns.get(booking.pnr)
      if (checkIn && checkIn.subject !== req.eid.subject) {
        // Two citizens can share a name: the first account that checked in keeps the pass.
        const title = { vi: 'Đặt chỗ này đã được làm thủ tục', en: 'This booking is already checked in' }
        return site.page(req, res, title, views.alreadyCheckedIn(), 409)
      }
      if (!checkIn) {
        checkIn = {
          pnr: booking.pnr,
          subject: req.eid.subject,
          sequence: site.checkIns.size + 1,
          issuedAt: new Date(),
        }
        site.checkIns.set(booking.pnr, checkIn)
      }
      const body = boardingPassBody(req, res, {
        booking,
        checkIn,
        rule: match.rule,
        purpose,
        portalUrl: site.config.portalUrl,
      })
      site.page(req, res, { vi: 'Thẻ lên máy bay', en: 'Boarding pass' }, body)
    },
  )
}

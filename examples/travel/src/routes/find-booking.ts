import { speaker } from 'dinhdanh-example-shared'
import type { Express, Request, Response } from 'express'
import { parsePnr } from '../bookings.js'
import { sameNameIgnoringDiacritics } from '../name-match.js'
import type { TravelSite } from '../site.js'
import { checkInViews } from '../views/check-in.js'
import { type LandingProblem, landingBody } from '../views/landing.js'

/**
 * Step 1: the landing page and the find-your-booking form. The code and the name are what the passenger
 * knows; diacritics are ignored here (people type names on all sorts of keyboards). This proves nothing
 * about who is at the keyboard: the e-ID check of the next step does. Unknown code and wrong name get the
 * same answer, so the form does not tell a stranger which codes exist.
 *
 * @example
 * ```ts
 * findBookingRoutes(app, site)
 * ```
 */
export function findBookingRoutes(app: Express, site: TravelSite): void {
  const landing = (req: Request, res: Response, problem?: LandingProblem) =>
    site.page(
      req,
      res,
      { vi: 'Làm thủ tục trực tuyến', en: 'Online check-in' },
      landingBody(req, res, {
        bookings: site.bookings.values(),
        token: site.forms.tokenFor(req, res),
        problem,
      }),
      problem?.status,
    )

  app.get('/', (req, res) => landing(req, res))

  app.post('/check-in', (req, res) => {
    const say = speaker(res)
    if (!site.forms.valid(req)) {
      const title = { vi: 'Biểu mẫu đã hết hạn', en: 'The form has expired' }
      return site.page(req, res, title, checkInViews(res).formExpired(), 403)
    }
    const pnr = parsePnr(req.body?.pnr)
    const name = String(req.body?.name ?? '').slice(0, 100)
    if (!pnr || name.trim() === '') {
      return landing(req, res, {
        status: 400,
        id: 'invalid-booking-input',
        text: say(
          'Vui lòng nhập mã đặt chỗ gồm 6 chữ cái hoặc chữ số, và họ tên hành khách.',
          "Please enter the 6-character booking code (letters or digits) and the passenger's name.",
        ),
      })
    }
    const booking = site.bookings.get(pnr)
    if (!booking || !sameNameIgnoringDiacritics(name, booking.passengerName)) {
      return landing(req, res, {
        status: 404,
        id: 'booking-not-found',
        text: say(
          'Không tìm thấy đặt chỗ với mã và họ tên này. Hãy kiểm tra lại email xác nhận đặt vé.',
          'No booking was found with this code and name. Please check your booking confirmation email.',
        ),
      })
    }
    res.redirect(303, `/check-in/${booking.pnr}`)
  })
}

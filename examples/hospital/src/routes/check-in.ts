import type { AttributeName } from '@dinhdanh/client'
import { requireAttributes, requireSignIn } from '@dinhdanh/express'
import { signedInFormValid } from 'dinhdanh-example-shared'
import type { Express, Request } from 'express'
import {
  CHECK_IN_ATTRIBUTES,
  CHECK_IN_PURPOSE,
  DEPARTMENTS,
  insuranceStatus,
  type Payment,
  paymentOptions,
} from '../check-in.js'
import type { HospitalSite } from '../site.js'
import { type CheckInData, checkInBody, queueRefusedBody } from '../views/check-in.js'

/**
 * The card and vaccinations of the signed-in patient, and whether their source did not answer. What did
 * not arrive is either in `req.eid.unavailable` (the register was down) or in `req.eid.missing` (not
 * ticked, or not held: no card).
 */
function checkInData(req: Request): CheckInData {
  const { attributes, unavailable } = req.eid
  const down = (name: AttributeName) => unavailable.some((entry) => entry.attribute === name)
  return {
    card: attributes.healthInsurance,
    vaccinations: attributes.vaccination,
    cardUnavailable: down('health_insurance'),
    vaccinationUnavailable: down('vaccination'),
  }
}

/**
 * Online check-in: the patient signs in with VNeID and shares the health-insurance card and vaccination
 * history; the page checks the card against today's date, explains an expired, missing or unreachable
 * card, and gives a queue number.
 *
 * @example
 * ```ts
 * checkInRoutes(app, site)
 * ```
 */
export function checkInRoutes(app: Express, site: HospitalSite): void {
  // Level 1 is enough to check in: see `paymentOptions` in check-in.ts for how the level then decides
  // whether the card in VNeID replaces presenting it (level 2) or reception checks the chip ID card.
  // Signed out, the guard signs the patient in with identity (the medical record must know who the
  // patient is), the card and the vaccinations; signed in, it asks only for what was never asked in this
  // session. It asks once: a patient without a card is not sent back to VNeID on every visit.
  const askForCheckIn = requireAttributes(CHECK_IN_ATTRIBUTES, { purpose: CHECK_IN_PURPOSE })

  app.get('/check-in', askForCheckIn, (req, res) => {
    const data = checkInData(req)
    const status = insuranceStatus({ card: data.card, unavailable: data.cardUnavailable }, site.now())
    const options = paymentOptions(status, req.eid.level)
    const ticket = site.queue.ticketOf(req.eid.subject ?? '', site.now())
    site.page(
      req,
      res,
      { vi: 'Đăng ký khám bệnh', en: 'Check-in' },
      checkInBody(req, res, { data, status, options, ticket, portalUrl: site.config.portalUrl }),
    )
  })

  app.post('/check-in/queue', requireSignIn(), (req, res) => {
    if (!signedInFormValid(req, site.config.baseUrl)) return site.refuseForgedPost(req, res)
    const department = DEPARTMENTS.find((d) => d.id === req.body.department)
    // The payment is decided again on the server: never trust a radio button for "billed to insurance".
    const data = checkInData(req)
    const status = insuranceStatus({ card: data.card, unavailable: data.cardUnavailable }, site.now())
    const allowed = paymentOptions(status, req.eid.level)
    const payment = allowed.find((option) => option === req.body.payment) as Payment | undefined
    if (!department || !payment) {
      return site.message(
        req,
        res,
        400,
        { vi: 'Chưa lấy được số', en: 'No number yet' },
        queueRefusedBody(res),
      )
    }
    site.queue.take(req.eid.subject ?? '', site.now(), department, payment)
    res.redirect(303, '/check-in')
  })
}

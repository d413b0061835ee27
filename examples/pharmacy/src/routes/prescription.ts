/**
 * `GET /prescriptions/:id`: the citizen signs in at level 2 and shares the health-insurance card (one
 * guard, `requireAttributes`, from `@dinhdanh/hono`), then sees what the card covers today and what they
 * pay. VNeID is asked once per session: coming back does not send the citizen to VNeID again; a card
 * that did not arrive (not held, not ticked, register down) is explained, with a "share again" link.
 */
import { requireAttributes } from '@dinhdanh/hono'
import { langOf, renderPage } from 'dinhdanh-example-shared/hono'
import { Hono, type MiddlewareHandler } from 'hono'
import { brand, PURPOSE } from '../brand.js'
import { billFor, cardStatus } from '../co-payment.js'
import { findPrescription } from '../prescriptions.js'
import { notFoundPage } from '../views/not-found.js'
import { prescriptionPage } from '../views/prescription.js'

/** Why level 2: a card held in a level-2 account counts as presenting it (Decree 69/2024/NĐ-CP). */
const askForCard = requireAttributes(['health_insurance'], { level: 2, purpose: PURPOSE })

/** An unknown prescription is a 404 before anyone is sent to VNeID for it. */
const knownPrescription: MiddlewareHandler = async (c, next) => {
  if (findPrescription(c.req.param('id') ?? '')) return next()
  return renderPage(c, brand, notFoundPage(langOf(c)), 404)
}

/**
 * The prescription route.
 *
 * @example
 * ```ts
 * app.route('/', prescriptionRoutes({ portalUrl, now: () => new Date() }))
 * ```
 */
export function prescriptionRoutes(options: { portalUrl: string; now: () => Date }): Hono {
  return new Hono().get('/prescriptions/:id', knownPrescription, askForCard, (c) => {
    const prescription = findPrescription(c.req.param('id'))!
    const eid = c.get('eid')
    const status = cardStatus(
      {
        card: eid.attributes.healthInsurance,
        unavailable: eid.unavailable.some((entry) => entry.attribute === 'health_insurance'),
      },
      options.now(),
    )
    const bill = billFor(prescription, status.kind === 'valid' ? status.level : undefined)
    const lang = langOf(c)
    const page = prescriptionPage({
      lang,
      prescription,
      status,
      bill,
      citizen: eid.citizen,
      level: eid.level,
      portalUrl: options.portalUrl,
    })
    return renderPage(c, brand, { ...page, portalUrl: options.portalUrl })
  })
}

import { type EidClient, type EidError, isEidError } from '@dinhdanh/client'
import { requireAttributes, requireSignIn } from '@dinhdanh/express'
import { problemOf, signedInFormValid } from 'dinhdanh-example-shared'
import type { Express, Request, Response } from 'express'
import { consentReceipts, ReceiptMismatch } from '../consent-receipts.js'
import { customerRecord } from '../customer.js'
import { EKYC_ATTRIBUTES, EKYC_PURPOSE_TEXT } from '../purposes.js'
import type { BankSite } from '../site.js'
import { type BankStore, ConsentWithdrawnMeanwhile, type OpeningRecord } from '../store.js'
import {
  type AbsentAttribute,
  alreadyCustomerBody,
  consentMissingBody,
  receiptProblemBody,
  reviewBody,
} from '../views/account-opening.js'
import { dialectOpeningBody } from '../views/vneid-profile.js'

const OPEN_TITLE = { vi: 'Mở tài khoản trực tuyến', en: 'Open an account online' }

/**
 * The eKYC data the session does not hold. The guard asks for each attribute once per session: what
 * the citizen did not tick (or does not hold) is in `req.eid.missing`, what a data source failed to
 * give in `req.eid.unavailable`, and the review page explains it instead of asking in circles.
 */
function absentEkycData(req: Request): AbsentAttribute[] {
  const { attributes, granted, unavailable } = req.eid
  const held: Record<(typeof EKYC_ATTRIBUTES)[number], unknown> = {
    identity: req.eid.citizen,
    address: attributes.address,
    phone: attributes.phone,
    id_card: attributes.idCard,
  }
  return EKYC_ATTRIBUTES.filter((name) => !granted.includes(name) || held[name] === undefined).map(
    (name) => ({
      name,
      why: unavailable.some((entry) => entry.attribute === name) ? 'unavailable' : 'missing',
    }),
  )
}

/**
 * Account opening (eKYC): level 2 and the eKYC data with its purpose, a review page, then the consent
 * receipts fetched and verified and the account, customer and receipts stored in one transaction.
 *
 * @example
 * ```ts
 * accountOpeningRoutes(app, site, client)
 * ```
 */
export function accountOpeningRoutes(app: Express, site: BankSite, client: EidClient): void {
  const { bank } = site
  const consentMissing = (req: Request, res: Response) =>
    site.page(
      req,
      res,
      { vi: 'Chưa tìm thấy sự đồng ý', en: 'The consent was not found' },
      consentMissingBody(res),
      409,
    )

  // The consent API or the receipt check failed: nothing was stored (the provider calls come before
  // the database transaction), so the citizen can simply try again.
  // A receipt that does not match (`error` undefined) is refused the same way: nothing is stored.
  function receiptProblem(req: Request, res: Response, error: EidError | undefined): void {
    const down = error !== undefined && problemOf(error) === 'provider_down'
    const title = { vi: 'Chưa mở được tài khoản', en: 'The account could not be opened yet' }
    site.page(req, res, title, receiptProblemBody(res, down), down ? 503 : 502)
  }

  // One guard does both: level 2 (required by the eKYC rules) AND the four attributes with the eKYC
  // purpose. A signed-out visitor goes to VNeID once, for everything; a citizen already signed in at
  // level 1 is stepped up to level 2 and asked only for what is missing.
  // On the VNeID dialect, which releases the identity only, the guard asks for level 2 alone and the
  // page explains what eKYC needs that this sign-in cannot bring.
  const ekycGuard = site.dialect
    ? requireSignIn({ level: 2, purpose: EKYC_PURPOSE_TEXT })
    : requireAttributes(EKYC_ATTRIBUTES, { purpose: EKYC_PURPOSE_TEXT, level: 2 })

  app.get('/open-account', ekycGuard, (req, res) => {
    if (bank.accountOf(req.eid.subject)) {
      const title = { vi: 'Bạn đã có tài khoản', en: 'You already have an account' }
      return site.page(req, res, title, alreadyCustomerBody(res))
    }
    const options = { purpose: EKYC_PURPOSE_TEXT, portalUrl: site.config.portalUrl }
    if (site.dialect) return site.page(req, res, OPEN_TITLE, dialectOpeningBody(req, res, options))
    site.page(req, res, OPEN_TITLE, reviewBody(req, res, { ...options, absent: absentEkycData(req) }))
  })

  app.post('/open-account', async (req, res) => {
    if (!signedInFormValid(req, site.config.baseUrl)) return site.csrfRefused(req, res)
    const { citizen, attributes, subject } = req.eid
    // The confirm must come from a level-2 session that still holds every eKYC attribute (a withdrawal
    // in between removes them): otherwise, back to the review page, which explains what is missing and
    // offers to share it again (the guard does not ask again by itself, so this cannot loop).
    if (
      !subject ||
      req.eid.level < 2 ||
      absentEkycData(req).length > 0 ||
      !citizen ||
      !attributes.address ||
      !attributes.phone ||
      !attributes.idCard
    ) {
      return res.redirect(303, '/open-account')
    }
    if (bank.accountOf(subject)) return res.redirect(303, '/account')
    let receipts: OpeningRecord['receipts'] | undefined
    try {
      receipts = await consentReceipts(client, subject)
    } catch (error) {
      if (error instanceof ReceiptMismatch) return receiptProblem(req, res, undefined)
      if (!isEidError(error)) throw error
      return receiptProblem(req, res, error)
    }
    if (!receipts) return consentMissing(req, res)
    // Everything after the provider calls is one SQLite transaction: account, customer, receipts. It
    // stores nothing when the citizen already has an account (a double submit) or when one of these
    // consents was withdrawn since the receipts were fetched.
    let opened: ReturnType<BankStore['openAccount']>
    try {
      opened = bank.openAccount({
        subject,
        customer: customerRecord(citizen, {
          address: attributes.address,
          phone: attributes.phone,
          idCard: attributes.idCard,
        }),
        receipts,
      })
    } catch (error) {
      if (error instanceof ConsentWithdrawnMeanwhile) return consentMissing(req, res)
      throw error
    }
    res.redirect(303, opened.created ? '/account?opened=1' : '/account')
  })
}

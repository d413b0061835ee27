import { requireSignIn } from '@dinhdanh/express'
import type { Express } from 'express'
import { EKYC_PURPOSE_TEXT, SIGN_IN_PURPOSE } from '../purposes.js'
import type { BankSite } from '../site.js'
import { accountBody, noAccountBody } from '../views/account.js'

/**
 * Internet banking for existing customers: the sign-in and the account page. Level 1 is enough to see
 * the account and make ordinary transfers, so the bank does not ask more than it needs; identity only
 * (no address, no phone).
 *
 * @example
 * ```ts
 * bankingRoutes(app, site)
 * ```
 */
export function bankingRoutes(app: Express, site: BankSite): void {
  app.get('/banking', requireSignIn({ purpose: SIGN_IN_PURPOSE }), (req, res) => {
    // An account opened by sharing from the VNeID app has no VNeID `sub` yet: this sign-in of the same
    // personal number takes it over.
    const personalId = req.eid.citizen?.personalId
    if (personalId) site.bank.claimAppOpenedAccount(req.eid.subject!, personalId)
    // Demo: an existing customer opened their account at a branch; the first sign-in creates it here.
    site.bank.ensureDemoAccount(req.eid.subject!)
    res.redirect(303, '/account')
  })

  app.get('/account', requireSignIn({ purpose: SIGN_IN_PURPOSE }), (req, res) => {
    const account = site.bank.accountOf(req.eid.subject)
    const title = { vi: 'Tài khoản của bạn', en: 'Your account' }
    if (!account) return site.page(req, res, title, noAccountBody(res))
    site.page(
      req,
      res,
      title,
      accountBody(req, res, {
        account,
        customer: site.bank.customerOf(account.number),
        receipts: site.bank.receiptsOf(account.number),
        transfers: site.bank.recentTransfers(account.number),
        justOpened: req.query.opened === '1',
        portalUrl: site.config.portalUrl,
        purpose: EKYC_PURPOSE_TEXT,
      }),
    )
  })
}

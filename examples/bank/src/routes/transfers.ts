import { requireSignIn } from '@dinhdanh/express'
import { html, signedInFormValid, speaker } from 'dinhdanh-example-shared'
import type { Express, Request, Response } from 'express'
import { LARGE_TRANSFER_PURPOSE, SIGN_IN_PURPOSE } from '../purposes.js'
import type { BankSite } from '../site.js'
import {
  type Authentication,
  DAILY_TRANSFER_LIMIT,
  LARGE_TRANSFER_LIMIT,
  PENDING_TTL_SEC,
  type Transfer,
  TransferRefused,
} from '../store.js'
import { noAccountBody } from '../views/account.js'
import {
  confirmTransferBody,
  insufficientFundsBody,
  reauthenticationBody,
  transferDoneBody,
  transferExpiredBody,
  transferForm,
} from '../views/transfers.js'
import { dialectBanner, largeTransferUnavailableBody } from '../views/vneid-profile.js'

const transferTitle = { vi: 'Chuyển khoản', en: 'Transfer' }

/** The session's authentication, for the transfer rules: its level and the sign-in behind it. */
function authenticationOf(req: Request): Authentication {
  return { level: req.eid.level, signIn: req.eid.signIn }
}

/**
 * Transfers. Level 1 is enough for the form and for amounts up to the limits (10,000,000 ₫ at a time,
 * 20,000,000 ₫ a day); over them, the transfer waits server-side and its confirm page asks VNeID for a new
 * level-2 authentication made after the transfer was requested.
 *
 * @example
 * ```ts
 * transferRoutes(app, site)
 * ```
 */
export function transferRoutes(app: Express, site: BankSite): void {
  const { bank, dialect } = site

  /** The transfer of the URL when it is this citizen's and still waits for its confirmation. */
  function pendingOf(req: Request): Transfer | undefined {
    const transfer = bank.transfer(String(req.params.id))
    const now = Math.floor(Date.now() / 1000)
    return transfer?.status === 'pending' &&
      transfer.subject === req.eid.subject &&
      transfer.createdAt > now - PENDING_TTL_SEC
      ? transfer
      : undefined
  }

  const transferExpired = (req: Request, res: Response) =>
    site.page(req, res, transferTitle, transferExpiredBody(res), 410)

  /** Runs a step of the store; a refusal (`TransferRefused`) is answered with its page. */
  function executeOrExplain<T>(req: Request, res: Response, run: () => T): T | undefined {
    try {
      return run()
    } catch (error) {
      if (!(error instanceof TransferRefused)) throw error
      if (error.reason === 'insufficient_funds') {
        site.page(req, res, transferTitle, insufficientFundsBody(res), 409)
      } else if (error.reason === 'reauthentication_required') {
        site.page(req, res, transferTitle, reauthenticationBody(res, req.originalUrl), 403)
      } else transferExpired(req, res)
      return undefined
    }
  }

  app.get('/transfer', requireSignIn({ purpose: SIGN_IN_PURPOSE }), (req, res) => {
    const account = bank.accountOf(req.eid.subject)
    if (!account) return site.page(req, res, transferTitle, noAccountBody(res))
    const form = transferForm(req, res, account, {}, bank.todaysTotal(account.number))
    site.page(req, res, transferTitle, dialect ? html`${dialectBanner(res)}${form}` : form)
  })

  app.post('/transfer', requireSignIn(), (req, res) => {
    if (!signedInFormValid(req, site.config.baseUrl)) return site.csrfRefused(req, res)
    const say = speaker(res)
    const account = bank.accountOf(req.eid.subject)
    if (!account) return site.page(req, res, transferTitle, noAccountBody(res), 409)
    const form = {
      recipient: String(req.body.recipient ?? '').replace(/\s/g, ''),
      amount: String(req.body.amount ?? '').replace(/[.,\s_]/g, ''),
      note: String(req.body.note ?? '')
        .trim()
        .slice(0, 140),
    }
    const amount = /^\d{1,12}$/.test(form.amount) ? Number(form.amount) : Number.NaN
    const error = !/^\d{6,19}$/.test(form.recipient)
      ? say(
          'Số tài khoản người nhận gồm 6 đến 19 chữ số.',
          'The recipient account number has 6 to 19 digits.',
        )
      : form.recipient === account.number
        ? say('Không thể chuyển đến chính tài khoản này.', 'You cannot transfer to this same account.')
        : !(amount >= 1000)
          ? say('Số tiền tối thiểu là 1.000 ₫.', 'The minimum amount is 1,000 VND.')
          : amount > account.balance
            ? say('Số dư không đủ cho giao dịch này.', 'The balance is not enough for this transfer.')
            : undefined
    if (error) {
      const body = transferForm(req, res, account, { ...form, error }, bank.todaysTotal(account.number))
      return site.page(req, res, transferTitle, body, 400)
    }
    // On the VNeID dialect no authentication can be proved fresh: a transfer that needs one is refused
    // before it is recorded (and, should another one have raced it past the limit, cancelled below).
    const needsStrong = (total: number) =>
      amount > LARGE_TRANSFER_LIMIT || total + amount > DAILY_TRANSFER_LIMIT
    if (dialect && needsStrong(bank.todaysTotal(account.number))) {
      return site.page(req, res, transferTitle, largeTransferUnavailableBody(res, amount), 403)
    }
    // One SQLite transaction records the transfer and decides: within the limits (10,000,000 ₫ at a
    // time, 20,000,000 ₫ today in total), this POST with its CSRF token is the confirmation and the
    // account is debited; over them, the transfer waits for a strong confirmation, whatever the
    // session's level (a level-2 session signed in an hour ago is not a confirmation of this transfer).
    const transfer = executeOrExplain(req, res, () =>
      bank.createTransfer(
        account,
        { recipient: form.recipient, amount, note: form.note },
        authenticationOf(req),
      ),
    )
    if (!transfer) return
    if (dialect && transfer.status === 'pending') {
      bank.cancelTransfer(transfer.id)
      return site.page(req, res, transferTitle, largeTransferUnavailableBody(res, amount), 403)
    }
    res.redirect(
      303,
      transfer.status === 'done' ? `/transfer/${transfer.id}` : `/transfer/${transfer.id}/confirm`,
    )
  })

  // Strong authentication of one transfer: level 2 AND a sign-in that demanded a new authentication,
  // started after the transfer was requested, and confirmed no other transfer (`mayConfirm` in
  // store.ts). Until then `maxAgeSec` is -1: no earlier authentication is recent enough, so the guard
  // sends the citizen to VNeID again with prompt=login (max_age=0), whatever `auth_time` says (a sign-in
  // in the same second as the request, or the provider's single sign-on, would otherwise pass). The same
  // guard protects the POST, which then gets 401 instead of a redirect. A transfer already done or gone
  // needs no fresh authentication: the handlers show it.
  const transferAuthentication = requireSignIn({
    level: 2,
    purpose: LARGE_TRANSFER_PURPOSE,
    maxAgeSec: (req) => {
      const transfer = pendingOf(req)
      if (!transfer || bank.mayConfirm(transfer, authenticationOf(req))) return undefined
      return -1
    },
  })

  // This GET only shows the confirm form; it never moves money.
  app.get('/transfer/:id/confirm', transferAuthentication, (req, res) => {
    const transfer = bank.transfer(String(req.params.id))
    if (!transfer || transfer.subject !== req.eid.subject) return site.notFound(req, res)
    if (transfer.status === 'done') return res.redirect(303, `/transfer/${transfer.id}`)
    if (!pendingOf(req)) return transferExpired(req, res)
    const title = { vi: 'Xác nhận chuyển khoản', en: 'Confirm the transfer' }
    site.page(req, res, title, confirmTransferBody(req, res, transfer))
  })

  app.post('/transfer/:id/confirm', transferAuthentication, (req, res) => {
    if (!signedInFormValid(req, site.config.baseUrl)) return site.csrfRefused(req, res)
    const transfer = bank.transfer(String(req.params.id))
    if (!transfer || transfer.subject !== req.eid.subject) return site.notFound(req, res)
    // The store checks again, in the debit's transaction, that the authentication is newer than the
    // request and confirmed nothing else (defence in depth); a double click shows the transfer as done.
    const done = executeOrExplain(req, res, () => bank.confirmTransfer(transfer.id, authenticationOf(req)))
    if (done) res.redirect(303, `/transfer/${done.id}`)
  })

  app.get('/transfer/:id', requireSignIn(), (req, res) => {
    const transfer = bank.transfer(String(req.params.id))
    const account = bank.accountOf(req.eid.subject)
    if (!transfer || !account || transfer.subject !== req.eid.subject || transfer.status !== 'done') {
      return site.notFound(req, res)
    }
    const title = { vi: 'Chuyển khoản thành công', en: 'Transfer made' }
    site.page(req, res, title, transferDoneBody(res, transfer, account.balance))
  })
}

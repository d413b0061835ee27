import express, { type Request, type Router } from 'express'
import type { MockIdpContext } from '../../context.js'
import { endProviderSession } from '../../interactions/provider-session.js'
import { CitizenArea } from '../../security/citizen-area.js'
import type { Notice } from '../../views/citizen-page.js'
import { type Lang, messages } from '../../views/i18n.js'
import { accountConsentsScreen, accountNoticeScreen, accountSignInScreen } from './view.js'
import { portalConsentView, withdrawalRoutes } from './withdraw.js'

/** The portal shows personal data and changes consents: a short session, separate from the phone's. */
const ACCOUNT_SESSION_TTL_SEC = 30 * 60

/**
 * The citizen portal (`/account`, "Quản lý chia sẻ dữ liệu"): the citizen signs in with number and
 * passcode and sees every consent they gave (who, which data, purpose, when, how, status, the exact text
 * shown), and withdraws any active one: the grant's tokens are revoked and the relying party is sent a
 * consent-withdrawn security event. Only the signed-in citizen's own consents are ever shown or changed.
 *
 * @example
 * ```ts
 * app.use(accountRoutes(ctx))
 * ```
 */
export function accountRoutes(ctx: MockIdpContext): Router {
  const router = express.Router()
  const form = express.urlencoded({ extended: false, limit: '16kb' })
  const area = new CitizenArea(ctx, {
    name: 'account',
    path: '/account',
    namespace: 'account-session',
    cookieName: 'account_session',
    ttlSec: ACCOUNT_SESSION_TTL_SEC,
    noticeScreen: accountNoticeScreen,
  })

  function noticeOf(req: Request, lang: Lang): Notice | undefined {
    const t = messages(lang)
    if (req.query.done === 'withdrawn') return { text: t.withdrawn, kind: 'ok' }
    if (req.query.done === 'signed-out') return { text: t.signedOut, kind: 'ok' }
    return undefined
  }

  const view = portalConsentView(ctx)

  router.get('/account', async (req, res, next) => {
    try {
      const session = await area.signedIn(req)
      const page = area.page(req, res, area.browserIdOf(req, res, session))
      const notice = noticeOf(req, page.lang)
      const citizen = session && ctx.population.findByAccountId(session.accountId)
      if (!session || !citizen) {
        res.type('html').send(accountSignInScreen(page, { ...(notice && { notice }) }))
        return
      }
      // forAccount is keyed by the account id; the filter keeps that promise even if an index is wrong.
      const records = (await ctx.consents.forAccount(session.accountId)).filter(
        (record) => record.accountId === session.accountId,
      )
      res.type('html').send(
        accountConsentsScreen(page, {
          name: citizen.fullName,
          consents: await Promise.all(records.map((record) => view(record, page.lang))),
          ...(notice && { notice }),
        }),
      )
    } catch (error) {
      next(error)
    }
  })

  router.post('/account/sign-in', form, async (req, res, next) => {
    try {
      const browserId = area.verified(req, res)
      if (!browserId) return
      const page = area.page(req, res, browserId)
      const check = await area.checkPasscode(req, browserId, page.lang)
      if (!check.ok) {
        res
          .status(check.status)
          .type('html')
          .send(accountSignInScreen(page, { personalId: check.personalId, error: check.error }))
        return
      }
      await area.sessions.start(req, res, check.accountId)
      ctx.logger.info({ event: 'portal_signed_in' }, 'citizen portal signed in')
      res.redirect(303, `/account?lang=${page.lang}`)
    } catch (error) {
      next(error)
    }
  })

  // Signing out of the portal also ends the provider's sign-in session (single sign-on), so the next
  // sign-in at a relying party asks who you are: a demo visitor switches citizen here too (#15).
  const portalSignOut = area.signOut()
  router.post('/account/sign-out', form, async (req, res, next) => {
    try {
      if (area.verified(req, res) && (await endProviderSession(ctx, req, res))) {
        ctx.logger.info({ event: 'provider_signed_out', from: 'portal' }, 'provider session ended')
      }
      if (res.headersSent) return
      await portalSignOut(req, res, next)
    } catch (error) {
      next(error)
    }
  })

  router.use(withdrawalRoutes(ctx, area, view))

  return router
}

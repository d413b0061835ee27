import express, { type Router } from 'express'
import type { MockIdpContext } from '../../context.js'
import { phoneDecisionRoutes } from './decisions.js'
import { phoneArea, phoneNoticeOf, sendPhoneHome } from './phone-area.js'
import { phoneShareRoutes } from './share.js'
import { phoneSignInRoutes } from './sign-in.js'
import { phoneSignInScreen } from './view.js'

/**
 * The phone simulator (`/phone`): the tester signs in as a citizen (number and passcode, then the SMS
 * one-time code, throttled like the login screen) and approves or rejects what would reach that citizen's
 * phone: decoupled (CIBA) sign-ins, QR codes scanned from a login screen (`/phone/qr/:qrId`), and sharing
 * transactions opened from their app link (`/share/:txnId`, docs/vneid-share.md).
 *
 * @example
 * ```ts
 * app.use(phoneRoutes(ctx))
 * ```
 */
export function phoneRoutes(ctx: MockIdpContext): Router {
  const router = express.Router()
  const form = express.urlencoded({ extended: false, limit: '16kb' })
  const area = phoneArea(ctx)

  router.get('/phone', async (req, res, next) => {
    try {
      const session = await area.signedIn(req)
      const page = area.page(req, res, area.browserIdOf(req, res, session))
      const notice = phoneNoticeOf(req, page.lang)
      const citizen = session && ctx.population.findByAccountId(session.accountId)
      if (!session || !citizen) {
        res.type('html').send(phoneSignInScreen(page, { ...(notice && { notice }) }))
        return
      }
      await sendPhoneHome(ctx, res, page, session, citizen, notice)
    } catch (error) {
      next(error)
    }
  })

  router.use(phoneSignInRoutes(ctx, area))
  router.post('/phone/sign-out', form, area.signOut())
  router.use(phoneDecisionRoutes(ctx, area))
  router.use(phoneShareRoutes(ctx, area))

  /** "Scanning" without a camera: the tester pastes the link (or just the id) from the login page. */
  router.get('/phone/scan', (req, res) => {
    const code = typeof req.query.code === 'string' ? req.query.code.trim() : ''
    const id = /(?:^|\/phone\/qr\/)([\w-]{22})\/?$/.exec(code)?.[1]
    res.redirect(303, id ? `/phone/qr/${id}?lang=${area.langOf(req)}` : `/phone?lang=${area.langOf(req)}`)
  })

  return router
}

import express, { type Router } from 'express'
import type { MockIdpContext } from '../../context.js'
import {
  endProviderSession,
  providerSessionCsrfScope,
  providerSignedIn,
} from '../../interactions/provider-session.js'
import { localOnly } from '../../security/local-only.js'
import { renderErrorPage } from '../../views/error-page.js'
import { messages, pickLang } from '../../views/i18n.js'
import { homeScreen } from './view.js'

/**
 * The provider's home page (`GET /`): what this is and where a tester goes. The passcode and the SMS
 * outbox link show only to a request from this machine to a loopback issuer (see `localOnly`).
 *
 * @example
 * ```ts
 * app.use(homeRoutes(ctx))
 * ```
 */
export function homeRoutes(ctx: MockIdpContext): Router {
  const router = express.Router()
  const fromThisMachine = localOnly(ctx.issuer)
  const form = express.urlencoded({ extended: false, limit: '16kb' })

  router.get('/', async (req, res, next) => {
    try {
      const lang = pickLang([req.query.lang], ctx.options.lang)
      const who = await providerSignedIn(ctx, req, res)
      res.type('html').send(
        homeScreen(lang, req.originalUrl, String(res.locals.nonce), {
          passcode: ctx.options.passcode,
          localTools: fromThisMachine(req),
          ...(who && {
            signedIn: {
              name: who.name,
              maskedId: who.maskedId,
              csrf: ctx.csrf.token(providerSessionCsrfScope(who.sessionUid)),
            },
          }),
          signedOut: req.query.done === 'signed-out',
        }),
      )
    } catch (error) {
      next(error)
    }
  })

  // Ends the provider's sign-in session (single sign-on), so the next sign-in asks who you are (#15).
  router.post('/sign-out', form, async (req, res, next) => {
    try {
      const lang = pickLang([req.query.lang, req.body?.lang], ctx.options.lang)
      const who = await providerSignedIn(ctx, req, res)
      if (who && !ctx.csrf.verify(req, providerSessionCsrfScope(who.sessionUid))) {
        res
          .status(403)
          .type('html')
          .send(
            renderErrorPage(
              lang,
              { error: 'invalid_request', error_description: messages(lang).csrf },
              String(res.locals.nonce),
              { path: `/?lang=${lang}` },
            ),
          )
        return
      }
      if (who) {
        await endProviderSession(ctx, req, res)
        ctx.logger.info({ event: 'provider_signed_out', from: 'home' }, 'provider session ended')
      }
      res.redirect(303, `/?lang=${lang}&done=signed-out`)
    } catch (error) {
      next(error)
    }
  })
  return router
}

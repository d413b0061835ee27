import express, { type Router } from 'express'
import type { MockIdpContext } from '../../context.js'
import { localOnly } from '../../security/local-only.js'
import { pickLang } from '../../views/i18n.js'
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
  router.get('/', (req, res) => {
    const lang = pickLang([req.query.lang], ctx.options.lang)
    res.type('html').send(
      homeScreen(lang, req.originalUrl, String(res.locals.nonce), {
        passcode: ctx.options.passcode,
        localTools: fromThisMachine(req),
      }),
    )
  })
  return router
}

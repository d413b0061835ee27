import { timingSafeEqual } from 'node:crypto'
import express, { type Router } from 'express'
import type { MockIdpContext } from '../../context.js'
import { localOnly } from '../../security/local-only.js'
import { pickLang } from '../../views/i18n.js'
import { smsOutboxScreen } from './view.js'

/**
 * The development SMS outbox (`GET /dev/sms`). It shows one-time codes: open to a request from this
 * machine to a loopback issuer (a developer's machine, CI), judged by the socket, not by headers; anyone
 * else (another machine, a shared server) needs the admin token (Authorization: Bearer, or
 * `?admin_token=` for a browser).
 *
 * @example
 * ```ts
 * app.use(devSmsRoutes(ctx))
 * ```
 */
export function devSmsRoutes(ctx: MockIdpContext): Router {
  const router = express.Router()
  const fromThisMachine = localOnly(ctx.issuer)
  const expectedAdmin = Buffer.from(ctx.adminToken)
  router.get('/dev/sms', async (req, res) => {
    if (!fromThisMachine(req)) {
      const sent = Buffer.from(
        String(req.query.admin_token ?? req.get('authorization')?.replace(/^Bearer /i, '') ?? ''),
      )
      if (sent.length !== expectedAdmin.length || !timingSafeEqual(sent, expectedAdmin)) {
        res
          .status(401)
          .type('text')
          .send('The SMS outbox of a shared mock provider needs the admin token (?admin_token=).')
        return
      }
    }
    const lang = pickLang([req.query.lang], ctx.options.lang)
    res
      .type('html')
      .send(smsOutboxScreen(lang, req.originalUrl, String(res.locals.nonce), await ctx.sms.list()))
  })
  return router
}

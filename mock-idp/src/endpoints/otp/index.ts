import { timingSafeEqual } from 'node:crypto'
import express, { type Router } from 'express'
import type { MockIdpContext } from '../../context.js'
import {
  finishInteraction,
  refuseForgedPost,
  scenariosOf,
  screenContextOf,
} from '../../interactions/interaction-page.js'
import { PENDING_OTP_NS, type PendingOtp } from '../../interactions/pending-otp.js'
import { secretDigest } from '../../security/same-secret.js'
import { sourceAddress } from '../../security/source-address.js'
import { maskPhone } from '../../sms/mask-phone.js'
import { messages } from '../../views/i18n.js'
import { loginScreen } from '../../views/screens.js'
import { otpScreen } from './view.js'

/**
 * The SMS one-time code (`/interaction/:uid/otp`), the second factor after the passcode: throttled,
 * compared in constant time, single use, five minutes (or the `otp_expired` scenario); a right code
 * finishes the login at the citizen's level with `amr: ['pwd', 'otp']`.
 *
 * @example
 * ```ts
 * app.use(otpRoutes(ctx))
 * ```
 */
export function otpRoutes(ctx: MockIdpContext): Router {
  const router = express.Router()
  const form = express.urlencoded({ extended: false, limit: '16kb' })

  router.get('/interaction/:uid/otp', async (req, res, next) => {
    try {
      const details = await ctx.provider().interactionDetails(req, res)
      const pending = await ctx.storage.get<PendingOtp>(PENDING_OTP_NS, details.uid)
      const context = await screenContextOf(ctx, req, res, details)
      if (!pending) return res.redirect(303, `/interaction/${details.uid}?lang=${context.lang}`)
      const citizen = ctx.population.find(pending.personalId)
      res.type('html').send(otpScreen(context, { maskedPhone: maskPhone(citizen?.phone?.number ?? '') }))
    } catch (error) {
      next(error)
    }
  })

  router.post('/interaction/:uid/otp', form, async (req, res, next) => {
    try {
      const details = await ctx.provider().interactionDetails(req, res)
      const context = await screenContextOf(ctx, req, res, details)
      const t = messages(context.lang)
      if (await refuseForgedPost(ctx, req, res, details)) return
      const expiredScreen = () =>
        res
          .status(400)
          .type('html')
          .send(loginScreen(context, { error: t.otpExpired }))
      const pending = await ctx.storage.get<PendingOtp>(PENDING_OTP_NS, details.uid)
      const expired =
        !pending ||
        pending.expiresAt <= ctx.now() ||
        (await ctx.scenarios.isOn('otp_expired', scenariosOf(details)))
      if (expired) {
        await ctx.storage.delete(PENDING_OTP_NS, details.uid)
        expiredScreen()
        return
      }
      const citizen = ctx.population.find(pending.personalId)
      const masked = maskPhone(citizen?.phone?.number ?? '')
      const attempt = {
        kind: 'otp',
        citizen: pending.personalId,
        source: sourceAddress(req),
        attemptKey: `tx:${details.uid}`,
      } as const
      const decision = await ctx.throttle.check(attempt)
      if (!decision.allowed) {
        await ctx.storage.delete(PENDING_OTP_NS, details.uid)
        res
          .set('retry-after', String(decision.retryAfterSec))
          .status(429)
          .type('html')
          .send(loginScreen(context, { error: t.tooManyAttempts }))
        return
      }
      const typed = String(req.body.otp ?? '').trim()
      const expected = Buffer.from(pending.digest, 'base64url')
      if (!timingSafeEqual(secretDigest(typed), expected) || !citizen) {
        await ctx.throttle.failed(attempt)
        res
          .status(400)
          .type('html')
          .send(otpScreen(context, { maskedPhone: masked, error: t.wrongOtp }))
        return
      }
      await ctx.throttle.succeeded(attempt)
      // Single use: a second submission of the same code finds nothing.
      if (!(await ctx.storage.delete(PENDING_OTP_NS, details.uid))) {
        expiredScreen()
        return
      }
      await finishInteraction(ctx, req, res, {
        login: { accountId: pending.accountId, acr: String(citizen.level), amr: ['pwd', 'otp'] },
      })
    } catch (error) {
      next(error)
    }
  })

  return router
}

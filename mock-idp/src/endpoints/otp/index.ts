import { timingSafeEqual } from 'node:crypto'
import express, { type Response, type Router } from 'express'
import type { InteractionDetails } from 'oidc-provider'
import type { MockIdpContext } from '../../context.js'
import {
  finishInteraction,
  refuseForgedPost,
  scenariosOf,
  screenContextOf,
} from '../../interactions/interaction-page.js'
import {
  OTP_RESEND_LIMIT,
  PENDING_OTP_KEEP_SEC,
  PENDING_OTP_NS,
  type PendingOtp,
  sendOtp,
} from '../../interactions/pending-otp.js'
import { secretDigest } from '../../security/same-secret.js'
import { sourceAddress } from '../../security/source-address.js'
import { maskPhone } from '../../sms/mask-phone.js'
import { messages, tooManyAttemptsText } from '../../views/i18n.js'
import { loginScreen, type ScreenContext } from '../../views/screens.js'
import { otpScreen } from './view.js'

/**
 * The SMS one-time code (`/interaction/:uid/otp`), the second factor after the passcode: throttled,
 * compared in constant time, single use, five minutes (or the `otp_expired` scenario); a right code
 * finishes the login at the citizen's level with `amr: ['pwd', 'otp']`. An expired code says so (also on a
 * reload) and offers a new one; "resend" (`/otp/resend`, at most {@link OTP_RESEND_LIMIT} per sign-in)
 * sends a new code, which invalidates the old one.
 *
 * @example
 * ```ts
 * app.use(otpRoutes(ctx))
 * ```
 */
export function otpRoutes(ctx: MockIdpContext): Router {
  const router = express.Router()
  const form = express.urlencoded({ extended: false, limit: '16kb' })

  const maskedPhoneOf = (pending: PendingOtp) =>
    maskPhone(ctx.population.find(pending.personalId)?.phone?.number ?? '')

  const isExpired = async (pending: PendingOtp, details: InteractionDetails) =>
    pending.expiresAt <= ctx.now() || (await ctx.scenarios.isOn('otp_expired', scenariosOf(details)))

  /** The code screen, with the expired message when the code has expired. */
  const codeScreen = (
    res: Response,
    context: ScreenContext,
    pending: PendingOtp,
    values: { error?: string; notice?: string; status?: number },
  ) =>
    res
      .status(values.status ?? 200)
      .type('html')
      .send(
        otpScreen(context, {
          maskedPhone: maskedPhoneOf(pending),
          ...(values.error && { error: values.error }),
          ...(values.notice && { notice: values.notice }),
        }),
      )

  router.get('/interaction/:uid/otp', async (req, res, next) => {
    try {
      const details = await ctx.provider().interactionDetails(req, res)
      const pending = await ctx.storage.get<PendingOtp>(PENDING_OTP_NS, details.uid)
      const context = await screenContextOf(ctx, req, res, details)
      const t = messages(context.lang)
      if (!pending) return res.redirect(303, `/interaction/${details.uid}?lang=${context.lang}`)
      // A reload after the code expired says so and offers a new one (no silent login form).
      if (await isExpired(pending, details))
        return codeScreen(res, context, pending, { error: t.otpExpiredResend })
      codeScreen(res, context, pending, { ...(req.query.sent === '1' && { notice: t.otpResent }) })
    } catch (error) {
      next(error)
    }
  })

  router.post('/interaction/:uid/otp/resend', form, async (req, res, next) => {
    try {
      const details = await ctx.provider().interactionDetails(req, res)
      const context = await screenContextOf(ctx, req, res, details)
      const t = messages(context.lang)
      if (await refuseForgedPost(ctx, req, res, details)) return
      const pending = await ctx.storage.get<PendingOtp>(PENDING_OTP_NS, details.uid)
      if (!pending) {
        res
          .status(400)
          .type('html')
          .send(loginScreen(context, { error: t.otpExpired }))
        return
      }
      const resent = await ctx.storage.increment('otp-resend', details.uid, { ttlSec: PENDING_OTP_KEEP_SEC })
      if (resent > OTP_RESEND_LIMIT) {
        return codeScreen(res, context, pending, { error: t.otpResendLimit(OTP_RESEND_LIMIT), status: 429 })
      }
      await sendOtp(ctx, details.uid, pending.personalId, context.lang)
      res.redirect(303, `/interaction/${details.uid}/otp?lang=${context.lang}&sent=1`)
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
      if (!pending) return expiredScreen()
      if (await isExpired(pending, details)) {
        return codeScreen(res, context, pending, { error: t.otpExpiredResend, status: 400 })
      }
      const citizen = ctx.population.find(pending.personalId)
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
          .send(loginScreen(context, { error: tooManyAttemptsText(context.lang, decision, true) }))
        return
      }
      const typed = String(req.body.otp ?? '').trim()
      const expected = Buffer.from(pending.digest, 'base64url')
      if (!timingSafeEqual(secretDigest(typed), expected) || !citizen) {
        await ctx.throttle.failed(attempt)
        return codeScreen(res, context, pending, { error: t.wrongOtp, status: 400 })
      }
      await ctx.throttle.succeeded(attempt)
      // Single use: a second submission of the same code finds nothing.
      if (!(await ctx.storage.delete(PENDING_OTP_NS, details.uid))) return expiredScreen()
      await finishInteraction(ctx, req, res, {
        login: { accountId: pending.accountId, acr: String(citizen.level), amr: ['pwd', 'otp'] },
      })
    } catch (error) {
      next(error)
    }
  })

  return router
}

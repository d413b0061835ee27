import express, { type Router } from 'express'
import { accountProblem, requiredLevel } from '../../accounts/sign-in-rules.js'
import type { MockIdpContext } from '../../context.js'
import {
  explainLevelRefusal,
  refuseForgedPost,
  screenContextOf,
  showLevelRefusal,
} from '../../interactions/interaction-page.js'
import { sendOtp } from '../../interactions/pending-otp.js'
import { sameSecret } from '../../security/same-secret.js'
import { sourceAddress } from '../../security/source-address.js'
import { messages, tooManyAttemptsText } from '../../views/i18n.js'
import { loginScreen } from '../../views/screens.js'

/**
 * The login screen's form (`POST /interaction/:uid/login`): the 12-digit number and the passcode, throttled
 * per interaction and per (citizen, source address) (O11), compared in constant time, the account status
 * and the required level checked only once the passcode is right; then a one-time code by SMS and on to
 * `/interaction/:uid/otp`. A citizen below the required level is sent (303) to
 * `GET /interaction/:uid/refused`, the refusal page, which Back and Reload can load again.
 *
 * @example
 * ```ts
 * app.use(loginRoutes(ctx))
 * ```
 */
export function loginRoutes(ctx: MockIdpContext): Router {
  const router = express.Router()
  const form = express.urlencoded({ extended: false, limit: '16kb' })

  router.post('/interaction/:uid/login', form, async (req, res, next) => {
    try {
      const details = await ctx.provider().interactionDetails(req, res)
      const context = await screenContextOf(ctx, req, res, details)
      const t = messages(context.lang)
      if (await refuseForgedPost(ctx, req, res, details)) return
      const personalId = String(req.body.personalId ?? '').replace(/\s/g, '')
      const passcode = String(req.body.passcode ?? '')
      const again = (error: string, status = 400) =>
        res
          .status(status)
          .type('html')
          .send(loginScreen(context, { personalId: personalId.slice(0, 12), error }))
      if (!/^\d{12}$/.test(personalId)) return again(t.invalidNumber)
      const attempt = {
        kind: 'pass',
        citizen: personalId,
        source: sourceAddress(req),
        attemptKey: `tx:${details.uid}`,
      } as const
      const decision = await ctx.throttle.check(attempt)
      if (!decision.allowed) {
        res.set('retry-after', String(decision.retryAfterSec))
        return again(tooManyAttemptsText(context.lang, decision, true), 429)
      }
      const citizen = ctx.population.find(personalId)
      if (!citizen || !sameSecret(passcode, ctx.options.passcode)) {
        await ctx.throttle.failed(attempt)
        return again(t.wrongCredentials)
      }
      await ctx.throttle.succeeded(attempt)
      const problem = accountProblem(citizen, context.lang)
      if (problem) return again(problem)
      const required = requiredLevel(details.params)
      if (citizen.level < required) return explainLevelRefusal(ctx, res, context, required, citizen.level)
      await sendOtp(ctx, details.uid, personalId, context.lang)
      res.redirect(303, `/interaction/${details.uid}/otp?lang=${context.lang}`)
    } catch (error) {
      next(error)
    }
  })

  // The level refusal as a page of its own (POST/Redirect/GET, #15): a reload shows it again; once the
  // interaction is over or expired, oidc-provider's SessionNotFound gives the styled stale-link page.
  router.get('/interaction/:uid/refused', async (req, res, next) => {
    try {
      const details = await ctx.provider().interactionDetails(req, res)
      const context = await screenContextOf(ctx, req, res, details)
      if (details.uid === req.params.uid && (await showLevelRefusal(ctx, res, context))) return
      // No refusal here (never refused, or the record is gone): the interaction's own screen.
      res.redirect(303, `/interaction/${details.uid}?lang=${context.lang}`)
    } catch (error) {
      next(error)
    }
  })

  return router
}

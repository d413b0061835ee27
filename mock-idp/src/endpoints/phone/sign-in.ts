import { createHash, timingSafeEqual } from 'node:crypto'
import express, { type Router } from 'express'
import type { MockIdpContext } from '../../context.js'
import type { CitizenArea } from '../../security/citizen-area.js'
import { sourceAddress } from '../../security/source-address.js'
import { maskPhone } from '../../sms/mask-phone.js'
import { newOtp } from '../../sms/outbox.js'
import { messages, tooManyAttemptsText } from '../../views/i18n.js'
import { phoneOtpScreen, phoneSignInScreen } from './view.js'

const QR_PATH = /^\/phone\/qr\/[\w-]{22}$/
/** A share request opened from the app link (docs/vneid-share.md) before the phone was signed in. */
const SHARE_PATH = /^\/phone\/share\/[A-Za-z0-9._~-]{1,128}$/
const OTP_TTL_SEC = 300
const PENDING_NS = 'phone-otp'

/** A phone sign-in between the passcode and the one-time code. */
interface PendingPhoneSignIn {
  personalId: string
  accountId: string
  /** SHA-256 of the code, never the code itself. */
  digest: string
  expiresAt: number
  /** Where to go once signed in (`/phone`, or the QR code that asked for the sign-in). */
  next: string
}

const pendingKey = (browserId: string) => createHash('sha256').update(browserId).digest('base64url')

/**
 * The phone's sign-in: number and passcode (`POST /phone/sign-in`, throttled like the login screen), then
 * the SMS one-time code (`/phone/otp`); the session then counts as `['pwd', 'otp']`.
 *
 * @example
 * ```ts
 * router.use(phoneSignInRoutes(ctx, area))
 * ```
 */
export function phoneSignInRoutes(ctx: MockIdpContext, area: CitizenArea): Router {
  const router = express.Router()
  const form = express.urlencoded({ extended: false, limit: '16kb' })

  router.post('/phone/sign-in', form, async (req, res, next) => {
    try {
      const browserId = area.verified(req, res)
      if (!browserId) return
      const page = area.page(req, res, browserId)
      const nextPath =
        typeof req.body.next === 'string' && (QR_PATH.test(req.body.next) || SHARE_PATH.test(req.body.next))
          ? req.body.next
          : '/phone'
      const check = await area.checkPasscode(req, browserId, page.lang)
      if (!check.ok) {
        res
          .status(check.status)
          .type('html')
          .send(
            phoneSignInScreen(page, {
              personalId: check.personalId,
              error: check.error,
              ...(nextPath !== '/phone' && { next: nextPath }),
            }),
          )
        return
      }
      // Second factor, as on the login screen: a one-time code by SMS to the citizen's phone number.
      const otp = newOtp()
      await ctx.storage.set(
        PENDING_NS,
        pendingKey(browserId),
        {
          personalId: check.citizen.personalId,
          accountId: check.accountId,
          digest: createHash('sha256').update(otp).digest('base64url'),
          expiresAt: ctx.now() + OTP_TTL_SEC,
          next: nextPath,
        } satisfies PendingPhoneSignIn,
        { ttlSec: OTP_TTL_SEC },
      )
      await ctx.sms.send(
        check.citizen.phone?.number ?? '',
        page.lang === 'en'
          ? `Your national e-ID app sign-in code is ${otp}. It expires in 5 minutes. Never share it.`
          : `Mã đăng nhập ứng dụng định danh điện tử của bạn là ${otp}, hiệu lực 5 phút. Tuyệt đối không chia sẻ mã này.`,
        ctx.now(),
      )
      ctx.logger.info({ event: 'phone_otp_sent' }, 'phone sign-in code sent')
      res.redirect(303, `/phone/otp?lang=${page.lang}`)
    } catch (error) {
      next(error)
    }
  })

  router.get('/phone/otp', async (req, res, next) => {
    try {
      const browserId = area.sessions.ensureBrowserId(req, res)
      const page = area.page(req, res, browserId, '/phone/otp')
      const pending = await ctx.storage.get<PendingPhoneSignIn>(PENDING_NS, pendingKey(browserId))
      const citizen = pending && ctx.population.find(pending.personalId)
      if (!pending || !citizen) {
        res.redirect(303, `/phone?lang=${page.lang}`)
        return
      }
      res.type('html').send(phoneOtpScreen(page, { maskedPhone: maskPhone(citizen.phone?.number ?? '') }))
    } catch (error) {
      next(error)
    }
  })

  router.post('/phone/otp', form, async (req, res, next) => {
    try {
      const browserId = area.verified(req, res)
      if (!browserId) return
      const page = area.page(req, res, browserId, '/phone/otp')
      const t = messages(page.lang)
      const key = pendingKey(browserId)
      const pending = await ctx.storage.get<PendingPhoneSignIn>(PENDING_NS, key)
      const citizen = pending && ctx.population.find(pending.personalId)
      const expiredScreen = () =>
        res
          .status(400)
          .type('html')
          .send(phoneSignInScreen(page, { error: t.otpExpired }))
      if (!pending || !citizen || pending.expiresAt <= ctx.now()) {
        await ctx.storage.delete(PENDING_NS, key)
        expiredScreen()
        return
      }
      const attempt = {
        kind: 'otp',
        citizen: pending.personalId,
        source: sourceAddress(req),
        attemptKey: `browser:phone:${browserId}`,
      } as const
      const decision = await ctx.throttle.check(attempt)
      if (!decision.allowed) {
        await ctx.storage.delete(PENDING_NS, key)
        res
          .set('retry-after', String(decision.retryAfterSec))
          .status(429)
          .type('html')
          .send(phoneSignInScreen(page, { error: tooManyAttemptsText(page.lang, decision, false) }))
        return
      }
      const typed = createHash('sha256')
        .update(String(req.body.otp ?? '').trim())
        .digest()
      if (!timingSafeEqual(typed, Buffer.from(pending.digest, 'base64url'))) {
        await ctx.throttle.failed(attempt)
        res
          .status(400)
          .type('html')
          .send(
            phoneOtpScreen(page, { maskedPhone: maskPhone(citizen.phone?.number ?? ''), error: t.wrongOtp }),
          )
        return
      }
      await ctx.throttle.succeeded(attempt)
      // Single use: a second submission of the same code finds nothing.
      if (!(await ctx.storage.delete(PENDING_NS, key))) {
        expiredScreen()
        return
      }
      await area.sessions.start(req, res, pending.accountId, ['pwd', 'otp'])
      ctx.logger.info({ event: 'phone_signed_in' }, 'phone simulator signed in')
      res.redirect(303, `${pending.next}?lang=${page.lang}`)
    } catch (error) {
      next(error)
    }
  })

  return router
}

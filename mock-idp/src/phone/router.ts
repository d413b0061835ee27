import { createHash, timingSafeEqual } from 'node:crypto'
import { type AttributeName, attributeCatalogue, isAttributeName } from '@dinhdanh/client/schemas'
import type { SyntheticCitizen } from '@dinhdanh/testing'
import express, { type Request, type Response, type Router } from 'express'
import type { backchannelAuthentication } from '../ciba/backchannel-authentication.js'
import { QrSignIns } from '../interactions/qr-sign-ins.js'
import type { Logger } from '../logger.js'
import type { Population } from '../population.js'
import { CitizenSessions, checkPasscode } from '../security/citizen-session.js'
import type { Csrf } from '../security/csrf.js'
import { sourceAddress } from '../security/source-address.js'
import type { Throttle } from '../security/throttle.js'
import { newOtp, type SmsOutbox } from '../sms/outbox.js'
import type { Storage } from '../storage/storage.js'
import type { CitizenPageContext, Notice } from '../views/citizen-page.js'
import { type Lang, messages, pickLang } from '../views/i18n.js'
import {
  type PhoneCibaRequest,
  phoneHomeScreen,
  phoneNoticeScreen,
  phoneOtpScreen,
  phoneQrScreen,
  phoneSignInScreen,
} from '../views/phone.js'

/** What the phone simulator needs. */
export interface PhoneDependencies {
  storage: Storage
  population: Population
  /** The CIBA hooks and actions created in `app.ts`. */
  ciba: Pick<ReturnType<typeof backchannelAuthentication>, 'pendingFor' | 'approve' | 'deny'>
  csrf: Csrf
  throttle: Throttle
  /** Where the phone's sign-in code is "sent" (the development outbox). */
  sms: SmsOutbox
  logger: Logger
  issuer: string
  passcode: string
  lang: Lang
  now: () => number
}

/** A phone stays signed in for a working day. */
const PHONE_SESSION_TTL_SEC = 8 * 3600
const QR_PATH = /^\/phone\/qr\/[\w-]{22}$/
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

function maskPhone(phone: string): string {
  return `${phone.slice(0, 3)}******${phone.slice(-3)}`
}

const NOTICES = ['ciba-approved', 'ciba-denied', 'qr-approved', 'qr-rejected', 'signed-out'] as const
type NoticeName = (typeof NOTICES)[number]

/**
 * The phone simulator (`/phone`): the tester signs in as a citizen (number and passcode, then the SMS
 * one-time code, throttled like the login screen) and approves or rejects what would reach that citizen's phone: decoupled (CIBA)
 * sign-ins, and QR codes scanned from a login screen (`/phone/qr/:qrId`).
 *
 * @example
 * ```ts
 * app.use(phoneRouter({ storage, population, ciba, csrf, throttle, sms, logger, issuer, passcode: '123456', lang: 'vi', now }))
 * ```
 */
export function phoneRouter(deps: PhoneDependencies): Router {
  const router = express.Router()
  const form = express.urlencoded({ extended: false, limit: '16kb' })
  const codes = new QrSignIns(deps.storage, deps.now)
  const sessions = new CitizenSessions({
    storage: deps.storage,
    namespace: 'phone-session',
    cookieName: 'phone_session',
    path: '/phone',
    ttlSec: PHONE_SESSION_TTL_SEC,
    secure: deps.issuer.startsWith('https:'),
    now: deps.now,
  })

  const langOf = (req: Request): Lang => pickLang([req.query.lang, req.body?.lang], deps.lang)

  /**
   * The phone's session, only when it was opened with passcode AND one-time code (finding 5 of issue 12:
   * the phone approves sign-ins, so it is never signed in on less than the login screen asks).
   */
  async function signedIn(req: Request) {
    const session = await sessions.current(req)
    return session?.amr?.includes('otp') ? session : undefined
  }

  const pendingKey = (browserId: string) => createHash('sha256').update(browserId).digest('base64url')

  function context(req: Request, res: Response, browserId: string, path: string): CitizenPageContext {
    const lang = langOf(req)
    return {
      lang,
      path: `${path}?lang=${lang}`,
      nonce: String(res.locals.nonce ?? ''),
      csrf: deps.csrf.token(`phone:${browserId}`),
    }
  }

  function noticeOf(req: Request, lang: Lang): Notice | undefined {
    const name = NOTICES.find((n) => n === req.query.done) as NoticeName | undefined
    if (!name) return undefined
    const t = messages(lang)
    const text = {
      'ciba-approved': t.cibaApproved,
      'ciba-denied': t.cibaDenied,
      'qr-approved': t.qrApproved,
      'qr-rejected': t.qrRejected,
      'signed-out': t.signedOut,
    }[name]
    return { text, kind: 'ok' }
  }

  /** The CSRF and same-origin check of every form (O10); answers 403 itself when it fails. */
  function verified(req: Request, res: Response): string | undefined {
    const browserId = sessions.browserIdOf(req)
    if (browserId && deps.csrf.verify(req, `phone:${browserId}`)) return browserId
    const ctx = context(req, res, browserId ?? sessions.ensureBrowserId(req, res), '/phone')
    res
      .status(403)
      .type('html')
      .send(phoneNoticeScreen(ctx, { text: messages(ctx.lang).csrf, kind: 'error' }))
    return undefined
  }

  function cibaView(
    request: Awaited<ReturnType<PhoneDependencies['ciba']['pendingFor']>>[number],
    lang: Lang,
    level: number,
  ): PhoneCibaRequest {
    const attributes = [...new Set(request.scope.split(' ').filter(isAttributeName))]
    return {
      id: request.id,
      clientName: request.clientName,
      ...(request.bindingMessage !== undefined && { bindingMessage: request.bindingMessage }),
      ...(request.purpose !== undefined && { purpose: request.purpose }),
      attributes: attributes.map((name) => ({
        name,
        label: attributeCatalogue[name].label[lang],
        description: attributeCatalogue[name].description[lang],
        sensitive: attributeCatalogue[name].sensitive,
      })),
      ...(level < request.requiredLevel && {
        levelNote: messages(lang).requiredLevelNote(request.requiredLevel, level),
      }),
    }
  }

  /** The signed-in phone's home: what waits for the citizen, with a notice on top. */
  async function sendHome(
    res: Response,
    ctx: CitizenPageContext,
    session: { accountId: string },
    citizen: SyntheticCitizen,
    notice: Notice | undefined,
    status = 200,
  ): Promise<void> {
    const [ciba, qr] = await Promise.all([
      deps.ciba.pendingFor(session.accountId),
      codes.pendingFor(session.accountId),
    ])
    res
      .status(status)
      .type('html')
      .send(
        phoneHomeScreen(ctx, {
          name: citizen.fullName,
          ciba: ciba
            .sort((a, b) => b.createdAt - a.createdAt)
            .map((request) => cibaView(request, ctx.lang, citizen.level)),
          qr: qr.map(({ id, record }) => ({
            id,
            clientName: record.clientName,
            matchCode: record.matchCode,
          })),
          ...(notice && { notice }),
        }),
      )
  }

  router.get('/phone', async (req, res, next) => {
    try {
      const session = await signedIn(req)
      const browserId = session?.browserId ?? sessions.ensureBrowserId(req, res)
      const ctx = context(req, res, browserId, '/phone')
      const notice = noticeOf(req, ctx.lang)
      const citizen = session && deps.population.findByAccountId(session.accountId)
      if (!session || !citizen) {
        res.type('html').send(phoneSignInScreen(ctx, { ...(notice && { notice }) }))
        return
      }
      await sendHome(res, ctx, session, citizen, notice)
    } catch (error) {
      next(error)
    }
  })

  router.post('/phone/sign-in', form, async (req, res, next) => {
    try {
      const browserId = verified(req, res)
      if (!browserId) return
      const ctx = context(req, res, browserId, '/phone')
      const nextPath =
        typeof req.body.next === 'string' && QR_PATH.test(req.body.next) ? req.body.next : '/phone'
      const check = await checkPasscode(deps, {
        personalId: req.body.personalId,
        passcode: req.body.passcode,
        browserKey: `phone:${browserId}`,
        source: sourceAddress(req),
        lang: ctx.lang,
      })
      if (!check.ok) {
        res
          .status(check.status)
          .type('html')
          .send(
            phoneSignInScreen(ctx, {
              personalId: check.personalId,
              error: check.error,
              ...(nextPath !== '/phone' && { next: nextPath }),
            }),
          )
        return
      }
      // Second factor, as on the login screen: a one-time code by SMS to the citizen's phone number.
      const otp = newOtp()
      await deps.storage.set(
        PENDING_NS,
        pendingKey(browserId),
        {
          personalId: check.citizen.personalId,
          accountId: check.accountId,
          digest: createHash('sha256').update(otp).digest('base64url'),
          expiresAt: deps.now() + OTP_TTL_SEC,
          next: nextPath,
        } satisfies PendingPhoneSignIn,
        { ttlSec: OTP_TTL_SEC },
      )
      await deps.sms.send(
        check.citizen.phone.number,
        ctx.lang === 'en'
          ? `Your national e-ID app sign-in code is ${otp}. It expires in 5 minutes. Never share it.`
          : `Mã đăng nhập ứng dụng định danh điện tử của bạn là ${otp}, hiệu lực 5 phút. Tuyệt đối không chia sẻ mã này.`,
        deps.now(),
      )
      deps.logger.info({ event: 'phone_otp_sent' }, 'phone sign-in code sent')
      res.redirect(303, `/phone/otp?lang=${ctx.lang}`)
    } catch (error) {
      next(error)
    }
  })

  router.get('/phone/otp', async (req, res, next) => {
    try {
      const browserId = sessions.ensureBrowserId(req, res)
      const ctx = context(req, res, browserId, '/phone/otp')
      const pending = await deps.storage.get<PendingPhoneSignIn>(PENDING_NS, pendingKey(browserId))
      const citizen = pending && deps.population.find(pending.personalId)
      if (!pending || !citizen) {
        res.redirect(303, `/phone?lang=${ctx.lang}`)
        return
      }
      res.type('html').send(phoneOtpScreen(ctx, { maskedPhone: maskPhone(citizen.phone.number) }))
    } catch (error) {
      next(error)
    }
  })

  router.post('/phone/otp', form, async (req, res, next) => {
    try {
      const browserId = verified(req, res)
      if (!browserId) return
      const ctx = context(req, res, browserId, '/phone/otp')
      const t = messages(ctx.lang)
      const key = pendingKey(browserId)
      const pending = await deps.storage.get<PendingPhoneSignIn>(PENDING_NS, key)
      const citizen = pending && deps.population.find(pending.personalId)
      if (!pending || !citizen || pending.expiresAt <= deps.now()) {
        await deps.storage.delete(PENDING_NS, key)
        res
          .status(400)
          .type('html')
          .send(phoneSignInScreen(ctx, { error: t.otpExpired }))
        return
      }
      const attempt = {
        kind: 'otp',
        citizen: pending.personalId,
        source: sourceAddress(req),
        attemptKey: `browser:phone:${browserId}`,
      } as const
      const decision = await deps.throttle.check(attempt)
      if (!decision.allowed) {
        await deps.storage.delete(PENDING_NS, key)
        res
          .set('retry-after', String(decision.retryAfterSec))
          .status(429)
          .type('html')
          .send(phoneSignInScreen(ctx, { error: t.tooManyAttempts }))
        return
      }
      const typed = createHash('sha256')
        .update(String(req.body.otp ?? '').trim())
        .digest()
      if (!timingSafeEqual(typed, Buffer.from(pending.digest, 'base64url'))) {
        await deps.throttle.failed(attempt)
        res
          .status(400)
          .type('html')
          .send(phoneOtpScreen(ctx, { maskedPhone: maskPhone(citizen.phone.number), error: t.wrongOtp }))
        return
      }
      await deps.throttle.succeeded(attempt)
      // Single use: a second submission of the same code finds nothing.
      if (!(await deps.storage.delete(PENDING_NS, key))) {
        res
          .status(400)
          .type('html')
          .send(phoneSignInScreen(ctx, { error: t.otpExpired }))
        return
      }
      await sessions.start(req, res, pending.accountId, ['pwd', 'otp'])
      deps.logger.info({ event: 'phone_signed_in' }, 'phone simulator signed in')
      res.redirect(303, `${pending.next}?lang=${ctx.lang}`)
    } catch (error) {
      next(error)
    }
  })

  router.post('/phone/sign-out', form, async (req, res, next) => {
    try {
      if (!verified(req, res)) return
      await sessions.end(req, res)
      res.redirect(303, `/phone?lang=${langOf(req)}&done=signed-out`)
    } catch (error) {
      next(error)
    }
  })

  router.post('/phone/ciba/:id', form, async (req, res, next) => {
    try {
      if (!verified(req, res)) return
      const session = await signedIn(req)
      const lang = langOf(req)
      if (!session) {
        res.redirect(303, `/phone?lang=${lang}`)
        return
      }
      const id = String(req.params.id ?? '')
      const pending = (await deps.ciba.pendingFor(session.accountId)).find((request) => request.id === id)
      let done = false
      let approved = false
      if (pending && req.body.decision === 'approve') {
        // Only what the citizen ticked, and only among what was asked (nothing pre-ticked).
        const asked = new Set(pending.scope.split(' ').filter(isAttributeName))
        const ticked = ([] as unknown[]).concat(req.body.attributes ?? [])
        const granted = [...asked].filter((name): name is AttributeName => ticked.includes(name))
        // Finding 9 of issue 12: an approval that shares nothing of what was asked would reach the
        // relying party as a success with no data. Ask again (the request stays pending); to share
        // nothing, the citizen rejects.
        const citizen = deps.population.findByAccountId(session.accountId)
        if (asked.size > 0 && granted.length === 0 && citizen) {
          const ctx = context(req, res, session.browserId, '/phone')
          await sendHome(
            res,
            ctx,
            session,
            citizen,
            { text: messages(lang).nothingTicked, kind: 'error' },
            400,
          )
          return
        }
        done = await deps.ciba.approve(id, session.accountId, granted)
        approved = true
      } else if (pending && req.body.decision === 'deny') {
        done = await deps.ciba.deny(id, session.accountId)
      }
      if (!done) {
        const ctx = context(req, res, session.browserId, '/phone')
        res
          .status(404)
          .type('html')
          .send(phoneNoticeScreen(ctx, { text: messages(lang).requestGone, kind: 'error' }))
        return
      }
      deps.logger.info({ event: approved ? 'phone_ciba_approved' : 'phone_ciba_denied' }, 'phone decision')
      res.redirect(303, `/phone?lang=${lang}&done=${approved ? 'ciba-approved' : 'ciba-denied'}`)
    } catch (error) {
      next(error)
    }
  })

  /** "Scanning" without a camera: the tester pastes the link (or just the id) from the login page. */
  router.get('/phone/scan', (req, res) => {
    const code = typeof req.query.code === 'string' ? req.query.code.trim() : ''
    const id = /(?:^|\/phone\/qr\/)([\w-]{22})\/?$/.exec(code)?.[1]
    res.redirect(303, id ? `/phone/qr/${id}?lang=${langOf(req)}` : `/phone?lang=${langOf(req)}`)
  })

  router.get('/phone/qr/:qrId', async (req, res, next) => {
    try {
      const qrId = String(req.params.qrId ?? '')
      const session = await signedIn(req)
      const browserId = session?.browserId ?? sessions.ensureBrowserId(req, res)
      const ctx = context(req, res, browserId, `/phone/qr/${qrId}`)
      const record = await codes.get(qrId)
      if (!record || codes.status(record) !== 'pending') {
        res
          .status(404)
          .type('html')
          .send(phoneNoticeScreen(ctx, { text: messages(ctx.lang).qrExpired, kind: 'error' }))
        return
      }
      const citizen = session && deps.population.findByAccountId(session.accountId)
      if (!session || !citizen) {
        res.type('html').send(phoneSignInScreen(ctx, { next: `/phone/qr/${qrId}` }))
        return
      }
      await codes.remember(qrId, session.accountId)
      res.type('html').send(
        phoneQrScreen(ctx, {
          qrId,
          clientName: record.clientName,
          name: citizen.fullName,
          matchCode: record.matchCode,
        }),
      )
    } catch (error) {
      next(error)
    }
  })

  router.post('/phone/qr/:qrId', form, async (req, res, next) => {
    try {
      if (!verified(req, res)) return
      const session = await signedIn(req)
      const lang = langOf(req)
      const qrId = String(req.params.qrId ?? '')
      if (!session) {
        res.redirect(303, `/phone/qr/${encodeURIComponent(qrId)}?lang=${lang}`)
        return
      }
      const decision =
        req.body.decision === 'approve' ? 'approve' : req.body.decision === 'reject' ? 'reject' : undefined
      if (!decision || !(await codes.decide(qrId, session.accountId, decision, session.createdAt))) {
        const ctx = context(req, res, session.browserId, '/phone')
        res
          .status(404)
          .type('html')
          .send(phoneNoticeScreen(ctx, { text: messages(lang).qrExpired, kind: 'error' }))
        return
      }
      deps.logger.info({ event: `phone_qr_${decision}` }, 'phone decision')
      res.redirect(303, `/phone?lang=${lang}&done=${decision === 'approve' ? 'qr-approved' : 'qr-rejected'}`)
    } catch (error) {
      next(error)
    }
  })

  return router
}

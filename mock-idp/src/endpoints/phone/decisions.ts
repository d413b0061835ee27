import { type AttributeName, isAttributeName } from '@dinhdanh/client/schemas'
import express, { type Router } from 'express'
import type { MockIdpContext } from '../../context.js'
import type { CitizenArea } from '../../security/citizen-area.js'
import { messages } from '../../views/i18n.js'
import { sendPhoneHome } from './phone-area.js'
import { phoneNoticeScreen, phoneQrScreen, phoneSignInScreen } from './view.js'

/**
 * What the signed-in phone decides: a decoupled (CIBA) sign-in (`POST /phone/ciba/:id`, approving only
 * what the citizen ticked), and a QR code scanned from a login screen (`/phone/qr/:qrId`, shown with its
 * match code, approved or rejected once).
 *
 * @example
 * ```ts
 * router.use(phoneDecisionRoutes(ctx, area))
 * ```
 */
export function phoneDecisionRoutes(ctx: MockIdpContext, area: CitizenArea): Router {
  const router = express.Router()
  const form = express.urlencoded({ extended: false, limit: '16kb' })

  router.post('/phone/ciba/:id', form, async (req, res, next) => {
    try {
      if (!area.verified(req, res)) return
      const session = await area.signedIn(req)
      const lang = area.langOf(req)
      if (!session) {
        res.redirect(303, `/phone?lang=${lang}`)
        return
      }
      const id = String(req.params.id ?? '')
      const pending = (await ctx.ciba.pendingFor(session.accountId)).find((request) => request.id === id)
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
        const citizen = ctx.population.findByAccountId(session.accountId)
        if (asked.size > 0 && granted.length === 0 && citizen) {
          const page = area.page(req, res, session.browserId)
          const notice = { text: messages(lang).nothingTicked, kind: 'error' as const }
          await sendPhoneHome(ctx, res, page, session, citizen, notice, 400)
          return
        }
        done = await ctx.ciba.approve(id, session.accountId, granted)
        approved = true
      } else if (pending && req.body.decision === 'deny') {
        done = await ctx.ciba.deny(id, session.accountId)
      }
      if (!done) {
        const page = area.page(req, res, session.browserId)
        res
          .status(404)
          .type('html')
          .send(phoneNoticeScreen(page, { text: messages(lang).requestGone, kind: 'error' }))
        return
      }
      ctx.logger.info({ event: approved ? 'phone_ciba_approved' : 'phone_ciba_denied' }, 'phone decision')
      res.redirect(303, `/phone?lang=${lang}&done=${approved ? 'ciba-approved' : 'ciba-denied'}`)
    } catch (error) {
      next(error)
    }
  })

  router.get('/phone/qr/:qrId', async (req, res, next) => {
    try {
      const qrId = String(req.params.qrId ?? '')
      const session = await area.signedIn(req)
      const page = area.page(req, res, area.browserIdOf(req, res, session), `/phone/qr/${qrId}`)
      const record = await ctx.qr.get(qrId)
      if (!record || ctx.qr.status(record) !== 'pending') {
        res
          .status(404)
          .type('html')
          .send(phoneNoticeScreen(page, { text: messages(page.lang).qrExpired, kind: 'error' }))
        return
      }
      const citizen = session && ctx.population.findByAccountId(session.accountId)
      if (!session || !citizen) {
        res.type('html').send(phoneSignInScreen(page, { next: `/phone/qr/${qrId}` }))
        return
      }
      await ctx.qr.remember(qrId, session.accountId)
      res.type('html').send(
        phoneQrScreen(page, {
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
      if (!area.verified(req, res)) return
      const session = await area.signedIn(req)
      const lang = area.langOf(req)
      const qrId = String(req.params.qrId ?? '')
      if (!session) {
        res.redirect(303, `/phone/qr/${encodeURIComponent(qrId)}?lang=${lang}`)
        return
      }
      const decision =
        req.body.decision === 'approve' ? 'approve' : req.body.decision === 'reject' ? 'reject' : undefined
      if (!decision || !(await ctx.qr.decide(qrId, session.accountId, decision, session.createdAt))) {
        const page = area.page(req, res, session.browserId)
        res
          .status(404)
          .type('html')
          .send(phoneNoticeScreen(page, { text: messages(lang).qrExpired, kind: 'error' }))
        return
      }
      ctx.logger.info({ event: `phone_qr_${decision}` }, 'phone decision')
      res.redirect(303, `/phone?lang=${lang}&done=${decision === 'approve' ? 'qr-approved' : 'qr-rejected'}`)
    } catch (error) {
      next(error)
    }
  })

  return router
}

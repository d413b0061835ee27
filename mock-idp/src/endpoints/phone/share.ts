import { attributeCatalogue } from '@dinhdanh/client/schemas'
import express, { type Response, type Router } from 'express'
import type { MockIdpContext } from '../../context.js'
import type { CitizenArea } from '../../security/citizen-area.js'
import type { CitizenPageContext } from '../../views/citizen-page.js'
import { messages } from '../../views/i18n.js'
import { VNEID_PATHS } from '../../vneid/paths.js'
import type { ShareTransaction } from '../../vneid/share/transactions.js'
import { installAppScreen, type PhoneShareRequest, phoneShareScreen, shareTexts } from './share-view.js'
import { phoneNoticeScreen, phoneSignInScreen } from './view.js'

/** Where the citizen's browser goes after deciding: `<callbackUrl>/<txnId|STATUS>` (docs/vneid-share.md). */
function callbackOf(txn: ShareTransaction, status: 'APPROVED' | 'REFUSED'): string {
  return `${txn.callbackUrl.replace(/\/+$/, '')}/${encodeURIComponent(`${txn.txnId}|${status}`)}`
}

function requestView(txn: ShareTransaction, page: CitizenPageContext): PhoneShareRequest {
  return {
    txnId: txn.txnId,
    clientName: txn.clientName,
    purpose: txn.purpose,
    attributes: txn.attributes.map((name) => ({
      name,
      label: attributeCatalogue[name].label[page.lang],
      description: attributeCatalogue[name].description[page.lang],
      sensitive: attributeCatalogue[name].sensitive,
    })),
  }
}

function refuse(res: Response, page: CitizenPageContext, status: 403 | 404, text: string): void {
  res
    .status(status)
    .setHeader('cache-control', 'no-store')
    .type('html')
    .send(phoneNoticeScreen(page, { text, kind: 'error' }))
}

/**
 * The app's side of sharing by transaction (docs/vneid-share.md, "2. The citizen approves in the app"):
 * the app link `GET /share/<txnId>` (a universal link, or the QR code of it) opens the phone simulator's
 * share screen (`/phone/share/<txnId>`, where the phone's session cookie is seen), which asks the citizen
 * to sign in first; only the citizen the transaction was started for may answer. Approve records the
 * consent (as a sign-in's consent does) and both answers return to the relying party's callback link.
 *
 * @example
 * ```ts
 * router.use(phoneShareRoutes(ctx, area))
 * ```
 */
export function phoneShareRoutes(ctx: MockIdpContext, area: CitizenArea): Router {
  const router = express.Router()
  const form = express.urlencoded({ extended: false, limit: '16kb' })
  const pathOf = (txnId: string) => `/phone/share/${encodeURIComponent(txnId)}`

  router.get(`${VNEID_PATHS.shareApp}/:txnId`, async (req, res, next) => {
    try {
      const txnId = String(req.params.txnId ?? '')
      const lang = area.langOf(req)
      const txn = await ctx.share.transactions.get(txnId)
      const status = txn && ctx.share.statusOf(txn)
      if (txn?.appNotInstalled && status === 'PENDING') {
        res
          .type('html')
          .send(installAppScreen(lang, `${VNEID_PATHS.shareApp}/${txnId}?lang=${lang}`, res.locals.nonce))
        return
      }
      // Scenario share_refused: the app refused at once and sends the citizen back.
      if (txn?.refusedAtOnce) {
        res.redirect(303, callbackOf(txn, 'REFUSED'))
        return
      }
      res.redirect(303, `${pathOf(txnId)}?lang=${lang}`)
    } catch (error) {
      next(error)
    }
  })

  router.get('/phone/share/:txnId', async (req, res, next) => {
    try {
      const txnId = String(req.params.txnId ?? '')
      const session = await area.signedIn(req)
      const page = area.page(req, res, area.browserIdOf(req, res, session), pathOf(txnId))
      const txn = await ctx.share.transactions.get(txnId)
      if (!txn || ctx.share.statusOf(txn) !== 'PENDING' || txn.decision !== 'PENDING') {
        refuse(res, page, 404, shareTexts(page.lang).gone)
        return
      }
      const citizen = session && ctx.population.findByAccountId(session.accountId)
      if (!session || !citizen) {
        res.type('html').send(phoneSignInScreen(page, { next: pathOf(txnId) }))
        return
      }
      if (citizen.personalId !== txn.personalId) {
        refuse(res, page, 403, shareTexts(page.lang).notYours)
        return
      }
      res.setHeader('cache-control', 'no-store')
      res
        .type('html')
        .send(phoneShareScreen(page, { name: citizen.fullName, request: requestView(txn, page) }))
    } catch (error) {
      next(error)
    }
  })

  router.post('/phone/share/:txnId', form, async (req, res, next) => {
    try {
      if (!area.verified(req, res)) return
      const txnId = String(req.params.txnId ?? '')
      const session = await area.signedIn(req)
      const lang = area.langOf(req)
      if (!session) {
        res.redirect(303, `${pathOf(txnId)}?lang=${lang}`)
        return
      }
      const page = area.page(req, res, session.browserId, pathOf(txnId))
      const decision = req.body.decision
      const ticked = ([] as unknown[]).concat(req.body.attributes ?? []).filter((v) => typeof v === 'string')
      const txn = await ctx.share.transactions.get(txnId)
      const citizen = ctx.population.findByAccountId(session.accountId)
      // Sharing nothing of what was asked is a refusal, not an approval (finding 9 of issue 12).
      if (decision === 'approve' && txn && citizen && !txn.attributes.some((name) => ticked.includes(name))) {
        if (citizen.personalId === txn.personalId && ctx.share.statusOf(txn) === 'PENDING') {
          const notice = { text: messages(lang).nothingTicked, kind: 'error' as const }
          res
            .status(400)
            .type('html')
            .send(phoneShareScreen(page, { name: citizen.fullName, request: requestView(txn, page), notice }))
          return
        }
      }
      const outcome =
        decision === 'approve'
          ? await ctx.share.approve(txnId, session.accountId, ticked as string[], lang)
          : decision === 'refuse'
            ? await ctx.share.refuse(txnId, session.accountId)
            : 'gone'
      if (outcome === 'not_yours') return refuse(res, page, 403, shareTexts(lang).notYours)
      if (outcome === 'gone') return refuse(res, page, 404, shareTexts(lang).gone)
      ctx.logger.info({ event: `phone_share_${decision}` }, 'phone decision')
      res.redirect(303, callbackOf(outcome, outcome.decision === 'APPROVED' ? 'APPROVED' : 'REFUSED'))
    } catch (error) {
      next(error)
    }
  })

  return router
}

import { attributeCatalogue } from '@dinhdanh/client/schemas'
import express, { type Request, type Response, type Router } from 'express'
import type { ConsentRecord } from '../../consent/records.js'
import type { MockIdpContext } from '../../context.js'
import { clientDisplayName } from '../../interactions/client-name.js'
import type { CitizenArea } from '../../security/citizen-area.js'
import { type Lang, messages } from '../../views/i18n.js'
import { accountNoticeScreen, accountWithdrawConfirmScreen, type PortalConsent } from './view.js'

const CONSENT_ID = /^c_[\w-]{1,64}$/

/** A consent record as the portal shows it, in the page's language. */
export type PortalConsentView = (record: ConsentRecord, lang: Lang) => Promise<PortalConsent>

/**
 * How the portal shows a consent record: labels in the page's language, and the relying party's name in
 * it too (its registered `client_name#en`, else the name recorded with the consent).
 *
 * @example
 * ```ts
 * const view = portalConsentView(ctx)
 * const shown = await view(record, 'en')
 * ```
 */
export function portalConsentView(ctx: Pick<MockIdpContext, 'provider'>): PortalConsentView {
  return async (record, lang) => {
    const client = await ctx.provider().Client.find(record.clientId)
    return {
      id: record.id,
      clientId: record.clientId,
      clientName: client ? clientDisplayName(client.metadata(), lang) : record.clientName,
      attributeLabels: record.attributes.map((name) => attributeCatalogue[name]?.label[lang] ?? name),
      purpose: record.purpose,
      grantedAt: record.grantedAt,
      method: record.method,
      status: record.status,
      ...(record.withdrawnAt !== undefined && { withdrawnAt: record.withdrawnAt }),
      textShown: record.textShown,
    }
  }
}

/**
 * Withdrawal on the citizen portal: `GET /account/consents/:id/withdraw`, the confirmation page (works
 * without JavaScript; none for a consent already withdrawn), and its CSRF-protected `POST`, which revokes
 * the grant's tokens and sends the relying party a consent-withdrawn security event.
 *
 * @example
 * ```ts
 * router.use(withdrawalRoutes(ctx, area, portalConsentView(ctx)))
 * ```
 */
export function withdrawalRoutes(ctx: MockIdpContext, area: CitizenArea, view: PortalConsentView): Router {
  const router = express.Router()
  const form = express.urlencoded({ extended: false, limit: '16kb' })

  /**
   * The signed-in citizen's own consent `:id` (another citizen's gets the same 404 as one that does not
   * exist); answers the refusal itself and returns undefined when there is none.
   */
  async function ownConsent(req: Request, res: Response, browserId: string) {
    const session = await area.signedIn(req)
    const lang = area.langOf(req)
    if (!session) {
      res.redirect(303, `/account?lang=${lang}`)
      return undefined
    }
    const id = String(req.params.id ?? '')
    const record = CONSENT_ID.test(id) ? await ctx.consents.get(id) : undefined
    if (!record || record.accountId !== session.accountId) {
      const text = messages(lang).consentNotFound
      res
        .status(404)
        .type('html')
        .send(accountNoticeScreen(area.page(req, res, browserId), { text, kind: 'error' }))
      return undefined
    }
    return record
  }

  const alreadyWithdrawn = (req: Request, res: Response, browserId: string) =>
    res
      .status(409)
      .type('html')
      .send(
        accountNoticeScreen(area.page(req, res, browserId), {
          text: messages(area.langOf(req)).alreadyWithdrawn,
          kind: 'error',
        }),
      )

  // The confirmation step (a page of its own: works without JavaScript); a withdrawn consent offers none.
  router.get('/account/consents/:id/withdraw', async (req, res, next) => {
    try {
      const session = await area.signedIn(req)
      const browserId = area.browserIdOf(req, res, session)
      const record = await ownConsent(req, res, browserId)
      if (!record) return
      if (record.status !== 'active') return alreadyWithdrawn(req, res, browserId)
      const page = area.page(req, res, browserId, `/account/consents/${record.id}/withdraw`)
      res.type('html').send(accountWithdrawConfirmScreen(page, await view(record, page.lang)))
    } catch (error) {
      next(error)
    }
  })

  router.post('/account/consents/:id/withdraw', form, async (req, res, next) => {
    try {
      const browserId = area.verified(req, res)
      if (!browserId) return
      const record = await ownConsent(req, res, browserId)
      if (!record) return
      const lang = area.langOf(req)
      const withdrawn = await ctx.consents.withdraw(record.id, 'citizen', ctx.now())
      if (!withdrawn) return alreadyWithdrawn(req, res, browserId)
      await ctx.events.revokeGrant(withdrawn)
      await ctx.events.deliver(withdrawn)
      ctx.logger.info(
        { event: 'consent_withdrawn', consent: withdrawn.id, client: withdrawn.clientId, by: 'citizen' },
        'consent withdrawn by the citizen',
      )
      res.redirect(303, `/account?lang=${lang}&done=withdrawn`)
    } catch (error) {
      next(error)
    }
  })

  return router
}

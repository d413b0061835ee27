import express, { type Router } from 'express'
import { grantConsent, requestedAttributes } from '../../consent/grant-consent.js'
import type { MockIdpContext } from '../../context.js'
import {
  finishInteraction,
  refuseForgedPost,
  refuseInteraction,
  scenariosOf,
  screenContextOf,
} from '../../interactions/interaction-page.js'

/**
 * The consent screen's form (`POST /interaction/:uid/consent`): only what the citizen ticked, among what
 * was asked, is granted; the consent record keeps the exact text shown. "Deny" ends the sign-in with
 * `access_denied`.
 *
 * @example
 * ```ts
 * app.use(consentRoutes(ctx))
 * ```
 */
export function consentRoutes(ctx: MockIdpContext): Router {
  const router = express.Router()
  const form = express.urlencoded({ extended: false, limit: '16kb' })

  router.post('/interaction/:uid/consent', form, async (req, res, next) => {
    try {
      const provider = ctx.provider()
      const details = await provider.interactionDetails(req, res)
      if (await refuseForgedPost(ctx, req, res, details)) return
      const context = await screenContextOf(ctx, req, res, details)
      const accountId = details.session?.accountId
      if (details.prompt.name !== 'consent' || !accountId)
        return refuseInteraction(ctx, req, res, 'invalid_request', 'no consent pending')
      if (req.body.decision !== 'allow')
        return refuseInteraction(ctx, req, res, 'access_denied', 'consent_denied')
      const requested = requestedAttributes(details)
      const ticked = ([] as unknown[]).concat(req.body.attributes ?? [])
      const granted = requested.filter((name) => ticked.includes(name))
      const record = await grantConsent({
        provider,
        details,
        accountId,
        granted,
        shown: requested,
        method: 'web',
        lang: context.lang,
        seed: ctx.options.seed,
        issuer: ctx.issuer,
        scenarios: scenariosOf(details),
        now: ctx.now(),
        consents: ctx.consents,
      })
      ctx.logger.info(
        { event: 'consent_granted', consent: record.id, client: record.clientId, attributes: granted },
        'consent recorded',
      )
      await finishInteraction(ctx, req, res, { consent: { grantId: record.grantId } }, true)
    } catch (error) {
      next(error)
    }
  })

  return router
}

import { attributeCatalogue } from '@dinhdanh/client/schemas'
import express, { type Router } from 'express'
import { requestedAttributes } from '../../consent/grant-consent.js'
import type { MockIdpContext } from '../../context.js'
import { autoApproveConsent, autoApproveSignIn } from '../../interactions/auto-approve.js'
import { purposeIn } from '../../interactions/client-name.js'
import {
  interactionLang,
  type Refusal,
  refuseForgedPost,
  refuseInteraction,
  scenariosOf,
  screenContextOf,
} from '../../interactions/interaction-page.js'
import { maskPersonalId, restartAtLogin } from '../../interactions/provider-session.js'
import { rememberInteraction } from '../../interactions/way-back.js'
import { loginScreen } from '../../views/screens.js'
import { consentScreen } from './view.js'

/**
 * The page oidc-provider sends the browser to (`GET /interaction/:uid`): the login screen (number and
 * passcode, or the QR tab) or the consent screen, as the prompt asks; the headless `--auto-approve` path;
 * and `POST /interaction/:uid/abort`, "back to the service" with the refusal explained on screen (or
 * `citizen_cancelled`).
 *
 * @example
 * ```ts
 * app.use(interactionRoutes(ctx))
 * ```
 */
export function interactionRoutes(ctx: MockIdpContext): Router {
  const router = express.Router()
  const form = express.urlencoded({ extended: false, limit: '16kb' })

  router.get('/interaction/:uid', async (req, res, next) => {
    try {
      const details = await ctx.provider().interactionDetails(req, res)
      // For the page an old link to this interaction shows later (the way back to the relying party).
      await rememberInteraction(
        ctx,
        details.uid,
        String(details.params.client_id),
        interactionLang(ctx, req, details),
      )
      if (details.prompt.name === 'login') {
        if (await autoApproveSignIn(ctx, req, res, details)) return
        if (await ctx.scenarios.isOn('citizen_cancels', scenariosOf(details))) {
          return refuseInteraction(ctx, req, res, 'access_denied', 'citizen_cancelled')
        }
        const context = await screenContextOf(ctx, req, res, details)
        res.type('html').send(loginScreen(context, {}))
        return
      }
      if (details.prompt.name === 'consent') {
        const accountId = details.session?.accountId
        if (!accountId) return refuseInteraction(ctx, req, res, 'login_required', 'no session')
        if (await ctx.scenarios.isOn('consent_denied', scenariosOf(details))) {
          return refuseInteraction(ctx, req, res, 'access_denied', 'consent_denied')
        }
        // Headless: a citizen already signed in at the provider grants what is asked, without a screen.
        if (await ctx.autoApprove()) return autoApproveConsent(ctx, req, res, details, accountId)
        const context = await screenContextOf(ctx, req, res, details)
        const purpose = purposeIn(details.params, context.lang)
        const items = requestedAttributes(details).map((name) => ({
          name,
          label: attributeCatalogue[name].label[context.lang],
          description: attributeCatalogue[name].description[context.lang],
          sensitive: attributeCatalogue[name].sensitive,
        }))
        const citizen = ctx.population.findByAccountId(accountId)
        const signedIn = citizen && { name: citizen.fullName, maskedId: maskPersonalId(citizen.personalId) }
        res.type('html').send(consentScreen(context, { purpose, items, ...(signedIn && { signedIn }) }))
        return
      }
      await refuseInteraction(ctx, req, res, 'invalid_request', `unsupported prompt ${details.prompt.name}`)
    } catch (error) {
      next(error)
    }
  })

  // "Not you?" on the consent screen: ends the provider session and starts this sign-in again at login.
  router.post('/interaction/:uid/not-you', form, async (req, res, next) => {
    try {
      const details = await ctx.provider().interactionDetails(req, res)
      if (await refuseForgedPost(ctx, req, res, details)) return
      ctx.logger.info({ event: 'provider_session_switched', interaction: details.uid }, 'citizen switched')
      await restartAtLogin(ctx, res, details)
    } catch (error) {
      next(error)
    }
  })

  router.post('/interaction/:uid/abort', form, async (req, res, next) => {
    try {
      const details = await ctx.provider().interactionDetails(req, res)
      if (await refuseForgedPost(ctx, req, res, details)) return
      const refusal = await ctx.storage.get<Refusal>('refusal', details.uid)
      await ctx.storage.delete('refusal', details.uid)
      await refuseInteraction(
        ctx,
        req,
        res,
        refusal?.error ?? 'access_denied',
        refusal?.description ?? 'citizen_cancelled',
      )
    } catch (error) {
      next(error)
    }
  })

  return router
}

import type { Request, Response } from 'express'
import type { InteractionDetails } from 'oidc-provider'
import { accountProblem, requiredLevel } from '../accounts/sign-in-rules.js'
import { grantConsent, requestedAttributes } from '../consent/grant-consent.js'
import type { MockIdpContext } from '../context.js'
import { messages } from '../views/i18n.js'
import { finishInteraction, interactionLang, refuseInteraction, scenariosOf } from './interaction-page.js'

/**
 * The headless `--auto-approve` sign-in: grants everything requested at the citizen's level, without
 * screens. The citizen is the request's `login_hint`, else the one the admin API set (`autoApproveAs`).
 * Returns false when auto-approval is off or names no citizen (the login screen is shown instead).
 *
 * @example
 * ```ts
 * if (details.prompt.name === 'login' && (await autoApproveSignIn(ctx, req, res, details))) return
 * ```
 */
export async function autoApproveSignIn(
  ctx: MockIdpContext,
  req: Request,
  res: Response,
  details: InteractionDetails,
): Promise<boolean> {
  if (!(await ctx.autoApprove())) return false
  const hint =
    typeof details.params.login_hint === 'string' && details.params.login_hint !== ''
      ? details.params.login_hint
      : ((await ctx.storage.get<string>('config', 'auto-approve-as')) ?? '')
  if (!/^\d{12}$/.test(hint)) return false
  const lang = interactionLang(ctx, req, details)
  const citizen = ctx.population.find(hint)
  const problem = accountProblem(citizen, lang)
  if (problem || !citizen) {
    await refuseInteraction(ctx, req, res, 'access_denied', problem ?? messages(lang).noAccount)
    return true
  }
  const required = requiredLevel(details.params)
  if (citizen.level < required) {
    await refuseInteraction(
      ctx,
      req,
      res,
      'unmet_authentication_requirements',
      messages(lang).levelBody(required, citizen.level),
    )
    return true
  }
  const scenarios = scenariosOf(details)
  if (await ctx.scenarios.isOn('consent_denied', scenarios)) {
    await refuseInteraction(ctx, req, res, 'access_denied', 'consent_denied')
    return true
  }
  const attributes = requestedAttributes(details)
  const accountId = ctx.population.accountIdOf(hint)
  const record = await grantConsent({
    provider: ctx.provider(),
    details: {
      ...details,
      prompt: { ...details.prompt, details: { missingOIDCClaims: claimsRequested(details) } },
    },
    accountId,
    granted: attributes,
    shown: attributes,
    method: 'auto_approve',
    lang,
    seed: ctx.options.seed,
    issuer: ctx.issuer,
    scenarios,
    now: ctx.now(),
    consents: ctx.consents,
  })
  await finishInteraction(ctx, req, res, {
    login: { accountId, acr: String(citizen.level), amr: ['pwd', 'otp'] },
    consent: { grantId: record.grantId },
  })
  return true
}

/**
 * Headless consent: a citizen already signed in at the provider grants what is asked, without a screen.
 *
 * @example
 * ```ts
 * if (await ctx.autoApprove()) return autoApproveConsent(ctx, req, res, details, accountId)
 * ```
 */
export async function autoApproveConsent(
  ctx: MockIdpContext,
  req: Request,
  res: Response,
  details: InteractionDetails,
  accountId: string,
): Promise<void> {
  const attributes = requestedAttributes(details)
  const record = await grantConsent({
    provider: ctx.provider(),
    details,
    accountId,
    granted: attributes,
    shown: attributes,
    method: 'auto_approve',
    lang: interactionLang(ctx, req, details),
    seed: ctx.options.seed,
    issuer: ctx.issuer,
    scenarios: scenariosOf(details),
    now: ctx.now(),
    consents: ctx.consents,
  })
  await finishInteraction(ctx, req, res, { consent: { grantId: record.grantId } }, true)
}

/** The claims named in the request's `claims` parameter (granted with their attribute). */
function claimsRequested(details: InteractionDetails): string[] {
  if (typeof details.params.claims !== 'string') return []
  try {
    const parsed = JSON.parse(details.params.claims) as Record<string, Record<string, unknown> | undefined>
    return [...new Set([...Object.keys(parsed.userinfo ?? {}), ...Object.keys(parsed.id_token ?? {})])]
  } catch {
    return []
  }
}

import type { Request, Response } from 'express'
import type Provider from 'oidc-provider'
import type { InteractionDetails } from 'oidc-provider'
import type { MockIdpContext } from '../context.js'
import { parseScenarioParameter, type Scenario } from '../scenarios.js'
import { type Lang, messages, pickLang } from '../views/i18n.js'
import { noticeScreen, type ScreenContext } from '../views/screens.js'
import { clientDisplayName } from './client-name.js'

/**
 * What the screens of one interaction (`/interaction/:uid/...`, the pages oidc-provider sends the browser
 * to) share: their language, screen context, CSRF check, and the ways an interaction ends.
 */

/** A refusal the "back to the service" button carries to the relying party (stored per interaction). */
export interface Refusal {
  error: string
  description: string
  /** For the refusal page (`/interaction/:uid/refused`): the level asked for and the citizen's. */
  levels?: { required: number; actual: number }
}

/** The namespace of the stored refusals, keyed by interaction uid (no personal data). */
const REFUSAL_NS = 'refusal'

/**
 * The language of an interaction screen: `?lang=`, the form's `lang`, then the request's `ui_locales`.
 *
 * @example
 * ```ts
 * const lang = interactionLang(ctx, req, details)
 * ```
 */
export function interactionLang(
  ctx: Pick<MockIdpContext, 'options'>,
  req: Request,
  details?: InteractionDetails,
): Lang {
  return pickLang([req.query.lang, req.body?.lang, details?.params.ui_locales], ctx.options.lang)
}

/**
 * What every interaction screen knows: language, the GET path of the language switch, nonce, CSRF token
 * and the relying party's name.
 *
 * @example
 * ```ts
 * res.type('html').send(loginScreen(await screenContextOf(ctx, req, res, details), {}))
 * ```
 */
export async function screenContextOf(
  ctx: Pick<MockIdpContext, 'options' | 'provider' | 'csrf'>,
  req: Request,
  res: Response,
  details: InteractionDetails,
): Promise<ScreenContext> {
  const client = await ctx.provider().Client.find(String(details.params.client_id))
  const lang = interactionLang(ctx, req, details)
  return {
    lang,
    // After a form post, the language switch must point at a page that answers GET.
    path:
      req.method === 'GET'
        ? req.originalUrl
        : req.path.endsWith('/otp')
          ? `/interaction/${details.uid}/otp`
          : `/interaction/${details.uid}`,
    nonce: String(res.locals.nonce ?? ''),
    uid: details.uid,
    csrf: ctx.csrf.token(`interaction:${details.uid}`),
    clientName: client ? clientDisplayName(client.metadata(), lang) : String(details.params.client_id),
  }
}

/**
 * The scenarios this authorization request switched on (`mock_scenario`).
 *
 * @example
 * ```ts
 * if (await ctx.scenarios.isOn('otp_expired', scenariosOf(details))) expire()
 * ```
 */
export function scenariosOf(details: InteractionDetails): Scenario[] {
  return parseScenarioParameter(details.params.mock_scenario).scenarios
}

/**
 * Ends the interaction and sends the browser on (to the authorization endpoint, then the relying party).
 *
 * @example
 * ```ts
 * await finishInteraction(ctx, req, res, { consent: { grantId } }, true)
 * ```
 */
export async function finishInteraction(
  ctx: Pick<MockIdpContext, 'provider'>,
  req: Request,
  res: Response,
  result: Parameters<Provider['interactionFinished']>[2],
  merge = false,
): Promise<void> {
  await ctx.provider().interactionFinished(req, res, result, { mergeWithLastSubmission: merge })
}

/**
 * Ends the interaction with an error for the relying party.
 *
 * @example
 * ```ts
 * await refuseInteraction(ctx, req, res, 'access_denied', 'citizen_cancelled')
 * ```
 */
export async function refuseInteraction(
  ctx: Pick<MockIdpContext, 'provider'>,
  req: Request,
  res: Response,
  error: string,
  description: string,
): Promise<void> {
  await finishInteraction(ctx, req, res, { error, error_description: description })
}

/**
 * O10: refuses a form post without this interaction's CSRF token, or from another site (403, answered
 * here); false when the post may go on.
 *
 * @example
 * ```ts
 * if (await refuseForgedPost(ctx, req, res, details)) return
 * ```
 */
export async function refuseForgedPost(
  ctx: Pick<MockIdpContext, 'options' | 'provider' | 'csrf'>,
  req: Request,
  res: Response,
  details: InteractionDetails,
): Promise<boolean> {
  if (ctx.csrf.verify(req, `interaction:${details.uid}`)) return false
  const context = await screenContextOf(ctx, req, res, details)
  const t = messages(context.lang)
  res
    .status(403)
    .type('html')
    .send(noticeScreen(context, { title: t.errorTitle, body: t.csrf }))
  return true
}

/**
 * A citizen below the level the request requires: remembers the refusal (so that "back to the service",
 * `/abort`, carries `unmet_authentication_requirements` to the relying party) and sends the browser to the
 * page that explains it, `GET /interaction/:uid/refused` (303: POST/Redirect/GET, so that Back and Reload
 * never re-send the passcode form). The URL holds only the interaction and the language.
 *
 * @example
 * ```ts
 * if (citizen.level < required) return explainLevelRefusal(ctx, res, context, required, citizen.level)
 * ```
 */
export async function explainLevelRefusal(
  ctx: Pick<MockIdpContext, 'storage'>,
  res: Response,
  context: ScreenContext,
  required: number,
  level: number,
): Promise<void> {
  const t = messages(context.lang)
  await ctx.storage.set(
    REFUSAL_NS,
    context.uid,
    {
      error: 'unmet_authentication_requirements',
      description: t.levelBody(required, level),
      levels: { required, actual: level },
    } satisfies Refusal,
    { ttlSec: 1800 },
  )
  res.redirect(303, refusalPath(context.uid, context.lang))
}

/**
 * The GET address of an interaction's refusal page.
 *
 * @example
 * ```ts
 * res.redirect(303, refusalPath(details.uid, 'vi')) // /interaction/<uid>/refused?lang=vi
 * ```
 */
export function refusalPath(uid: string, lang: Lang): string {
  return `/interaction/${encodeURIComponent(uid)}/refused?lang=${lang}`
}

/**
 * The refusal page of this interaction, in the screen's language, with its button back to the relying
 * party; false (nothing sent) when the interaction has no level refusal stored.
 *
 * @example
 * ```ts
 * if (!(await showLevelRefusal(ctx, res, context))) res.redirect(303, `/interaction/${uid}`)
 * ```
 */
export async function showLevelRefusal(
  ctx: Pick<MockIdpContext, 'storage'>,
  res: Response,
  context: ScreenContext,
): Promise<boolean> {
  const levels = (await ctx.storage.get<Refusal>(REFUSAL_NS, context.uid))?.levels
  if (!levels) return false
  const t = messages(context.lang)
  const body = t.levelBody(levels.required, levels.actual)
  res.type('html').send(noticeScreen(context, { title: t.levelTitle, body }))
  return true
}

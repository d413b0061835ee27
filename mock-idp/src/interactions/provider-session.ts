import type { Request, Response } from 'express'
import type { InteractionDetails } from 'oidc-provider'
import type { MockIdpContext } from '../context.js'

/**
 * The provider's own sign-in session (oidc-provider's `_session` cookie, the single sign-on that skips
 * the login screen): who it is, and ending it, for "not you?", the home page and the portal (#15, point 2).
 */

/** A citizen signed in at the provider, as the screens show them. */
export interface SignedInCitizen {
  /** The session's uid (binds the sign-out form's CSRF token to this session). */
  sessionUid: string
  accountId: string
  name: string
  /** The personal number with its middle masked: `001 090 ••• 234`. */
  maskedId: string
}

/**
 * A 12-digit personal number in the groups it is printed in, its middle three digits masked, so a
 * shared screen tells who is signed in without showing the whole number.
 *
 * @example
 * ```ts
 * maskPersonalId('001090001234') // '001 090 ••• 234'
 * ```
 */
export function maskPersonalId(personalId: string): string {
  return `${personalId.slice(0, 3)} ${personalId.slice(3, 6)} ••• ${personalId.slice(-3)}`
}

type SessionModel = {
  uid: string
  accountId?: string
  new?: boolean
  destroy(): Promise<void>
}

/** oidc-provider's Session model (untyped in `oidc-provider.d.ts`): only what is used here. */
type SessionConstructor = {
  get(koa: { req: Request; res: Response; secure: boolean }): Promise<SessionModel>
  findByUid(uid: string): Promise<SessionModel | undefined>
}

const sessionModel = (ctx: Pick<MockIdpContext, 'provider'>) =>
  (ctx.provider() as unknown as { Session: SessionConstructor }).Session

/** The provider's session of this browser (a new empty one when it has none). */
async function sessionOf(ctx: Pick<MockIdpContext, 'provider' | 'issuer'>, req: Request, res: Response) {
  return sessionModel(ctx).get({ req, res, secure: ctx.issuer.startsWith('https:') })
}

/**
 * The citizen signed in at the provider in this browser, if any.
 *
 * @example
 * ```ts
 * const who = await providerSignedIn(ctx, req, res)
 * ```
 */
export async function providerSignedIn(
  ctx: Pick<MockIdpContext, 'provider' | 'issuer' | 'population'>,
  req: Request,
  res: Response,
): Promise<SignedInCitizen | undefined> {
  const session = await sessionOf(ctx, req, res)
  const citizen = session.accountId ? ctx.population.findByAccountId(session.accountId) : undefined
  if (!session.accountId || !citizen) return undefined
  return {
    sessionUid: session.uid,
    accountId: session.accountId,
    name: citizen.fullName,
    maskedId: maskPersonalId(citizen.personalId),
  }
}

/** The CSRF scope of a form that ends the provider session `sessionUid`. */
export const providerSessionCsrfScope = (sessionUid: string) => `provider-session:${sessionUid}`

/**
 * Ends the provider session of this browser (single sign-on): the next sign-in shows the login screen.
 * Returns whether there was one.
 *
 * @example
 * ```ts
 * await endProviderSession(ctx, req, res)
 * ```
 */
export async function endProviderSession(
  ctx: Pick<MockIdpContext, 'provider' | 'issuer'>,
  req: Request,
  res: Response,
): Promise<boolean> {
  const session = await sessionOf(ctx, req, res)
  if (session.new || !session.accountId) return false
  await session.destroy()
  return true
}

/**
 * "Not you?" on the consent screen: ends the session the interaction was started with and resumes the
 * same authorization request, which now finds nobody signed in and starts again at the login step.
 *
 * @example
 * ```ts
 * await restartAtLogin(ctx, res, details)
 * ```
 */
export async function restartAtLogin(
  ctx: Pick<MockIdpContext, 'provider' | 'now'>,
  res: Response,
  details: InteractionDetails,
): Promise<void> {
  const sessionUid = (details.session as { uid?: string } | undefined)?.uid
  const session = sessionUid ? await sessionModel(ctx).findByUid(sessionUid) : undefined
  await session?.destroy()
  // The resume refuses an interaction bound to another session: this one is bound to none from now on.
  const interaction = details as unknown as {
    session?: unknown
    exp: number
    returnTo: string
    save(ttlSec: number): Promise<unknown>
  }
  interaction.session = undefined
  await interaction.save(Math.max(1, interaction.exp - ctx.now()))
  res.redirect(303, interaction.returnTo)
}

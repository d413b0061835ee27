import type { MockIdpContext } from '../context.js'
import { type Lang, pickLang } from '../views/i18n.js'
import { clientDisplayName } from './client-name.js'

/** Where the stale-link page sends the citizen: the relying party that sent them, or the home page. */
export interface WayBack {
  href: string
  /** The relying party's name in the page's language; absent for the provider's home page. */
  name?: string
}

/** What is remembered of an interaction after it ends, so that an old link can point back (a day). */
interface RememberedInteraction {
  clientId: string
  lang: Lang
}

const NS = 'interaction-origin'
const REMEMBER_SEC = 86_400
const UID = /^[\w-]{1,64}$/

/**
 * Remembers which relying party an interaction belongs to (its client id and the screen's language, no
 * personal data), for the page a stale `/interaction/…` or `/auth/…` link shows later.
 *
 * @example
 * ```ts
 * await rememberInteraction(ctx, details.uid, String(details.params.client_id), context.lang)
 * ```
 */
export async function rememberInteraction(
  ctx: Pick<MockIdpContext, 'storage'>,
  uid: string,
  clientId: string,
  lang: Lang,
): Promise<void> {
  await ctx.storage.set(NS, uid, { clientId, lang } satisfies RememberedInteraction, {
    ttlSec: REMEMBER_SEC,
  })
}

/** The interaction uid of an interaction or resume path (`/interaction/<uid>/…`, `/auth/<uid>`). */
export function interactionUidOf(path: string): string | undefined {
  const uid = /^\/(?:interaction|auth)\/([^/]+)/.exec(path)?.[1]
  return uid !== undefined && UID.test(uid) ? uid : undefined
}

/** A relying party's home: its registered `client_uri`, else the origin of its first redirect URI. */
function homeOf(metadata: { client_uri?: unknown; redirect_uris?: unknown } | undefined): string | undefined {
  if (!metadata) return undefined
  const candidates = [
    metadata.client_uri,
    Array.isArray(metadata.redirect_uris) ? metadata.redirect_uris[0] : undefined,
  ]
  for (const candidate of candidates) {
    if (typeof candidate !== 'string' || !URL.canParse(candidate)) continue
    const url = new URL(candidate)
    if (url.protocol !== 'https:' && url.protocol !== 'http:') continue
    return candidate === metadata.client_uri ? url.href : `${url.origin}/`
  }
  return undefined
}

/**
 * The way back from a stale link: to the relying party the interaction belonged to, when it is still
 * remembered and registered, else to the provider's home page; and the page's language (`preferred`,
 * i.e. `?lang=`, else the language that interaction used, else the default).
 *
 * @example
 * ```ts
 * const { back, lang } = await wayBackFrom(ctx, req.path, req.query.lang)
 * ```
 */
export async function wayBackFrom(
  ctx: Pick<MockIdpContext, 'storage' | 'options' | 'provider'>,
  path: string,
  preferred: unknown,
): Promise<{ back: WayBack; lang: Lang }> {
  const uid = interactionUidOf(path)
  const remembered = uid ? await ctx.storage.get<RememberedInteraction>(NS, uid) : undefined
  const lang = pickLang([preferred, remembered?.lang], ctx.options.lang)
  const home = { back: { href: '/' }, lang }
  if (!remembered) return home
  // The clients file keeps a dialect client's own redirect URI (the provider registers the facade's).
  const entry: Record<string, unknown> | undefined =
    ctx.options.clients.find((client) => client.client_id === remembered.clientId) ??
    (await ctx.provider().Client.find(remembered.clientId))?.metadata()
  const href = homeOf(entry)
  if (!entry || !href) return home
  return { back: { href, name: clientDisplayName(entry, lang) }, lang }
}

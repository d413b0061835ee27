import { type AttributeName, isAttributeName } from '@dinhdanh/client/schemas'
import type { SyntheticCitizen } from '@dinhdanh/testing'
import type Provider from 'oidc-provider'
import { type Client, errors, type InteractionDetails } from 'oidc-provider'
import { accountProblem, requiredLevel } from '../accounts/sign-in-rules.js'
import { grantConsent } from '../consent/grant-consent.js'
import type { ConsentRecords } from '../consent/records.js'
import type { Logger } from '../logger.js'
import type { Population } from '../population.js'
import type { Storage } from '../storage/storage.js'
import { type Lang, pickLang } from '../views/i18n.js'

/**
 * A decoupled sign-in waiting for the citizen on the phone simulator (`/phone`): what the relying party
 * asked, and the binding message shown on both screens.
 */
export interface PendingBackchannelRequest {
  id: string
  accountId: string
  clientId: string
  clientName: string
  bindingMessage?: string
  scope: string
  purpose?: string
  /** The purpose in English (`purpose#en`), for the phone's English screen. */
  purposeEn?: string
  requiredLevel: 1 | 2
  /** The language the relying party asked for (`ui_locales`), for the consent text recorded. */
  lang: Lang
  createdAt: number
}

interface Dependencies {
  provider: () => Provider
  storage: Storage
  population: Population
  consents: ConsentRecords
  logger: Logger
  now: () => number
  seed: string
  issuer: string
  settings: { autoApprove(): Promise<boolean> }
}

const NS = 'ciba'
const TTL_SEC = 300

/** Whether this citizen could sign in on a phone at all (an active account of level 1 or 2). */
const canApprove = (citizen: SyntheticCitizen | undefined): boolean =>
  citizen !== undefined && accountProblem(citizen, 'en') === undefined

/** The provider's CIBA hooks, and the approve/deny actions of the phone simulator. */
export function backchannelAuthentication(deps: Dependencies) {
  async function approve(
    id: string,
    accountId: string,
    granted?: readonly AttributeName[],
  ): Promise<boolean> {
    const pending = await deps.storage.get<PendingBackchannelRequest>(NS, id)
    if (!pending || pending.accountId !== accountId) return false
    const citizen = deps.population.findByAccountId(accountId)
    const provider = deps.provider()
    if (!canApprove(citizen) || !citizen || citizen.level < pending.requiredLevel) {
      await provider.backchannelResult(id, new errors.AccessDenied('the citizen cannot approve this request'))
      await deps.storage.delete(NS, id)
      return true
    }
    const requested = pending.scope.split(' ').filter(isAttributeName)
    const details = {
      uid: id,
      params: {
        client_id: pending.clientId,
        scope: pending.scope,
        ...(pending.purpose && { purpose: pending.purpose }),
      },
      prompt: { name: 'consent', reasons: [], details: {} },
      exp: pending.createdAt + TTL_SEC,
    } as InteractionDetails
    const record = await grantConsent({
      provider,
      details,
      accountId,
      granted: granted ?? requested,
      shown: requested,
      method: 'ciba',
      lang: pending.lang ?? 'vi',
      seed: deps.seed,
      issuer: deps.issuer,
      scenarios: [],
      now: deps.now(),
      consents: deps.consents,
    })
    await provider.backchannelResult(id, record.grantId, {
      acr: String(citizen.level),
      amr: ['app'],
      authTime: deps.now(),
    })
    await deps.storage.delete(NS, id)
    deps.logger.info({ event: 'ciba_approved', consent: record.id }, 'decoupled sign-in approved')
    return true
  }

  return {
    /**
     * Finding 8 of issue 12: every well-formed personal number is accepted, whatever its account's status
     * (active, pending activation, locked, revoked, none), so `/backchannel` tells no more than the login
     * screen does. A request for a citizen who cannot approve is never shown on a phone: it stays pending
     * until it expires, exactly like one the citizen ignores (and ends in `access_denied` under
     * `--auto-approve`, as the browser sign-in does).
     */
    async processLoginHint(loginHint: string): Promise<string | undefined> {
      const citizen = /^\d{12}$/.test(loginHint) ? deps.population.find(loginHint) : undefined
      return citizen ? deps.population.accountIdOf(loginHint) : undefined
    },
    async trigger(request: { jti: string }, accountId: string, client: Client): Promise<void> {
      const found = await deps
        .provider()
        .BackchannelAuthenticationRequest.find(request.jti, { ignoreExpiration: true })
      const params = (found?.params ?? {}) as Record<string, unknown>
      const pending: PendingBackchannelRequest = {
        id: request.jti,
        accountId,
        clientId: client.clientId,
        clientName: typeof client.clientName === 'string' ? client.clientName : client.clientId,
        ...(typeof params.binding_message === 'string' && { bindingMessage: params.binding_message }),
        scope: typeof params.scope === 'string' ? params.scope : 'openid',
        ...(typeof params.purpose === 'string' && { purpose: params.purpose }),
        ...(typeof params['purpose#en'] === 'string' && { purposeEn: params['purpose#en'] }),
        requiredLevel: requiredLevel(params),
        lang: pickLang([params.ui_locales], 'vi'),
        createdAt: deps.now(),
      }
      await deps.storage.set(NS, pending.id, pending, { ttlSec: TTL_SEC })
      if (canApprove(deps.population.findByAccountId(accountId))) {
        await deps.storage.addToSet('ciba-by-account', accountId, pending.id, { ttlSec: TTL_SEC })
      }
      if (await deps.settings.autoApprove()) {
        // Let oidc-provider finish storing the request before resolving it.
        setImmediate(() => {
          approve(pending.id, accountId).catch((error: unknown) =>
            deps.logger.error({ err: String(error) }, 'ciba auto-approve failed'),
          )
        })
      }
    },
    /** The citizen's pending requests (for the phone simulator). */
    async pendingFor(accountId: string): Promise<PendingBackchannelRequest[]> {
      const ids = await deps.storage.members('ciba-by-account', accountId)
      const all = await Promise.all(ids.map((id) => deps.storage.get<PendingBackchannelRequest>(NS, id)))
      return all.filter((p): p is PendingBackchannelRequest => p !== undefined)
    },
    approve,
    async deny(id: string, accountId: string): Promise<boolean> {
      const pending = await deps.storage.get<PendingBackchannelRequest>(NS, id)
      if (!pending || pending.accountId !== accountId) return false
      await deps.provider().backchannelResult(id, new errors.AccessDenied('the citizen refused on the phone'))
      await deps.storage.delete(NS, id)
      return true
    },
  }
}

import type { AttributeName } from '@dinhdanh/client/schemas'
import type Provider from 'oidc-provider'
import type { InteractionDetails } from 'oidc-provider'
import { grantConsent } from '../../consent/grant-consent.js'
import type { ConsentRecords } from '../../consent/records.js'
import type { Logger } from '../../logger.js'
import type { Population } from '../../population.js'
import type { Scenarios } from '../../scenarios.js'
import type { Storage } from '../../storage/storage.js'
import type { Lang } from '../../views/i18n.js'
import { DialectProblem } from '../explain.js'
import type { DialectClient } from '../registration.js'
import { type ShareStatus, type ShareTransaction, ShareTransactions, shareStatusOf } from './transactions.js'
import { type Schedule, ShareWebhooks } from './webhook.js'

/** What sharing by transaction needs from the mock provider. */
export interface ShareServiceDependencies {
  storage: Storage
  logger: Logger
  population: Population
  consents: ConsentRecords
  scenarios: Scenarios
  /** The oidc-provider instance in use (the consent's grant is made there, as for a sign-in). */
  provider: () => Provider
  /** The dialect clients by `client_id`. */
  clients: ReadonlyMap<string, DialectClient>
  seed: string
  issuer: string
  /** Seconds since the epoch. */
  now: () => number
  /** When webhook retries (and slow results' webhooks) run; tests inject one that does not wait. */
  schedule?: Schedule
}

/** What a relying party asks to share. */
export interface ShareRequest {
  personalId: string
  attributes: AttributeName[]
  purpose: string
  callbackUrl: string
}

/** The result object of the wire (docs/vneid-share.md, "4. The result"). */
export type ShareResultAnswer =
  | { txnId: string; status: 'PENDING' | 'REFUSED' | 'EXPIRED' }
  | {
      txnId: string
      status: 'APPROVED'
      citizenPid: string
      consentId: string
      data: Record<string, unknown>
    }

/** Why the app could not record a decision. */
export type ShareDecisionRefusal = 'gone' | 'not_yours'

/**
 * Sharing data from the VNeID app by transaction, the provider's side: a relying party starts a
 * transaction for a personal number, the citizen approves (per attribute) or refuses it in the phone
 * simulator, and the relying party fetches the result once, or receives it at its webhook. An approval
 * records a consent exactly as a sign-in's consent does (method `app`), so the citizen portal lists it and
 * can withdraw it.
 *
 * @example
 * ```ts
 * const { txnId, expiresIn } = await ctx.share.start(client, { personalId, attributes, purpose, callbackUrl })
 * ```
 */
export class ShareService {
  readonly transactions: ShareTransactions
  readonly webhooks: ShareWebhooks
  readonly clients: ReadonlyMap<string, DialectClient>
  readonly #deps: ShareServiceDependencies
  readonly #schedule: Schedule

  constructor(deps: ShareServiceDependencies) {
    this.#deps = deps
    this.clients = deps.clients
    this.transactions = new ShareTransactions(deps.storage)
    this.webhooks = new ShareWebhooks({
      storage: deps.storage,
      logger: deps.logger,
      now: deps.now,
      ...(deps.schedule && { schedule: deps.schedule }),
    })
    this.#schedule =
      deps.schedule ??
      ((task, ms) => {
        setTimeout(task, ms).unref()
      })
  }

  /**
   * Starts a transaction (the scenarios on now act on it: refused at once, expired at once, app not
   * installed, slow).
   *
   * @example
   * ```ts
   * const started = await share.start(client, request) // { txnId, expiresIn: 300 }
   * ```
   */
  async start(client: DialectClient, request: ShareRequest): Promise<{ txnId: string; expiresIn: number }> {
    const active = await this.#deps.scenarios.list()
    const on = (name: string) => active.some((s) => s.name === name)
    const slow = active.find((s) => s.name === 'share_slow')
    const now = this.#deps.now()
    const refused = on('share_refused')
    const txn = await this.transactions.create({
      clientId: client.clientId,
      clientName: client.clientName,
      personalId: request.personalId,
      attributes: [...new Set(request.attributes)],
      purpose: request.purpose,
      callbackUrl: request.callbackUrl,
      createdAt: now,
      expiresAt: on('share_expired') ? now : now + client.shareTtlSec,
      decision: refused ? 'REFUSED' : 'PENDING',
      ...(refused && { decidedAt: now }),
      refusedAtOnce: refused,
      appNotInstalled: on('app_not_installed'),
      slowSec: slow && 'seconds' in slow ? slow.seconds : 0,
    })
    this.#deps.logger.info({ event: 'share_started', client: client.clientId }, 'share transaction started')
    if (refused) this.#notify(txn)
    return { txnId: txn.txnId, expiresIn: client.shareTtlSec }
  }

  /**
   * The status the transaction answers now.
   *
   * @example
   * ```ts
   * share.statusOf(txn) // 'PENDING'
   * ```
   */
  statusOf(txn: ShareTransaction): ShareStatus {
    return shareStatusOf(txn, this.#deps.now())
  }

  /**
   * The citizen's approval in the app: records the consent (only the ticked attributes among those asked),
   * then the decision, then tells the webhook. `not_yours` when the signed-in citizen is not the one the
   * transaction was started for; `gone` when it is expired, decided or unknown.
   *
   * @example
   * ```ts
   * const outcome = await share.approve(txnId, session.accountId, ['identity'], 'vi')
   * ```
   */
  async approve(
    txnId: string,
    accountId: string,
    ticked: readonly string[],
    lang: Lang,
  ): Promise<ShareTransaction | ShareDecisionRefusal> {
    const txn = await this.#decidable(txnId, accountId)
    if (typeof txn === 'string') return txn
    const granted = txn.attributes.filter((name) => ticked.includes(name))
    const details = {
      uid: txn.txnId,
      params: { client_id: txn.clientId, scope: txn.attributes.join(' '), purpose: txn.purpose },
      prompt: { name: 'consent', reasons: [], details: {} },
      exp: txn.expiresAt,
    } as unknown as InteractionDetails
    // Recorded first: a decision is never visible without its consent record.
    const record = await grantConsent({
      provider: this.#deps.provider(),
      details,
      accountId,
      granted,
      shown: txn.attributes,
      method: 'app',
      lang,
      seed: this.#deps.seed,
      issuer: this.#deps.issuer,
      scenarios: [],
      now: this.#deps.now(),
      consents: this.#deps.consents,
    })
    const decided = await this.transactions.decide(txn, {
      decision: 'APPROVED',
      decidedAt: this.#deps.now(),
      granted,
      consentId: record.id,
    })
    if (!decided) {
      // Another decision came first (a second tab): the consent just recorded stands for nothing.
      await this.#deps.consents.withdraw(record.id, 'admin', this.#deps.now())
      return 'gone'
    }
    this.#deps.logger.info({ event: 'share_approved', consent: record.id }, 'share approved in the app')
    this.#notify(decided)
    return decided
  }

  /**
   * The citizen's refusal in the app.
   *
   * @example
   * ```ts
   * const outcome = await share.refuse(txnId, session.accountId)
   * ```
   */
  async refuse(txnId: string, accountId: string): Promise<ShareTransaction | ShareDecisionRefusal> {
    const txn = await this.#decidable(txnId, accountId)
    if (typeof txn === 'string') return txn
    const decided = await this.transactions.decide(txn, { decision: 'REFUSED', decidedAt: this.#deps.now() })
    if (!decided) return 'gone'
    this.#deps.logger.info({ event: 'share_refused' }, 'share refused in the app')
    this.#notify(decided)
    return decided
  }

  async #decidable(txnId: string, accountId: string): Promise<ShareTransaction | ShareDecisionRefusal> {
    const txn = await this.transactions.get(txnId)
    if (!txn || this.statusOf(txn) !== 'PENDING' || txn.decision !== 'PENDING') return 'gone'
    if (this.#deps.population.accountIdOf(txn.personalId) !== accountId) return 'not_yours'
    return txn
  }

  /**
   * The result answer for the relying party that started the transaction: its status, and for an approved
   * one the data, once. Throws `share_unknown` (404) for an unknown transaction and for another relying
   * party's alike, and `share_already_fetched` (410) on a second fetch of approved data.
   *
   * @example
   * ```ts
   * res.json(await share.result(String(body.txnId), client))
   * ```
   */
  async result(txnId: string, client: DialectClient): Promise<ShareResultAnswer> {
    const txn = await this.transactions.get(txnId)
    if (!txn || txn.clientId !== client.clientId) throw new DialectProblem('share_unknown')
    const status = this.statusOf(txn)
    if (status !== 'APPROVED') return { txnId: txn.txnId, status }
    if (!(await this.transactions.claimFetch(txn))) throw new DialectProblem('share_already_fetched')
    return this.#approvedAnswer(txn)
  }

  /**
   * The approved answer, read from the population now; a consent withdrawn since answers `REFUSED`.
   *
   * The consent is read again once the data is assembled, and nothing is awaited between that last read
   * and the answer: reading the scenarios and the sources takes store round trips (and a slow source
   * waits up to seconds), during which the citizen's withdrawal can commit. Checked only before, such a
   * withdrawal would still let the data leave after it (security review #16, point 5).
   */
  async #approvedAnswer(txn: ShareTransaction): Promise<ShareResultAnswer> {
    const refused = { txnId: txn.txnId, status: 'REFUSED' } as const
    const active = async () =>
      txn.consentId ? (await this.#deps.consents.get(txn.consentId))?.status === 'active' : false
    const citizen = this.#deps.population.find(txn.personalId)
    if (!citizen || !txn.consentId || !(await active())) return refused
    const sources = await this.#deps.scenarios.sources([])
    const data = await this.#deps.population.claims(citizen, txn.granted ?? [], sources)
    if (!(await active())) return refused
    return {
      txnId: txn.txnId,
      status: 'APPROVED',
      citizenPid: txn.personalId,
      consentId: txn.consentId,
      data,
    }
  }

  /** Tells the relying party's webhook, if it registered one (after a slow scenario's delay). */
  #notify(txn: ShareTransaction): void {
    const client = this.clients.get(txn.clientId)
    const webhook = client?.shareWebhook
    if (!webhook) return
    const send = async () => {
      const answer =
        txn.decision === 'APPROVED'
          ? await this.#approvedAnswer(txn)
          : { txnId: txn.txnId, status: txn.decision }
      // Retries re-read the approval, so a withdrawal between attempts stops the data (review, point 5).
      const current = txn.decision === 'APPROVED' ? () => this.#approvedAnswer(txn) : undefined
      await this.webhooks.deliver(webhook, txn.clientId, answer, current)
    }
    const run = () => {
      send().catch((error: unknown) =>
        this.#deps.logger.error(
          { err: error instanceof Error ? error.name : 'error' },
          'share webhook failed',
        ),
      )
    }
    if (txn.decision === 'APPROVED' && txn.slowSec > 0) this.#schedule(run, txn.slowSec * 1000)
    else run()
  }

  /**
   * Cancels pending webhook retries (on shutdown).
   *
   * @example
   * ```ts
   * share.stop()
   * ```
   */
  stop(): void {
    this.webhooks.stop()
  }
}

import { randomBytes } from 'node:crypto'
import { type AttributeName, attributeCatalogue } from '@dinhdanh/client/schemas'
import { http, type RequestHandler } from 'msw'
import { attributeAvailability, claimsFor } from '../population/claims.js'
import type { SyntheticCitizen } from '../population/synthetic-citizen.js'
import type { FakeClock } from './fake-clock.js'
import { type MockShareWebhook, type MockShareWebhookOptions, signedWebhook } from './share-webhook.js'
import {
  badFields,
  badTxnId,
  callbackUnregistered,
  readShareRequest,
  shareError,
  startBodyOf,
  TXN_ID_PATTERN,
} from './share-wire.js'
import { newConsentId } from './token-factories.js'
import type { MockVneidClient } from './vneid-dialect.js'

/** A transaction's answer at the result endpoint. */
type ShareStatus = 'PENDING' | 'APPROVED' | 'REFUSED' | 'EXPIRED'

/**
 * One sharing transaction as the kit holds it, for a test to look at (`vneid.share.transactions()`).
 *
 * @example
 * ```ts
 * const [started]: readonly MockShareTransaction[] = vneid.share.transactions()
 * started.status // 'PENDING'
 * ```
 */
export interface MockShareTransaction {
  readonly txnId: string
  readonly clientId: string
  readonly citizenPid: string
  /** The attributes asked for (each once). */
  readonly attributes: readonly AttributeName[]
  readonly purpose: string
  readonly callbackUrl: string
  /** What the result endpoint answers now. */
  readonly status: ShareStatus
  /** What the citizen ticked, once approved. */
  readonly granted: readonly AttributeName[] | undefined
  readonly consentId: string | undefined
  /** Whether the approved data was fetched (it is given once). */
  readonly fetched: boolean
  /** Epoch seconds of the kit's clock. */
  readonly startedAt: number
  readonly expiresAt: number
}

/**
 * How the citizen answers in the app, for `vneid.share.autoAnswer()`: approve (ticking `attributes`,
 * default every attribute asked), refuse, or let the transaction expire.
 *
 * @example
 * ```ts
 * vneid.share.autoAnswer('approve', { attributes: ['identity', 'portrait'] })
 * ```
 */
export type MockShareDecision = 'approve' | 'refuse' | 'expire'

/**
 * Sharing by transaction in the msw kit (docs/vneid-share.md): the start and result endpoints of the
 * share gateway, and the citizen's side in the app as controls. `approve` and `refuse` return the URL the
 * app sends the citizen's browser to (`<callbackUrl>/<txnId|STATUS>`, URL-encoded).
 *
 * @example
 * ```ts
 * const transaction = await eid.share.start({ personalId, attributes: ['identity', 'portrait'], purpose })
 * const callbackUrl = vneid.share.approve(transaction.txnId)
 * const result = await eid.share.result(transaction)
 * ```
 */
export interface MockVneidShare {
  /** What to configure as `share.endpoints` of the client. */
  readonly endpoints: { start: string; result: string }
  /** What to configure as `share.appLinkBase` (the kit serves no screen there). */
  readonly appLinkBase: string
  /**
   * The citizen approves in the app, ticking `attributes` (default: every attribute asked; others are
   * ignored, and at least one asked for must remain). Returns the callback URL with `|APPROVED`. Throws
   * for an unknown, answered or expired transaction, and for a citizen with no active e-ID account.
   */
  approve(txnId: string, options?: { attributes?: readonly AttributeName[] }): string
  /** The citizen refuses in the app. Returns the callback URL with `|REFUSED`. */
  refuse(txnId: string): string
  /** The transaction expires now, unanswered: the result answers `EXPIRED`. */
  expire(txnId: string): void
  /** Answers every transaction started from now on at once (`undefined`: stop). `reset()` stops it too. */
  autoAnswer(
    decision: MockShareDecision | undefined,
    options?: { attributes?: readonly AttributeName[] },
  ): void
  /** The transactions started so far, oldest first (snapshots). */
  transactions(): readonly MockShareTransaction[]
  /**
   * The signed webhook delivery of an answered (or expired) transaction: the same result the result
   * endpoint gives, without using up the one-time fetch. Signed with the client's `shareWebhook.secret`
   * unless `options.secret`.
   */
  webhook(txnId: string, options?: MockShareWebhookOptions): MockShareWebhook
}

/** What the share part of `mockVneid` needs from it. */
export interface ShareKitContext {
  clients: ReadonlyMap<string, MockVneidClient>
  clock: FakeClock
  endpoints: { start: string; result: string }
  appLinkBase: string
  citizenOf(personalId: string): SyntheticCitizen | undefined
  /** Plain JSON, or the dialect's envelope for a client with a key. */
  answer(client: MockVneidClient, body: Record<string, unknown>): Response
  /**
   * Wraps a share endpoint's handling as the dialect's others: recorded (`vneid.requests('shareStart')`)
   * and open to `vneid.tamper.nextResponse('shareResult', …)`.
   */
  guard(
    endpoint: 'shareStart' | 'shareResult',
    handle: (request: Request) => Promise<Response>,
  ): (info: { request: Request }) => Promise<Response>
}

interface Transaction {
  txnId: string
  clientId: string
  citizenPid: string
  attributes: AttributeName[]
  purpose: string
  callbackUrl: string
  startedAt: number
  expiresAt: number
  decision: 'PENDING' | 'APPROVED' | 'REFUSED'
  granted?: AttributeName[]
  consentId?: string
  fetched: boolean
}

const DEFAULT_TTL_SEC = 300

/** The claims of the granted attributes, a source that is down named in `attribute_errors` (as userinfo). */
function sharedClaims(citizen: SyntheticCitizen, granted: readonly AttributeName[]): Record<string, unknown> {
  const errors: Record<string, { reason: string; source: string }> = {}
  const released: AttributeName[] = []
  for (const attribute of granted) {
    if (attributeAvailability(citizen, attribute) === 'source_unavailable') {
      errors[attribute] = { reason: 'source_unavailable', source: attributeCatalogue[attribute].source }
    } else released.push(attribute)
  }
  const claims = claimsFor(citizen, released)
  if (Object.keys(errors).length > 0) claims.attribute_errors = errors
  return claims
}

const callbackOf = (txn: Transaction, status: 'APPROVED' | 'REFUSED') =>
  `${txn.callbackUrl.replace(/\/+$/, '')}/${encodeURIComponent(`${txn.txnId}|${status}`)}`

/**
 * The share part of `mockVneid`: its handlers, its controls and its reset. Internal.
 *
 * @example
 * ```ts
 * const share = createShareKit({ clients, clock, endpoints, appLinkBase, citizenOf, answer, guard })
 * ```
 */
export function createShareKit(context: ShareKitContext): {
  handlers: RequestHandler[]
  controls: MockVneidShare
  reset(): void
} {
  const { clock } = context
  for (const client of context.clients.values()) {
    const webhook = client.shareWebhook
    if (webhook && (!URL.canParse(webhook.url) || webhook.secret.length < 32)) {
      throw new TypeError(
        `client ${client.clientId}: expected shareWebhook as { url (absolute), secret (32+ characters) }`,
      )
    }
  }
  const transactions = new Map<string, Transaction>()
  const seenRequestIds = new Set<string>()
  let auto: { decision: MockShareDecision; attributes?: readonly AttributeName[] } | undefined
  const wire = { clients: context.clients, clock, seenRequestIds }

  const statusOf = (txn: Transaction): ShareStatus =>
    txn.decision === 'PENDING' && clock.now() >= txn.expiresAt ? 'EXPIRED' : txn.decision

  /** The result object of the wire; an approved one reads the data now (a fetch does not happen here). */
  function resultOf(txn: Transaction): Record<string, unknown> {
    const status = statusOf(txn)
    const citizen = context.citizenOf(txn.citizenPid)
    if (status !== 'APPROVED' || !citizen) return { txnId: txn.txnId, status }
    const data = sharedClaims(citizen, txn.granted ?? [])
    return { txnId: txn.txnId, status, citizenPid: txn.citizenPid, consentId: txn.consentId, data }
  }

  function pending(txnId: string): Transaction {
    const txn = transactions.get(txnId)
    if (!txn) throw new RangeError('no share transaction with this txnId was started')
    if (statusOf(txn) !== 'PENDING') {
      throw new RangeError(`this share transaction is ${statusOf(txn)}: the app cannot answer it any more`)
    }
    return txn
  }

  function approve(txnId: string, options: { attributes?: readonly AttributeName[] } = {}): string {
    const txn = pending(txnId)
    const citizen = context.citizenOf(txn.citizenPid)
    if (!citizen || citizen.level === 0 || citizen.account.status !== 'active') {
      throw new RangeError('this citizen has no active e-ID account: nobody can approve in the app')
    }
    const ticked = options.attributes ?? txn.attributes
    const granted = txn.attributes.filter((name) => ticked.includes(name))
    if (granted.length === 0) {
      throw new RangeError('an approval shares at least one attribute asked for; to share nothing, refuse')
    }
    Object.assign(txn, { decision: 'APPROVED', granted, consentId: newConsentId() })
    return callbackOf(txn, 'APPROVED')
  }

  function refuse(txnId: string): string {
    const txn = pending(txnId)
    txn.decision = 'REFUSED'
    return callbackOf(txn, 'REFUSED')
  }

  function expire(txnId: string): void {
    pending(txnId).expiresAt = clock.now()
  }

  async function start(request: Request): Promise<Response> {
    const read = await readShareRequest(wire, request)
    if (read instanceof Response) return read
    const { client } = read
    const body = startBodyOf(read.body)
    if (Array.isArray(body)) return badFields(body)
    const registered = client.shareCallbackUris
    if (registered !== undefined && !registered.includes(body.callbackUrl)) return callbackUnregistered()
    if (!context.citizenOf(body.citizenPid)) return badFields(['citizenPid'])
    const expiresIn = client.shareTtlSec ?? DEFAULT_TTL_SEC
    const now = clock.now()
    const txn: Transaction = {
      txnId: randomBytes(24).toString('base64url'),
      clientId: client.clientId,
      ...body,
      startedAt: now,
      expiresAt: now + expiresIn,
      decision: 'PENDING',
      fetched: false,
    }
    transactions.set(txn.txnId, txn)
    if (auto?.decision === 'approve') {
      try {
        approve(txn.txnId, auto.attributes ? { attributes: auto.attributes } : {})
      } catch {
        // Nobody can approve (no active account, nothing asked ticked): it stays pending, as in the app.
      }
    } else if (auto?.decision === 'refuse') refuse(txn.txnId)
    else if (auto?.decision === 'expire') expire(txn.txnId)
    return context.answer(client, { txnId: txn.txnId, expiresIn })
  }

  async function result(request: Request): Promise<Response> {
    const read = await readShareRequest(wire, request)
    if (read instanceof Response) return read
    const { client } = read
    const { txnId } = read.body
    if (typeof txnId !== 'string' || !TXN_ID_PATTERN.test(txnId)) return badTxnId()
    const txn = transactions.get(txnId)
    // Unknown and another relying party's answer alike: a txnId reveals nothing to a stranger.
    if (!txn || txn.clientId !== client.clientId) {
      return shareError(404, 'unknown_transaction', 'no transaction with this txnId for this client')
    }
    if (statusOf(txn) === 'APPROVED') {
      if (txn.fetched) {
        return shareError(
          410,
          'already_fetched',
          'the data of this transaction is given once: it was fetched',
        )
      }
      txn.fetched = true
    }
    return context.answer(client, resultOf(txn))
  }

  const controls: MockVneidShare = {
    endpoints: { ...context.endpoints },
    appLinkBase: context.appLinkBase,
    approve,
    refuse,
    expire,
    autoAnswer(decision, options = {}) {
      auto = decision === undefined ? undefined : { decision, ...options }
    },
    transactions: () =>
      [...transactions.values()].map((txn) => ({
        txnId: txn.txnId,
        clientId: txn.clientId,
        citizenPid: txn.citizenPid,
        attributes: [...txn.attributes],
        purpose: txn.purpose,
        callbackUrl: txn.callbackUrl,
        status: statusOf(txn),
        granted: txn.granted && [...txn.granted],
        consentId: txn.consentId,
        fetched: txn.fetched,
        startedAt: txn.startedAt,
        expiresAt: txn.expiresAt,
      })),
    webhook(txnId, options = {}) {
      const txn = transactions.get(txnId)
      if (!txn) throw new RangeError('no share transaction with this txnId was started')
      if (statusOf(txn) === 'PENDING') {
        throw new RangeError('the gateway sends a webhook once the transaction is answered (or expired)')
      }
      const configured = context.clients.get(txn.clientId)?.shareWebhook
      const secret = options.secret ?? configured?.secret
      if (secret === undefined) {
        throw new TypeError('expected the webhook secret: give options.secret, or shareWebhook to the client')
      }
      return signedWebhook(
        resultOf(txn),
        secret,
        options.url ?? configured?.url,
        options.timestamp ?? clock.now(),
      )
    },
  }

  return {
    handlers: [
      http.all(context.endpoints.start, context.guard('shareStart', start)),
      http.all(context.endpoints.result, context.guard('shareResult', result)),
    ],
    controls,
    reset() {
      transactions.clear()
      seenRequestIds.clear()
      auto = undefined
    },
  }
}

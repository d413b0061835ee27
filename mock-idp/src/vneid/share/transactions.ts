import { randomBytes } from 'node:crypto'
import type { AttributeName } from '@dinhdanh/client/schemas'
import type { Storage } from '../../storage/storage.js'

/** A transaction's answer at the result endpoint (docs/vneid-share.md, "4. The result"). */
export type ShareStatus = 'PENDING' | 'APPROVED' | 'REFUSED' | 'EXPIRED'

/**
 * One sharing transaction, as kept in the shared store (every process of the mock sees it). It holds the
 * personal number it was started for, never the shared data: that is read from the population when the
 * relying party fetches it.
 */
export interface ShareTransaction {
  txnId: string
  clientId: string
  clientName: string
  personalId: string
  attributes: AttributeName[]
  purpose: string
  callbackUrl: string
  /** Seconds since the epoch. */
  createdAt: number
  expiresAt: number
  /** The decision; `EXPIRED` is derived from `expiresAt`, never stored. */
  decision: 'PENDING' | 'APPROVED' | 'REFUSED'
  decidedAt?: number
  /** What the citizen ticked, when approved. */
  granted?: AttributeName[]
  consentId?: string
  /** Scenario `share_refused`: the app refused at once; its link sends the citizen back with `REFUSED`. */
  refusedAtOnce: boolean
  /** Scenario `app_not_installed`: the app link shows "install VNeID". */
  appNotInstalled: boolean
  /** Scenario `share_slow`: an approval shows as `PENDING` for this many seconds. */
  slowSec: number
}

/** The shape of a transaction id: opaque, 32 URL-safe characters (within the wire's `[A-Za-z0-9._~-]`). */
export const TXN_ID_PATTERN = /^[A-Za-z0-9._~-]{1,128}$/

const NS = 'share-txn'
const DECISION_NS = 'share-decision'
const FETCHED_NS = 'share-fetched'
/** How long a transaction is kept after it expires, so its result answers `EXPIRED` rather than 404. */
const KEPT_AFTER_EXPIRY_SEC = 3600

/**
 * The status a transaction answers now: `EXPIRED` once pending past its expiry, `PENDING` while a slow
 * approval is not visible yet.
 *
 * @example
 * ```ts
 * if (shareStatusOf(txn, now()) !== 'PENDING') showGonePage()
 * ```
 */
export function shareStatusOf(txn: ShareTransaction, now: number): ShareStatus {
  if (txn.decision === 'PENDING') return now >= txn.expiresAt ? 'EXPIRED' : 'PENDING'
  if (txn.decision === 'APPROVED' && now < (txn.decidedAt ?? 0) + txn.slowSec) return 'PENDING'
  return txn.decision
}

/**
 * The sharing transactions in the shared store, with the two things that must happen once even between
 * processes: the decision (approve or refuse) and the fetch of an approved result.
 *
 * @example
 * ```ts
 * const transactions = new ShareTransactions(ctx.storage)
 * const txn = await transactions.get(txnId)
 * ```
 */
export class ShareTransactions {
  readonly #storage: Storage

  constructor(storage: Storage) {
    this.#storage = storage
  }

  /**
   * Stores a new transaction under a fresh id.
   *
   * @example
   * ```ts
   * const txn = await transactions.create({ ...fields, decision: 'PENDING' })
   * ```
   */
  async create(fields: Omit<ShareTransaction, 'txnId'>): Promise<ShareTransaction> {
    const txn: ShareTransaction = { txnId: randomBytes(24).toString('base64url'), ...fields }
    // Decided from the start (scenario share_refused): no later decision may change it.
    if (txn.decision !== 'PENDING')
      await this.#storage.set(DECISION_NS, txn.txnId, true, { ttlSec: this.#keep(txn) })
    await this.#storage.set(NS, txn.txnId, txn, { ttlSec: this.#keep(txn) })
    return txn
  }

  /**
   * The transaction with this id, or `undefined` (unknown, malformed, or long gone).
   *
   * @example
   * ```ts
   * const txn = await transactions.get(String(req.params.txnId))
   * ```
   */
  get(txnId: string): Promise<ShareTransaction | undefined> {
    if (!TXN_ID_PATTERN.test(txnId)) return Promise.resolve(undefined)
    return this.#storage.get<ShareTransaction>(NS, txnId)
  }

  /**
   * Records the decision if none was recorded yet (exactly one wins, across processes); returns the
   * updated transaction, or `undefined` when another decision came first.
   *
   * @example
   * ```ts
   * const decided = await transactions.decide(txn, { decision: 'REFUSED', decidedAt: now() })
   * ```
   */
  async decide(
    txn: ShareTransaction,
    decision: Pick<ShareTransaction, 'decision' | 'decidedAt' | 'granted' | 'consentId'>,
  ): Promise<ShareTransaction | undefined> {
    if (!(await this.#storage.setIfAbsent(DECISION_NS, txn.txnId, true, { ttlSec: this.#keep(txn) }))) {
      return undefined
    }
    const updated: ShareTransaction = { ...txn, ...decision }
    await this.#storage.set(NS, txn.txnId, updated, { ttlSec: this.#keep(txn) })
    return updated
  }

  /**
   * Whether this is the first fetch of the transaction's data (the data is given once).
   *
   * @example
   * ```ts
   * if (!(await transactions.claimFetch(txn))) throw new DialectProblem('share_already_fetched')
   * ```
   */
  claimFetch(txn: ShareTransaction): Promise<boolean> {
    return this.#storage.setIfAbsent(FETCHED_NS, txn.txnId, true, { ttlSec: this.#keep(txn) })
  }

  #keep(txn: ShareTransaction): number {
    return Math.max(1, txn.expiresAt - txn.createdAt) + KEPT_AFTER_EXPIRY_SEC
  }
}

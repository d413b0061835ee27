import { randomBytes, randomInt } from 'node:crypto'
import type { Storage } from '../storage/storage.js'

/** A QR sign-in: the interaction waiting for it, and the phone's decision once there is one. */
export interface QrSignIn {
  uid: string
  clientId: string
  clientName: string
  createdAt: number
  /**
   * A short code (two digits) the browser shows next to the QR code and the phone shows at approval, so
   * the citizen can see the request is their own (finding 5 of issue 12).
   */
  matchCode: string
  approvedBy?: string
  /** When the approving phone's citizen last proved passcode and one-time code (the `auth_time` sent). */
  authTime?: number
  rejectedBy?: string
}

/** What the login page's poll sees. `rejected`: the citizen refused on the phone. */
export type QrStatus = 'pending' | 'approved' | 'rejected' | 'expired'

const NS = 'qr'
const BY_INTERACTION = 'qr-by-interaction'
const BY_ACCOUNT = 'qr-by-account'
const DECISION = 'qr-decision'
/** A QR code lives five minutes. */
export const QR_TTL_SEC = 300
const QR_ID = /^[\w-]{22}$/

/**
 * The QR sign-ins in the shared store (so the login page and the phone may be served by different
 * processes): created by the login page, decided once on the phone, consumed once by the login page.
 *
 * @example
 * ```ts
 * const qr = new QrSignIns(storage, now)
 * const id = await qr.create({ uid, clientId, clientName })
 * await qr.decide(id, accountId, 'approve')
 * ```
 */
export class QrSignIns {
  readonly #storage: Storage
  readonly #now: () => number

  constructor(storage: Storage, now: () => number) {
    this.#storage = storage
    this.#now = now
  }

  #remaining(record: QrSignIn): number {
    return record.createdAt + QR_TTL_SEC - this.#now()
  }

  /** A new code for an interaction; it replaces the interaction's previous code. */
  async create(input: Pick<QrSignIn, 'uid' | 'clientId' | 'clientName'>): Promise<string> {
    const previous = await this.#storage.get<string>(BY_INTERACTION, input.uid)
    if (previous) await this.#storage.delete(NS, previous)
    const id = randomBytes(16).toString('base64url')
    const matchCode = String(randomInt(10, 100))
    const record: QrSignIn = { ...input, createdAt: this.#now(), matchCode }
    await this.#storage.set(NS, id, record, { ttlSec: QR_TTL_SEC })
    await this.#storage.set(BY_INTERACTION, input.uid, id, { ttlSec: QR_TTL_SEC })
    return id
  }

  /** A live (unexpired, unconsumed) QR sign-in. */
  async get(id: string): Promise<QrSignIn | undefined> {
    if (!QR_ID.test(id)) return undefined
    const record = await this.#storage.get<QrSignIn>(NS, id)
    return record && this.#remaining(record) > 0 ? record : undefined
  }

  /** The interaction's current code and its record, if still live. */
  async forInteraction(uid: string): Promise<{ id: string; record: QrSignIn } | undefined> {
    const id = await this.#storage.get<string>(BY_INTERACTION, uid)
    const record = id ? await this.get(id) : undefined
    return id && record?.uid === uid ? { id, record } : undefined
  }

  status(record: QrSignIn | undefined): QrStatus {
    if (!record) return 'expired'
    if (record.approvedBy) return 'approved'
    if (record.rejectedBy) return 'rejected'
    return 'pending'
  }

  /** Remembers that this citizen's phone has the code open (the phone lists it until decided). */
  async remember(id: string, accountId: string): Promise<void> {
    const record = await this.get(id)
    if (record) await this.#storage.addToSet(BY_ACCOUNT, accountId, id, { ttlSec: this.#remaining(record) })
  }

  /** Codes this citizen's phone opened and has not decided yet. */
  async pendingFor(accountId: string): Promise<Array<{ id: string; record: QrSignIn }>> {
    const ids = await this.#storage.members(BY_ACCOUNT, accountId)
    const found = await Promise.all(ids.map(async (id) => ({ id, record: await this.get(id) })))
    return found.filter(
      (entry): entry is { id: string; record: QrSignIn } => this.status(entry.record) === 'pending',
    )
  }

  /**
   * The phone's decision; only the first one counts (atomic across processes). `authTime`: when the
   * phone's citizen signed in with passcode and one-time code.
   */
  async decide(
    id: string,
    accountId: string,
    decision: 'approve' | 'reject',
    authTime: number,
  ): Promise<boolean> {
    const record = await this.get(id)
    if (!record || this.status(record) !== 'pending') return false
    const ttlSec = this.#remaining(record)
    if (!(await this.#storage.setIfAbsent(DECISION, id, { accountId, decision }, { ttlSec }))) return false
    const decided: QrSignIn =
      decision === 'approve'
        ? { ...record, approvedBy: accountId, authTime }
        : { ...record, rejectedBy: accountId }
    await this.#storage.set(NS, id, decided, { ttlSec })
    await this.#storage.removeFromSet(BY_ACCOUNT, accountId, id)
    return true
  }

  /** Takes the decided code out of the store; true only for the first caller (single use). */
  async consume(id: string, uid: string): Promise<boolean> {
    const consumed = await this.#storage.delete(NS, id)
    await this.#storage.delete(BY_INTERACTION, uid)
    return consumed
  }
}

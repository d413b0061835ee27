import { createHash, randomBytes } from 'node:crypto'
import type { AttributeName } from '@dinhdanh/client/schemas'
import type { Storage } from '../storage/storage.js'

/** How consent was given. */
export type ConsentMethod = 'web' | 'app' | 'ciba' | 'auto_approve'

/**
 * One consent: a citizen, a relying party, a purpose, the attributes granted, when, how, and the exact
 * text shown (Decree 13/2023 art. 11, Decree 356/2025). Stored as given, withdrawn in place.
 */
export interface ConsentRecord {
  id: string
  /** The citizen's personal ID number: internal, never sent to a relying party. */
  accountId: string
  /** The citizen's `sub` at this relying party (pairwise). */
  sub: string
  clientId: string
  clientName: string
  purpose: string
  attributes: AttributeName[]
  status: 'active' | 'withdrawn'
  method: ConsentMethod
  textShown: string
  lang: 'vi' | 'en'
  grantedAt: number
  withdrawnAt?: number
  withdrawnBy?: 'citizen' | 'relying_party' | 'admin'
  grantId: string
  /** Scenario names active when the consent was given (e.g. a source that stays down for this grant). */
  scenarios: string[]
}

const NS = 'consent'
const BY_ACCOUNT = 'consent-by-account'
const BY_CLIENT = 'consent-by-client'
const BY_GRANT = 'consent-by-grant'
/** A withdrawal marker this old on a still-active record belongs to a process that died mid-withdrawal. */
const STALE_WITHDRAWAL_SEC = 30

/** A new consent id: `c_` and 20 URL-safe random characters. */
export function newConsentId(): string {
  return `c_${randomBytes(15).toString('base64url')}`
}

/** base64url SHA-256 of the consent text, as carried by the receipt. */
export function textDigest(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('base64url')
}

/** The consent records, kept in the shared {@link Storage}. */
export class ConsentRecords {
  readonly #storage: Storage

  constructor(storage: Storage) {
    this.#storage = storage
  }

  async save(record: ConsentRecord): Promise<void> {
    // The indexes first, the record last: a process killed in between leaves index entries that point at
    // nothing (readers skip them), never a record that no listing finds.
    await Promise.all([
      this.#storage.addToSet(BY_ACCOUNT, record.accountId, record.id),
      this.#storage.addToSet(BY_CLIENT, record.clientId, record.id),
      this.#storage.set(BY_GRANT, record.grantId, record.id),
    ])
    await this.#storage.set(NS, record.id, record)
  }

  get(id: string): Promise<ConsentRecord | undefined> {
    return this.#storage.get<ConsentRecord>(NS, id)
  }

  async forGrant(grantId: string): Promise<ConsentRecord | undefined> {
    const id = await this.#storage.get<string>(BY_GRANT, grantId)
    return id ? this.get(id) : undefined
  }

  async #many(ids: string[]): Promise<ConsentRecord[]> {
    const records = await Promise.all(ids.map((id) => this.get(id)))
    return records
      .filter((r): r is ConsentRecord => r !== undefined)
      .sort((a, b) => b.grantedAt - a.grantedAt)
  }

  async forAccount(accountId: string): Promise<ConsentRecord[]> {
    return this.#many(await this.#storage.members(BY_ACCOUNT, accountId))
  }

  async forClient(clientId: string): Promise<ConsentRecord[]> {
    return this.#many(await this.#storage.members(BY_CLIENT, clientId))
  }

  /** Marks a consent withdrawn; returns the updated record, or undefined if it was not active. */
  async withdraw(
    id: string,
    by: NonNullable<ConsentRecord['withdrawnBy']>,
    now: number,
  ): Promise<ConsentRecord | undefined> {
    const record = await this.get(id)
    if (record?.status !== 'active') return undefined
    // Exactly one withdrawal wins, even between processes sharing the store.
    let withdrawnAt = now
    if (!(await this.#storage.setIfAbsent('consent-withdrawal', id, now))) {
      // Another withdrawal holds the marker. Still active long after: its process died between the marker
      // and the record (kill -9). One repair (again exactly one) finishes it, so it is not stuck active.
      const markedAt = await this.#storage.get<number>('consent-withdrawal', id)
      const stale = markedAt !== undefined && now - markedAt >= STALE_WITHDRAWAL_SEC
      if (!stale || !(await this.#storage.setIfAbsent('consent-withdrawal-repair', id, now))) return undefined
      withdrawnAt = markedAt
    }
    const updated: ConsentRecord = { ...record, status: 'withdrawn', withdrawnAt, withdrawnBy: by }
    await this.#storage.set(NS, id, updated)
    return updated
  }
}

/**
 * The server-side sessions of "share from the VNeID app": a random cookie names a record in this
 * process's memory that holds the customer's form token, the personal number they typed, the share
 * transaction (a bearer reference to their data: never in the cookie, never in a page) and, once
 * approved, what was shared until the face match is done. Records expire; nothing here is written to
 * disk or logged.
 */
import { randomBytes } from 'node:crypto'
import type { AttributeName, ShareResult, ShareTransaction } from '@dinhdanh/client'
import { readCookie, sameSecret } from 'dinhdanh-example-shared'
import type { Request, Response } from 'express'

/** The attributes account opening asks the app for (src/purposes.ts). */
export type ShareAttributes = readonly AttributeName[]

/** Where a sharing stands, as far as the bank knows. */
export type ShareStage =
  /** Started; the citizen has not answered (or the bank has not asked since). */
  | { kind: 'waiting' }
  | { kind: 'refused' }
  | { kind: 'expired' }
  /** The data arrived (by the result endpoint or the webhook), until the face match. */
  | { kind: 'approved'; result: ShareResult<ShareAttributes>; receivedBy: 'result' | 'webhook' }

/** One customer's share session. */
export interface ShareSession {
  readonly id: string
  /** The token of this session's forms (the visitor is not signed in: no adapter token). */
  readonly csrf: string
  readonly createdAt: number
  transaction: ShareTransaction<ShareAttributes> | undefined
  stage: ShareStage
  /** The gateway request of this session in flight (one at a time: the data is given once). */
  inflight?: Promise<ShareStage> | undefined
}

/** How long a share session lives (the gateway's transaction lives 5 minutes; the face match follows). */
export const SHARE_SESSION_TTL_MS = 20 * 60 * 1000
/** At most this many sessions in memory; the oldest go first. */
const MAX_SESSIONS = 10_000
const COOKIE = 'bank_share'

/**
 * The share sessions of this process, by cookie and by transaction id (for the webhook).
 *
 * @example
 * ```ts
 * const session = sessions.ensure(req, res)
 * session.transaction = await eid.share.start({ personalId, attributes, purpose })
 * sessions.bind(session)
 * ```
 */
export class ShareSessions {
  readonly #byId = new Map<string, ShareSession>()
  readonly #byTxn = new Map<string, string>()
  readonly #secure: boolean
  readonly #now: () => number

  constructor(options: { secureCookie: boolean; now?: () => number }) {
    this.#secure = options.secureCookie
    this.#now = options.now ?? Date.now
  }

  #sweep(): void {
    const oldest = this.#now() - SHARE_SESSION_TTL_MS
    for (const session of this.#byId.values()) {
      if (session.createdAt > oldest && this.#byId.size <= MAX_SESSIONS) break
      this.end(session)
    }
  }

  /** The request's session, when its cookie names a live one. */
  of(req: Request): ShareSession | undefined {
    this.#sweep()
    const id = readCookie(req, COOKIE)
    return id === undefined ? undefined : this.#byId.get(id)
  }

  /** The request's session, or a new one (with its cookie) when it has none. */
  ensure(req: Request, res: Response): ShareSession {
    const existing = this.of(req)
    if (existing) return existing
    const session: ShareSession = {
      id: randomBytes(32).toString('base64url'),
      csrf: randomBytes(24).toString('base64url'),
      createdAt: this.#now(),
      transaction: undefined,
      stage: { kind: 'waiting' },
    }
    this.#byId.set(session.id, session)
    res.cookie(COOKIE, session.id, {
      path: '/',
      httpOnly: true,
      // Lax: the app's callback is a top-level navigation from the provider's site, which must carry it.
      sameSite: 'lax',
      secure: this.#secure,
      maxAge: SHARE_SESSION_TTL_MS,
    })
    return session
  }

  /** Whether a form's `_csrf` is this session's token. */
  formValid(req: Request, session: ShareSession): boolean {
    return sameSecret(req.body?._csrf, session.csrf)
  }

  /** Records a started transaction (replacing an earlier one of the session), findable by its id. */
  begin(session: ShareSession, transaction: ShareTransaction<ShareAttributes>): void {
    if (session.transaction) this.#byTxn.delete(session.transaction.txnId)
    session.transaction = transaction
    session.stage = { kind: 'waiting' }
    this.#byTxn.set(transaction.txnId, session.id)
  }

  /** The session that started this transaction (for the webhook, which carries no cookie). */
  byTxn(txnId: string): ShareSession | undefined {
    this.#sweep()
    const id = this.#byTxn.get(txnId)
    return id === undefined ? undefined : this.#byId.get(id)
  }

  /** Forgets a session and everything it held (the shared data and the portrait with it). */
  end(session: ShareSession): void {
    this.#byId.delete(session.id)
    if (session.transaction) this.#byTxn.delete(session.transaction.txnId)
    session.transaction = undefined
    session.stage = { kind: 'waiting' }
  }

  /** How many sessions are live (tests). */
  get size(): number {
    return this.#byId.size
  }
}

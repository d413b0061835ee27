/**
 * The server-side sessions of "share from the VNeID app": a random cookie names a record in this
 * process's memory that holds the session's form token, the share transaction (a bearer reference to
 * the customer's data: never in the cookie, never in a page) and, once approved, what was shared until the
 * face match is done. Records expire; nothing here is written to disk or logged.
 *
 * A session exists only from a start (the POST of the start form): showing the form creates nothing
 * server-side (its token is a signed double-submit pair, {@link ShareSessions.startForm}), so anonymous
 * GETs cannot fill the memory. Every start gets a new session cookie (no fixation), no session holding a
 * transaction is ever evicted (a start waits for room instead), and starts are limited per browser, per
 * client IP and per personal number (src/share/limits.ts).
 */
import { createHmac, randomBytes } from 'node:crypto'
import type { AttributeName, ShareResult, ShareTransaction } from '@dinhdanh/client'
import { readCookie, sameSecret } from 'dinhdanh-example-shared'
import type { Request, Response } from 'express'
import { DEFAULT_SHARE_LIMITS, type ShareLimits, WindowCounter } from './limits.js'

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

/** One customer's share session (one started transaction). */
export interface ShareSession {
  readonly id: string
  /** The token of this session's forms (the visitor is not signed in: no adapter token). */
  readonly csrf: string
  readonly createdAt: number
  /** Sharings started by this browser so far, this one included (carried over from the session before). */
  readonly starts: number
  /** The client IP that started it (for the per-IP cap of live sessions; memory only). */
  readonly ip: string
  transaction: ShareTransaction<ShareAttributes> | undefined
  stage: ShareStage
  /** The gateway request of this session in flight (one at a time: the data is given once). */
  inflight?: Promise<ShareStage> | undefined
}

/** Why a start may not happen now. */
export type StartRefusal =
  /** Over a limit (this browser, this IP or this personal number): try again later. */
  | 'too_many'
  /** No room for another live session (in all, or for this IP): try again later. */
  | 'busy'

/** How long a share session lives (the gateway's transaction lives 5 minutes; the face match follows). */
export const SHARE_SESSION_TTL_MS = 20 * 60 * 1000
/** How long the start form's token is good for. */
const FORM_TTL_MS = 30 * 60 * 1000
const COOKIE = 'bank_share'
const FORM_COOKIE = 'bank_share_form'
const FORM_PATH = '/open-account/share'

/**
 * The share sessions of this process, by cookie and by transaction id (for the webhook).
 *
 * @example
 * ```ts
 * const token = sessions.startForm(res) // the GET's form
 * if (!sessions.startFormValid(req)) return refuse() // the POST
 * const refusal = sessions.admit(req, personalId) // 'too_many' | 'busy' | undefined
 * const session = sessions.start(req, res, await eid.share.start({ personalId, attributes, purpose }))
 * ```
 */
export class ShareSessions {
  readonly #byId = new Map<string, ShareSession>()
  readonly #byTxn = new Map<string, string>()
  readonly #liveByIp = new Map<string, number>()
  readonly #secure: boolean
  readonly #now: () => number
  readonly #limits: ShareLimits
  readonly #perIp: WindowCounter
  readonly #perPersonalId: WindowCounter
  /** Signs the start form's token (per process: a restart only asks for the form again). */
  readonly #formKey = randomBytes(32)

  constructor(options: { secureCookie: boolean; now?: () => number; limits?: Partial<ShareLimits> }) {
    this.#secure = options.secureCookie
    this.#now = options.now ?? Date.now
    this.#limits = { ...DEFAULT_SHARE_LIMITS, ...options.limits }
    const window = { windowMs: this.#limits.windowMs, maxKeys: this.#limits.maxKeys, now: this.#now }
    this.#perIp = new WindowCounter({ ...window, limit: this.#limits.perIp })
    this.#perPersonalId = new WindowCounter({ ...window, limit: this.#limits.perPersonalId })
  }

  /** Forgets expired sessions only (a live one holds a transaction: it is never evicted). */
  #sweep(): void {
    const oldest = this.#now() - SHARE_SESSION_TTL_MS
    for (const session of this.#byId.values()) {
      if (session.createdAt > oldest) break
      this.end(session)
    }
  }

  #formMac(nonce: string, expiresAt: number): string {
    return createHmac('sha256', this.#formKey).update(`${nonce}.${expiresAt}`).digest('base64url')
  }

  /**
   * The start form's token: a random nonce in a short-lived HttpOnly, SameSite=Strict cookie, and in the
   * form its expiry with an HMAC over both (a signed double submit). Nothing is kept server-side.
   */
  startForm(res: Response): string {
    const nonce = randomBytes(24).toString('base64url')
    const expiresAt = this.#now() + FORM_TTL_MS
    res.cookie(FORM_COOKIE, nonce, {
      path: FORM_PATH,
      httpOnly: true,
      sameSite: 'strict',
      secure: this.#secure,
      maxAge: FORM_TTL_MS,
    })
    return `${expiresAt}.${this.#formMac(nonce, expiresAt)}`
  }

  /** Whether a start form's `_csrf` goes with this browser's form cookie, and is not expired. */
  startFormValid(req: Request): boolean {
    const nonce = readCookie(req, FORM_COOKIE)
    const sent = req.body?._csrf
    if (!nonce || typeof sent !== 'string') return false
    const match = /^(\d{1,15})\.([A-Za-z0-9_-]{43})$/.exec(sent)
    if (!match) return false
    const expiresAt = Number(match[1])
    const now = this.#now()
    if (expiresAt <= now || expiresAt > now + FORM_TTL_MS) return false
    return sameSecret(match[2], this.#formMac(nonce, expiresAt))
  }

  /** The request's session, when its cookie names a live one. */
  of(req: Request): ShareSession | undefined {
    this.#sweep()
    const id = readCookie(req, COOKIE)
    return id === undefined ? undefined : this.#byId.get(id)
  }

  /**
   * Whether a start for `personalId` may go to the gateway now; counts it when it may (the limits count
   * attempts, whatever the gateway answers). `undefined`: go ahead.
   */
  admit(req: Request, personalId: string): StartRefusal | undefined {
    this.#sweep()
    const ip = clientIp(req)
    const previous = this.of(req)
    if (this.#byId.size - (previous ? 1 : 0) >= this.#limits.maxSessions) return 'busy'
    const live = (this.#liveByIp.get(ip) ?? 0) - (previous?.ip === ip ? 1 : 0)
    if (live >= this.#limits.liveSessionsPerIp) return 'busy'
    if ((previous?.starts ?? 0) >= this.#limits.perSession) return 'too_many'
    // Both must allow before either counts: a refused attempt uses up neither.
    if (!this.#perIp.allows(ip) || !this.#perPersonalId.allows(personalId)) return 'too_many'
    this.#perIp.take(ip)
    this.#perPersonalId.take(personalId)
    return undefined
  }

  /**
   * Records a started transaction in a new session with a new cookie and a new form token (the session
   * the request came with, if any, is ended: a cookie planted before the start names nothing after it).
   */
  start(req: Request, res: Response, transaction: ShareTransaction<ShareAttributes>): ShareSession {
    const previous = this.of(req)
    if (previous) this.end(previous)
    const session: ShareSession = {
      id: randomBytes(32).toString('base64url'),
      csrf: randomBytes(24).toString('base64url'),
      createdAt: this.#now(),
      starts: (previous?.starts ?? 0) + 1,
      ip: clientIp(req),
      transaction,
      stage: { kind: 'waiting' },
    }
    this.#byId.set(session.id, session)
    this.#byTxn.set(transaction.txnId, session.id)
    this.#liveByIp.set(session.ip, (this.#liveByIp.get(session.ip) ?? 0) + 1)
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

  /** The session that started this transaction (for the webhook, which carries no cookie). */
  byTxn(txnId: string): ShareSession | undefined {
    this.#sweep()
    const id = this.#byTxn.get(txnId)
    return id === undefined ? undefined : this.#byId.get(id)
  }

  /** Forgets a session and everything it held (the shared data and the portrait with it). */
  end(session: ShareSession): void {
    if (this.#byId.delete(session.id)) {
      const live = (this.#liveByIp.get(session.ip) ?? 1) - 1
      if (live > 0) this.#liveByIp.set(session.ip, live)
      else this.#liveByIp.delete(session.ip)
    }
    if (session.transaction) this.#byTxn.delete(session.transaction.txnId)
    session.transaction = undefined
    session.stage = { kind: 'waiting' }
  }

  /** How many sessions are live (tests). */
  get size(): number {
    return this.#byId.size
  }
}

/**
 * The client's address as Express sees it (the socket's, unless the app trusts a proxy): the key of the
 * per-IP limits. IPv6 addresses count per /64, which one household or host usually holds whole.
 */
function clientIp(req: Request): string {
  const ip = (req.ip ?? req.socket.remoteAddress ?? '').replace(/^::ffff:/, '')
  if (!ip.includes(':')) return ip
  const groups = ip.split('::')
  const head = (groups[0] ?? '').split(':').filter(Boolean)
  const tail = groups.length > 1 ? (groups[1] ?? '').split(':').filter(Boolean) : []
  const full = [...head, ...Array(Math.max(0, 8 - head.length - tail.length)).fill('0'), ...tail]
  return `${full.slice(0, 4).join(':')}::/64`
}

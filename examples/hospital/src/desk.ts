/**
 * The reception desk's plumbing: who may use the desk (a PIN, then a signed cookie), and the decoupled
 * sign-ins (CIBA) the desk has started and is waiting for.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import type { Citizen, EidError, Level, SignInResult } from '@dinhdanh/client'
import { isEidError } from '@dinhdanh/client'
import type { HealthInsurance, Vaccination } from '@dinhdanh/client/schemas'
import { problemOf } from 'dinhdanh-example-shared'
import type { Request, Response } from 'express'
import type { CHECK_IN_ATTRIBUTES } from './check-in.js'

/** Compares two strings in constant time (hashed first, so lengths never leak or throw). */
export function sameSecret(sent: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest()
  return timingSafeEqual(digest(sent), digest(expected)) && sent.length === expected.length
}

/**
 * Whether a form post comes from a page of this site (`Sec-Fetch-Site`, `Origin`), the second half of
 * the CSRF check next to the token.
 */
export function fromThisSite(req: Request, baseUrl: string): boolean {
  const site = req.get('sec-fetch-site')
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return false
  const origin = req.get('origin')
  return origin === undefined || origin === new URL(baseUrl).origin
}

const DESK_COOKIE = 'hospital_desk'
/** A desk stays unlocked for one shift. */
const DESK_SHIFT_SEC = 8 * 3600

/**
 * Access to the reception desk. The demo unlocks it with a PIN (`DESK_PIN`) and keeps a signed cookie
 * (an HMAC over a random desk id and an expiry, keyed from the session secret). A real hospital signs its
 * staff in with its own staff single sign-on instead: VNeID is for citizens, not for employees at work.
 *
 * @example
 * ```ts
 * const desk = new DeskAccess({ pin: '2468', secret: config.sessionSecret, secure: false })
 * const deskId = desk.current(req) // undefined: show the PIN form
 * ```
 */
export class DeskAccess {
  readonly #key: Buffer
  readonly #pin: string
  readonly #secure: boolean
  /** Failed PIN attempts per client address: five in ten minutes, then 429 until the window ends. */
  readonly #failures = new Map<string, { count: number; resetAt: number }>()

  constructor(options: { pin: string; secret: string; secure: boolean }) {
    if (!/^\d{4,12}$/.test(options.pin)) throw new TypeError('deskPin: expected 4 to 12 digits')
    this.#pin = options.pin
    this.#secure = options.secure
    this.#key = createHmac('sha256', options.secret).update('hospital:desk').digest()
  }

  #sign(value: string): string {
    return createHmac('sha256', this.#key).update(value).digest('base64url')
  }

  /** The id of the unlocked desk in this browser, or `undefined`. */
  current(req: Request): string | undefined {
    const raw = cookieValue(req, DESK_COOKIE)
    const [id, expires, mac] = raw?.split('.') ?? []
    if (!id || !expires || !mac) return undefined
    if (!sameSecret(mac, this.#sign(`${id}.${expires}`))) return undefined
    return Number(expires) > Date.now() / 1000 ? id : undefined
  }

  /** The CSRF token of the desk's forms (bound to the desk id). */
  csrfToken(deskId: string): string {
    return this.#sign(`csrf:${deskId}`)
  }

  /** Whether a posted `_csrf` fits the desk. */
  validCsrf(deskId: string, sent: unknown): boolean {
    return typeof sent === 'string' && sameSecret(sent, this.csrfToken(deskId))
  }

  /** Checks the PIN (throttled per client address); on success, unlocks the desk in this browser. */
  unlock(req: Request, res: Response, pin: unknown): 'ok' | 'wrong' | 'throttled' {
    const who = req.ip ?? 'unknown'
    const now = Date.now()
    const entry = this.#failures.get(who)
    if (entry && entry.resetAt <= now) this.#failures.delete(who)
    const failures = this.#failures.get(who)
    if (failures && failures.count >= 5) return 'throttled'
    if (typeof pin !== 'string' || !sameSecret(pin.trim(), this.#pin)) {
      if (this.#failures.size > 10_000) this.#failures.clear()
      this.#failures.set(who, {
        count: (failures?.count ?? 0) + 1,
        resetAt: failures?.resetAt ?? now + 600_000,
      })
      return 'wrong'
    }
    this.#failures.delete(who)
    const id = randomBytes(12).toString('base64url')
    const expires = String(Math.floor(now / 1000) + DESK_SHIFT_SEC)
    res.cookie(DESK_COOKIE, `${id}.${expires}.${this.#sign(`${id}.${expires}`)}`, {
      path: '/desk',
      httpOnly: true,
      sameSite: 'strict',
      secure: this.#secure,
      maxAge: DESK_SHIFT_SEC * 1000,
    })
    return 'ok'
  }

  /** Locks the desk in this browser. */
  lock(res: Response): void {
    res.clearCookie(DESK_COOKIE, { path: '/desk', httpOnly: true, sameSite: 'strict', secure: this.#secure })
  }
}

function cookieValue(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=')
    if (key === name) return decodeURIComponent(value.join('='))
  }
  return undefined
}

/** What the desk shows of an approved patient: only what reception needs. */
export interface PatientSummary {
  citizen: Citizen | undefined
  level: Level
  card: HealthInsurance | undefined
  vaccinations: Vaccination[] | undefined
  cardUnavailable: boolean
  vaccinationUnavailable: boolean
}

/** Where a desk request stands. */
export type DeskOutcome =
  | { status: 'waiting' }
  | { status: 'approved'; patient: PatientSummary }
  | { status: 'refused' }
  | { status: 'expired' }
  | { status: 'provider_down' }
  | { status: 'failed'; code: string }

/** One decoupled sign-in started at the desk. */
export interface DeskRequest {
  id: string
  deskId: string
  bindingMessage: string
  /** The last three digits of the number typed, to tell requests apart on screen. */
  numberHint: string
  createdAt: number
  outcome: DeskOutcome
}

type CheckInResult = SignInResult<typeof CHECK_IN_ATTRIBUTES>

/** Thrown by {@link DeskRequests.start} when too many requests are waiting at once. */
export class DeskBusyError extends Error {
  override name = 'DeskBusyError'
}

/**
 * The decoupled sign-ins the desks are waiting for. Each one polls the provider in the background
 * (`client.waitForBackchannelSignIn`) and records how it ended, for the desk's page to show. In memory,
 * bounded in number, forgotten after `ttlMs` (the patient's data too), and each poll stops when its
 * request is forgotten. With several instances, keep them in a shared store instead.
 *
 * @example
 * ```ts
 * const requests = new DeskRequests()
 * const entry = requests.start({ deskId, bindingMessage: 'Quầy 3', numberHint: '234', wait: (signal) =>
 *   client.waitForBackchannelSignIn(handle, { signal }) })
 * ```
 */
export class DeskRequests {
  readonly #entries = new Map<string, DeskRequest & { controller: AbortController }>()

  constructor(private readonly options: { max?: number; ttlMs?: number; now?: () => number } = {}) {}

  #now(): number {
    return this.options.now?.() ?? Date.now()
  }

  /** Forgets requests older than the TTL (stopping their polls). */
  #sweep(): void {
    const ttl = this.options.ttlMs ?? 15 * 60_000
    for (const [id, entry] of this.#entries) {
      if (this.#now() - entry.createdAt >= ttl) this.#forget(id)
    }
  }

  #forget(id: string): void {
    this.#entries.get(id)?.controller.abort()
    this.#entries.delete(id)
  }

  /** Whether a new request can be taken (check before asking the provider, so no phone rings in vain). */
  hasRoom(): boolean {
    this.#sweep()
    return (
      this.#entries.size < (this.options.max ?? 200) ||
      [...this.#entries.values()].some((entry) => entry.outcome.status !== 'waiting')
    )
  }

  /** Starts waiting for a request; `wait` is the poll, given a signal that stops it. */
  start(input: {
    deskId: string
    bindingMessage: string
    numberHint: string
    wait: (signal: AbortSignal) => Promise<CheckInResult>
  }): DeskRequest {
    this.#sweep()
    if (this.#entries.size >= (this.options.max ?? 200)) {
      const settled = [...this.#entries.values()].find((entry) => entry.outcome.status !== 'waiting')
      if (!settled) throw new DeskBusyError('too many decoupled sign-ins are waiting')
      this.#forget(settled.id)
    }
    const entry = {
      id: randomBytes(16).toString('base64url'),
      deskId: input.deskId,
      bindingMessage: input.bindingMessage,
      numberHint: input.numberHint,
      createdAt: this.#now(),
      outcome: { status: 'waiting' } as DeskOutcome,
      controller: new AbortController(),
    }
    this.#entries.set(entry.id, entry)
    input.wait(entry.controller.signal).then(
      (result) => {
        entry.outcome = { status: 'approved', patient: summaryOf(result) }
      },
      (error: unknown) => {
        entry.outcome = outcomeOfError(error)
      },
    )
    return entry
  }

  /** The request, if it exists and belongs to this desk. */
  get(id: string, deskId: string): DeskRequest | undefined {
    this.#sweep()
    const entry = this.#entries.get(id)
    return entry?.deskId === deskId ? entry : undefined
  }

  /** Forgets the request (the desk is done with this patient). */
  remove(id: string, deskId: string): boolean {
    if (this.#entries.get(id)?.deskId !== deskId) return false
    this.#forget(id)
    return true
  }
}

function summaryOf(result: CheckInResult): PatientSummary {
  const unavailable = new Set(result.unavailable.map((u) => u.attribute))
  return {
    citizen: result.citizen,
    level: result.level,
    card: result.attributes.healthInsurance,
    vaccinations: result.attributes.vaccination,
    cardUnavailable: unavailable.has('health_insurance'),
    vaccinationUnavailable: unavailable.has('vaccination'),
  }
}

/**
 * How a wait that failed is explained at the desk: the patient refused on the phone, did not answer in
 * time, or the provider is not answering.
 */
export function outcomeOfError(error: unknown): DeskOutcome {
  if (!isEidError(error)) return { status: 'failed', code: 'internal' }
  const eidError = error as EidError
  if (eidError.code === 'ERR_EID_ACCESS_DENIED') return { status: 'refused' }
  if (eidError.code === 'ERR_EID_BACKCHANNEL_EXPIRED') return { status: 'expired' }
  if (problemOf(eidError) === 'provider_down') return { status: 'provider_down' }
  return { status: 'failed', code: eidError.code }
}

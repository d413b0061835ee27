/**
 * The reception desk's plumbing: who may use the desk (a PIN, then a signed cookie), and the decoupled
 * sign-ins (CIBA) the desk has started and is waiting for.
 */
import { createHmac, randomBytes } from 'node:crypto'
import type { Citizen, EidError, Level, SignInResult } from '@dinhdanh/client'
import { isEidError } from '@dinhdanh/client'
import type { HealthInsurance, Vaccination } from '@dinhdanh/client/schemas'
import { problemOf, readCookie, sameSecret } from 'dinhdanh-example-shared'
import type { Request, Response } from 'express'
import type { CHECK_IN_ATTRIBUTES } from './check-in.js'

const DESK_COOKIE = 'hospital_desk'
/** A desk stays unlocked for one shift. */
const DESK_SHIFT_SEC = 8 * 3600

/** The demo's desk PIN, published on the demo's pages: only ever acceptable on a loopback address. */
export const DEFAULT_DESK_PIN = '2468'

/** The host names that only this computer can reach. */
const LOOPBACK_HOSTS = new Set(['127.0.0.1', '::1', 'localhost'])

/**
 * The desk PIN `server.ts` starts with, from `DESK_PIN` and `HOST`. Without `DESK_PIN` (or with the demo's
 * published `2468`) the desk is open to anyone who read the demo's landing page, so that is allowed only
 * while the app listens on loopback (`HOST` unset, `127.0.0.1`, `::1` or `localhost`). Throws an error
 * whose message names `DESK_PIN` otherwise, or when the PIN is not 4 to 12 digits.
 *
 * @example
 * ```ts
 * deskPinFromEnv({ HOST: '0.0.0.0', DESK_PIN: '90817364' }) // { pin: '90817364', isDemoPin: false }
 * deskPinFromEnv({}) // { pin: '2468', isDemoPin: true }: fine on 127.0.0.1 only
 * ```
 */
export function deskPinFromEnv(env: { DESK_PIN?: string | undefined; HOST?: string | undefined }): {
  pin: string
  isDemoPin: boolean
} {
  const pin = env.DESK_PIN?.trim() || DEFAULT_DESK_PIN
  if (!/^\d{4,12}$/.test(pin)) throw new Error('DESK_PIN must be 4 to 12 digits.')
  const isDemoPin = pin === DEFAULT_DESK_PIN
  const host = env.HOST?.trim() || '127.0.0.1'
  if (isDemoPin && !LOOPBACK_HOSTS.has(host.toLowerCase())) {
    const which = env.DESK_PIN?.trim()
      ? `DESK_PIN is the demo PIN ${DEFAULT_DESK_PIN}`
      : `DESK_PIN is not set, so the desk would use the demo PIN ${DEFAULT_DESK_PIN}`
    throw new Error(
      `Refusing to start: ${which}, which is published on the demo's pages, and HOST=${host} is not a loopback address. Set DESK_PIN to a PIN of your own (4 to 12 digits), or listen on loopback only (leave HOST unset, or set it to 127.0.0.1, ::1 or localhost).`,
    )
  }
  return { pin, isDemoPin }
}

/** How hard the desk's PIN form is to guess at. */
export interface PinThrottleOptions {
  /** Wrong PINs one client address may type per window, then 429 for that address (5). */
  perAddress?: number
  /**
   * Wrong PINs all addresses together may type per window (50). Past it, nobody can unlock a desk until
   * the window ends (desks already unlocked keep working): an attacker with many addresses gets at most
   * this many guesses per window.
   */
  total?: number
  /** The window, from the first wrong PIN (10 minutes). */
  windowMs?: number
  /** Client addresses remembered at most; past it the oldest are forgotten first (10,000). */
  maxAddresses?: number
  /** The clock (tests pin it). */
  now?: () => number
}

/** What {@link DeskAccess.unlock} did. */
export type UnlockOutcome =
  | { status: 'ok' }
  | { status: 'wrong' }
  /** Too many wrong PINs from this address. */
  | { status: 'throttled'; retryAfterSec: number }
  /** Too many wrong PINs from all addresses together: unlocking is paused for everyone. */
  | { status: 'paused'; retryAfterSec: number }

interface FailureCount {
  count: number
  resetAt: number
}

/**
 * Access to the reception desk. The demo unlocks it with a PIN (`DESK_PIN`) and keeps a signed cookie
 * (an HMAC over a random desk id and an expiry, keyed from the session secret). A real hospital signs its
 * staff in with its own staff single sign-on instead: VNeID is for citizens, not for employees at work.
 *
 * Wrong PINs are throttled per client address and in total (see {@link PinThrottleOptions}), in memory.
 *
 * @example
 * ```ts
 * const desk = new DeskAccess({ pin: process.env.DESK_PIN, secret: config.sessionSecret, secure: false })
 * const deskId = desk.current(req) // undefined: show the PIN form
 * ```
 */
export class DeskAccess {
  readonly #key: Buffer
  readonly #pin: string
  readonly #secure: boolean
  readonly #throttle: Required<Omit<PinThrottleOptions, 'now'>>
  readonly #now: () => number
  /**
   * Wrong PINs per client address, in the order of each address's first wrong PIN in its window: the
   * first entry is the oldest, and the first to end its window.
   */
  readonly #failures = new Map<string, FailureCount>()
  /** Wrong PINs of all addresses together in the current window. */
  #allFailures: FailureCount | undefined

  constructor(options: { pin: string; secret: string; secure: boolean; throttle?: PinThrottleOptions }) {
    if (!/^\d{4,12}$/.test(options.pin)) throw new TypeError('deskPin: expected 4 to 12 digits')
    this.#pin = options.pin
    this.#secure = options.secure
    this.#key = createHmac('sha256', options.secret).update('hospital:desk').digest()
    const throttle = options.throttle ?? {}
    this.#now = throttle.now ?? Date.now
    this.#throttle = {
      perAddress: throttle.perAddress ?? 5,
      total: throttle.total ?? 50,
      windowMs: throttle.windowMs ?? 10 * 60_000,
      maxAddresses: throttle.maxAddresses ?? 10_000,
    }
  }

  #sign(value: string): string {
    return createHmac('sha256', this.#key).update(value).digest('base64url')
  }

  /** The id of the unlocked desk in this browser, or `undefined` (also for a malformed cookie). */
  current(req: Request): string | undefined {
    const raw = readCookie(req, DESK_COOKIE)
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

  /** Forgets the windows that have ended (the oldest first, as the map keeps them). */
  #sweep(now: number): void {
    if (this.#allFailures && this.#allFailures.resetAt <= now) this.#allFailures = undefined
    for (const [who, entry] of this.#failures) {
      if (entry.resetAt > now) break
      this.#failures.delete(who)
    }
  }

  #countFailure(who: string, entry: FailureCount | undefined, now: number): void {
    const windowEnd = now + this.#throttle.windowMs
    if (entry) entry.count++
    else {
      // Full: forget the oldest addresses only, never every counter at once.
      while (this.#failures.size >= this.#throttle.maxAddresses) {
        const oldest = this.#failures.keys().next().value
        if (oldest === undefined) break
        this.#failures.delete(oldest)
      }
      this.#failures.set(who, { count: 1, resetAt: windowEnd })
    }
    this.#allFailures ??= { count: 0, resetAt: windowEnd }
    this.#allFailures.count++
  }

  /**
   * Checks the PIN (throttled per client address and in total); on success, unlocks the desk in this
   * browser. While unlocking is paused for everyone, even the right PIN is refused: otherwise guessing
   * would simply go on.
   */
  unlock(req: Request, res: Response, pin: unknown): UnlockOutcome {
    const who = req.ip ?? 'unknown'
    const now = this.#now()
    this.#sweep(now)
    const retryAfter = (entry: FailureCount) => Math.max(1, Math.ceil((entry.resetAt - now) / 1000))
    if (this.#allFailures && this.#allFailures.count >= this.#throttle.total)
      return { status: 'paused', retryAfterSec: retryAfter(this.#allFailures) }
    const failures = this.#failures.get(who)
    if (failures && failures.count >= this.#throttle.perAddress)
      return { status: 'throttled', retryAfterSec: retryAfter(failures) }
    if (typeof pin !== 'string' || !sameSecret(pin.trim(), this.#pin)) {
      this.#countFailure(who, failures, now)
      return { status: 'wrong' }
    }
    this.#failures.delete(who)
    const id = randomBytes(12).toString('base64url')
    const expires = String(Math.floor(Date.now() / 1000) + DESK_SHIFT_SEC)
    res.cookie(DESK_COOKIE, `${id}.${expires}.${this.#sign(`${id}.${expires}`)}`, {
      path: '/desk',
      httpOnly: true,
      sameSite: 'strict',
      secure: this.#secure,
      maxAge: DESK_SHIFT_SEC * 1000,
    })
    return { status: 'ok' }
  }

  /** Locks the desk in this browser. */
  lock(res: Response): void {
    res.clearCookie(DESK_COOKIE, { path: '/desk', httpOnly: true, sameSite: 'strict', secure: this.#secure })
  }
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
  /** The patient approved, but nothing came back: nothing ticked, or no record of what was ticked. */
  | { status: 'nothing_shared' }
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

/** Why a desk request cannot be sent now. */
export type DeskBusyReason =
  /** Too many requests are waiting, over all desks. */
  | 'full'
  /** This desk already has its share of requests waiting. */
  | 'desk_full'
  /** This desk sent too many requests in the last minute. */
  | 'rate'
  /** A request for this personal ID number is already waiting for the patient's answer. */
  | 'number_pending'

/** Thrown by {@link DeskRequests.reserve} when a request cannot be sent now; `reason` says why. */
export class DeskBusyError extends Error {
  override name = 'DeskBusyError'
  constructor(
    readonly reason: DeskBusyReason,
    readonly details: {
      /** When to try again (`rate`). */
      retryAfterSec?: number
      /** The waiting request for the same number, when this desk sent it (`number_pending`). */
      requestId?: string
    } = {},
  ) {
    super(`desk request refused: ${reason}`)
  }
}

/** The limits of {@link DeskRequests}. */
export interface DeskRequestsOptions {
  /** Requests kept at most, over all desks (200); settled ones make room, waiting ones do not. */
  max?: number
  /** Requests waiting at most per desk, its share of `max` (20). */
  perDesk?: number
  /** Requests one desk may send per minute (10), so an unlocked desk cannot ring phones without end. */
  perDeskPerMinute?: number
  /** Requests (and the patient's data) are forgotten after this long (15 minutes). */
  ttlMs?: number
  /** The clock (tests pin it). */
  now?: () => number
}

/**
 * A slot taken by {@link DeskRequests.reserve} before asking the provider: it counts against every limit
 * at once, so two desks sending at the same moment cannot both pass a check made before the `await`.
 * Either `start` it with the provider's answer, or `release` it when the call failed.
 */
export interface DeskReservation {
  /** Turns the slot into a request and starts waiting: `wait` is the poll, given a signal that stops it. */
  start(input: { bindingMessage: string; wait: (signal: AbortSignal) => Promise<CheckInResult> }): DeskRequest
  /** Gives the slot back (the provider refused or did not answer); nothing once started. */
  release(): void
}

type Entry = DeskRequest & {
  controller: AbortController
  /** A keyed hash of the personal ID number (never the number itself), for one request per number. */
  numberKey: string
  /** `false` while only reserved (the provider not yet answered). */
  started: boolean
}

const MINUTE_MS = 60_000

/**
 * The decoupled sign-ins the desks are waiting for. Each one polls the provider in the background
 * (`client.waitForBackchannelSignIn`) and records how it ended, for the desk's page to show. In memory,
 * bounded in number, forgotten after `ttlMs` (the patient's data too), and each poll stops when its
 * request is forgotten. With several instances, keep them in a shared store instead.
 *
 * Every request rings a citizen's phone, so an unlocked desk is limited too: `perDeskPerMinute` requests a
 * minute, `perDesk` waiting at once, and one waiting request per personal ID number over all desks.
 *
 * @example
 * ```ts
 * const requests = new DeskRequests()
 * const slot = requests.reserve({ deskId, personalId }) // throws DeskBusyError: say why, ask nothing
 * try {
 *   const handle = await client.backchannelSignIn({ loginHint: personalId, bindingMessage: 'Quầy 3', … })
 *   slot.start({ bindingMessage: 'Quầy 3', wait: (signal) => client.waitForBackchannelSignIn(handle, { signal }) })
 * } catch (error) {
 *   slot.release()
 *   throw error
 * }
 * ```
 */
export class DeskRequests {
  readonly #entries = new Map<string, Entry>()
  /** When each desk sent its requests of the last minute. */
  readonly #sent = new Map<string, number[]>()
  /** Keys the hashes of personal ID numbers (per process: nothing to look a number up with). */
  readonly #numberKeyKey = randomBytes(32)

  constructor(private readonly options: DeskRequestsOptions = {}) {}

  #now(): number {
    return this.options.now?.() ?? Date.now()
  }

  /** Forgets requests older than the TTL (stopping their polls), and sends older than a minute. */
  #sweep(): void {
    const now = this.#now()
    const ttl = this.options.ttlMs ?? 15 * 60_000
    for (const [id, entry] of this.#entries) {
      if (now - entry.createdAt >= ttl) this.#forget(id)
    }
    for (const [deskId, times] of this.#sent) {
      const recent = times.filter((time) => now - time < MINUTE_MS)
      if (recent.length === 0) this.#sent.delete(deskId)
      else this.#sent.set(deskId, recent)
    }
  }

  #forget(id: string): void {
    this.#entries.get(id)?.controller.abort()
    this.#entries.delete(id)
  }

  #numberKey(personalId: string): string {
    return createHmac('sha256', this.#numberKeyKey).update(personalId).digest('base64url')
  }

  /**
   * Takes a slot for a request from this desk to this number, before the provider is asked (so no phone
   * rings in vain, and no limit is passed by two requests at once). Throws {@link DeskBusyError} when the
   * number already has a request waiting, the desk sent too many this minute or has too many waiting, or
   * all desks together have too many waiting.
   */
  reserve(input: { deskId: string; personalId: string }): DeskReservation {
    this.#sweep()
    const now = this.#now()
    const numberKey = this.#numberKey(input.personalId)
    const waiting = [...this.#entries.values()].filter((entry) => entry.outcome.status === 'waiting')
    const sameNumber = waiting.find((entry) => entry.numberKey === numberKey)
    if (sameNumber) {
      const own = sameNumber.deskId === input.deskId && sameNumber.started
      throw new DeskBusyError('number_pending', own ? { requestId: sameNumber.id } : {})
    }
    const sent = this.#sent.get(input.deskId) ?? []
    const perMinute = this.options.perDeskPerMinute ?? 10
    if (sent.length >= perMinute) {
      const oldest = sent[sent.length - perMinute] ?? now
      const retryAfterSec = Math.max(1, Math.ceil((oldest + MINUTE_MS - now) / 1000))
      throw new DeskBusyError('rate', { retryAfterSec })
    }
    if (waiting.filter((entry) => entry.deskId === input.deskId).length >= (this.options.perDesk ?? 20))
      throw new DeskBusyError('desk_full')
    if (this.#entries.size >= (this.options.max ?? 200)) {
      const settled = [...this.#entries.values()].find((entry) => entry.outcome.status !== 'waiting')
      if (!settled) throw new DeskBusyError('full')
      this.#forget(settled.id)
    }
    this.#sent.set(input.deskId, [...sent, now])
    const entry: Entry = {
      id: randomBytes(16).toString('base64url'),
      deskId: input.deskId,
      bindingMessage: '',
      numberHint: input.personalId.slice(-3),
      createdAt: now,
      outcome: { status: 'waiting' },
      controller: new AbortController(),
      numberKey,
      started: false,
    }
    this.#entries.set(entry.id, entry)
    return {
      start: ({ bindingMessage, wait }) => {
        if (entry.started || this.#entries.get(entry.id) !== entry)
          throw new Error('the desk reservation was already used or released')
        entry.started = true
        entry.bindingMessage = bindingMessage
        entry.createdAt = this.#now()
        wait(entry.controller.signal).then(
          (result) => {
            const patient = summaryOf(result)
            entry.outcome = sharedNothing(patient)
              ? { status: 'nothing_shared' }
              : { status: 'approved', patient }
          },
          (error: unknown) => {
            entry.outcome = outcomeOfError(error)
          },
        )
        return entry
      },
      release: () => {
        if (!entry.started && this.#entries.get(entry.id) === entry) this.#forget(entry.id)
      },
    }
  }

  /** Reserves and starts at once (when the provider has already been asked, or in tests). */
  start(input: {
    deskId: string
    personalId: string
    bindingMessage: string
    wait: (signal: AbortSignal) => Promise<CheckInResult>
  }): DeskRequest {
    return this.reserve(input).start(input)
  }

  /** The request, if it exists, has started and belongs to this desk. */
  get(id: string, deskId: string): DeskRequest | undefined {
    this.#sweep()
    const entry = this.#entries.get(id)
    return entry?.started && entry.deskId === deskId ? entry : undefined
  }

  /** Forgets the request (the desk is done with this patient). */
  remove(id: string, deskId: string): boolean {
    const entry = this.#entries.get(id)
    if (!entry?.started || entry.deskId !== deskId) return false
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
 * Whether an approval brought the desk nothing at all: no identity, no card, no vaccination record, and no
 * source that failed to answer. Shown as "nothing was shared", never as a confirmed patient with a dash in
 * every field (finding 9 of issue 12).
 *
 * @example
 * ```ts
 * sharedNothing(summaryOf(result)) // true when the patient approved with nothing ticked
 * ```
 */
export function sharedNothing(patient: PatientSummary): boolean {
  return (
    patient.citizen === undefined &&
    patient.card === undefined &&
    patient.vaccinations === undefined &&
    !patient.cardUnavailable &&
    !patient.vaccinationUnavailable
  )
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

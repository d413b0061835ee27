/**
 * The decoupled sign-ins (CIBA) the reception desk has started and is waiting for: bounded in number and
 * rate, one waiting request per personal ID number, and how each one ended.
 */
import { createHmac, randomBytes } from 'node:crypto'
import type { Citizen, EidError, Level, SignInResult } from '@dinhdanh/client'
import { isEidError } from '@dinhdanh/client'
import type { HealthInsurance, Vaccination } from '@dinhdanh/client/schemas'
import { problemOf } from 'dinhdanh-example-shared'
import type { CHECK_IN_ATTRIBUTES } from './check-in.js'

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

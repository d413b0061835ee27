/**
 * Who may use the reception desk: a PIN (checked at start-up by `deskPinFromEnv`, throttled per address
 * and in total), then a signed cookie for the shift, and the CSRF token of the desk's forms.
 */
import { createHmac, randomBytes } from 'node:crypto'
import { readCookie, sameSecret } from 'dinhdanh-example-shared'
import type { Request, Response } from 'express'

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

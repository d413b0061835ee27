import { createHash, randomBytes } from 'node:crypto'
import type { SyntheticCitizen } from '@dinhdanh/testing'
import type { Request, Response } from 'express'
import { accountProblem } from '../accounts/sign-in-rules.js'
import type { Population } from '../population.js'
import type { Storage } from '../storage/storage.js'
import { type Lang, messages, tooManyAttemptsText } from '../views/i18n.js'
import { sameSecret } from './same-secret.js'
import type { Throttle } from './throttle.js'

/** Where a citizen session lives: its cookie, the storage namespace and how long it lasts. */
export interface CitizenSessionOptions {
  storage: Storage
  /** Storage namespace of the sessions, e.g. `phone-session`. */
  namespace: string
  cookieName: string
  /** The cookie's path: the area the session belongs to (`/phone`, `/account`). */
  path: string
  ttlSec: number
  /** Set the `Secure` attribute (an https issuer). */
  secure: boolean
  now: () => number
}

/** A signed-in citizen, as a session stores it. */
export interface CitizenSession {
  accountId: string
  /** When the citizen signed in (and so proved the factors in `amr`). */
  createdAt: number
  /** How: `pwd` (passcode), `otp` (SMS one-time code). Sessions stored before this field have none. */
  amr?: string[]
}

const BROWSER_ID = /^[\w-]{43}$/

/** The session key in storage: a digest, so a storage dump holds no cookie value that would work. */
const storageKey = (browserId: string) => createHash('sha256').update(browserId).digest('base64url')

/**
 * Sessions of the phone simulator and the citizen portal. The cookie (HttpOnly, SameSite=Lax, path-scoped,
 * Secure on https) holds a random 256-bit browser id; the store maps its digest to the signed-in account,
 * with a TTL. A browser without a session still gets an id, so the sign-in form's CSRF token is bound to
 * that browser (no login CSRF); signing in and out both switch to a fresh id (no session fixation), and
 * signing out deletes the stored session, so an old cookie is worth nothing.
 *
 * @example
 * ```ts
 * const sessions = new CitizenSessions({ storage, namespace: 'phone-session', cookieName: 'phone_session',
 *   path: '/phone', ttlSec: 8 * 3600, secure: false, now })
 * const session = await sessions.current(req)
 * ```
 */
export class CitizenSessions {
  readonly #options: CitizenSessionOptions

  constructor(options: CitizenSessionOptions) {
    this.#options = options
  }

  /** The browser id from the request's cookie, if it has a well-formed one. */
  browserIdOf(req: Request): string | undefined {
    const header = req.headers.cookie ?? ''
    for (const part of header.split(';')) {
      const separator = part.indexOf('=')
      if (separator < 0 || part.slice(0, separator).trim() !== this.#options.cookieName) continue
      const value = part.slice(separator + 1).trim()
      if (BROWSER_ID.test(value)) return value
    }
    return undefined
  }

  /** The browser id, creating (and setting) a fresh anonymous one when the request has none. */
  ensureBrowserId(req: Request, res: Response): string {
    return this.browserIdOf(req) ?? this.#issue(res)
  }

  /** The signed-in citizen of this browser, if any. */
  async current(req: Request): Promise<(CitizenSession & { browserId: string }) | undefined> {
    const browserId = this.browserIdOf(req)
    if (!browserId) return undefined
    const session = await this.#options.storage.get<CitizenSession>(
      this.#options.namespace,
      storageKey(browserId),
    )
    return session && { ...session, browserId }
  }

  /** Signs the citizen in on a fresh browser id (with the factors proved); returns it. */
  async start(req: Request, res: Response, accountId: string, amr: string[] = ['pwd']): Promise<string> {
    const previous = this.browserIdOf(req)
    if (previous) await this.#options.storage.delete(this.#options.namespace, storageKey(previous))
    const browserId = this.#issue(res)
    await this.#options.storage.set(
      this.#options.namespace,
      storageKey(browserId),
      { accountId, createdAt: this.#options.now(), amr } satisfies CitizenSession,
      { ttlSec: this.#options.ttlSec },
    )
    return browserId
  }

  /** Signs out: the stored session is deleted and the browser gets a fresh anonymous id. */
  async end(req: Request, res: Response): Promise<void> {
    const browserId = this.browserIdOf(req)
    if (browserId) await this.#options.storage.delete(this.#options.namespace, storageKey(browserId))
    this.#issue(res)
  }

  #issue(res: Response): string {
    const browserId = randomBytes(32).toString('base64url')
    res.cookie(this.#options.cookieName, browserId, {
      httpOnly: true,
      sameSite: 'lax',
      secure: this.#options.secure,
      path: this.#options.path,
      maxAge: this.#options.ttlSec * 1000,
    })
    return browserId
  }
}

/** The outcome of a number-and-passcode sign-in outside an authorization request. */
export type PasscodeCheck =
  | { ok: true; citizen: SyntheticCitizen; accountId: string }
  | { ok: false; status: 400 | 429; error: string; personalId: string }

/**
 * Checks a 12-digit number and passcode the way the login screen does (O11): throttled per browser and
 * per (citizen, source address) with progressive delays (the counters the login screen uses, so every door
 * counts together; see `SECRET_LIMITS`),
 * constant-time comparison, the same message for an unknown number and a wrong passcode, and the
 * account-status refusals only after the passcode is right.
 *
 * @example
 * ```ts
 * const check = await checkPasscode(deps, { personalId: req.body.personalId, passcode: req.body.passcode,
 *   browserKey: `phone:${browserId}`, source: sourceAddress(req), lang })
 * if (check.ok) await sessions.start(req, res, check.accountId)
 * ```
 */
export async function checkPasscode(
  deps: { population: Population; throttle: Throttle; passcode: string },
  input: { personalId: unknown; passcode: unknown; browserKey: string; source: string; lang: Lang },
): Promise<PasscodeCheck> {
  const t = messages(input.lang)
  const personalId = String(input.personalId ?? '')
    .replace(/\s/g, '')
    .slice(0, 64)
  const refuse = (error: string, status: 400 | 429 = 400): PasscodeCheck => ({
    ok: false,
    status,
    error,
    personalId: personalId.slice(0, 12),
  })
  if (!/^\d{12}$/.test(personalId)) return refuse(t.invalidNumber)
  const attempt = {
    kind: 'pass',
    citizen: personalId,
    source: input.source,
    attemptKey: `browser:${input.browserKey}`,
  } as const
  const decision = await deps.throttle.check(attempt)
  if (!decision.allowed) return refuse(tooManyAttemptsText(input.lang, decision, false), 429)
  const citizen = deps.population.find(personalId)
  if (!citizen || !sameSecret(String(input.passcode ?? ''), deps.passcode)) {
    await deps.throttle.failed(attempt)
    return refuse(t.wrongCredentials)
  }
  await deps.throttle.succeeded(attempt)
  const problem = accountProblem(citizen, input.lang)
  if (problem) return refuse(problem)
  return { ok: true, citizen, accountId: deps.population.accountIdOf(personalId) }
}

import type { AttributeName, Level, UnavailableAttribute } from '@dinhdanh/client'
import type { SessionAttributes } from './context.js'
import type { CookieSink } from './cookie-sink.js'
import type { ResolvedEidCoreOptions } from './options.js'
import { parseCookies, serializeCookie } from './session/cookies.js'
import { seal, unseal } from './session/seal.js'

/**
 * The answer of an identity-free check (`identity: false`, e.g. an age gate): the attributes asked, what
 * arrived, and the consent record. No subject, no name, no tokens: the provider's tokens are revoked at
 * once, and nothing identifies the citizen.
 *
 * @example
 * ```ts
 * const answer: CheckAnswer = { attributes: { ageOver18: true }, granted: ['age_over_18'], missing: [], unavailable: [], level: 1, at: 1767225600 }
 * ```
 */
export interface CheckAnswer {
  attributes: SessionAttributes
  granted: AttributeName[]
  missing: AttributeName[]
  unavailable: UnavailableAttribute[]
  consentId?: string
  /** The level of assurance of the account that answered. */
  level: Level
  /** Epoch seconds of the check. */
  at: number
}

/** How long a check's answer holds in this browser: long enough to finish the purchase, not to browse. */
export const CHECK_TTL_SEC = 600

/**
 * Identity-free checks: the answer lives in a sealed cookie of its own for {@link CHECK_TTL_SEC}, never in
 * a session (there is no one to sign in).
 *
 * @example
 * ```ts
 * const checks = new Checks(options)
 * await checks.store(sink, answer)
 * const answer = await checks.read(request.headers.get('cookie'))
 * ```
 */
export class Checks {
  readonly #options: Pick<ResolvedEidCoreOptions, 'session' | 'secure'>

  constructor(options: Pick<ResolvedEidCoreOptions, 'session' | 'secure'>) {
    this.#options = options
  }

  get #name(): string {
    return `${this.#options.session.cookieName}.check`
  }

  /** Remembers the answer in this browser (replacing an earlier one). */
  async store(sink: CookieSink, answer: CheckAnswer): Promise<void> {
    const value = await seal(answer, {
      secrets: this.#options.session.secrets,
      purpose: 'check',
      ttlSec: CHECK_TTL_SEC,
    })
    sink.append(
      serializeCookie(this.#name, value, {
        httpOnly: true,
        sameSite: 'lax',
        secure: this.#options.secure,
        path: '/',
        maxAgeSec: CHECK_TTL_SEC,
      }),
    )
  }

  /** Forgets the answer this browser holds (when it holds one). */
  clear(cookieHeader: string | null | undefined, sink: CookieSink): void {
    if (!parseCookies(cookieHeader).has(this.#name)) return
    sink.append(
      serializeCookie(this.#name, '', {
        httpOnly: true,
        sameSite: 'lax',
        secure: this.#options.secure,
        path: '/',
        maxAgeSec: 0,
        expires: new Date(0),
      }),
    )
  }

  /** The answer this browser holds, if it is still fresh; anything else (tampered, old shape) is none. */
  async read(cookieHeader: string | null | undefined): Promise<CheckAnswer | undefined> {
    const sealed = parseCookies(cookieHeader).get(this.#name)
    if (!sealed) return undefined
    const answer = await unseal<CheckAnswer>(sealed, {
      secrets: this.#options.session.secrets,
      purpose: 'check',
    })
    if (!answer || typeof answer.at !== 'number' || !Array.isArray(answer.granted)) return undefined
    if (answer.level !== 1 && answer.level !== 2) return undefined
    if (typeof answer.attributes !== 'object' || answer.attributes === null) return undefined
    return {
      ...answer,
      missing: Array.isArray(answer.missing) ? answer.missing : [],
      unavailable: Array.isArray(answer.unavailable) ? answer.unavailable : [],
    }
  }
}

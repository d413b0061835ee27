import { createHash } from 'node:crypto'
import type { SignInTransaction } from '@dinhdanh/client'
import type { CookieSink } from './cookie-sink.js'
import type { ResolvedEidCoreOptions } from './options.js'
import { parseCookies, serializeCookie } from './session/cookies.js'
import { seal, unseal } from './session/seal.js'

/**
 * What travels with a sign-in attempt, sealed in its own cookie.
 *
 * @example
 * ```ts
 * const pending = await unseal<PendingSignIn>(cookie, { secrets, purpose: 'transaction' })
 * ```
 */
export interface PendingSignIn {
  transaction: SignInTransaction
  returnTo: string
  /** When the sign-in started (epoch milliseconds). */
  startedAt?: number
  /** The sign-in demanded a fresh authentication from the provider (`prompt=login`). */
  reauthenticate?: boolean
  /** A guard's sign-in for a signed-in citizen: who must come back (the session's subject). */
  subject?: string
  /** An identity-free check (`identity: false`): its answer is kept apart, no session is made. */
  identityFree?: boolean
}

const TTL_SEC = 600
const PREFIX = 'eid_tx.'

/** One cookie per attempt, named after its `state`, so several tabs can sign in at once. */
function cookieName(state: string): string {
  return `${PREFIX}${createHash('sha256').update(state).digest('base64url').slice(0, 16)}`
}

/** The sign-in transaction cookies: sealed, HttpOnly, SameSite=Lax, Secure on https, 10 minutes. */
export class Transactions {
  readonly #options: Pick<ResolvedEidCoreOptions, 'session' | 'secure' | 'routes'>

  constructor(options: Pick<ResolvedEidCoreOptions, 'session' | 'secure' | 'routes'>) {
    this.#options = options
  }

  #attributes(maxAgeSec: number) {
    return {
      httpOnly: true,
      sameSite: 'lax' as const,
      secure: this.#options.secure,
      path: new URL(this.#options.routes.callback, 'http://x').pathname,
      maxAgeSec,
    }
  }

  async store(sink: CookieSink, pending: PendingSignIn): Promise<void> {
    const value = await seal(pending, {
      secrets: this.#options.session.secrets,
      purpose: 'transaction',
      ttlSec: TTL_SEC,
    })
    sink.append(serializeCookie(cookieName(pending.transaction.state), value, this.#attributes(TTL_SEC)))
  }

  /** The attempt the callback belongs to (found by its `state`), or `undefined` when the cookie is gone. */
  async take(
    cookieHeader: string | null | undefined,
    sink: CookieSink,
    state: unknown,
  ): Promise<PendingSignIn | undefined> {
    if (typeof state !== 'string' || state.length === 0 || state.length > 256) return undefined
    const name = cookieName(state)
    const sealed = parseCookies(cookieHeader).get(name)
    if (!sealed) return undefined
    // Single use: the cookie is cleared whatever happens next.
    sink.append(serializeCookie(name, '', this.#attributes(0)))
    const pending = await unseal<PendingSignIn>(sealed, {
      secrets: this.#options.session.secrets,
      purpose: 'transaction',
    })
    // Sealing proves who wrote the cookie, not that this release did: another shape is no attempt.
    if (!pending || typeof pending.transaction !== 'object' || pending.transaction === null) return undefined
    return typeof pending.returnTo === 'string' ? pending : undefined
  }
}

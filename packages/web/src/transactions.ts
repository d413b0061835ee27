import { createHash } from 'node:crypto'
import type { SignInTransaction } from '@dinhdanh/client'
import type { Request, Response } from 'express'
import type { ResolvedEidAuthOptions } from './options.js'
import { parseCookies, serializeCookie } from './session/cookies.js'
import { seal, unseal } from './session/seal.js'

/** What travels with a sign-in attempt, sealed in its own cookie. */
export interface PendingSignIn {
  transaction: SignInTransaction
  returnTo: string
  /** When the sign-in started (epoch milliseconds). */
  startedAt?: number
  /** The sign-in demanded a fresh authentication from the provider (`prompt=login`). */
  reauthenticate?: boolean
  /** A guard's sign-in for a signed-in citizen: who must come back (the session's subject). */
  subject?: string
}

const TTL_SEC = 600
const PREFIX = 'eid_tx.'

/** One cookie per attempt, named after its `state`, so several tabs can sign in at once. */
function cookieName(state: string): string {
  return `${PREFIX}${createHash('sha256').update(state).digest('base64url').slice(0, 16)}`
}

/** The sign-in transaction cookies: sealed, HttpOnly, SameSite=Lax, Secure on https, 10 minutes. */
export class Transactions {
  readonly #options: ResolvedEidAuthOptions

  constructor(options: ResolvedEidAuthOptions) {
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

  async store(res: Response, pending: PendingSignIn): Promise<void> {
    const value = await seal(pending, {
      secrets: this.#options.session.secrets,
      purpose: 'transaction',
      ttlSec: TTL_SEC,
    })
    res.append(
      'Set-Cookie',
      serializeCookie(cookieName(pending.transaction.state), value, this.#attributes(TTL_SEC)),
    )
  }

  /** The attempt the callback belongs to (found by its `state`), or `undefined` when the cookie is gone. */
  async take(req: Request, res: Response, state: unknown): Promise<PendingSignIn | undefined> {
    if (typeof state !== 'string' || state.length === 0 || state.length > 256) return undefined
    const name = cookieName(state)
    const sealed = parseCookies(req.headers.cookie).get(name)
    if (!sealed) return undefined
    // Single use: the cookie is cleared whatever happens next.
    res.append('Set-Cookie', serializeCookie(name, '', this.#attributes(0)))
    const pending = await unseal<PendingSignIn>(sealed, {
      secrets: this.#options.session.secrets,
      purpose: 'transaction',
    })
    // Sealing proves who wrote the cookie, not that this release did: another shape is no attempt.
    if (!pending || typeof pending.transaction !== 'object' || pending.transaction === null) return undefined
    return typeof pending.returnTo === 'string' ? pending : undefined
  }
}

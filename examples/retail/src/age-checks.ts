import { randomBytes } from 'node:crypto'
import type { SignInTransaction } from '@dinhdanh/client'

/** An age check in progress: the SDK's transaction and what the buyer was about to buy. */
export interface PendingAgeCheck {
  transaction: SignInTransaction<readonly ['age_over_18']>
  productId: string
  expiresAt: number
}

/**
 * Age checks between the redirect to VNeID and the callback, kept server-side and bound to the browser by
 * a random HttpOnly cookie (the transaction holds the PKCE verifier and the nonce: it must never reach the
 * browser in clear). Single use, ten minutes, bounded so a flood of abandoned checks cannot grow memory.
 */
export class PendingAgeChecks {
  readonly #pending = new Map<string, PendingAgeCheck>()
  readonly #max: number
  readonly #ttlMs: number

  constructor(options: { max?: number; ttlMs?: number } = {}) {
    this.#max = options.max ?? 10_000
    this.#ttlMs = options.ttlMs ?? 600_000
  }

  /** Stores a check and returns the id for the cookie. */
  add(check: Omit<PendingAgeCheck, 'expiresAt'>): string {
    const now = Date.now()
    // Map keeps insertion order and every check lives as long, so the oldest expire first: drop expired
    // ones from the front (no scan of the whole map on each sign-in start), then the oldest when full.
    for (const [id, entry] of this.#pending) {
      if (entry.expiresAt > now && this.#pending.size < this.#max) break
      this.#pending.delete(id)
    }
    const id = randomBytes(24).toString('base64url')
    this.#pending.set(id, { ...check, expiresAt: now + this.#ttlMs })
    return id
  }

  /** Takes the check out (single use); `undefined` when unknown or expired. */
  take(id: string | undefined): PendingAgeCheck | undefined {
    if (!id) return undefined
    const check = this.#pending.get(id)
    this.#pending.delete(id)
    return check && check.expiresAt > Date.now() ? check : undefined
  }

  get size(): number {
    return this.#pending.size
  }
}

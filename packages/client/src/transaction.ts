import { createPrivateKey } from 'node:crypto'
import { z } from 'zod'
import { EidTransactionError } from './errors/validation-errors.js'
import type { Level } from './level-of-assurance.js'
import type { Jwk } from './options.js'
import { ATTRIBUTE_NAMES, type AttributeName } from './schemas/index.js'

/**
 * Everything `completeSignIn` needs to finish one sign-in attempt: a plain JSON-serialisable object.
 * It holds the PKCE verifier (and, with DPoP, a private key), so store it where the browser cannot
 * read or change it: sealed in an HttpOnly cookie (what `@dinhdanh/express` does) or server-side.
 * The type parameter remembers which attributes were requested, so the result is typed.
 *
 * @example
 * ```ts
 * const { url, transaction } = await eid.signIn({ level: 2, attributes: ['health_insurance'] as const })
 * req.session.eidTransaction = JSON.stringify(transaction)
 * ```
 */
export interface SignInTransaction<A extends readonly AttributeName[] = readonly AttributeName[]> {
  /** Format version. */
  readonly v: 1
  readonly issuer: string
  readonly clientId: string
  readonly redirectUri: string
  readonly state: string
  readonly nonce: string
  readonly codeVerifier: string
  /** The level required; a lower achieved level is rejected. */
  readonly level: Level
  /** The attributes requested (excluding identity). */
  readonly attributes: A
  /** Whether identity claims were requested (`result.citizen`). */
  readonly identity: boolean
  readonly purpose?: string
  readonly maxAge?: number
  /** Epoch seconds. */
  readonly createdAt: number
  /** Epoch seconds after which the transaction is refused. */
  readonly expiresAt: number
  /** The DPoP private key the tokens will be bound to (only with `dpop: true`). */
  readonly dpopJwk?: Jwk
}

/** A P-256 coordinate or private scalar: 32 bytes, base64url. */
const coordinate = z.string().regex(/^[\w-]{43}$/)

const transactionSchema = z.object({
  v: z.literal(1),
  issuer: z.string().max(2048),
  clientId: z.string().max(512),
  // checkCallback parses it: a transaction whose redirectUri is no URL is malformed, not a TypeError later.
  redirectUri: z.string().max(2048).refine(URL.canParse),
  state: z.string().min(16).max(128),
  nonce: z.string().min(16).max(128),
  codeVerifier: z.string().min(43).max(128),
  level: z.union([z.literal(1), z.literal(2)]),
  attributes: z.array(z.enum(ATTRIBUTE_NAMES)).max(ATTRIBUTE_NAMES.length),
  identity: z.boolean(),
  purpose: z.string().max(300).optional(),
  maxAge: z.number().int().min(0).optional(),
  createdAt: z.number().int(),
  expiresAt: z.number().int(),
  dpopJwk: z
    .object({ kty: z.literal('EC'), crv: z.literal('P-256'), x: coordinate, y: coordinate, d: coordinate })
    .optional(),
})

/** Whether a DPoP key read back from a transaction is a usable P-256 private key (the point is on the curve). */
function isPrivateKey(jwk: z.output<typeof transactionSchema>['dpopJwk']): boolean {
  if (jwk === undefined) return true
  try {
    createPrivateKey({ key: jwk, format: 'jwk' })
    return true
  } catch {
    return false
  }
}

/**
 * Checks that a transaction (possibly read back from a cookie) is well-formed, belongs to this client
 * and issuer, and has not expired. Throws {@link EidTransactionError}.
 */
export function checkTransaction(
  input: unknown,
  expected: { issuer: string; clientId: string; now: number },
): SignInTransaction {
  if (input === undefined || input === null || input === '') throw new EidTransactionError('missing')
  let candidate = input
  if (typeof input === 'string') {
    try {
      candidate = JSON.parse(input)
    } catch (cause) {
      throw new EidTransactionError('malformed', { cause })
    }
  }
  const parsed = transactionSchema.safeParse(candidate)
  // The DPoP key is imported later, after the callback checks: a key that would not import is refused
  // here, typed, instead of escaping from WebCrypto as a DataError.
  if (!parsed.success || !isPrivateKey(parsed.data.dpopJwk)) throw new EidTransactionError('malformed')
  const transaction = parsed.data as SignInTransaction
  if (transaction.issuer !== expected.issuer) throw new EidTransactionError('wrong_issuer')
  if (transaction.clientId !== expected.clientId) throw new EidTransactionError('wrong_client')
  if (expected.now >= transaction.expiresAt) throw new EidTransactionError('expired')
  return transaction
}

/**
 * Remembers which transactions already completed, so the same callback cannot be replayed against this
 * process (R02). Entries expire with their transaction; memory is bounded.
 */
export class UsedTransactions {
  readonly #seen = new Map<string, number>()
  readonly #max: number

  constructor(max = 100_000) {
    this.#max = max
  }

  /** Marks `state` used; returns false when it already was. */
  claim(state: string, expiresAt: number, now: number): boolean {
    if (this.#seen.has(state)) return false
    if (this.#seen.size >= this.#max) this.#sweep(now)
    this.#seen.set(state, expiresAt)
    return true
  }

  #sweep(now: number): void {
    for (const [key, expiresAt] of this.#seen) if (expiresAt <= now) this.#seen.delete(key)
    // Still full of live entries: drop the oldest (Map keeps insertion order).
    while (this.#seen.size >= this.#max) {
      const oldest = this.#seen.keys().next().value
      if (oldest === undefined) break
      this.#seen.delete(oldest)
    }
  }
}

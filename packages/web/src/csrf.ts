import { createHmac, timingSafeEqual } from 'node:crypto'

/**
 * CSRF tokens bound to the session: an HMAC of the session id under a key derived from the first
 * session secret, so a token from one session (or signed out) is worthless in another.
 *
 * @example
 * ```ts
 * const csrf = new CsrfTokens(options.session.secrets[0])
 * csrf.valid(form.get('_csrf'), session) // constant-time
 * ```
 */
export class CsrfTokens {
  readonly #key: Buffer

  constructor(secret: string) {
    this.#key = createHmac('sha256', secret).update('dinhdanh:csrf').digest()
  }

  /** The token of a session (or of signed-out visitors when `sessionId` is undefined). */
  tokenFor(sessionId: string | undefined): string {
    return createHmac('sha256', this.#key)
      .update(sessionId ?? 'anonymous')
      .digest('base64url')
  }

  /** Whether `sent` is the token of that session; compared as bytes in constant time. */
  valid(sent: unknown, sessionId: string | undefined): boolean {
    const [a, b] = [Buffer.from(String(sent ?? '')), Buffer.from(this.tokenFor(sessionId))]
    // Compared as bytes: a non-ASCII token of the right length in characters must not throw.
    return a.length === b.length && timingSafeEqual(a, b)
  }
}

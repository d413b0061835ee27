import { createHash, timingSafeEqual } from 'node:crypto'

/**
 * SHA-256 of a secret: what is stored for a one-time code (never the code), and the fixed-length form
 * compared in constant time.
 *
 * @example
 * ```ts
 * const stored = secretDigest(otp).toString('base64url')
 * ```
 */
export const secretDigest = (value: string): Buffer => createHash('sha256').update(value).digest()

/**
 * Constant-time comparison of a secret the citizen typed with the expected one (O11).
 *
 * @example
 * ```ts
 * if (!sameSecret(String(req.body.passcode ?? ''), passcode)) return refuse()
 * ```
 */
export function sameSecret(typed: string, expected: string): boolean {
  return timingSafeEqual(secretDigest(typed), secretDigest(expected))
}

import { randomFillSync } from 'node:crypto'
import type { NextFunction, Request, Response } from 'express'

const NONCE_BYTES = 16
/** Nonces drawn per refill: one call into the CSPRNG per 256 requests instead of one per request. */
const POOLED_NONCES = 256
const pool = Buffer.alloc(NONCE_BYTES * POOLED_NONCES)
let used = POOLED_NONCES

/**
 * A fresh CSP nonce: 16 bytes from the CSPRNG, base64 (as `randomBytes(16).toString('base64')` gives). The
 * bytes come from a pool refilled with `randomFillSync` when used up; each byte is handed out once.
 *
 * @example
 * ```ts
 * const nonce = cspNonce() // 'q3Yx0v1mXH5m2l9Wc4sE7g=='
 * ```
 */
export function cspNonce(): string {
  if (used === POOLED_NONCES) {
    randomFillSync(pool)
    used = 0
  }
  const start = used++ * NONCE_BYTES
  return pool.toString('base64', start, start + NONCE_BYTES)
}

const CSP_BEFORE_STYLE = "default-src 'none'; style-src 'nonce-"
const CSP_BEFORE_SCRIPT = "'; script-src 'nonce-"
const CSP_REST = "'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; frame-ancestors 'none'"

/**
 * Security headers for our pages: a nonce-based CSP with `frame-ancestors 'none'` (O10), no sniffing,
 * no referrer, no caching of pages that carry personal data. `res.locals.nonce` holds the nonce.
 * (No `form-action`: browsers apply it to the redirect back to the relying party.)
 */
export function securityHeaders(req: Request, res: Response, next: NextFunction): void {
  const nonce = cspNonce()
  res.locals.nonce = nonce
  res.setHeader('Content-Security-Policy', CSP_BEFORE_STYLE + nonce + CSP_BEFORE_SCRIPT + nonce + CSP_REST)
  res.setHeader('X-Frame-Options', 'DENY')
  res.setHeader('X-Content-Type-Options', 'nosniff')
  res.setHeader('Referrer-Policy', 'no-referrer')
  if (req.method !== 'GET' || !req.path.startsWith('/.well-known')) res.setHeader('Cache-Control', 'no-store')
  next()
}

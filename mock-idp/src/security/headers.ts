import { randomBytes } from 'node:crypto'
import type { NextFunction, Request, Response } from 'express'

/**
 * Security headers for our pages: a nonce-based CSP with `frame-ancestors 'none'` (O10), no sniffing,
 * no referrer, no caching of pages that carry personal data. `res.locals.nonce` holds the nonce.
 * (No `form-action`: browsers apply it to the redirect back to the relying party.)
 */
export function securityHeaders(req: Request, res: Response, next: NextFunction): void {
  const nonce = randomBytes(16).toString('base64')
  res.locals.nonce = nonce
  res.setHeader(
    'Content-Security-Policy',
    `default-src 'none'; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; frame-ancestors 'none'`,
  )
  res.setHeader('X-Frame-Options', 'DENY')
  res.setHeader('X-Content-Type-Options', 'nosniff')
  res.setHeader('Referrer-Policy', 'no-referrer')
  if (req.method !== 'GET' || !req.path.startsWith('/.well-known')) res.setHeader('Cache-Control', 'no-store')
  next()
}

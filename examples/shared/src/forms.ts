/**
 * What the examples' own forms need, written once: a cookie read safely, a constant-time comparison, and
 * the CSRF check of a signed-in citizen's form (the adapter's session-bound token plus a same-origin
 * check, by the same rule as the adapter's logout route).
 */
import { createHash, timingSafeEqual } from 'node:crypto'
import type { Request } from 'express'

/**
 * A cookie's value, or `undefined` when absent or not valid percent-encoding (a forged or broken one).
 *
 * @example
 * ```ts
 * const id = readCookie(req, 'age_check')
 * ```
 */
export function readCookie(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const separator = part.indexOf('=')
    if (separator < 0 || part.slice(0, separator).trim() !== name) continue
    try {
      return decodeURIComponent(part.slice(separator + 1).trim())
    } catch {
      return undefined
    }
  }
  return undefined
}

/**
 * Compares a sent value with the expected secret in constant time (both hashed first, so neither the
 * length leaks nor a length mismatch throws).
 *
 * @example
 * ```ts
 * if (!sameSecret(String(req.body.pin ?? ''), deskPin)) refuse()
 * ```
 */
export function sameSecret(sent: unknown, expected: string): boolean {
  if (typeof sent !== 'string') return false
  const digest = (value: string) => createHash('sha256').update(value).digest()
  return timingSafeEqual(digest(sent), digest(expected)) && sent.length === expected.length
}

/**
 * Whether a form post comes from a page of this site: `Sec-Fetch-Site` (set by the browser, never by a
 * page) and `Origin`; `Origin: null` only when `Sec-Fetch-Site` vouches for it, as `@dinhdanh/express` does.
 *
 * @example
 * ```ts
 * if (!fromThisSite(req, config.baseUrl)) return refuse()
 * ```
 */
export function fromThisSite(req: Request, baseUrl: string): boolean {
  const site = req.get('sec-fetch-site')
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return false
  const origin = req.get('origin')
  if (origin === 'null') return site === 'same-origin'
  return origin === undefined || origin === new URL(baseUrl).origin
}

/**
 * The CSRF check of a signed-in citizen's form: its `_csrf` field is the session's `req.eid.csrfToken`
 * and the post comes from this site. (Signed out, the adapter's token is one value for everyone: forms
 * used while signed out need a token of their own.)
 *
 * @example
 * ```ts
 * app.post('/transfer', requireSignIn(), (req, res) => {
 *   if (!signedInFormValid(req, config.baseUrl)) return csrfRefused(req, res)
 * })
 * ```
 */
export function signedInFormValid(req: Request, baseUrl: string): boolean {
  return req.eid.isSignedIn && sameSecret(req.body?._csrf, req.eid.csrfToken) && fromThisSite(req, baseUrl)
}

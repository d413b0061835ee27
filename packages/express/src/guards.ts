import type { AttributeName, Level } from '@dinhdanh/client'
import type { NextFunction, Request, RequestHandler, Response } from 'express'
import { internalsOf } from './eid-auth.js'

/**
 * Lets the request through when the citizen is signed in at `level` or higher (and, with `maxAgeSec`,
 * authenticated recently enough); otherwise sends them to the provider (sign-in, step-up from level 1 to
 * 2, or a fresh authentication) and back to this page. API calls (non-GET, or JSON-only) get 401 with the
 * login URL instead of a redirect.
 *
 * @example
 * ```ts
 * app.post('/transfer', requireSignIn({ level: 2 }), transferHandler)
 * app.get('/transfer/:id/confirm', requireSignIn({ level: 2, maxAgeSec: 300 }), confirmPage)
 * ```
 */
export function requireSignIn(
  options: {
    level?: Level
    purpose?: string
    /**
     * How recent the citizen's authentication must be, in seconds (or a function of the request, e.g.
     * "since this transfer was created"). When it is older, or unknown, the citizen authenticates again
     * (`prompt=login`, `max_age`), the way a bank confirms one large transfer.
     */
    maxAgeSec?: number | ((req: Request) => number | undefined)
  } = {},
): RequestHandler {
  const level = options.level ?? 1
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      const internals = internalsOf(req)
      const maxAgeSec = typeof options.maxAgeSec === 'function' ? options.maxAgeSec(req) : options.maxAgeSec
      const fresh =
        maxAgeSec === undefined ||
        (req.eid.authTime !== undefined && Math.floor(Date.now() / 1000) - req.eid.authTime <= maxAgeSec)
      if (req.eid.isSignedIn && req.eid.level >= level && fresh) return next()
      await internals.startSignIn(req, res, {
        level: Math.max(level, req.eid.level || 1) as Level,
        attributes: [],
        ...(options.purpose !== undefined && { purpose: options.purpose }),
        returnTo: req.originalUrl,
        ...(!fresh && maxAgeSec !== undefined && { maxAgeSec: Math.max(0, Math.floor(maxAgeSec)) }),
      })
    } catch (error) {
      next(error)
    }
  }
}

/**
 * Lets the request through when the citizen has been asked for every listed attribute in this session;
 * otherwise asks the provider for only the ones not asked yet (incremental consent, one purpose) and
 * keeps what was already shared. An attribute the citizen did not share, does not hold, or whose source
 * was down is not asked again: it is `undefined` in `req.eid.attributes` and listed in `req.eid.missing`
 * or `req.eid.unavailable`, for the page to explain.
 *
 * @example
 * ```ts
 * app.get('/insurance', requireAttributes(['health_insurance'], { purpose: 'Kiểm tra thẻ BHYT' }), (req, res) =>
 *   res.json(req.eid.attributes.healthInsurance))
 * ```
 */
export function requireAttributes(
  attributes: readonly AttributeName[],
  options: { purpose?: string; level?: Level } = {},
): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      const internals = internalsOf(req)
      const level = options.level ?? 1
      // Asked before in this session and not shared (or not held, or its source down): not asked again
      // here, or a citizen without a health-insurance card would go round in circles. The page reads
      // `req.eid.missing` / `req.eid.unavailable` and may offer to share again.
      const answered = (name: AttributeName) =>
        req.eid.granted.includes(name) ||
        req.eid.missing.includes(name) ||
        req.eid.unavailable.some((entry) => entry.attribute === name)
      const missing = attributes.filter((name) => !answered(name))
      if (req.eid.isSignedIn && req.eid.level >= level && missing.length === 0) return next()
      await internals.startSignIn(req, res, {
        level: Math.max(level, req.eid.level || 1) as Level,
        attributes: req.eid.isSignedIn ? missing : attributes,
        ...(options.purpose !== undefined && { purpose: options.purpose }),
        returnTo: req.originalUrl,
      })
    } catch (error) {
      next(error)
    }
  }
}

import type { AttributeName, Level, Purpose } from '@dinhdanh/client'
import type { RequireAttributesOptions } from '@dinhdanh/web'
import type { NextFunction, Request, RequestHandler, Response } from 'express'
import { boundOf } from './eid-auth.js'
import { sendOutcome } from './web-request.js'

/**
 * Lets the request through when the citizen is signed in at `level` (default 1), authenticated at most
 * `maxAgeSec` ago when given; otherwise signs in, steps up or asks for a fresh login (the rules are
 * `@dinhdanh/web`'s). API calls get 401 with the login URL instead of a redirect.
 *
 * @example
 * ```ts
 * app.get('/transfer', requireSignIn({ level: 2 }), handler)
 * app.post('/transfer/:id/confirm', requireSignIn({ level: 2, maxAgeSec: (req) => secondsSinceRequested(req) }), confirm)
 * ```
 */
export function requireSignIn(
  options: {
    level?: Level
    /** Shown on the consent screen: a Vietnamese text, or `{ vi, en }` so English screens show `en`. */
    purpose?: Purpose
    /**
     * How recent the citizen's authentication must be, in seconds (or a function of the request, e.g.
     * "since this transfer was created"). When it is older, or unknown, the citizen authenticates again
     * (`prompt=login`, `max_age`), the way a bank confirms one large transfer.
     */
    maxAgeSec?: number | ((req: Request) => number | undefined)
  } = {},
): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      const { core, request, sink, native } = boundOf(req)
      const maxAgeSec = typeof options.maxAgeSec === 'function' ? options.maxAgeSec(req) : options.maxAgeSec
      const outcome = await core.requireSignIn(request, sink, native, req.eid, {
        ...(options.level !== undefined && { level: options.level }),
        ...(options.purpose !== undefined && { purpose: options.purpose }),
        maxAgeSec,
      })
      if (outcome === undefined) next()
      else await sendOutcome(res, outcome)
    } catch (error) {
      next(error)
    }
  }
}

/**
 * Lets the request through when every attribute has been asked for in this session (shared, or answered
 * as missing or unavailable); otherwise asks the provider for only those not asked yet, with `purpose`
 * (incremental consent, no new login). With `identity: false`, an identity-free check instead (an age
 * gate): the provider is asked only for these attributes, nobody is signed in, and the answer is in
 * `req.eid.attributes` / `req.eid.missing` for the next few minutes in this browser.
 *
 * @example
 * ```ts
 * app.get('/check-in', requireAttributes(['health_insurance'], { purpose: 'Khám bệnh có BHYT' }), handler)
 * app.get('/buy/:id', requireAttributes(['age_over_18'], { identity: false, purpose }), (req, res) =>
 *   req.eid.attributes.ageOver18 === true ? sell(req, res) : refuse(req, res))
 * ```
 */
export function requireAttributes(
  attributes: readonly AttributeName[],
  options: RequireAttributesOptions = {},
): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      const { core, request, sink, native } = boundOf(req)
      const outcome = await core.requireAttributes(request, sink, native, req.eid, attributes, options)
      if (outcome === undefined) next()
      else await sendOutcome(res, outcome)
    } catch (error) {
      next(error)
    }
  }
}

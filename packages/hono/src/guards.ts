import type { AttributeName, Level, Purpose } from '@dinhdanh/client'
import type { RequireAttributesOptions } from '@dinhdanh/web'
import type { Context, MiddlewareHandler } from 'hono'
import { answer, boundOf } from './eid-auth.js'

/**
 * Lets the request through when the citizen is signed in at `level` (default 1), authenticated at most
 * `maxAgeSec` ago when given; otherwise signs in, steps up or asks for a fresh login (the rules are
 * `@dinhdanh/web`'s). API calls get 401 with the login URL instead of a redirect.
 *
 * @example
 * ```ts
 * app.get('/transfer', requireSignIn({ level: 2 }), (c) => c.html(transferPage(c.get('eid'))))
 * app.post('/transfer/:id/confirm', requireSignIn({ level: 2, maxAgeSec: (c) => secondsSinceRequested(c) }), confirm)
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
    maxAgeSec?: number | ((c: Context) => number | undefined)
  } = {},
): MiddlewareHandler {
  return async (c, next) => {
    const { core, request, sink } = boundOf(c)
    const maxAgeSec = typeof options.maxAgeSec === 'function' ? options.maxAgeSec(c) : options.maxAgeSec
    const outcome = await core.requireSignIn(request, sink, c, c.get('eid'), {
      ...(options.level !== undefined && { level: options.level }),
      ...(options.purpose !== undefined && { purpose: options.purpose }),
      maxAgeSec,
    })
    if (outcome === undefined) await next()
    else return answer(c, outcome)
  }
}

/**
 * Lets the request through when every attribute has been asked for in this session (shared, or answered
 * as missing or unavailable); otherwise asks the provider for only those not asked yet, with `purpose`
 * (incremental consent, no new login).
 *
 * @example
 * ```ts
 * app.get('/prescriptions', requireAttributes(['health_insurance'], { purpose: 'Mua thuốc có BHYT' }), handler)
 * ```
 */
export function requireAttributes(
  attributes: readonly AttributeName[],
  options: RequireAttributesOptions = {},
): MiddlewareHandler {
  return async (c, next) => {
    const { core, request, sink } = boundOf(c)
    const outcome = await core.requireAttributes(request, sink, c, c.get('eid'), attributes, options)
    if (outcome === undefined) await next()
    else return answer(c, outcome)
  }
}

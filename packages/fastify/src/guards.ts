import type { AttributeName, Level, Purpose } from '@dinhdanh/client'
import type { RequireAttributesOptions } from '@dinhdanh/web'
import type { FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify'
import { boundOf } from './eid-plugin.js'
import { sendOutcome } from './web-request.js'

/**
 * A `preHandler` hook that lets the request through when the citizen is signed in at `level` (default 1),
 * authenticated at most `maxAgeSec` ago when given; otherwise signs in, steps up or asks for a fresh login
 * (the rules are `@dinhdanh/web`'s). API calls get 401 with the login URL instead of a redirect.
 *
 * @example
 * ```ts
 * app.get('/transfer', { preHandler: requireSignIn({ level: 2 }) }, handler)
 * app.post('/transfer/:id/confirm', { preHandler: requireSignIn({ level: 2, maxAgeSec: (request) => secondsSinceRequested(request) }) }, confirm)
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
    maxAgeSec?: number | ((request: FastifyRequest) => number | undefined)
  } = {},
): preHandlerAsyncHookHandler {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { core, request: web, sink, native } = boundOf(request)
    const maxAgeSec = typeof options.maxAgeSec === 'function' ? options.maxAgeSec(request) : options.maxAgeSec
    const outcome = await core.requireSignIn(web, sink, native, request.eid, {
      ...(options.level !== undefined && { level: options.level }),
      ...(options.purpose !== undefined && { purpose: options.purpose }),
      maxAgeSec,
    })
    // Returning the reply after sending it is how an async hook tells Fastify it answered.
    if (outcome !== undefined) return sendOutcome(reply, outcome)
    return undefined
  }
}

/**
 * A `preHandler` hook that lets the request through when every attribute has been asked for in this
 * session (shared, or answered as missing or unavailable); otherwise asks the provider for only those not
 * asked yet, with `purpose` (incremental consent, no new login).
 *
 * @example
 * ```ts
 * app.get('/check-in', { preHandler: requireAttributes(['health_insurance'], { purpose: 'Khám bệnh có BHYT' }) }, handler)
 * ```
 */
export function requireAttributes(
  attributes: readonly AttributeName[],
  options: RequireAttributesOptions = {},
): preHandlerAsyncHookHandler {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { core, request: web, sink, native } = boundOf(request)
    const outcome = await core.requireAttributes(web, sink, native, request.eid, attributes, options)
    if (outcome !== undefined) return sendOutcome(reply, outcome)
    return undefined
  }
}

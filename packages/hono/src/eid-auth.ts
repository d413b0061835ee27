import {
  type CookieSink,
  collectCookies,
  createEidCore,
  type EidCore,
  type EidRequestContext,
  HANDLED,
  type Outcome,
} from '@dinhdanh/web'
import type { Context, MiddlewareHandler } from 'hono'
import type { EidAuthOptions } from './options.js'
import { toWebRequest, withCookies } from './web-request.js'

/**
 * The variables {@link eidAuth} sets on the context: `c.get('eid')`. Hono's `ContextVariableMap` is
 * augmented with them, so `c.get('eid')` is typed in every app that imports this package; `EidEnv` is
 * for apps that prefer a typed `new Hono<EidEnv>()`.
 *
 * @example
 * ```ts
 * const app = new Hono<EidEnv>()
 * app.get('/me', requireSignIn(), (c) => c.text(c.var.eid.citizen?.fullName ?? ''))
 * ```
 */
export interface EidEnv {
  Variables: { eid: EidRequestContext }
}

declare module 'hono' {
  interface ContextVariableMap {
    /** National e-ID sign-in state, set by `eidAuth()`. */
    eid: EidRequestContext
  }
}

/** The core and this request's translation, for the guards (kept off the context's variables). */
interface BoundRequest {
  core: EidCore<Context>
  request: Request
  sink: CookieSink
}

const bound = new WeakMap<Context, BoundRequest>()

/**
 * The translation {@link eidAuth} made of this request; throws when it is not installed before a guard.
 *
 * @example
 * ```ts
 * const { core, request, sink } = boundOf(c)
 * ```
 */
export function boundOf(c: Context): BoundRequest {
  const found = bound.get(c)
  if (!found)
    throw new TypeError(
      'eidAuth() must be installed (app.use(eidAuth(...))) before requireSignIn/requireAttributes',
    )
  return found
}

/**
 * What a guard or the kit's route answers with: the core's `Response`, or `c.res` when the app's hook
 * answered through the context (`HANDLED`).
 *
 * @example
 * ```ts
 * return answer(c, await core.route(request, sink, c))
 * ```
 */
export function answer(c: Context, outcome: Outcome): Response {
  return outcome === HANDLED ? c.res : outcome
}

/**
 * National e-ID sign-in for a Hono app: the login, callback, logout, back-channel logout and consent-event
 * routes, the session, and `c.get('eid')` on every request. An adapter that only translates between Hono
 * and `@dinhdanh/web`, where every rule lives: it runs wherever Hono does (Node.js, Bun, Deno, Cloudflare
 * Workers, Next.js route handlers).
 *
 * @example
 * ```ts
 * const app = new Hono()
 * app.use(eidAuth({ client: eid, baseUrl: 'https://shop.example', session: { secret: process.env.SESSION_SECRET! } }))
 * app.get('/me', requireSignIn(), (c) => c.json({ name: c.get('eid').citizen?.fullName }))
 * ```
 */
export function eidAuth(options: EidAuthOptions): MiddlewareHandler {
  // The hooks already speak the core's language with `N` = Hono's Context: no translation needed.
  const core = createEidCore<Context>(options, 'eidAuth()')
  return async (c, next) => {
    const request = toWebRequest(c.req.raw, core.options.baseUrl)
    const sink = collectCookies()
    // `eid` first, on the kit's routes too: the app's hooks (onError) may read it.
    c.set('eid', await core.context(request, sink, c))
    const outcome = await core.route(request, sink, c)
    if (outcome !== undefined) {
      sink.close()
      return withCookies(answer(c, outcome), sink)
    }
    bound.set(c, { core, request, sink })
    await next()
    // Cookies set while the app ran (a guard's transaction, a rolled session, signOut()) go out with its answer.
    sink.close()
    c.res = withCookies(c.res, sink)
  }
}

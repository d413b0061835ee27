import {
  type CookieSink,
  createEidCore,
  type EidCore,
  type EidRequestContext,
  HANDLED,
  translateHooks,
} from '@dinhdanh/web'
import express, { type NextFunction, type Request, type Response, type Router } from 'express'
import type { EidAuthOptions } from './options.js'
import { cookieSinkOf, sendOutcome, toWebRequest } from './web-request.js'

/** What the adapter hands the app's hooks: Express's own request and response. */
export interface ExpressNative {
  req: Request
  res: Response
}

/** The core and this request's translation, for the guards (kept off the request object itself). */
export interface BoundRequest {
  core: EidCore<ExpressNative>
  request: globalThis.Request
  sink: CookieSink
  native: ExpressNative
}

const bound = new WeakMap<Request, BoundRequest>()

/** The translation {@link eidAuth} made of this request; throws when it is not installed. */
export function boundOf(req: Request): BoundRequest {
  const found = bound.get(req)
  if (!found)
    throw new TypeError(
      'eidAuth() must be installed (app.use(eidAuth(...))) before requireSignIn/requireAttributes',
    )
  return found
}

/**
 * National e-ID sign-in for an Express app: the login, callback, logout, back-channel logout and
 * consent-event routes, the session, and `req.eid` on every request. An adapter that only translates
 * between Express and `@dinhdanh/web`, where every rule lives.
 *
 * @example
 * ```ts
 * app.use(eidAuth({ client: eid, baseUrl: 'http://localhost:3001', session: { secret: [current, previous] } }))
 * app.get('/transfer', requireSignIn({ level: 2 }), (req, res) => res.render('transfer', { name: req.eid.citizen?.fullName }))
 * ```
 */
export function eidAuth(input: EidAuthOptions): Router {
  const { onError: _e, onConsentWithdrawn: _c, uiLocales: _u, ...rest } = input
  const core = createEidCore<ExpressNative>(
    {
      ...rest,
      // The app's hooks in Express terms, translated for the core.
      ...translateHooks<ExpressNative, EidAuthOptions>(input, {
        onError:
          (hook) =>
          async (error, { req, res }) => {
            await hook(error, req, res)
            return res.headersSent ? HANDLED : undefined
          },
        onConsentWithdrawn:
          (hook) =>
          (event, { req }) =>
            hook(event, req),
        uiLocales:
          (hook) =>
          ({ req }) =>
            hook(req),
      }),
    },
    'eidAuth()',
  )
  const router = express.Router()
  router.use(async (req: Request, res: Response, next: NextFunction) => {
    try {
      const request = toWebRequest(req, core.options.baseUrl)
      const sink = cookieSinkOf(res)
      const native = { req, res }
      // `req.eid` first, on the kit's routes too: the app's hooks (onError) may read it.
      req.eid = await core.context(request, sink, native)
      const outcome = await core.route(request, sink, native)
      if (outcome !== undefined) return await sendOutcome(res, outcome)
      bound.set(req, { core, request, sink, native })
      next()
    } catch (error) {
      next(error)
    }
  })
  return router
}

declare global {
  namespace Express {
    interface Request {
      /** National e-ID sign-in state, set by `eidAuth()`. */
      eid: EidRequestContext
    }
  }
}

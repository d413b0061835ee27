import express, { type NextFunction, type Request, type Response, type Router } from 'express'
import type { Logger } from '../logger.js'
import type { Population } from '../population.js'
import type { Storage } from '../storage/storage.js'
import { renderErrorPage } from '../views/error-page.js'
import { type Lang, pickLang } from '../views/i18n.js'
import { finishDialectAuthorization, startDialectAuthorization } from './authorize.js'
import { DialectAccesses, DialectCodes } from './codes.js'
import { DialectProblem } from './explain.js'
import type { NodeHandler } from './internal-request.js'
import { VNEID_PATHS } from './paths.js'
import { dialectClients, isDialectEntry } from './registration.js'
import { shareApiRoutes } from './share/api.js'
import type { ShareService } from './share/service.js'
import { redeemDialectCode } from './token.js'
import { dialectUserinfo } from './userinfo.js'

/** What the VNeID dialect needs from the mock provider. */
export interface VneidDialectDependencies {
  /** Every clients-file entry; those with `"dialect": "vneid"` are served here. */
  clients: readonly Record<string, unknown>[]
  storage: Storage
  /** oidc-provider's request handler, read at call time (a key rotation rebuilds the provider). */
  provider: () => NodeHandler
  issuer: string
  /** Also report what passes at the mock but is unwise at the real provider (`--explain`). */
  explain: boolean
  logger: Logger
  lang: Lang
  /** Sharing by transaction (docs/vneid-share.md): `/vneid/share/start` and `/vneid/share/result`. */
  share: ShareService
  population: Population
  /** Seconds since the epoch. */
  now: () => number
}

/**
 * The VNeID dialect (docs/vneid-dialect.md) as a facade over the internal oidc-provider: its own paths
 * ({@link VNEID_PATHS}), the same citizens, screens, levels, consent records and scenarios. Every
 * refusal explains what the real provider expects: an error page on the browser's paths, JSON with
 * `error` and `error_description` on the back channel.
 *
 * @example
 * ```ts
 * app.use(vneidDialectRouter({ clients, storage, provider: () => callback, issuer, explain: false, logger, lang: 'vi',
 *   share: ctx.share, population: ctx.population, now: ctx.now }))
 * ```
 */
export function vneidDialectRouter(deps: VneidDialectDependencies): Router {
  const clients = dialectClients(deps.clients)
  const standardClientIds = new Set(
    deps.clients.filter((entry) => !isDialectEntry(entry)).map((entry) => String(entry.client_id)),
  )
  const codes = new DialectCodes(deps.storage)
  const accesses = new DialectAccesses(deps.storage)
  const shared = { clients, codes, accesses, issuer: deps.issuer, explain: deps.explain, logger: deps.logger }
  const router = express.Router()
  router.get(
    VNEID_PATHS.authorize,
    startDialectAuthorization({ ...shared, standardClientIds, storage: deps.storage }),
  )
  router.get(
    VNEID_PATHS.return,
    finishDialectAuthorization({ ...shared, standardClientIds, storage: deps.storage }),
  )
  router.all(
    VNEID_PATHS.token,
    express.urlencoded({ extended: false, limit: '16kb' }),
    redeemDialectCode({ ...shared, provider: deps.provider }),
  )
  router.all(VNEID_PATHS.userinfo, dialectUserinfo({ ...shared, provider: deps.provider }))
  router.use(
    shareApiRoutes({ share: deps.share, storage: deps.storage, population: deps.population, now: deps.now }),
  )

  router.use((error: unknown, req: Request, res: Response, next: NextFunction) => {
    if (!(error instanceof DialectProblem)) return next(error)
    // The problem's name and the path only: never a parameter's value.
    deps.logger[deps.explain ? 'warn' : 'info'](
      { event: 'vneid_refused', problem: error.code, path: req.path },
      'VNeID dialect request refused',
    )
    res.status(error.status).setHeader('cache-control', 'no-store')
    if (req.path === VNEID_PATHS.authorize || req.path === VNEID_PATHS.return) {
      const lang = pickLang([req.query.ui_locales, req.query.lang], deps.lang)
      res
        .type('html')
        .send(
          renderErrorPage(
            lang,
            { error: error.error, error_description: error.message },
            String(res.locals.nonce ?? ''),
          ),
        )
      return
    }
    const share = req.path === VNEID_PATHS.shareStart || req.path === VNEID_PATHS.shareResult
    if (error.status === 401) {
      res.setHeader('www-authenticate', share ? 'Basic realm="vneid-share"' : `Bearer error="${error.error}"`)
    }
    if (error.status === 405 && share) res.setHeader('allow', 'POST')
    res.json({ error: error.error, error_description: error.message })
  })
  return router
}

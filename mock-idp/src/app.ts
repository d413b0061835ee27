import express, { type Express, type NextFunction, type Request, type Response } from 'express'
import type { JWK } from 'jose'
import { createMockIdpContext } from './context.js'
import { accountRoutes } from './endpoints/account/index.js'
import { adminRoutes } from './endpoints/admin/index.js'
import { consentRoutes } from './endpoints/consent/index.js'
import { consentApiRoutes } from './endpoints/consent-api/index.js'
import { devSmsRoutes } from './endpoints/dev-sms/index.js'
import { faviconRoutes } from './endpoints/favicon/index.js'
import { homeRoutes } from './endpoints/home/index.js'
import { interactionRoutes } from './endpoints/interaction/index.js'
import { loginRoutes } from './endpoints/login/index.js'
import { otpRoutes } from './endpoints/otp/index.js'
import { phoneRoutes } from './endpoints/phone/index.js'
import { qrRoutes } from './endpoints/qr/index.js'
import { interactionUidOf, wayBackFrom } from './interactions/way-back.js'
import { type MockIdpOptions, type ResolvedMockIdpOptions, resolveMockIdpOptions } from './options.js'
import { dpopReplay } from './provider/dpop-replay.js'
import { providerPathOf } from './provider/provider-path.js'
import { scenarioMiddleware } from './scenario-middleware.js'
import { securityHeaders } from './security/headers.js'
import { trustedProxies } from './security/source-address.js'
import { renderErrorPage } from './views/error-page.js'
import { pickLang } from './views/i18n.js'
import { vneidDialectRouter } from './vneid/router.js'

/** The endpoints whose DPoP proofs are checked for replay before the provider sees them. */
const DPOP_CHECKED_PATHS: ReadonlySet<string> = new Set(['/token', '/me', '/request'])
/** The provider's endpoints of every sign-in, sent to it without the screens' routers. */
const PROTOCOL_PATHS: ReadonlySet<string> = new Set([
  ...DPOP_CHECKED_PATHS,
  '/auth',
  '/jwks',
  '/.well-known/openid-configuration',
])

/**
 * A configured mock provider, not yet listening: the Express app plus handles for tests and the CLI.
 *
 * @example
 * ```ts
 * const idp = await createApp({ issuer: 'http://127.0.0.1:4000', store: 'memory' })
 * http.createServer(idp.app).listen(4000)
 * ```
 */
export interface MockIdpApp {
  readonly app: Express
  readonly issuer: string
  readonly adminToken: string
  readonly options: ResolvedMockIdpOptions
  /** Rotates the signing key (a new `kid` signs from now on); the scenario `key_rotated` calls it. */
  rotateSigningKey(): Promise<void>
  /**
   * The private signing keys in use, newest first: for the self-test's hostile provider, which re-signs
   * the tokens it forges with them (never served; the JWKS publishes only the public halves).
   */
  signingKeys(): readonly JWK[]
  close(): Promise<void>
}

/**
 * Builds the mock provider's Express app around oidc-provider. `options.issuer` is required here (the
 * public URL); {@link createMockIdp} computes it from the port it listens on.
 *
 * @example
 * ```ts
 * const { app, adminToken } = await createApp({ issuer: 'https://eid.staging.example', store: 'sqlite' })
 * ```
 */
export async function createApp(input: MockIdpOptions & { issuer: string }): Promise<MockIdpApp> {
  const options = resolveMockIdpOptions(input)
  const ctx = await createMockIdpContext(options, input.issuer)

  const app = express()
  app.disable('x-powered-by')
  app.set('trust proxy', true)
  // Throttling's view of the client behind a proxy (never used to open anything): see sourceAddress.
  app.locals.trustedProxies = trustedProxies(options.trustProxy)
  // Every URL the provider builds (discovery endpoints, DPoP htu) comes from the configured issuer, never
  // from forged X-Forwarded-* or Host headers (a poisoned discovery document on a shared server).
  const publicUrl = new URL(ctx.issuer)
  app.use((req, _res, next) => {
    req.headers['x-forwarded-host'] = publicUrl.host
    req.headers['x-forwarded-proto'] = publicUrl.protocol.slice(0, -1)
    delete req.headers.forwarded
    next()
  })
  app.use(securityHeaders)
  app.use(
    scenarioMiddleware({ scenarios: ctx.scenarios, rotate: ctx.rotateSigningKey, keys: ctx.signingKeys }),
  )
  // The provider's hot protocol endpoints go straight to it (#13): no screen router answers these paths,
  // and walking the dozen routers below cost about a tenth of the mock's CPU per sign-in. Every spelling the
  // provider's router accepts (another case, a trailing slash) is taken here (providerPathOf), so the DPoP
  // replay check cannot be skipped by one; the check after the routers stays as a second line.
  const replay = dpopReplay(ctx.storage)
  const toProvider = (req: Request, res: Response) => ctx.callback()(req, res)
  app.use((req, res, next) => {
    const path = providerPathOf(req.path)
    if (!PROTOCOL_PATHS.has(path)) return next()
    if (!DPOP_CHECKED_PATHS.has(path)) return toProvider(req, res)
    return replay(req, res, (error?: unknown) => (error ? next(error) : toProvider(req, res)))
  })
  app.use(faviconRoutes())
  app.use(interactionRoutes(ctx))
  app.use(loginRoutes(ctx))
  app.use(otpRoutes(ctx))
  app.use(consentRoutes(ctx))
  app.use(qrRoutes(ctx))
  app.use(phoneRoutes(ctx))
  app.use(accountRoutes(ctx))
  app.use(homeRoutes(ctx))
  app.use(devSmsRoutes(ctx))
  app.use('/consent-api', consentApiRoutes(ctx))
  app.use('/__admin', adminRoutes(ctx))
  app.use(
    vneidDialectRouter({
      clients: options.clients,
      storage: ctx.storage,
      provider: ctx.callback,
      issuer: ctx.issuer,
      explain: options.explain,
      logger: ctx.logger,
      lang: options.lang,
      share: ctx.share,
      population: ctx.population,
      now: ctx.now,
    }),
  )
  app.use([...DPOP_CHECKED_PATHS], replay)
  app.use(toProvider)
  app.use(async (error: unknown, req: Request, res: Response, _next: NextFunction) => {
    const status = (error as { statusCode?: number }).statusCode ?? 500
    // An old or already-used sign-in link (Back, a reload, a bookmark) is a citizen's ordinary mistake,
    // not the provider's failure: info, and a page that says so with a way back (#15).
    const stale = error instanceof Error && error.name === 'SessionNotFound'
    const logged = {
      err: error instanceof Error ? { name: error.name, message: error.message } : 'error',
      path: req.path,
    }
    if (stale)
      ctx.logger.info({ event: 'stale_link', path: req.path }, 'an old or finished sign-in link was opened')
    else if (status < 500) ctx.logger.warn(logged, 'request refused')
    else ctx.logger.error(logged, 'request failed')
    if (res.headersSent) return
    const out = {
      error: status === 500 ? 'server_error' : ((error as { error?: string }).error ?? 'invalid_request'),
      error_description: (error as { error_description?: string }).error_description ?? '',
    }
    const nonce = String(res.locals.nonce ?? '')
    try {
      if (stale) {
        const { back, lang } = await wayBackFrom(ctx, req.path, req.query.lang)
        const uid = interactionUidOf(req.path)
        const path = req.method === 'GET' ? req.originalUrl : uid ? `/interaction/${uid}` : '/'
        res
          .status(status)
          .type('html')
          .send(renderErrorPage(lang, out, nonce, { stale, back, path }))
        return
      }
    } catch (lookup) {
      ctx.logger.warn({ err: lookup instanceof Error ? lookup.name : 'error' }, 'way back not found')
    }
    const lang = pickLang([req.query.lang], options.lang)
    const path = req.method === 'GET' ? req.originalUrl : '/'
    res
      .status(status)
      .type('html')
      .send(renderErrorPage(lang, out, nonce, { stale, path }))
  })

  return {
    app,
    issuer: ctx.issuer,
    adminToken: ctx.adminToken,
    options,
    rotateSigningKey: ctx.rotateSigningKey,
    signingKeys: ctx.signingKeys,
    async close() {
      ctx.events.stop()
      ctx.share.stop()
      await ctx.storage.close()
    },
  }
}

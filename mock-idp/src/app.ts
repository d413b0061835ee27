import { randomBytes, timingSafeEqual } from 'node:crypto'
import express, { type Express, type NextFunction, type Request, type Response } from 'express'
import type { JWK } from 'jose'
import Provider from 'oidc-provider'
import { accountRouter } from './account/router.js'
import { adminRouter } from './admin/router.js'
import { backchannelAuthentication } from './ciba/backchannel-authentication.js'
import { consentApiRouter } from './consent/api.js'
import { ConsentEvents } from './consent/events.js'
import { ConsentRecords } from './consent/records.js'
import { qrLoginRouter } from './interactions/qr.js'
import { interactionRouter } from './interactions/router.js'
import { createLogger, type Logger } from './logger.js'
import { type MockIdpOptions, type ResolvedMockIdpOptions, resolveMockIdpOptions } from './options.js'
import { phoneRouter } from './phone/router.js'
import { Population } from './population.js'
import { providerConfiguration } from './provider/configuration.js'
import { dpopReplay } from './provider/dpop-replay.js'
import { loadSigningKeys, rotateSigningKey } from './provider/keys.js'
import { scenarioMiddleware } from './scenario-middleware.js'
import { Scenarios } from './scenarios.js'
import { Csrf } from './security/csrf.js'
import { securityHeaders } from './security/headers.js'
import { localOnly } from './security/local-only.js'
import { trustedProxies } from './security/source-address.js'
import { Throttle } from './security/throttle.js'
import { SmsOutbox } from './sms/outbox.js'
import { createStorage } from './storage/index.js'
import { createOidcAdapterFactory } from './storage/oidc-adapter.js'
import type { Storage } from './storage/storage.js'
import { renderErrorPage } from './views/error-page.js'
import { pickLang } from './views/i18n.js'
import { homeScreen, smsOutboxScreen } from './views/screens.js'
import { internalRegistration } from './vneid/registration.js'
import { vneidDialectRouter } from './vneid/router.js'

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

/** Secrets that must survive restarts and be shared between processes (cookie keys, CSRF). */
async function loadSecret(storage: Storage, name: string): Promise<string> {
  const fresh = randomBytes(32).toString('base64url')
  if (await storage.setIfAbsent('config', name, fresh)) return fresh
  return (await storage.get<string>('config', name)) ?? fresh
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
  const issuer = input.issuer
  const logger: Logger = createLogger(options.logLevel)
  const storage = await createStorage(
    options.store === 'redis'
      ? { kind: 'redis', url: options.redisUrl ?? '' }
      : options.store === 'sqlite'
        ? { kind: 'sqlite', file: options.sqliteFile }
        : { kind: 'memory' },
  )
  const now = () => Math.floor(Date.now() / 1000)
  const [cookieKey, csrfKey] = await Promise.all([
    loadSecret(storage, 'cookie-key'),
    loadSecret(storage, 'csrf-key'),
  ])
  const adminToken = options.adminToken ?? randomBytes(24).toString('base64url')
  const population = new Population(options.seed)
  const consents = new ConsentRecords(storage)
  const scenarios = new Scenarios(storage)
  const sms = new SmsOutbox(storage)
  const csrf = new Csrf(csrfKey, issuer)
  const throttle = new Throttle(storage, now)
  const Adapter = createOidcAdapterFactory(storage)
  const settings = {
    autoApprove: async () =>
      options.autoApprove || (await storage.get<boolean>('config', 'auto-approve')) === true,
  }

  let provider: Provider
  let callback: ReturnType<Provider['callback']>
  let signingKeys = (await loadSigningKeys(storage)).keys
  const ciba = backchannelAuthentication({
    provider: () => provider,
    storage,
    population,
    consents,
    logger,
    now,
    seed: options.seed,
    issuer,
    settings,
  })

  const build = () => {
    provider = new Provider(
      issuer,
      providerConfiguration({
        issuer,
        seed: options.seed,
        signingKeys,
        cookieKeys: [cookieKey],
        // A VNeID-dialect client is registered internally returning to the dialect's facade (/vneid/return).
        clients: options.clients.map((entry) => internalRegistration(entry, issuer)),
        adapter: Adapter,
        population,
        consents,
        scenarios,
        registration: options.registration,
        adminToken,
        lang: options.lang,
        ciba,
      }),
    )
    // Behind a proxy or in a container, the public issuer differs from the listen address.
    provider.proxy = true
    provider.on('server_error', (_ctx, error) => logger.error({ err: error }, 'provider error'))
    callback = provider.callback()
  }
  build()

  const events = new ConsentEvents({
    storage,
    logger,
    issuer,
    keys: () => signingKeys,
    now,
    provider: () => provider,
  })

  const app = express()
  app.disable('x-powered-by')
  app.set('trust proxy', true)
  // Throttling's view of the client behind a proxy (never used to open anything): see sourceAddress.
  app.locals.trustedProxies = trustedProxies(options.trustProxy)
  // Every URL the provider builds (discovery endpoints, DPoP htu) comes from the configured issuer, never
  // from forged X-Forwarded-* or Host headers (a poisoned discovery document on a shared server).
  const publicUrl = new URL(issuer)
  app.use((req, _res, next) => {
    req.headers['x-forwarded-host'] = publicUrl.host
    req.headers['x-forwarded-proto'] = publicUrl.protocol.slice(0, -1)
    delete req.headers.forwarded
    next()
  })
  app.use(securityHeaders)
  app.use(scenarioMiddleware({ scenarios, rotate: async () => rotate(), keys: () => signingKeys }))
  app.use(
    interactionRouter({
      provider: () => provider,
      storage,
      population,
      consents,
      scenarios,
      sms,
      csrf,
      throttle,
      logger,
      issuer,
      seed: options.seed,
      passcode: options.passcode,
      lang: options.lang,
      autoApprove: settings.autoApprove,
      now,
    }),
  )
  const citizenScreens = { storage, population, csrf, throttle, logger, issuer, lang: options.lang, now }
  app.use(qrLoginRouter({ ...citizenScreens, provider: () => provider }))
  app.use(phoneRouter({ ...citizenScreens, ciba, sms, passcode: options.passcode }))
  app.use(accountRouter({ ...citizenScreens, consents, events, passcode: options.passcode }))
  // The outbox shows one-time codes: open to a request from this machine to a loopback issuer (a
  // developer's machine, CI), judged by the socket, not by headers; anyone else (another machine, a
  // shared server) needs the admin token (Authorization: Bearer, or ?admin_token= for a browser).
  const fromThisMachine = localOnly(issuer)
  const expectedAdmin = Buffer.from(adminToken)
  app.get('/', (req, res) => {
    const lang = pickLang([req.query.lang], options.lang)
    res.type('html').send(
      homeScreen(lang, req.originalUrl, String(res.locals.nonce), {
        passcode: options.passcode,
        localTools: fromThisMachine(req),
      }),
    )
  })
  app.get('/dev/sms', async (req, res) => {
    if (!fromThisMachine(req)) {
      const sent = Buffer.from(
        String(req.query.admin_token ?? req.get('authorization')?.replace(/^Bearer /i, '') ?? ''),
      )
      if (sent.length !== expectedAdmin.length || !timingSafeEqual(sent, expectedAdmin)) {
        res
          .status(401)
          .type('text')
          .send('The SMS outbox of a shared mock provider needs the admin token (?admin_token=).')
        return
      }
    }
    const lang = pickLang([req.query.lang], options.lang)
    res.type('html').send(smsOutboxScreen(lang, req.originalUrl, String(res.locals.nonce), await sms.list()))
  })
  app.use(
    '/consent-api',
    consentApiRouter({ provider: () => provider, consents, events, issuer, keys: () => signingKeys, now }),
  )
  app.use(
    '/__admin',
    adminRouter({
      adminToken,
      storage,
      scenarios,
      sms,
      consents,
      events,
      rotate: () => rotate(),
      clients: options.clients,
      accountIdOf: (id) => population.accountIdOf(id),
    }),
  )
  app.use(
    vneidDialectRouter({
      clients: options.clients,
      storage,
      provider: () => callback,
      issuer,
      explain: options.explain,
      logger,
      lang: options.lang,
    }),
  )
  app.use(['/token', '/me', '/request'], dpopReplay(storage))
  app.use((req, res) => callback(req, res))
  app.use((error: unknown, req: Request, res: Response, _next: NextFunction) => {
    logger.error(
      {
        err: error instanceof Error ? { name: error.name, message: error.message } : 'error',
        path: req.path,
      },
      'request failed',
    )
    if (res.headersSent) return
    const status = (error as { statusCode?: number }).statusCode ?? 500
    const lang = pickLang([req.query.lang], options.lang)
    res
      .status(status)
      .type('html')
      .send(
        renderErrorPage(
          lang,
          {
            error:
              status === 500 ? 'server_error' : ((error as { error?: string }).error ?? 'invalid_request'),
            error_description: (error as { error_description?: string }).error_description ?? '',
          },
          String(res.locals.nonce ?? ''),
        ),
      )
  })

  async function rotate(): Promise<void> {
    signingKeys = (await rotateSigningKey(storage)).keys
    build()
    logger.info({ event: 'signing_key_rotated', kid: signingKeys[0]?.kid }, 'signing key rotated')
  }

  return {
    app,
    issuer,
    adminToken,
    options,
    rotateSigningKey: rotate,
    signingKeys: () => signingKeys,
    async close() {
      events.stop()
      await storage.close()
    },
  }
}

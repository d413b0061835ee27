import { randomBytes } from 'node:crypto'
import type { JWK } from 'jose'
import Provider from 'oidc-provider'
import { backchannelAuthentication } from './ciba/backchannel-authentication.js'
import { ConsentEvents } from './consent/events.js'
import { ConsentRecords } from './consent/records.js'
import { QrSignIns } from './interactions/qr-sign-ins.js'
import { wayBackFrom } from './interactions/way-back.js'
import { createLogger, type Logger } from './logger.js'
import type { ResolvedMockIdpOptions } from './options.js'
import { Population, populationDay } from './population.js'
import { providerConfiguration } from './provider/configuration.js'
import { loadSigningKeys, rotateSigningKey } from './provider/keys.js'
import { Scenarios } from './scenarios.js'
import { Csrf } from './security/csrf.js'
import { Throttle } from './security/throttle.js'
import { SmsOutbox } from './sms/outbox.js'
import { createStorage } from './storage/index.js'
import { createOidcAdapterFactory } from './storage/oidc-adapter.js'
import type { Storage } from './storage/storage.js'
import { dialectClients, internalRegistration } from './vneid/registration.js'
import { ShareService } from './vneid/share/service.js'

/** The decoupled-sign-in (CIBA) hooks of the provider and the phone simulator's approve/deny actions. */
export type Ciba = ReturnType<typeof backchannelAuthentication>

/**
 * Everything an endpoint of the mock provider may use, built once by {@link createMockIdpContext} and
 * handed to every `src/endpoints/<name>/` route as its only argument (instead of a dependency bag per
 * router). The accessors (`provider`, `callback`, `signingKeys`) read the current value at call time:
 * a key rotation rebuilds the provider.
 *
 * @example
 * ```ts
 * export function devSmsRoutes(ctx: MockIdpContext): Router {
 *   const router = express.Router()
 *   router.get('/dev/sms', async (_req, res) => res.json(await ctx.sms.list()))
 *   return router
 * }
 * ```
 */
export interface MockIdpContext {
  /** The public URL of the provider (`iss`), never derived from request headers. */
  readonly issuer: string
  /** The resolved options: `seed`, `passcode`, `lang`, `clients`, `explain`, … */
  readonly options: ResolvedMockIdpOptions
  /** The admin API's bearer token (also the initial access token of dynamic registration). */
  readonly adminToken: string
  readonly logger: Logger
  /** The shared store (memory, SQLite or Redis): everything that must survive a process or be shared. */
  readonly storage: Storage
  /** The synthetic citizens of `options.seed`, on the day of `options.today`. */
  readonly population: Population
  readonly consents: ConsentRecords
  /** Consent-withdrawn security events and grant revocation. */
  readonly events: ConsentEvents
  readonly scenarios: Scenarios
  /** The development SMS outbox (one-time codes). */
  readonly sms: SmsOutbox
  readonly csrf: Csrf
  readonly throttle: Throttle
  /** QR sign-ins, shared by the login screen's QR tab and the phone simulator. */
  readonly qr: QrSignIns
  readonly ciba: Ciba
  /** Sharing data from the VNeID app by transaction (docs/vneid-share.md), for the dialect's clients. */
  readonly share: ShareService
  /** The clock, in seconds since the epoch. */
  readonly now: () => number
  /** The oidc-provider instance in use (rebuilt when the signing key rotates). */
  readonly provider: () => Provider
  /** The current provider's request handler. */
  readonly callback: () => ReturnType<Provider['callback']>
  /** The private signing keys in use, newest first. */
  readonly signingKeys: () => JWK[]
  /** Rotates the signing key (a new `kid` signs from now on) and rebuilds the provider. */
  readonly rotateSigningKey: () => Promise<void>
  /** Whether sign-ins are approved without screens (`--auto-approve`, or the admin API's setting). */
  readonly autoApprove: () => Promise<boolean>
}

/** Secrets that must survive restarts and be shared between processes (cookie keys, CSRF). */
async function loadSecret(storage: Storage, name: string): Promise<string> {
  const fresh = randomBytes(32).toString('base64url')
  if (await storage.setIfAbsent('config', name, fresh)) return fresh
  return (await storage.get<string>('config', name)) ?? fresh
}

/**
 * Builds the mock provider's context: the store, the population, the oidc-provider instance with its
 * keys, and the services the endpoints share. Nothing listens yet.
 *
 * @example
 * ```ts
 * const ctx = await createMockIdpContext(resolveMockIdpOptions({ store: 'memory' }), 'http://127.0.0.1:4000')
 * ```
 */
export async function createMockIdpContext(
  options: ResolvedMockIdpOptions,
  issuer: string,
): Promise<MockIdpContext> {
  const logger = createLogger(options.logLevel)
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
  const population = new Population(options.seed, populationDay(options.today, now))
  const consents = new ConsentRecords(storage)
  const scenarios = new Scenarios(storage)
  const Adapter = createOidcAdapterFactory(storage)
  // --auto-approve sets the admin setting at start (one source of truth), so GET /__admin/settings shows
  // it and PATCH { "autoApprove": false } turns it off; without the flag the stored setting stands.
  if (options.autoApprove) await storage.set('config', 'auto-approve', true)
  const autoApprove = async () => (await storage.get<boolean>('config', 'auto-approve')) === true

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
    settings: { autoApprove },
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
        wayBack: (path, preferred) =>
          wayBackFrom({ storage, options, provider: () => provider }, path, preferred),
        ciba,
      }),
    )
    // Behind a proxy or in a container, the public issuer differs from the listen address.
    provider.proxy = true
    provider.on('server_error', (_ctx, error) => logger.error({ err: error }, 'provider error'))
    callback = provider.callback()
  }
  build()

  return {
    issuer,
    options,
    adminToken,
    logger,
    storage,
    population,
    consents,
    events: new ConsentEvents({
      storage,
      logger,
      issuer,
      keys: () => signingKeys,
      now,
      provider: () => provider,
    }),
    scenarios,
    sms: new SmsOutbox(storage),
    csrf: new Csrf(csrfKey, issuer),
    throttle: new Throttle(storage, now),
    qr: new QrSignIns(storage, now),
    ciba,
    share: new ShareService({
      storage,
      logger,
      population,
      consents,
      scenarios,
      provider: () => provider,
      clients: dialectClients(options.clients),
      seed: options.seed,
      issuer,
      now,
    }),
    now,
    provider: () => provider,
    callback: () => callback,
    signingKeys: () => signingKeys,
    async rotateSigningKey() {
      signingKeys = (await rotateSigningKey(storage)).keys
      build()
      logger.info({ event: 'signing_key_rotated', kid: signingKeys[0]?.kid }, 'signing key rotated')
    },
    autoApprove,
  }
}

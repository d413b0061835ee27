import type { AttributeName } from '@dinhdanh/client/schemas'
import type { JWK } from 'jose'
import type { RequestHandler } from 'msw'
import { citizenWithPersona, type Persona } from '../personas.js'
import { DEFAULT_SEED } from '../population/citizen-for.js'
import { authorizationHandlers, authorizeInProcess, type CallbackForgery } from './authorization.js'
import { backchannelAuthenticationHandler, endSessionHandler } from './backchannel.js'
import type { MockEidClient } from './client-authentication.js'
import { consentApiHandlers } from './consent-api.js'
import { discoveryHandlers } from './discovery.js'
import { type FakeClock, systemClock } from './fake-clock.js'
import { keyControls, type MockEidKeys } from './keys.js'
import { type PopulationDay, populationDay } from './population-day.js'
import { publicSubject } from './public-subject.js'
import type { MockEidRequest } from './recorded-requests.js'
import { type MockEidEndpoint, ScenarioBoard, type ScenarioName, type ScenarioOptions } from './scenarios.js'
import { createSigningKeys } from './signing-keys.js'
import type { ConsentRecordState, MockEidState } from './state.js'
import { type MockEidTamper, TamperBoard, tamperControls } from './tamper.js'
import { revocationHandler, tokenHandler } from './token-endpoint.js'
import {
  type ConsentReceiptInput,
  type ConsentWithdrawnInput,
  type IdTokenClaims,
  type TokenBreakage,
  tokenFactoryWith,
} from './token-factories.js'
import { userinfoHandler } from './userinfo.js'

/**
 * Options of {@link mockEid}.
 *
 * @example
 * ```ts
 * const options: MockEidOptions = { issuer: 'https://eid.test', clients: [{ clientId: 'shop', jwks }] }
 * ```
 */
export interface MockEidOptions {
  /** The issuer URL the handlers answer on (no trailing slash). */
  issuer: string
  clients: MockEidClient[]
  /** Population seed (default `dinhdanh`, as the mock provider's): the same seed gives the same citizens. */
  seed?: string
  /** Clock for every timestamp the kit issues or checks (default: the real clock). */
  clock?: FakeClock
  /**
   * The day the citizens' ages and cards are computed on (ADR 0005): `'YYYY-MM-DD'`, or `'clock'` for
   * `clock` read as the day in Vietnam. Default the reference date 2026-07-01, so tests are the same on
   * every day; sign in as `personasOn(day)`'s personas when you pass another day.
   */
  today?: PopulationDay
  /**
   * Honour DPoP (RFC 9449), as the mock provider does: discovery advertises
   * `dpop_signing_alg_values_supported`, PAR and the token endpoint check proofs and bind the tokens to their
   * key (`token_type: DPoP`), userinfo wants the bound token with a proof. Default false: proofs are ignored.
   */
  dpop?: boolean
}

/**
 * Options of {@link MockEid.signInAs}.
 *
 * @example
 * ```ts
 * eid.signInAs(personas.level2Adult, { grant: ['age_over_18'], level: 2 })
 * ```
 */
export interface SignInAsOptions {
  /**
   * The attributes the citizen ticks on the consent screen: requested attributes outside this list are
   * not released (`result.missing`). Identity, when requested, is always released. Default: all requested.
   */
  grant?: readonly AttributeName[]
  /** The level the citizen authenticates at (default: the citizen's level; at most that). */
  level?: 1 | 2
}

/**
 * An in-process national e-ID for unit tests: msw handlers plus the controls a test needs. See
 * {@link mockEid}.
 *
 * @example
 * ```ts
 * const server = setupServer(...eid.handlers)
 * eid.signInAs(personas.level2Adult)
 * ```
 */
export interface MockEid {
  readonly issuer: string
  /** msw request handlers: discovery, JWKS, PAR, authorization, token, userinfo, revocation, logout, consent API, CIBA. */
  readonly handlers: RequestHandler[]
  /**
   * The public signing keys (also served at `jwks_uri`; `keys.rotate()` and `keys.add()` update it in
   * place, `reset()` restores it).
   */
  readonly jwks: { keys: JWK[] }
  readonly clock: FakeClock
  /**
   * Signs a citizen in for the following authorizations (until `signOut()`, `reset()` or another
   * `signInAs`): no screens, consent to `grant`. Without it, an authorization's `login_hint` (a 12-digit
   * number) picks the citizen, as the mock provider's auto-approve does; with neither it fails with
   * `login_required`.
   */
  signInAs(who: Persona | string, options?: SignInAsOptions): void
  /** Forgets the signed-in citizen. */
  signOut(): void
  /** Switches a failure scenario on (one-shot unless `persist`). See {@link SCENARIO_NAMES}. */
  useScenario(name: ScenarioName, options?: ScenarioOptions): void
  /** Switches one scenario (or all) off. */
  clearScenario(name?: ScenarioName): void
  /**
   * Back to the provider the kit started as, for `afterEach`: forgets the signed-in citizen, the scenarios,
   * the tamperings, the recorded requests, the pushed requests, the codes, the access and refresh tokens, the
   * consents and the CIBA requests; and restores the keys: the JWKS (the same object) holds only the kit's
   * original signing key again, which signs from now on (every `keys.rotate()` and `keys.add()` undone), and
   * `keys.encryptTo` is forgotten (tokens and userinfo are no longer encrypted). Spent client-assertion and
   * DPoP proof `jti`s stay spent; the clock is not touched.
   *
   * @example
   * ```ts
   * afterEach(() => eid.reset())
   * ```
   */
  reset(): void
  /** The public `sub` of a citizen at a client (public subjects: the mock provider's account id). */
  subjectOf(personalId: string, clientId?: string): string
  /** The consent records made so far (what the consent API lists). */
  consentRecords(): readonly ConsentRecordState[]
  mintIdToken(claims: Partial<IdTokenClaims>, options?: { breakWith?: TokenBreakage }): Promise<string>
  mintLogoutToken(input: { sub?: string; sid?: string; aud?: string }): Promise<string>
  mintConsentReceipt(input: ConsentReceiptInput): Promise<string>
  mintConsentWithdrawnEvent(input: ConsentWithdrawnInput): Promise<string>
  /**
   * Plays the citizen's browser, in process: sends the authorization URL your app built to the kit's
   * authorization endpoint (PAR resolved, the citizen of `signInAs` or `login_hint`, scenarios applied) and
   * returns the callback URL it redirects to, optionally forged (`state`, `iss`, extra parameters) to
   * prove your callback refuses it. Throws when the kit answers with an error page instead of a redirect.
   */
  authorize(authorizationUrl: string | URL, forgery?: CallbackForgery): Promise<string>
  /**
   * The requests received so far, oldest first; of one endpoint when given (`eid.requests('token')`). Kept
   * until `reset()`: call it between tests (a kit that serves many sign-ins without one keeps them all).
   */
  requests(endpoint?: MockEidEndpoint): readonly MockEidRequest[]
  /** The signing keys (rotate, publish others, sign anything) and the client key to encrypt to. */
  readonly keys: MockEidKeys
  /** A hostile or broken provider on demand: tampered ID tokens, replaced responses, CIBA polls, DPoP nonces. */
  readonly tamper: MockEidTamper
}

/**
 * Creates an in-process national e-ID: msw handlers that speak the same protocol, serve the same
 * citizens (`citizenWithPersona`, one seeded generator), the same attribute catalogue and the same
 * claim and token shapes as the mock provider, without any screen or network. Discovery advertises
 * exactly what the handlers implement: PAR, RFC 9207 `iss`, PKCE S256, ES256, `private_key_jwt` and
 * `client_secret_basic`, acr "1"/"2", public subjects, CIBA (poll), the consent API, DPoP only with
 * `dpop: true`; no JAR. `tamper`, `keys` and `requests()` turn it into a hostile provider for the tests
 * that prove your app refuses what it should.
 *
 * @example
 * ```ts
 * import { setupServer } from 'msw/node'
 * import { personas } from '@dinhdanh/testing'
 * import { mockEid } from '@dinhdanh/testing/msw'
 *
 * const eid = mockEid({ issuer: 'https://eid.test', clients: [{ clientId: 'shop', jwks }] })
 * const server = setupServer(...eid.handlers)
 * eid.signInAs(personas.level2Adult, { grant: ['age_over_18'] })
 * eid.useScenario('bad_signature') // the next ID token fails verification
 * ```
 */
export function mockEid(options: MockEidOptions): MockEid {
  const issuer = options.issuer
  if (!URL.canParse(issuer) || issuer.endsWith('/')) {
    throw new TypeError('expected issuer as an absolute URL without a trailing slash')
  }
  const seed = options.seed ?? DEFAULT_SEED
  const clock = options.clock ?? systemClock()
  const today = populationDay(options.today, clock)
  const clients = new Map(options.clients.map((client) => [client.clientId, client]))
  for (const client of clients.values()) {
    if (!client.jwks && !client.clientSecret) {
      throw new TypeError(`client ${client.clientId}: expected jwks (private_key_jwt) or clientSecret`)
    }
  }
  const signingKeys = createSigningKeys('mock-eid-es256')
  const tokens = tokenFactoryWith(
    { issuer, clock, ...(options.clients[0] && { defaultAudience: options.clients[0].clientId }) },
    signingKeys,
  )
  const board = new ScenarioBoard()
  const tamper = new TamperBoard()
  const state: MockEidState = {
    issuer,
    clock,
    clients,
    tokens,
    board,
    tamper,
    signingKeys,
    dpop: options.dpop ?? false,
    dpopJtis: new Set(),
    requests: [],
    encryption: undefined,
    usedJtis: new Set(),
    pushed: new Map(),
    codes: new Map(),
    accessTokens: new Map(),
    refreshTokens: new Map(),
    consents: new Map(),
    ciba: new Map(),
    signedIn: undefined,
    endpoint: (path) => `${issuer}${path}`,
    subjectOf: (personalId) => publicSubject(personalId, seed),
    citizenOf: (personalId) => citizenWithPersona(personalId, { seed, today: today() }),
  }

  // The order of the original single list; msw tries handlers in order, and no two paths overlap.
  const handlers: RequestHandler[] = [
    ...discoveryHandlers(state),
    ...authorizationHandlers(state),
    tokenHandler(state),
    userinfoHandler(state),
    revocationHandler(state),
    endSessionHandler(state),
    backchannelAuthenticationHandler(state),
    ...consentApiHandlers(state),
  ]

  return {
    issuer,
    handlers,
    jwks: tokens.jwks,
    clock,
    signInAs(who, signInOptions = {}) {
      const personalId = typeof who === 'string' ? who : who.personalId
      const citizen = state.citizenOf(personalId)
      if (!citizen) throw new RangeError('expected a valid 12-digit personal ID number or a persona')
      if (signInOptions.level !== undefined && signInOptions.level > citizen.level) {
        throw new RangeError(
          `this citizen holds a level-${citizen.level} account, not level ${signInOptions.level}`,
        )
      }
      state.signedIn = { personalId, options: { ...signInOptions } }
    },
    signOut() {
      state.signedIn = undefined
    },
    useScenario: (name, scenarioOptions) => board.use(name, scenarioOptions),
    clearScenario: (name) => board.clear(name),
    reset() {
      state.signedIn = undefined
      state.encryption = undefined
      signingKeys.reset()
      board.clear()
      tamper.clear()
      state.requests.length = 0
      for (const map of [
        state.pushed,
        state.codes,
        state.accessTokens,
        state.refreshTokens,
        state.consents,
        state.ciba,
      ])
        map.clear()
    },
    subjectOf: (personalId) => state.subjectOf(personalId),
    consentRecords: () => [...state.consents.values()].map((record) => ({ ...record })),
    mintIdToken(claims, mintOptions) {
      const aud = claims.aud ?? options.clients[0]?.clientId
      if (aud === undefined) throw new TypeError('expected aud: the kit has no client')
      return tokens.mintIdToken({ sub: '', ...claims, aud } as IdTokenClaims, mintOptions)
    },
    mintLogoutToken: (input) => tokens.mintLogoutToken(input),
    mintConsentReceipt: (input) => tokens.mintConsentReceipt(input),
    mintConsentWithdrawnEvent: (input) => tokens.mintConsentWithdrawnEvent(input),
    authorize: (authorizationUrl, forgery) => authorizeInProcess(state, authorizationUrl, forgery),
    requests: (endpoint) =>
      state.requests.filter((request) => endpoint === undefined || request.endpoint === endpoint),
    keys: keyControls(signingKeys, (target) => {
      state.encryption = target
    }),
    tamper: tamperControls(tamper),
  }
}

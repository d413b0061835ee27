/**
 * Shared setup of the adapter's tests (not part of the package): the mock provider over real HTTP on
 * loopback, relying-party "sites" (each a loopback server registered with the provider before it
 * starts, so its redirect URI is exact), the test browser (`@dinhdanh/testing/browser`), and an Express
 * test app built around `eidAuth`.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import {
  type ConsentWithdrawnEvent,
  createClient,
  type EidClient,
  type EidError,
  type Jwk,
} from '@dinhdanh/client'
import { ATTRIBUTE_NAMES } from '@dinhdanh/client/schemas'
import { createMockIdp, type MockIdp } from '@dinhdanh/mock-idp'
import { Browser, type ProviderVisit, throughProvider } from '@dinhdanh/testing/browser'
import type { EidRequestContext, SessionRecord } from '@dinhdanh/web'
import { parseCookies, readChunkedCookie, unseal } from '@dinhdanh/web/cookies'
import express, { type Express, type NextFunction, type Request, type Response } from 'express'
import { exportJWK, generateKeyPair } from 'jose'
import { eidAuth } from '../eid-auth.js'
import { requireAttributes, requireSignIn } from '../guards.js'
import type { EidAuthOptions } from '../options.js'

/** Session secrets of the tests (at least 32 characters each). */
export const SECRET_A = 'test-secret-A-0123456789abcdef-0123456789'
export const SECRET_B = 'test-secret-B-fedcba9876543210-9876543210'

export {
  Browser,
  confirmProviderLogout,
  type Page,
  type ProviderVisit as Visit,
  parseSetCookie,
  type StoredCookie,
  throughProvider as visit,
} from '@dinhdanh/testing/browser'

// ---------------------------------------------------------------------------------------------------
// Sites, the provider, the harness
// ---------------------------------------------------------------------------------------------------

/** How a site is registered: extra client metadata, and a public origin other than its loopback address. */
export interface SiteSpec {
  metadata?: Record<string, unknown>
  /** The public origin (`baseUrl`), e.g. `https://bank.example`; the browser maps it to the loopback server. */
  origin?: string
}

/** A relying party: a loopback server registered with the provider, and its `EidClient`. */
export interface Site {
  readonly name: string
  readonly clientId: string
  /** The public origin: `baseUrl` of the app. */
  readonly origin: string
  /** Where the server really listens. */
  readonly address: string
  readonly privateJwk: Jwk
  readonly client: EidClient
  /** Serves this app from now on (replacing the previous one, as a restart would). */
  serve(app: Express): void
  /** Builds the standard test app (see {@link buildTestApp}) with these options and serves it. */
  start(overrides?: Partial<EidAuthOptions>): TestApp
  /** Closes the server, freeing its port (for an app that listens by itself). */
  release(): Promise<void>
}

/** A POST the provider made to a site (a logout token or a security event). */
export interface Delivery {
  url: URL
  contentType: string
  body: string
}

/** Everything a test file shares. */
export interface Harness {
  readonly idp: MockIdp
  readonly sites: Record<string, Site>
  /** Logout tokens and security events the provider POSTed to the sites, in order. */
  readonly deliveries: Delivery[]
  /** Grant types of every token request the clients made, in order. */
  readonly tokenGrants: string[]
  /** Every request the clients (not the browser) made to the provider, in order, with its form body. */
  readonly providerCalls: { path: string; params: URLSearchParams }[]
  /** A request to the provider's admin API. */
  admin(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; json: Record<string, unknown> }>
  /** Headless sign-in as this citizen from now on (auto-approve with `autoApproveAs`). */
  signInAs(personalId: string): Promise<void>
  /** A fresh browser profile that knows the sites' public origins. */
  browser(): Browser
  close(): Promise<void>
}

async function listen(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<Server> {
  const server = createServer(handler)
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  return server
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve()
    server.close(() => resolve())
    server.closeAllConnections()
  })
}

/** Another instance of an app on its own loopback port. */
export async function startInstance(app: Express): Promise<{ url: string; close(): Promise<void> }> {
  const server = await listen(app)
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => closeServer(server),
  }
}

function bodyText(body: unknown): string {
  if (typeof body === 'string') return body
  if (body instanceof URLSearchParams) return body.toString()
  return ''
}

/**
 * Starts the sites' servers, then the mock provider knowing them (memory store, silent), then a client
 * per site. Also wraps `globalThis.fetch` (restored by `close`) to record what the provider delivers to
 * the sites and what the clients ask the provider.
 */
export async function startHarness(specs: Record<string, SiteSpec>): Promise<Harness> {
  const servers = new Map<
    string,
    { server: Server; handler: (req: IncomingMessage, res: ServerResponse) => void }
  >()
  const registrations: {
    name: string
    clientId: string
    origin: string
    address: string
    privateJwk: Jwk
    metadata: Record<string, unknown> & { client_id: string; redirect_uris: string[] }
  }[] = []
  for (const [name, spec] of Object.entries(specs)) {
    const slot = {
      server: undefined as unknown as Server,
      handler: (_req: IncomingMessage, res: ServerResponse) => {
        res.statusCode = 503
        res.end('no app yet')
      },
    }
    slot.server = await listen((req, res) => slot.handler(req, res))
    servers.set(name, slot)
    const address = `http://127.0.0.1:${(slot.server.address() as AddressInfo).port}`
    const origin = spec.origin ?? address
    const clientId = `express-${name}`
    const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true })
    const kid = `${clientId}-key`
    registrations.push({
      name,
      clientId,
      origin,
      address,
      privateJwk: { ...(await exportJWK(privateKey)), kid, alg: 'ES256' } as Jwk,
      metadata: {
        client_id: clientId,
        client_name: `Test RP ${name}`,
        redirect_uris: [`${origin}/auth/callback`],
        post_logout_redirect_uris: [`${origin}/`],
        grant_types: ['authorization_code', 'refresh_token'],
        token_endpoint_auth_method: 'private_key_jwt',
        token_endpoint_auth_signing_alg: 'ES256',
        jwks: { keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' }] },
        backchannel_logout_uri: `${origin}/auth/backchannel-logout`,
        backchannel_logout_session_required: true,
        consent_event_uri: `${origin}/auth/consent-events`,
        ...spec.metadata,
      },
    })
  }

  const deliveries: Delivery[] = []
  const tokenGrants: string[] = []
  const providerCalls: Harness['providerCalls'] = []
  const idp = await createMockIdp({
    port: 0,
    store: 'memory',
    logLevel: 'silent',
    clients: registrations.map((registration) => registration.metadata),
  })
  const siteOrigins = new Set(registrations.map((registration) => registration.origin))
  const realFetch = globalThis.fetch
  globalThis.fetch = (async (input: string | URL | globalThis.Request, options?: RequestInit) => {
    const url = new URL(input instanceof globalThis.Request ? input.url : String(input))
    if (siteOrigins.has(url.origin) && (options?.method ?? 'GET').toUpperCase() === 'POST') {
      deliveries.push({
        url,
        contentType: new Headers(options?.headers).get('content-type') ?? '',
        body: bodyText(options?.body),
      })
    }
    if (url.origin === new URL(idp.url).origin) {
      providerCalls.push({ path: url.pathname, params: new URLSearchParams(bodyText(options?.body)) })
    }
    if (url.href === `${idp.url}/token`) {
      tokenGrants.push(new URLSearchParams(bodyText(options?.body)).get('grant_type') ?? '')
    }
    return realFetch(input, options)
  }) as typeof fetch

  const hosts = new Map(
    registrations
      .filter((registration) => registration.origin !== registration.address)
      .map((registration) => [registration.origin, registration.address] as const),
  )

  const sites: Record<string, Site> = {}
  for (const registration of registrations) {
    const slot = servers.get(registration.name)!
    const client = await createClient({
      issuer: idp.url,
      clientId: registration.clientId,
      clientAuth: { method: 'private_key_jwt', privateJwk: registration.privateJwk },
      redirectUri: `${registration.origin}/auth/callback`,
    })
    const site: Site = {
      name: registration.name,
      clientId: registration.clientId,
      origin: registration.origin,
      address: registration.address,
      privateJwk: registration.privateJwk,
      client,
      serve(app) {
        slot.handler = app
      },
      start(overrides = {}) {
        const test = buildTestApp(site, overrides)
        site.serve(test.app)
        return test
      },
      release: () => closeServer(slot.server),
    }
    sites[registration.name] = site
  }

  const admin: Harness['admin'] = async (method, path, body) => {
    const response = await realFetch(`${idp.url}/__admin${path}`, {
      method,
      headers: {
        authorization: `Bearer ${idp.adminToken}`,
        ...(body !== undefined && { 'content-type': 'application/json' }),
      },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    })
    const text = await response.text()
    return { status: response.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} }
  }

  return {
    idp,
    sites,
    deliveries,
    tokenGrants,
    providerCalls,
    admin,
    async signInAs(personalId) {
      const { status } = await admin('PATCH', '/settings', { autoApprove: true, autoApproveAs: personalId })
      if (status !== 200) throw new Error(`admin settings answered ${status}`)
    },
    browser: () => new Browser({ hosts }),
    async close() {
      globalThis.fetch = realFetch
      await Promise.all([...servers.values()].map(({ server }) => closeServer(server)))
      await idp.close()
    },
  }
}

// ---------------------------------------------------------------------------------------------------
// The test app
// ---------------------------------------------------------------------------------------------------

/** What the test routes return about `req.eid` (everything but the functions). */
export interface EidView {
  isSignedIn: boolean
  subject: string | undefined
  level: number
  citizen: EidRequestContext['citizen']
  attributes: Record<string, unknown>
  granted: string[]
  missing: string[]
  unavailable: { attribute: string; reason: string }[]
}

/** The standard test app and what it observed. */
export interface TestApp {
  app: Express
  /** Lines written through the `log` option. */
  logs: string[]
  /** Errors passed to `onError`. */
  errors: EidError[]
  /** Events passed to `onConsentWithdrawn`. */
  withdrawals: ConsentWithdrawnEvent[]
  /** Errors that reached Express's error handler. */
  crashes: unknown[]
  /** Access tokens obtained by `/token-later` after its response was sent. */
  lateTokens: string[]
}

function view(eid: EidRequestContext): EidView {
  return {
    isSignedIn: eid.isSignedIn,
    subject: eid.subject,
    level: eid.level,
    citizen: eid.citizen,
    attributes: { ...eid.attributes },
    granted: [...eid.granted],
    missing: [...eid.missing],
    unavailable: eid.unavailable.map(({ attribute, reason }) => ({ attribute, reason })),
  }
}

/**
 * An Express app with `eidAuth` (cookie sessions with {@link SECRET_A} unless overridden) and routes:
 * `/` (home), `/status` (req.eid, no guard), `/me` (requireSignIn), `/level2` (requireSignIn level 2),
 * `/fresh` (requireSignIn with maxAgeSec 60), `/insurance` (requireAttributes health_insurance), `/csrf` (the logout form), `/token` (two concurrent
 * getAccessToken calls), `/token-later` (getAccessToken after the response), `/tokens` (getTokens),
 * `POST /api/transfer` (an API behind requireSignIn).
 */
export function buildTestApp(
  site: Pick<Site, 'client' | 'origin'>,
  overrides: Partial<EidAuthOptions> = {},
): TestApp {
  const observed: TestApp = {
    app: express(),
    logs: [],
    errors: [],
    withdrawals: [],
    crashes: [],
    lateTokens: [],
  }
  const { app } = observed
  app.use(
    eidAuth({
      client: site.client,
      baseUrl: site.origin,
      session: { secret: SECRET_A },
      log: (line) => observed.logs.push(line),
      onError: (error) => {
        observed.errors.push(error)
      },
      onConsentWithdrawn: (event) => {
        observed.withdrawals.push(event)
      },
      // The tests ask for attributes by link (`/auth/login?attributes=…`); a real app lists only its own.
      queryAttributes: ATTRIBUTE_NAMES,
      ...overrides,
    }),
  )
  app.get('/', (_req, res) => {
    res.type('text').send('home')
  })
  app.get('/status', (req, res) => {
    res.json(view(req.eid))
  })
  app.get('/me', requireSignIn(), (req, res) => {
    res.json(view(req.eid))
  })
  app.get('/fresh', requireSignIn({ maxAgeSec: 60 }), (req, res) => {
    res.json({ ...view(req.eid), authTime: req.eid.authTime })
  })
  app.get('/level2', requireSignIn({ level: 2 }), (req, res) => {
    res.json(view(req.eid))
  })
  app.get(
    '/insurance',
    requireAttributes(['health_insurance'], { purpose: 'Kiểm tra thẻ bảo hiểm y tế' }),
    (req, res) => {
      res.json(view(req.eid))
    },
  )
  app.post('/api/transfer', requireSignIn({ level: 2 }), (_req, res) => {
    res.json({ ok: true })
  })
  app.get('/csrf', (req, res) => {
    res
      .type('html')
      .send(
        `<form method="post" action="/auth/logout"><input type="hidden" name="_csrf" value="${req.eid.csrfToken}"><button>Đăng xuất</button></form>`,
      )
  })
  app.get('/token', async (req, res, next) => {
    try {
      res.json({ tokens: await Promise.all([req.eid.getAccessToken(), req.eid.getAccessToken()]) })
    } catch (error) {
      next(error)
    }
  })
  app.get('/tokens', async (req, res, next) => {
    try {
      res.json(await req.eid.getTokens())
    } catch (error) {
      next(error)
    }
  })
  app.get('/token-later', (req, res) => {
    res.json({ accepted: true })
    req.eid.getAccessToken().then(
      (token) => observed.lateTokens.push(token),
      (error: unknown) => observed.crashes.push(error),
    )
  })
  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    observed.crashes.push(error)
    res.status(500).json({ error: 'internal' })
  })
  return observed
}

// ---------------------------------------------------------------------------------------------------
// Looking inside a session cookie
// ---------------------------------------------------------------------------------------------------

/** What the session cookie holds: the session id, and in cookie mode the record. */
export interface SessionCookie {
  id: string
  record?: SessionRecord
}

/** Opens the session cookie a browser holds for `origin` (`undefined` when none opens). */
export async function sessionCookieOf(
  browser: Browser,
  origin: string,
  secrets: readonly string[] = [SECRET_A],
  cookieName = 'eid_session',
): Promise<SessionCookie | undefined> {
  const sealed = readChunkedCookie(parseCookies(browser.cookieHeader(new URL('/', origin))), cookieName)
  return sealed === undefined ? undefined : unseal<SessionCookie>(sealed, { secrets, purpose: 'session' })
}

/** Signs in through the app's login route and the provider; returns the page the app sent the browser to. */
export async function signIn(
  browser: Browser,
  site: Pick<Site, 'origin'>,
  query = 'returnTo=/me',
): Promise<ProviderVisit> {
  return throughProvider(browser, new URL(`/auth/login?${query}`, site.origin))
}

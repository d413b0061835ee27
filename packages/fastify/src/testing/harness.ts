/**
 * Shared setup of the plugin's tests (not part of the package): the real mock provider over loopback
 * (by package name), one relying party registered for a public origin that is not where the app listens
 * (so the plugin must use `baseUrl`, not `Host`), `globalThis.fetch` pointed from that origin at the app
 * (the browser's requests and the provider's back-channel POSTs alike), the test browser
 * (`@dinhdanh/testing/browser`), and the standard test app.
 */
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
import { Browser } from '@dinhdanh/testing/browser'
import type { EidRequestContext } from '@dinhdanh/web'
import Fastify, { type FastifyInstance } from 'fastify'
import { exportJWK, generateKeyPair } from 'jose'
import { eidPlugin } from '../eid-plugin.js'
import { requireAttributes, requireSignIn } from '../guards.js'
import type { EidPluginOptions } from '../options.js'

export { Browser, type Page, throughProvider as visit } from '@dinhdanh/testing/browser'

/** The session secret of the tests (at least 32 characters). */
export const SECRET = 'fastify-test-secret-0123456789abcdef-0123'
/** The app's public origin; the app itself listens on an ephemeral loopback port. */
export const ORIGIN = 'https://fastify.test'

/** What the provider POSTed to the app (logout tokens, security events). */
export interface Delivery {
  url: URL
  body: string
}

/** The provider, the client, and where the public origin currently leads. */
export interface Harness {
  readonly idp: MockIdp
  readonly client: EidClient
  /** The client's private key, for an app that creates its own client (the README example). */
  readonly privateJwk: Jwk
  readonly deliveries: Delivery[]
  /** The form bodies of the client's POSTs to the provider (pushed authorization requests, token requests). */
  readonly providerPosts: { path: string; params: URLSearchParams }[]
  /** A request to the provider's admin API. */
  admin(method: string, path: string): Promise<{ status: number; json: Record<string, unknown> }>
  /** Headless sign-in as this citizen from now on. */
  signInAs(personalId: string): Promise<void>
  /**
   * Listens with `app` on loopback (or adopts the address it listens on already) and sends the public
   * origin there, replacing the previous app.
   */
  serve(app: FastifyInstance): Promise<void>
  browser(): Browser
  close(): Promise<void>
}

/** Starts the mock provider knowing one client for {@link ORIGIN}, and points {@link ORIGIN} at the served app. */
export async function startHarness(): Promise<Harness> {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true })
  const clientId = 'fastify-test'
  const idp = await createMockIdp({
    port: 0,
    store: 'memory',
    logLevel: 'silent',
    clients: [
      {
        client_id: clientId,
        client_name: 'Fastify test RP',
        redirect_uris: [`${ORIGIN}/auth/callback`],
        post_logout_redirect_uris: [`${ORIGIN}/`],
        grant_types: ['authorization_code', 'refresh_token'],
        token_endpoint_auth_method: 'private_key_jwt',
        token_endpoint_auth_signing_alg: 'ES256',
        jwks: { keys: [{ ...(await exportJWK(publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' }] },
        backchannel_logout_uri: `${ORIGIN}/auth/backchannel-logout`,
        backchannel_logout_session_required: true,
        consent_event_uri: `${ORIGIN}/auth/consent-events`,
      },
    ],
  })
  let served: FastifyInstance | undefined
  let address = ''
  const deliveries: Delivery[] = []
  const providerPosts: Harness['providerPosts'] = []
  const realFetch = globalThis.fetch
  globalThis.fetch = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(input instanceof Request ? input.url : String(input))
    if (url.origin === new URL(idp.url).origin && init?.body instanceof URLSearchParams)
      providerPosts.push({ path: url.pathname, params: new URLSearchParams(init.body) })
    if (url.origin !== ORIGIN) return realFetch(input, init)
    if (/^\/auth\/(backchannel-logout|consent-events)$/.test(url.pathname))
      deliveries.push({ url, body: String(init?.body ?? '') })
    return realFetch(new URL(`${url.pathname}${url.search}`, address), init)
  }) as typeof fetch

  const privateJwk = { ...(await exportJWK(privateKey)), kid: 'k1', alg: 'ES256' } as Jwk
  const client = await createClient({
    issuer: idp.url,
    clientId,
    clientAuth: { method: 'private_key_jwt', privateJwk },
    redirectUri: `${ORIGIN}/auth/callback`,
  })
  return {
    idp,
    client,
    privateJwk,
    deliveries,
    providerPosts,
    async admin(method, path) {
      const response = await realFetch(`${idp.url}/__admin${path}`, {
        method,
        headers: { authorization: `Bearer ${idp.adminToken}` },
      })
      const text = await response.text()
      return { status: response.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} }
    },
    async signInAs(personalId) {
      const response = await realFetch(`${idp.url}/__admin/settings`, {
        method: 'PATCH',
        headers: { authorization: `Bearer ${idp.adminToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ autoApprove: true, autoApproveAs: personalId }),
      })
      if (response.status !== 200) throw new Error(`admin settings answered ${response.status}`)
    },
    async serve(app) {
      if (served !== app) await served?.close()
      if (!app.server.listening) await app.listen({ port: 0, host: '127.0.0.1' })
      served = app
      address = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`
    },
    browser: () => new Browser(),
    async close() {
      globalThis.fetch = realFetch
      await served?.close()
      await idp.close()
    },
  }
}

/** What the test routes answer about `request.eid` (everything but the functions). */
export function view(eid: EidRequestContext) {
  return {
    isSignedIn: eid.isSignedIn,
    subject: eid.subject,
    level: eid.level,
    fullName: eid.citizen?.fullName,
    personalId: eid.citizen?.personalId,
    authTime: eid.authTime,
    attributes: { ...eid.attributes },
    granted: [...eid.granted],
    missing: [...eid.missing],
  }
}

/** The standard test app and what its hooks saw. */
export interface TestApp {
  app: FastifyInstance
  errors: EidError[]
  withdrawals: ConsentWithdrawnEvent[]
}

/**
 * A Fastify app with `eidPlugin` and routes: `/status` (no guard), `/me` (requireSignIn), `/level2`,
 * `/fresh` (maxAgeSec 60), `/insurance` (requireAttributes), `/csrf` (the logout form), `POST /api/transfer`
 * (an API behind requireSignIn level 2), `POST /echo` (the body as the app's parsers read it).
 * `before` runs before the plugin is registered (e.g. to register a body parser of the app's own).
 */
export async function buildTestApp(
  client: EidClient,
  overrides: Partial<EidPluginOptions> = {},
  before?: (app: FastifyInstance) => Promise<void>,
): Promise<TestApp> {
  const app = Fastify()
  const observed: TestApp = { app, errors: [], withdrawals: [] }
  await before?.(app)
  await app.register(eidPlugin, {
    client,
    baseUrl: ORIGIN,
    session: { secret: SECRET },
    queryAttributes: ATTRIBUTE_NAMES,
    log: () => undefined,
    onError: (error) => {
      observed.errors.push(error)
    },
    onConsentWithdrawn: (event) => {
      observed.withdrawals.push(event)
    },
    ...overrides,
  })
  app.get('/status', async (request) => view(request.eid))
  app.get('/me', { preHandler: requireSignIn() }, async (request) => view(request.eid))
  app.get('/level2', { preHandler: requireSignIn({ level: 2 }) }, async (request) => view(request.eid))
  app.get('/fresh', { preHandler: requireSignIn({ maxAgeSec: 60 }) }, async (request) => view(request.eid))
  app.get(
    '/insurance',
    { preHandler: requireAttributes(['health_insurance'], { purpose: 'Kiểm tra thẻ bảo hiểm y tế' }) },
    async (request) => view(request.eid),
  )
  app.get('/csrf', async (request, reply) =>
    reply
      .type('text/html')
      .send(
        `<form method="post" action="/auth/logout"><input type="hidden" name="_csrf" value="${request.eid.csrfToken}"></form>`,
      ),
  )
  app.post('/api/transfer', { preHandler: requireSignIn({ level: 2 }) }, async () => ({ ok: true }))
  app.post('/echo', async (request) => ({ body: request.body as unknown }))
  return observed
}

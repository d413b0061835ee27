import type { ConsentWithdrawnEvent, EidClient } from '@dinhdanh/client'
import type { AttributeName } from '@dinhdanh/client/schemas'
import type { SessionStoreLike } from '../session-store.js'

/**
 * What {@link testAdapter} hands `makeApp`: core options to pass to the adapter as they are (they are the
 * options of `@dinhdanh/web`'s `createEidCore`, so `eidAuth(options)` takes them unchanged). The adapter's
 * `onConsentWithdrawn` hook must reach {@link AdapterAppOptions.onConsentWithdrawn}; giving it as is does.
 *
 * @example
 * ```ts
 * const makeApp: MakeAdapterApp = (options) => {
 *   const app = express()
 *   app.use(eidAuth(options))
 *   // ... the routes of ADAPTER_TEST_ROUTES
 *   return loopbackApp(app)
 * }
 * ```
 */
export interface AdapterAppOptions {
  client: EidClient
  /** The public origin (`https://shop.test`): requests arrive on another URL, so the adapter must use this one. */
  baseUrl: string
  session: { secret: string; store?: SessionStoreLike }
  /** Every attribute: the suite asks for some by link (`/auth/login?attributes=…`). */
  queryAttributes: readonly AttributeName[]
  /** Where the core's warnings go (e.g. the one about a chunked cookie). */
  log: (message: string) => void
  /** Called by the adapter's hook after a consent withdrawal was applied. */
  onConsentWithdrawn: (event: ConsentWithdrawnEvent) => void
}

/**
 * A running app under test: a fetch-style handler (Hono's `app.fetch`, a Next.js route handler) or a
 * loopback origin (Express, Fastify: see {@link loopbackApp}). The suite never sends a request to the
 * public `baseUrl`: a handler sees `http://internal.invalid:8080/…`, a loopback server its own
 * `127.0.0.1` origin, as behind a proxy.
 *
 * @example
 * ```ts
 * const app: AdapterApp = { fetch: (request) => hono.fetch(request) }
 * ```
 */
export type AdapterApp =
  | { fetch(request: Request): Response | Promise<Response>; close?(): Promise<void> }
  | { origin: string; close(): Promise<void> }

/**
 * Builds the app under test from {@link AdapterAppOptions}: the adapter installed with those options, and
 * the routes of {@link ADAPTER_TEST_ROUTES}. Called once or twice per test (two instances share a store).
 *
 * @example
 * ```ts
 * testAdapter('@dinhdanh/hono', (options) => {
 *   const app = new Hono()
 *   app.use(eidAuth(options))
 *   app.get('/status', (c) => c.json(contextView(c.get('eid'))))
 *   // ...
 *   return { fetch: app.fetch }
 * }, { makeStores: () => [store, store] })
 * ```
 */
export type MakeAdapterApp = (options: AdapterAppOptions) => AdapterApp | Promise<AdapterApp>

/**
 * The routes every app under test exposes (besides the kit's own `/auth/*` routes, at their defaults).
 * "The view" is {@link contextView} of the request's context, as JSON.
 *
 * @example
 * ```ts
 * for (const [route, what] of Object.entries(ADAPTER_TEST_ROUTES)) console.log(route, what)
 * ```
 */
export const ADAPTER_TEST_ROUTES = Object.freeze({
  'GET /status': 'the view, no guard',
  'GET /me': 'the view, behind requireSignIn()',
  'GET /level2': 'the view, behind requireSignIn({ level: 2 })',
  'GET /insurance': "the view, behind requireAttributes(['health_insurance'])",
  'GET /age':
    "the view, behind requireAttributes(['age_over_18'], { identity: false }) (an identity-free check)",
  'POST /signout': "await the context's signOut(), then 204",
  'POST /echo': 'the request body as text (200, text/plain), no guard: the adapter must leave it unread',
} as const)

/**
 * The part of `EidRequestContext` (from `@dinhdanh/web`) that {@link contextView} reads, repeated here so
 * the test kit does not depend on the core.
 *
 * @example
 * ```ts
 * const eid: EidContextLike = req.eid
 * ```
 */
export interface EidContextLike {
  readonly isSignedIn: boolean
  readonly subject: string | undefined
  readonly level: number
  readonly citizen: { readonly fullName: string } | undefined
  readonly attributes: object
  readonly granted: readonly string[]
  readonly missing: readonly string[]
  readonly unavailable: readonly { readonly attribute: string; readonly reason: string }[]
  readonly csrfToken: string
}

/**
 * What the test routes answer: the request's context without its functions.
 *
 * @example
 * ```ts
 * const view: ContextView = await (await fetch('/status')).json()
 * view.isSignedIn // false
 * ```
 */
export interface ContextView {
  isSignedIn: boolean
  subject: string | null
  level: number
  fullName: string | null
  attributes: Record<string, unknown>
  granted: string[]
  missing: string[]
  unavailable: { attribute: string; reason: string }[]
  csrfToken: string
}

/**
 * The JSON the test routes answer with, from the adapter's context (`req.eid`, `c.get('eid')`).
 *
 * @example
 * ```ts
 * app.get('/status', (req, res) => res.json(contextView(req.eid)))
 * ```
 */
export function contextView(eid: EidContextLike): ContextView {
  return {
    isSignedIn: eid.isSignedIn,
    subject: eid.subject ?? null,
    level: eid.level,
    fullName: eid.citizen?.fullName ?? null,
    attributes: { ...eid.attributes },
    granted: [...eid.granted],
    missing: [...eid.missing],
    unavailable: eid.unavailable.map(({ attribute, reason }) => ({ attribute, reason })),
    csrfToken: eid.csrfToken,
  }
}

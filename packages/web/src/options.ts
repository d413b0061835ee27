import type {
  AttributeName,
  ConsentWithdrawnEvent,
  EidClient,
  EidError,
  Level,
  Purpose,
} from '@dinhdanh/client'
import { ATTRIBUTE_NAMES } from '@dinhdanh/client/schemas'
import { z } from 'zod'
import type { SessionStore } from './session/session-store.js'

/**
 * What the core answers instead of a `Response` when the app's `onError` hook has already answered
 * through its framework (Express's `res.send`, for instance): the adapter then sends nothing more.
 *
 * @example
 * ```ts
 * const outcome = await core.route(request, sink, native)
 * if (outcome === HANDLED) return
 * ```
 */
export const HANDLED = 'handled' as const

/**
 * Options of the core ({@link createEidCore}) and of every adapter. `N` is the adapter's own view of a
 * request (Express: `{ req, res }`; Hono: its `Context`), handed to the app's hooks untouched so they are
 * written in the framework's idiom; the core never looks inside it.
 *
 * @example
 * ```ts
 * const core = createEidCore<{ req: Request }>({
 *   client: eid,
 *   baseUrl: 'http://localhost:3001',
 *   session: { secret: [current, previous] },
 * })
 * ```
 */
export interface EidCoreOptions<N = unknown> {
  /** The client from `createClient` (its redirect URI must be `baseUrl` + the callback route). */
  client: EidClient
  /** The public origin of this app (e.g. `https://bank.example`): callback URLs are rebuilt from it, never from `Host`. */
  baseUrl: string
  session: {
    /** At least 32 characters each; the first seals, all open (rotation). */
    secret: string | readonly string[]
    /** Server-side sessions (memory, Redis); without it, the session is a sealed cookie. */
    store?: SessionStore
    cookieName?: string
    /** Idle timeout, renewed on each request (default 30 minutes). */
    rollingSec?: number
    /** Hard limit from sign-in (default 8 hours). */
    absoluteSec?: number
  }
  routes?: {
    login?: string
    callback?: string
    logout?: string
    backchannelLogout?: string
    consentEvents?: string
  }
  /**
   * What `/auth/login` asks for when the query does not say (default: level 1, no attributes), and the
   * purpose it shows: a Vietnamese text, or `{ vi, en }` so the provider's English screens show `en`.
   *
   * @example
   * ```ts
   * createEidCore({ client, baseUrl, session, defaults: { level: 2, purpose: { vi: 'Làm thủ tục bay', en: 'Flight check-in' } } })
   * ```
   */
  defaults?: { level?: Level; attributes?: readonly AttributeName[]; purpose?: Purpose }
  /**
   * The attributes a link to `/auth/login` may ask for with `?attributes=` (e.g. a "share again" link
   * after a card did not arrive). Default: none, so a link crafted by anyone cannot make your consent
   * screen ask for data (health, education, …) under your purpose that your service never needs. A
   * request for another attribute is answered 400.
   *
   * @example
   * ```ts
   * createEidCore({ client, baseUrl, session, queryAttributes: ['health_insurance', 'vaccination'] })
   * // <a href="/auth/login?attributes=health_insurance&returnTo=/check-in">Share again</a>
   * ```
   */
  queryAttributes?: readonly AttributeName[]
  /** Where logout ends (default `baseUrl` + `/`). */
  postLogoutRedirectUri?: string
  /**
   * Called with every sign-in error before the default error page. Return a `Response` (or
   * {@link HANDLED} when the adapter's hook answered through the framework) to take over.
   */
  onError?: (
    error: EidError,
    native: N,
  ) => Response | typeof HANDLED | undefined | Promise<Response | typeof HANDLED | undefined>
  /** Called after a consent withdrawal has been applied to every session of that citizen. */
  onConsentWithdrawn?: (event: ConsentWithdrawnEvent, native: N) => void | Promise<void>
  /** Where warnings go (e.g. cookie chunking). Default `console.warn`. */
  log?: (message: string) => void
  /**
   * The language of the provider's screens for this request (`ui_locales`), e.g. the one the citizen
   * chose on your site; `undefined` leaves it to the provider (Vietnamese).
   */
  uiLocales?: (native: N) => 'vi' | 'en' | undefined
}

/** An optional hook: absent, or a function. */
const hook = (expected: string) =>
  z
    .custom<(...args: never[]) => unknown>((value) => value === undefined || typeof value === 'function', {
      error: `expected ${expected}`,
    })
    .optional()

const optionsSchema = z.object({
  client: z.custom<EidClient>(
    (value) =>
      typeof value === 'object' && value !== null && typeof (value as EidClient).signIn === 'function',
    { error: 'expected the client returned by createClient()' },
  ),
  baseUrl: z
    .url({
      protocol: /^https?$/,
      error: 'expected the absolute public origin of this app, e.g. https://bank.example',
      abort: true,
    })
    .refine((value) => URL.canParse(value) && new URL(value).pathname === '/' && !value.endsWith('/'), {
      error: 'expected an origin without path or trailing slash',
    }),
  session: z.object({
    secret: z
      .union([z.string(), z.array(z.string()).min(1)])
      .refine((value) => [value].flat().every((s) => s.length >= 32), {
        error: 'expected secrets of at least 32 characters (openssl rand -base64 32)',
      }),
    store: z
      .custom<SessionStore>((value) => value === undefined || (typeof value === 'object' && value !== null))
      .optional(),
    cookieName: z
      .string()
      .regex(/^[\w.-]{1,64}$/)
      .default('eid_session'),
    rollingSec: z
      .number()
      .int()
      .min(60)
      .max(30 * 86_400)
      .default(1800),
    absoluteSec: z
      .number()
      .int()
      .min(300)
      .max(90 * 86_400)
      .default(8 * 3600),
  }),
  queryAttributes: z
    .array(z.enum(ATTRIBUTE_NAMES), { error: 'expected a list of attribute names from the catalogue' })
    .optional(),
  defaults: z
    .object(
      {
        level: z.union([z.literal(1), z.literal(2)], { error: 'expected level 1 or 2' }).optional(),
        attributes: z
          .array(z.enum(ATTRIBUTE_NAMES), { error: 'expected a list of attribute names from the catalogue' })
          .optional(),
        purpose: z
          .union([z.string(), z.strictObject({ vi: z.string(), en: z.string() })], {
            error: 'expected the purpose as a text or as { vi, en }',
          })
          .optional(),
      },
      { error: 'expected { level, attributes, purpose }' },
    )
    .optional(),
  postLogoutRedirectUri: z
    .url({ protocol: /^https?$/, error: 'expected an absolute http(s) URL registered with the provider' })
    .optional(),
  onError: hook('a function (error, …) that may send a response'),
  onConsentWithdrawn: hook('a function (event, …)'),
  log: hook('a function (message) => void'),
  uiLocales: z
    .custom<(native: unknown) => unknown>((value) => value === undefined || typeof value === 'function', {
      error: 'expected a function (req) => "vi" | "en" | undefined',
    })
    .optional(),
  routes: z
    .object({
      login: z.string().startsWith('/').default('/auth/login'),
      callback: z.string().startsWith('/').default('/auth/callback'),
      logout: z.string().startsWith('/').default('/auth/logout'),
      backchannelLogout: z.string().startsWith('/').default('/auth/backchannel-logout'),
      consentEvents: z.string().startsWith('/').default('/auth/consent-events'),
    })
    .default({
      login: '/auth/login',
      callback: '/auth/callback',
      logout: '/auth/logout',
      backchannelLogout: '/auth/backchannel-logout',
      consentEvents: '/auth/consent-events',
    }),
})

/**
 * The options after validation and defaults.
 *
 * @example
 * ```ts
 * core.options.routes.login // '/auth/login'
 * ```
 */
export type ResolvedEidCoreOptions<N = unknown> = Omit<EidCoreOptions<N>, 'session' | 'routes'> & {
  session: z.output<typeof optionsSchema>['session'] & { secrets: readonly string[] }
  routes: Required<NonNullable<EidCoreOptions['routes']>>
  secure: boolean
}

/**
 * Validates {@link EidCoreOptions}; one TypeError naming every bad option (never a secret's value).
 * `caller` names the function the app called (`eidAuth()`, `eidPlugin()`, …) in the message.
 *
 * @example
 * ```ts
 * const resolved = resolveEidCoreOptions(options, 'eidAuth()')
 * ```
 */
export function resolveEidCoreOptions<N>(
  options: EidCoreOptions<N>,
  caller = 'createEidCore()',
): ResolvedEidCoreOptions<N> {
  const parsed = optionsSchema.safeParse(options)
  const problems = parsed.success
    ? []
    : parsed.error.issues.map((i) => `${i.path.join('.') || '(options)'}: ${i.message}`)
  // The client and the routes are checked together whenever each is valid on its own, so one TypeError
  // names every problem (the README promises every bad option, not the first).
  const mismatch = redirectMismatch(options)
  if (mismatch !== undefined) {
    problems.push(
      `client.redirectUri: the client's redirectUri must be baseUrl + routes.callback (${mismatch}), got another URL. Align createClient({ redirectUri }) with ${caller.replace('()', '')}({ baseUrl, routes })`,
    )
  }
  if (!parsed.success || problems.length > 0) {
    throw new TypeError(`Invalid ${caller} options: ${problems.join('; ')}.`)
  }
  return {
    ...options,
    session: { ...parsed.data.session, secrets: [options.session.secret].flat() },
    routes: parsed.data.routes,
    secure: new URL(options.baseUrl).protocol === 'https:',
  }
}

/**
 * The redirect URI the client must have (`baseUrl` + the callback route) when it has another one;
 * `undefined` when it matches or when the client, `baseUrl` or the route is itself invalid (reported
 * on its own).
 */
function redirectMismatch(options: unknown): string | undefined {
  const fields = (typeof options === 'object' && options !== null ? options : {}) as {
    client?: Partial<EidClient> | null
    baseUrl?: unknown
    routes?: { callback?: unknown }
  }
  const client = fields.client
  const callback = fields.routes?.callback ?? '/auth/callback'
  if (typeof client?.signIn !== 'function' || typeof callback !== 'string' || !callback.startsWith('/'))
    return undefined
  const { baseUrl } = fields
  if (typeof baseUrl !== 'string' || !URL.canParse(baseUrl) || baseUrl.endsWith('/')) return undefined
  if (new URL(baseUrl).pathname !== '/') return undefined
  const expected = new URL(callback, baseUrl).href
  return client.redirectUri === expected ? undefined : expected
}

/** The app's hooks, whose signatures each adapter writes in its framework's terms. */
type HookName = 'onError' | 'onConsentWithdrawn' | 'uiLocales'

/**
 * Translates an adapter's hooks (written in its framework's terms: Express's `(error, req, res)`, …) into
 * the core's, which get the adapter's native view `N`. A hook that is not a function is passed on as it
 * is, so the core's validation names it; an absent one stays absent.
 *
 * @example
 * ```ts
 * createEidCore<{ req: Request; res: Response }>({
 *   ...rest,
 *   ...translateHooks<{ req: Request; res: Response }, EidAuthOptions>(input, {
 *     onError: (hook) => async (error, { req, res }) => { await hook(error, req, res); return res.headersSent ? HANDLED : undefined },
 *     onConsentWithdrawn: (hook) => (event, { req }) => hook(event, req),
 *     uiLocales: (hook) => ({ req }) => hook(req),
 *   }),
 * })
 * ```
 */
export function translateHooks<N, H extends { [K in HookName]?: unknown }>(
  input: H,
  translate: { [K in HookName]: (hook: NonNullable<H[K]>) => NonNullable<EidCoreOptions<N>[K]> },
): Pick<EidCoreOptions<N>, HookName> {
  const out: Record<string, unknown> = {}
  for (const name of ['onError', 'onConsentWithdrawn', 'uiLocales'] as const) {
    const value = input[name]
    if (value === undefined) continue
    out[name] = typeof value === 'function' ? (translate[name] as (hook: unknown) => unknown)(value) : value
  }
  return out as Pick<EidCoreOptions<N>, HookName>
}

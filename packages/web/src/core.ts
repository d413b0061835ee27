import {
  type AttributeName,
  EidCsrfError,
  type EidError,
  type EidTokens,
  EidTransactionError,
  isEidError,
  type Level,
  type Purpose,
} from '@dinhdanh/client'
import { type CheckAnswer, Checks } from './checks.js'
import type { EidRequestContext } from './context.js'
import type { CookieSink } from './cookie-sink.js'
import { CsrfTokens } from './csrf.js'
import { renderSignInErrorPage } from './error-page.js'
import { EID_ERROR_STATUS } from './error-status.js'
import { BodyTooLargeError, readForm, redirect, sameOrigin, text } from './http.js'
import { loginNeed } from './login-request.js'
import {
  type EidCoreOptions,
  type HANDLED,
  type ResolvedEidCoreOptions,
  resolveEidCoreOptions,
} from './options.js'
import { handleProviderPost } from './provider-posts.js'
import { type LoadedSession, type SessionData, Sessions } from './sessions.js'
import { completeSignIn, type SignInNeed, type SignInParts, startSignIn } from './sign-in.js'
import { Transactions } from './transactions.js'

/**
 * What a rule answers: a `Response` for the adapter to send, {@link HANDLED} when the app's `onError`
 * hook already answered through the framework, or `undefined` when the request goes on to the app.
 *
 * @example
 * ```ts
 * const outcome: Outcome | undefined = await core.requireSignIn(request, sink, native, eid, { level: 2 })
 * ```
 */
export type Outcome = Response | typeof HANDLED

/**
 * What a guard of `requireAttributes` may say besides the attribute names: the purpose shown on the
 * consent screen (a Vietnamese text, or `{ vi, en }` so the provider's English screens show `en`), the
 * minimum level, and `identity: false` for an identity-free check (an age gate: the provider is asked
 * only for these attributes, nobody is signed in, the answer holds a few minutes in this browser).
 *
 * @example
 * ```ts
 * const ageGate: RequireAttributesOptions = {
 *   identity: false,
 *   purpose: { vi: 'Bán rượu cho người từ 18 tuổi', en: 'Selling alcohol to people aged 18 or over' },
 * }
 * ```
 */
export interface RequireAttributesOptions {
  purpose?: Purpose
  level?: Level
  identity?: boolean
}

/**
 * The framework-free core of a national e-ID sign-in session: every rule, on web-standard
 * `Request`/`Response`. Adapters (Express, Fastify, Hono) only translate to and from it.
 *
 * @example
 * ```ts
 * const core = createEidCore({ client, baseUrl: 'https://shop.example', session: { secret } })
 * const cookies = collectCookies()
 * const answer = await core.route(request, cookies, undefined) // the kit's own routes
 * const eid = await core.context(request, cookies, undefined) // everything else
 * ```
 */
export interface EidCore<N = unknown> {
  readonly options: ResolvedEidCoreOptions<N>
  /** The request's sign-in state (`req.eid`); cookies it sets later (rolling, refresh, sign-out) go to `sink`. */
  context(request: Request, sink: CookieSink, native: N): Promise<EidRequestContext>
  /** Answers the kit's own routes (login, callback, logout, back-channel logout, consent events). */
  route(request: Request, sink: CookieSink, native: N): Promise<Outcome | undefined>
  /**
   * A signed-in citizen at `level`, authenticated at most `maxAgeSec` ago; otherwise the way there, with
   * `purpose` (a Vietnamese text, or `{ vi, en }`) on the consent screen.
   */
  requireSignIn(
    request: Request,
    sink: CookieSink,
    native: N,
    eid: EidRequestContext,
    options?: { level?: Level; purpose?: Purpose; maxAgeSec?: number | undefined },
  ): Promise<Outcome | undefined>
  /** Every attribute asked for in this session (shared or answered); otherwise only the missing ones. */
  requireAttributes(
    request: Request,
    sink: CookieSink,
    native: N,
    eid: EidRequestContext,
    attributes: readonly AttributeName[],
    options?: RequireAttributesOptions,
  ): Promise<Outcome | undefined>
}

const REFRESH_LEEWAY_SEC = 60
const TOUCH_INTERVAL_SEC = 60
const now = () => Math.floor(Date.now() / 1000)

/** True when `pathname` is `route`, with or without a trailing slash. */
const isRoute = (pathname: string, route: string) => pathname === route || pathname === `${route}/`

/**
 * Creates the core from validated options (one `TypeError` naming every bad option). `caller` names the
 * adapter's function in that message.
 *
 * @example
 * ```ts
 * const core = createEidCore({ client, baseUrl: 'https://shop.example', session: { secret } })
 * ```
 */
export function createEidCore<N = unknown>(input: EidCoreOptions<N>, caller?: string): EidCore<N> {
  const options = resolveEidCoreOptions(input, caller)
  const { client, routes } = options
  const sessions = new Sessions(options)
  const checks = new Checks(options)
  const parts: SignInParts<N> = { client, options, sessions, transactions: new Transactions(options), checks }
  const refreshing = new Map<string, Promise<EidTokens>>()
  const csrf = new CsrfTokens(options.session.secrets[0] ?? '')

  async function fail(error: EidError, native: N, signedIn = false): Promise<Outcome> {
    const hooked = await options.onError?.(error, native)
    if (hooked !== undefined) return hooked
    const status =
      error.code === 'ERR_EID_NETWORK' && (error as EidError & { timeout?: boolean }).timeout
        ? 504
        : EID_ERROR_STATUS[error.code]
    const lang = options.uiLocales?.(native) === 'en' ? 'en' : 'vi'
    return new Response(renderSignInErrorPage(error.code, routes.login, { lang, signedIn }), {
      status,
      headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' },
    })
  }

  /** Runs a rule; an `EidError` becomes the error page (after the app's hook), anything else is thrown. */
  async function guarded(native: N, run: () => Promise<Outcome | undefined>): Promise<Outcome | undefined> {
    try {
      return await run()
    } catch (error) {
      if (isEidError(error)) return fail(error, native)
      throw error
    }
  }

  function contextOf(
    request: Request,
    sink: CookieSink,
    session: LoadedSession | undefined,
    check: CheckAnswer | undefined,
  ): EidRequestContext {
    const cookieHeader = request.headers.get('cookie')
    const data = session?.record.data
    // What this browser holds: the session, and an identity-free check's answer (an age gate), the check
    // winning for what it answered (it is at most minutes old), so the guard and the page read the same.
    const held = heldOf(data, check)
    const tokens = async (): Promise<EidTokens> => {
      if (!session || !data) throw new TypeError('eid: not signed in')
      const expiresAt = data.tokens.expiresAt
      if (expiresAt === undefined || expiresAt - now() > REFRESH_LEEWAY_SEC || !data.tokens.refreshToken)
        return data.tokens
      let pending = refreshing.get(session.id)
      if (!pending) {
        pending = client.refresh(data.tokens).finally(() => refreshing.delete(session.id))
        refreshing.set(session.id, pending)
      }
      const fresh = await pending
      // Every request that waited saves the new tokens in its own response: with refresh-token rotation,
      // a response still carrying the old (now spent) refresh token would break the next refresh.
      if (data.tokens !== fresh) {
        data.tokens = fresh
        await sessions.save(cookieHeader, sink, session)
      }
      return fresh
    }
    return {
      isSignedIn: session !== undefined,
      citizen: data?.citizen,
      subject: session?.record.subject,
      level: data?.level ?? 0,
      attributes: held?.attributes ?? {},
      granted: held?.granted ?? [],
      authTime: data?.authTime,
      signIn: data?.signIn,
      consentId: held?.consentId,
      missing: held?.missing ?? [],
      unavailable: held?.unavailable ?? [],
      csrfToken: csrf.tokenFor(session?.id),
      getTokens: tokens,
      getAccessToken: async () => (await tokens()).accessToken,
      // Forgets all this browser holds: the session, and an identity-free check's answer.
      signOut: async () => {
        await sessions.destroy(cookieHeader, sink, session)
        checks.clear(cookieHeader, sink)
      },
    }
  }

  async function context(request: Request, sink: CookieSink): Promise<EidRequestContext> {
    const session = await sessions.load(request.headers.get('cookie'))
    if (
      session &&
      now() - ((session.record.data.touchedAt as number | undefined) ?? 0) > TOUCH_INTERVAL_SEC
    ) {
      // Rolling lifetime, renewed at most once a minute to keep requests cheap.
      session.record.data.touchedAt = now()
      await sessions.save(request.headers.get('cookie'), sink, session)
    }
    return contextOf(request, sink, session, await checks.read(request.headers.get('cookie')))
  }

  async function logout(request: Request, sink: CookieSink, native: N): Promise<Outcome> {
    const cookieHeader = request.headers.get('cookie')
    const session = await sessions.load(cookieHeader)
    const form = await readForm(request, 4 * 1024)
    const sent = form.get('_csrf') ?? request.headers.get('x-csrf-token')
    if (!csrf.valid(sent, session?.id) || !sameOrigin(request, options.baseUrl)) {
      return fail(new EidCsrfError(), native)
    }
    await sessions.destroy(cookieHeader, sink, session)
    // Signing out forgets an identity-free check's answer too: the next person at this browser (a shared
    // machine) must not pass an age gate on it.
    checks.clear(cookieHeader, sink)
    const postLogout = options.postLogoutRedirectUri ?? `${options.baseUrl}/`
    let target = postLogout
    if (session && typeof client.metadata.end_session_endpoint === 'string') {
      target = client.signOutUrl({
        idTokenHint: session.record.data.tokens.idToken,
        postLogoutRedirectUri: postLogout,
      })
    }
    return redirect(303, target)
  }

  async function route(request: Request, sink: CookieSink, native: N): Promise<Outcome | undefined> {
    const url = new URL(request.url)
    const { method } = request
    try {
      if (method === 'GET' && isRoute(url.pathname, routes.login)) {
        const need = loginNeed(url.searchParams, options)
        if (need instanceof Response) return need
        return await guarded(native, () => startSignIn(parts, request, sink, native, need))
      }
      if (method === 'GET' && isRoute(url.pathname, routes.callback)) {
        const pending = await parts.transactions.take(
          request.headers.get('cookie'),
          sink,
          url.searchParams.get('state'),
        )
        if (!pending) {
          // Back or reload after signing in lands here again: still refused (a callback is used once), but
          // a signed-in citizen is told so and offered to go on, not shown a sign-in failure.
          const signedIn = (await sessions.load(request.headers.get('cookie'))) !== undefined
          return await fail(new EidTransactionError('missing'), native, signedIn)
        }
        return await guarded(native, () => completeSignIn(parts, request, sink, pending))
      }
      if (method !== 'POST') return undefined
      if (isRoute(url.pathname, routes.logout)) return await logout(request, sink, native)
      if (isRoute(url.pathname, routes.backchannelLogout))
        return await handleProviderPost('logout', request, { client, options, sessions, native })
      if (isRoute(url.pathname, routes.consentEvents))
        return await handleProviderPost('consent', request, { client, options, sessions, native })
      return undefined
    } catch (error) {
      if (error instanceof BodyTooLargeError) return text(413, 'Request body too large.')
      throw error
    }
  }

  return {
    options,
    context: (request, sink) => context(request, sink),
    route,
    async requireSignIn(request, sink, native, eid, guard = {}) {
      const level = guard.level ?? 1
      const { maxAgeSec } = guard
      const fresh =
        maxAgeSec === undefined || (eid.authTime !== undefined && now() - eid.authTime <= maxAgeSec)
      if (eid.isSignedIn && eid.level >= level && fresh) return undefined
      const need: SignInNeed = {
        level: Math.max(level, eid.level || 1) as Level,
        attributes: [],
        ...(guard.purpose !== undefined && { purpose: guard.purpose }),
        returnTo: pathOf(request),
        ...(!fresh && maxAgeSec !== undefined && { maxAgeSec: Math.max(0, Math.floor(maxAgeSec)) }),
      }
      return guarded(native, () => startSignIn(parts, request, sink, native, need))
    },
    async requireAttributes(request, sink, native, eid, attributes, guard = {}) {
      const level = guard.level ?? 1
      if (guard.identity === false) {
        // An identity-free check: the answer this browser holds, or one more question to the provider
        // with `identity: false` (no sign-in, no session, nothing that identifies the citizen).
        const check = await checks.read(request.headers.get('cookie'))
        const answered = (name: AttributeName) =>
          check !== undefined &&
          (check.granted.includes(name) ||
            check.missing.includes(name) ||
            check.unavailable.some((entry) => entry.attribute === name))
        if (check && check.level >= level && attributes.every(answered)) return undefined
        return guarded(native, () =>
          startSignIn(parts, request, sink, native, {
            level,
            attributes,
            ...(guard.purpose !== undefined && { purpose: guard.purpose }),
            returnTo: pathOf(request),
            identityFree: true,
          }),
        )
      }
      // Asked before in this session and not shared (or not held, or its source down): not asked again
      // here, or a citizen without a health-insurance card would go round in circles. The page reads
      // `missing` / `unavailable` and may offer to share again.
      const answered = (name: AttributeName) =>
        eid.granted.includes(name) ||
        eid.missing.includes(name) ||
        eid.unavailable.some((entry) => entry.attribute === name)
      const missing = attributes.filter((name) => !answered(name))
      if (eid.isSignedIn && eid.level >= level && missing.length === 0) return undefined
      const need: SignInNeed = {
        level: Math.max(level, eid.level || 1) as Level,
        attributes: eid.isSignedIn ? missing : attributes,
        ...(guard.purpose !== undefined && { purpose: guard.purpose }),
        returnTo: pathOf(request),
      }
      return guarded(native, () => startSignIn(parts, request, sink, native, need))
    },
  }
}

/** The path and query of a request, where the browser comes back after signing in. */
function pathOf(request: Request): string {
  const url = new URL(request.url)
  return `${url.pathname}${url.search}`
}

/** The session's data with an identity-free check's answer laid over it (the check wins for its names). */
function heldOf(
  data: SessionData | undefined,
  check: CheckAnswer | undefined,
): Pick<SessionData, 'attributes' | 'granted' | 'missing' | 'unavailable' | 'consentId'> | undefined {
  if (!check) return data
  if (!data) return check
  const answered = new Set<string>([
    ...check.granted,
    ...check.missing,
    ...check.unavailable.map((entry) => entry.attribute),
  ])
  return {
    attributes: { ...data.attributes, ...check.attributes },
    granted: [...new Set([...data.granted, ...check.granted])],
    missing: [...(data.missing ?? []).filter((name) => !answered.has(name)), ...check.missing],
    unavailable: [
      ...(data.unavailable ?? []).filter((entry) => !answered.has(entry.attribute)),
      ...check.unavailable,
    ],
    ...((data.consentId ?? check.consentId) !== undefined && {
      consentId: data.consentId ?? check.consentId,
    }),
  }
}

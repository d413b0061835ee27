import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import {
  type AttributeName,
  type ConsentWithdrawnEvent,
  EidCitizenMismatchError,
  type EidClient,
  EidCsrfError,
  type EidError,
  type EidTokens,
  EidTransactionError,
  isEidError,
  type Level,
  type LogoutTarget,
  type SignInResult,
} from '@dinhdanh/client'
import { ATTRIBUTE_NAMES } from '@dinhdanh/client/schemas'
import express, { type NextFunction, type Request, type Response, type Router } from 'express'
import { renderSignInErrorPage } from './error-page.js'
import { EID_ERROR_STATUS } from './error-status.js'
import { type EidAuthOptions, type ResolvedEidAuthOptions, resolveEidAuthOptions } from './options.js'
import type { EidRequestContext, SessionAttributes, SignInRecord } from './request-context.js'
import { safeReturnTo } from './return-to.js'
import { type LoadedSession, type SessionData, Sessions } from './sessions.js'
import { type PendingSignIn, Transactions } from './transactions.js'

/** What a guard asks the adapter to do: send the browser to the provider for more. */
export interface SignInNeed {
  level: Level
  attributes: readonly AttributeName[]
  purpose?: string
  returnTo: string
  /** A fresh authentication is needed: at most this many seconds old (`max_age`, `prompt=login`). */
  maxAgeSec?: number
  /**
   * Whoever authenticates is signed in (the login route). Otherwise (the guards) a sign-in started for a
   * signed-in citizen must bring that same citizen back, or it is refused and the session kept.
   */
  anyCitizen?: boolean
}

/** Internals the guards reach through the request (not public API). */
export const INTERNALS = Symbol('dinhdanh.express')

interface Internals {
  startSignIn(req: Request, res: Response, need: SignInNeed): Promise<void>
  options: ResolvedEidAuthOptions
}

type RequestWithInternals = Request & { [INTERNALS]?: Internals }

/** The adapter internals attached by {@link eidAuth}; throws when it is not installed. */
export function internalsOf(req: Request): Internals {
  const internals = (req as RequestWithInternals)[INTERNALS]
  if (!internals)
    throw new TypeError(
      'eidAuth() must be installed (app.use(eidAuth(...))) before requireSignIn/requireAttributes',
    )
  return internals
}

const REFRESH_LEEWAY_SEC = 60
const TOUCH_INTERVAL_SEC = 60
const now = () => Math.floor(Date.now() / 1000)

/** Attributes actually received in a result (requested, not missing, not unavailable). */
function receivedAttributes(result: SignInResult, requested: readonly AttributeName[]): AttributeName[] {
  const absent = new Set<string>([...result.missing, ...result.unavailable.map((u) => u.attribute)])
  return requested.filter((name) => !absent.has(name))
}

function authTimeOf(authTime: number | undefined): Pick<SessionData, 'authTime'> {
  return authTime === undefined ? {} : { authTime }
}

/** A new record of the sign-in that just completed: a fresh random id, never derived from anything else. */
function signInRecordOf(pending: PendingSignIn): SignInRecord {
  return {
    id: randomBytes(16).toString('base64url'),
    // A transaction sealed before `startedAt` existed counts as started long ago: it proves nothing recent.
    startedAt: pending.startedAt ?? 0,
    reauthenticated: pending.reauthenticate === true,
  }
}

/** The citizen of a new sign-in, or of the session it extends (incremental consent asks no identity). */
function citizenOf(result: SignInResult, same: LoadedSession | undefined): Pick<SessionData, 'citizen'> {
  const citizen = result.citizen ?? same?.record.data.citizen
  return citizen ? { citizen } : {}
}

function sameOrigin(req: Request, baseUrl: string): boolean {
  const site = req.get('sec-fetch-site')
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return false
  const origin = req.get('origin')
  // A page served with `Referrer-Policy: no-referrer` makes Chromium send `Origin: null` with its own
  // forms; `Sec-Fetch-Site: same-origin` (set by the browser, never by a page) then vouches for it.
  if (origin === 'null') return site === 'same-origin'
  return origin === undefined || origin === new URL(baseUrl).origin
}

/**
 * National e-ID sign-in for an Express app: the login, callback, logout, back-channel logout and
 * consent-event routes, the session, and `req.eid` on every request. A thin translation between Express
 * and `@dinhdanh/client`: the protocol stays in the client.
 *
 * @example
 * ```ts
 * app.use(eidAuth({ client: eid, baseUrl: 'http://localhost:3001', session: { secret: [current, previous] } }))
 * app.get('/transfer', requireSignIn({ level: 2 }), (req, res) => res.render('transfer', { name: req.eid.citizen?.fullName }))
 * ```
 */
export function eidAuth(input: EidAuthOptions): Router {
  const options = resolveEidAuthOptions(input)
  const { client, routes } = options
  const sessions = new Sessions(options)
  const transactions = new Transactions(options)
  const refreshing = new Map<string, Promise<EidTokens>>()
  const router = express.Router()
  const csrfKey = createHmac('sha256', options.session.secrets[0] ?? '')
    .update('dinhdanh:csrf')
    .digest()
  const csrfFor = (session: LoadedSession | undefined) =>
    createHmac('sha256', csrfKey)
      .update(session?.id ?? 'anonymous')
      .digest('base64url')

  const warn = options.log ?? ((message: string) => console.warn(message))

  async function fail(error: EidError, req: Request, res: Response): Promise<void> {
    if (options.onError) await options.onError(error, req, res)
    if (res.headersSent) return
    const status =
      error.code === 'ERR_EID_NETWORK' && (error as EidError & { timeout?: boolean }).timeout
        ? 504
        : EID_ERROR_STATUS[error.code]
    res
      .status(status)
      .set('Cache-Control', 'no-store')
      .type('html')
      .send(renderSignInErrorPage(error.code, routes.login))
  }

  function localeOf(req: Request): { uiLocales?: 'vi' | 'en' } {
    const locale = options.uiLocales?.(req)
    return locale === 'vi' || locale === 'en' ? { uiLocales: locale } : {}
  }

  async function startSignIn(req: Request, res: Response, need: SignInNeed): Promise<void> {
    // An API call cannot follow a redirect to the provider's screens: it gets 401 and where to go, and
    // no sign-in is started for it (each would cost a pushed authorization request at the provider).
    if (req.method !== 'GET' || (req.accepts(['html', 'json']) === 'json' && !req.accepts('html'))) {
      res.status(401).json({
        error: 'sign_in_required',
        login: `${routes.login}?returnTo=${encodeURIComponent(need.returnTo)}`,
      })
      return
    }
    const current = await sessions.load(req)
    // Step-up: a higher level needs a new authentication, not the provider session already open.
    const stepUp = current !== undefined && need.level > current.record.data.level
    const reauthenticate = stepUp || need.maxAgeSec !== undefined
    let started: Awaited<ReturnType<EidClient['signIn']>>
    try {
      started = await client.signIn({
        level: need.level,
        attributes: need.attributes.filter((name) => name !== 'identity'),
        // Only incremental consent in a session that knows the citizen skips identity: a new authentication
        // (sign-in, step-up) may bring another citizen, whose session must not be left without one.
        identity: !current?.record.data.citizen || reauthenticate || need.attributes.includes('identity'),
        ...(need.purpose !== undefined && { purpose: need.purpose }),
        ...(reauthenticate && { prompt: 'login' as const }),
        ...(need.maxAgeSec !== undefined && { maxAge: need.maxAgeSec }),
        ...localeOf(req),
      })
    } catch (error) {
      // The login route and the guards alike: `onError`, then the error page (the provider is down...).
      if (isEidError(error)) return fail(error, req, res)
      throw error
    }
    const { url, transaction } = started
    await transactions.store(res, {
      transaction,
      returnTo: safeReturnTo(need.returnTo),
      startedAt: Date.now(),
      reauthenticate,
      // A guard's sign-in for a signed-in citizen (step-up, fresh login, more data) must bring the same
      // citizen back: another citizen's passcode at that prompt must not take the session over.
      ...(current !== undefined && !need.anyCitizen && { subject: current.record.subject }),
    })
    res.redirect(302, url)
  }

  function context(req: Request, res: Response, session: LoadedSession | undefined): EidRequestContext {
    const data = session?.record.data
    const tokens = async (): Promise<EidTokens> => {
      if (!session || !data) throw new TypeError('req.eid: not signed in')
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
        await sessions.save(req, res, session)
      }
      return fresh
    }
    return {
      isSignedIn: session !== undefined,
      citizen: data?.citizen,
      subject: session?.record.subject,
      level: data?.level ?? 0,
      attributes: data?.attributes ?? {},
      granted: data?.granted ?? [],
      authTime: data?.authTime,
      signIn: data?.signIn,
      missing: data?.missing ?? [],
      unavailable: data?.unavailable ?? [],
      csrfToken: csrfFor(session),
      getTokens: tokens,
      getAccessToken: async () => (await tokens()).accessToken,
      signOut: () => sessions.destroy(req, res, session),
    }
  }

  router.use(async (req: Request, res: Response, next: NextFunction) => {
    try {
      const session = await sessions.load(req)
      if (
        session &&
        now() - ((session.record.data.touchedAt as number | undefined) ?? 0) > TOUCH_INTERVAL_SEC
      ) {
        // Rolling lifetime, renewed at most once a minute to keep requests cheap.
        session.record.data.touchedAt = now()
        await sessions.save(req, res, session)
      }
      ;(req as RequestWithInternals)[INTERNALS] = { startSignIn, options }
      req.eid = context(req, res, session)
      next()
    } catch (error) {
      next(error)
    }
  })

  router.get(routes.login, async (req, res, next) => {
    try {
      const level =
        req.query.level === '2'
          ? 2
          : req.query.level === '1' || req.query.level === undefined
            ? (options.defaults?.level ?? 1)
            : undefined
      const names =
        typeof req.query.attributes === 'string' && req.query.attributes !== ''
          ? [...new Set(req.query.attributes.split(','))]
          : undefined
      const attributes = names ?? [...(options.defaults?.attributes ?? [])]
      // The purpose is the app's to state (a link could otherwise put any text on the provider's consent
      // screen under this app's name): it comes from the options, never from the query.
      const purpose = options.defaults?.purpose
      if (
        level === undefined ||
        !attributes.every((n) => (ATTRIBUTE_NAMES as readonly string[]).includes(n))
      ) {
        res
          .status(400)
          .type('text')
          .send(
            'Bad sign-in request: level must be 1 or 2, attributes a comma-separated list of known attributes.',
          )
        return
      }
      // Nor does a link choose what the consent screen asks for: only what the app declared (finding 7).
      const allowed = new Set<string>(['identity', ...(options.queryAttributes ?? [])])
      const refused = (names ?? []).filter((name) => !allowed.has(name))
      if (refused.length > 0) {
        res
          .status(400)
          .type('text')
          .send(
            `Bad sign-in request: this app does not let a link ask for ${refused.join(', ')}. Expected only ${
              allowed.size > 1 ? [...allowed].join(', ') : 'identity (no other attribute is allowed in links)'
            }; declare more in eidAuth({ queryAttributes }) if the app needs them.`,
          )
        return
      }
      await startSignIn(req, res, {
        level,
        // The login route always signs a citizen in, whoever holds the cookie (R41): identity included.
        attributes: ['identity', ...(attributes as AttributeName[])],
        ...(purpose !== undefined && { purpose }),
        returnTo: safeReturnTo(req.query.returnTo),
        anyCitizen: true,
      })
    } catch (error) {
      if (isEidError(error)) await fail(error, req, res)
      else next(error)
    }
  })

  router.get(routes.callback, async (req, res, next) => {
    try {
      const pending = await transactions.take(req, res, req.query.state)
      if (!pending) {
        await fail(new EidTransactionError('missing'), req, res)
        return
      }
      const result = await client.completeSignIn(
        new URL(req.originalUrl, options.baseUrl),
        pending.transaction,
      )
      const previous = await sessions.load(req)
      if (pending.subject !== undefined && result.subject !== pending.subject) {
        // Another citizen answered a re-authentication of this session: refuse, keep the session as it
        // is, and do not leave the other citizen's tokens usable (revocation is best effort).
        await client.revoke(result.tokens).catch(() => undefined)
        await fail(new EidCitizenMismatchError(), req, res)
        return
      }
      const same = previous?.record.subject === result.subject ? previous : undefined
      const requested = pending.transaction.attributes
      const received = receivedAttributes(result, requested)
      const fresh = Object.fromEntries(Object.entries(result.attributes).filter(([, v]) => v !== undefined))
      const data: SessionData = {
        ...citizenOf(result, same),
        level: result.level,
        attributes: { ...(same?.record.data.attributes ?? {}), ...fresh } as SessionAttributes,
        granted: [
          ...new Set([
            ...(same?.record.data.granted ?? []),
            ...(result.citizen ? ['identity' as const] : []),
            ...received,
          ]),
        ],
        // What did not arrive, so the guards do not ask again in circles: this sign-in's answer replaces
        // the earlier one for the attributes it asked, and a received attribute is no longer missing.
        missing: [
          ...new Set([
            ...(same?.record.data.missing ?? []).filter((name) => !requested.includes(name)),
            ...result.missing,
          ]),
        ],
        unavailable: [
          ...(same?.record.data.unavailable ?? []).filter((entry) => !requested.includes(entry.attribute)),
          ...result.unavailable,
        ],
        // When the citizen last authenticated, as the provider said for THIS sign-in. Never carried over
        // from an earlier sign-in: a time the provider did not vouch for now could confirm a transfer.
        ...authTimeOf(result.authTime),
        signIn: signInRecordOf(pending),
        tokens: result.tokens,
        createdAt: now(),
        touchedAt: now(),
      }
      await sessions.create(
        req,
        res,
        {
          subject: result.subject,
          ...(result.sessionId !== undefined && { providerSessionId: result.sessionId }),
        },
        data,
        previous,
      )
      res.redirect(303, pending.returnTo)
    } catch (error) {
      if (isEidError(error)) await fail(error, req, res)
      else next(error)
    }
  })

  router.post(
    routes.logout,
    express.urlencoded({ extended: false, limit: '4kb' }),
    async (req, res, next) => {
      try {
        const session = await sessions.load(req)
        const sent = String(req.body?._csrf ?? req.get('x-csrf-token') ?? '')
        const expected = csrfFor(session)
        const [a, b] = [Buffer.from(sent), Buffer.from(expected)]
        // Compared as bytes: a non-ASCII token of the right length in characters must not throw.
        const valid = a.length === b.length && timingSafeEqual(a, b)
        if (!valid || !sameOrigin(req, options.baseUrl)) {
          await fail(new EidCsrfError(), req, res)
          return
        }
        await sessions.destroy(req, res, session)
        const postLogout = options.postLogoutRedirectUri ?? `${options.baseUrl}/`
        let target = postLogout
        if (session && typeof client.metadata.end_session_endpoint === 'string') {
          target = client.signOutUrl({
            idTokenHint: session.record.data.tokens.idToken,
            postLogoutRedirectUri: postLogout,
          })
        }
        res.redirect(303, target)
      } catch (error) {
        next(error)
      }
    },
  )

  router.post(
    routes.backchannelLogout,
    express.urlencoded({ extended: false, limit: '16kb' }),
    async (req, res, next) => {
      res.set('Cache-Control', 'no-store')
      let target: LogoutTarget
      try {
        target = await client.verifyLogoutToken(req.body?.logout_token)
      } catch (error) {
        const code = isEidError(error) ? error.code : 'error'
        warn(`back-channel logout refused (${code})`)
        res
          .status(400)
          .json({ error: 'invalid_request', error_description: 'the logout token did not verify' })
        return
      }
      // A store that fails is this app's problem (5xx through the app's error handler), not a bad token.
      try {
        await sessions.end(target)
        res.status(200).end()
      } catch (error) {
        next(error)
      }
    },
  )

  router.post(
    routes.consentEvents,
    express.text({ type: ['application/secevent+jwt', 'application/jwt', 'text/plain'], limit: '32kb' }),
    async (req, res, next) => {
      let event: ConsentWithdrawnEvent
      try {
        event = await client.verifySecurityEvent(typeof req.body === 'string' ? req.body.trim() : undefined)
      } catch (error) {
        const code = isEidError(error) ? error.code : 'error'
        warn(`consent event refused (${code})`)
        // RFC 8935 section 2.3: an error object with `err` and `description`.
        res.status(400).json({ err: 'invalid_request', description: 'the security event did not verify' })
        return
      }
      // The event is genuine: a failing store or onConsentWithdrawn hook goes to the app's error handler.
      try {
        await sessions.withdraw(event.subject, event.attributes)
        await options.onConsentWithdrawn?.(event, req)
        res.status(202).end()
      } catch (error) {
        next(error)
      }
    },
  )

  return router
}

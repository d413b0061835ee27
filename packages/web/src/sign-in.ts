import { randomBytes } from 'node:crypto'
import {
  type AttributeName,
  EidCitizenMismatchError,
  type EidClient,
  type Level,
  type Purpose,
  type SignInResult,
} from '@dinhdanh/client'
import type { Checks } from './checks.js'
import type { SessionAttributes, SignInRecord } from './context.js'
import type { CookieSink } from './cookie-sink.js'
import { isApiCall, json, redirect } from './http.js'
import type { ResolvedEidCoreOptions } from './options.js'
import { safeReturnTo } from './return-to.js'
import type { LoadedSession, SessionData, Sessions } from './sessions.js'
import type { PendingSignIn, Transactions } from './transactions.js'

/**
 * What a guard or the login route asks for: send the browser to the provider for more.
 *
 * @example
 * ```ts
 * const need: SignInNeed = { level: 2, attributes: [], returnTo: '/transfer', maxAgeSec: 0 }
 * ```
 */
export interface SignInNeed {
  level: Level
  attributes: readonly AttributeName[]
  /** Shown on the consent screen: a Vietnamese text, or `{ vi, en }` (the English one for English screens). */
  purpose?: Purpose
  returnTo: string
  /** A fresh authentication is needed: at most this many seconds old (`max_age`, `prompt=login`). */
  maxAgeSec?: number
  /**
   * Whoever authenticates is signed in (the login route). Otherwise (the guards) a sign-in started for a
   * signed-in citizen must bring that same citizen back, or it is refused and the session kept.
   */
  anyCitizen?: boolean
  /**
   * An identity-free check (`identity: false`, e.g. an age gate): only `attributes` are asked, and the
   * answer is kept for a few minutes apart from any session (see `Checks`).
   */
  identityFree?: boolean
}

/** What the two halves of a sign-in share. */
export interface SignInParts<N> {
  client: EidClient
  options: ResolvedEidCoreOptions<N>
  sessions: Sessions
  transactions: Transactions
  checks: Checks
}

const now = () => Math.floor(Date.now() / 1000)

function localeOf<N>(options: ResolvedEidCoreOptions<N>, native: N): { uiLocales?: 'vi' | 'en' } {
  const locale = options.uiLocales?.(native)
  return locale === 'vi' || locale === 'en' ? { uiLocales: locale } : {}
}

/**
 * Sends the browser to the provider for `need`: a redirect with the sealed transaction cookie, or (for
 * an API call, which cannot follow it) 401 with where to go and no sign-in started. A provider failure
 * throws its `EidError` for the caller's error page.
 *
 * @example
 * ```ts
 * return startSignIn(parts, request, sink, native, { level: 2, attributes: [], returnTo: '/transfer' })
 * ```
 */
export async function startSignIn<N>(
  parts: SignInParts<N>,
  request: Request,
  sink: CookieSink,
  native: N,
  need: SignInNeed,
): Promise<Response> {
  const { client, options, sessions, transactions } = parts
  if (isApiCall(request)) {
    return json(401, {
      error: 'sign_in_required',
      login: `${options.routes.login}?returnTo=${encodeURIComponent(need.returnTo)}`,
    })
  }
  if (need.identityFree) {
    const { url, transaction } = await client.signIn({
      level: need.level,
      attributes: need.attributes.filter((name) => name !== 'identity'),
      identity: false,
      ...(need.purpose !== undefined && { purpose: need.purpose }),
      ...localeOf(options, native),
    })
    await transactions.store(sink, {
      transaction,
      returnTo: safeReturnTo(need.returnTo),
      startedAt: Date.now(),
      identityFree: true,
    })
    return redirect(302, url)
  }
  const current = await sessions.load(request.headers.get('cookie'))
  // Step-up: a higher level needs a new authentication, not the provider session already open.
  const stepUp = current !== undefined && need.level > current.record.data.level
  const reauthenticate = stepUp || need.maxAgeSec !== undefined
  const { url, transaction } = await client.signIn({
    level: need.level,
    attributes: need.attributes.filter((name) => name !== 'identity'),
    // Only incremental consent in a session that knows the citizen skips identity: a new authentication
    // (sign-in, step-up) may bring another citizen, whose session must not be left without one.
    identity: !current?.record.data.citizen || reauthenticate || need.attributes.includes('identity'),
    ...(need.purpose !== undefined && { purpose: need.purpose }),
    ...(reauthenticate && { prompt: 'login' as const }),
    ...(need.maxAgeSec !== undefined && { maxAge: need.maxAgeSec }),
    ...localeOf(options, native),
  })
  await transactions.store(sink, {
    transaction,
    returnTo: safeReturnTo(need.returnTo),
    startedAt: Date.now(),
    reauthenticate,
    // A guard's sign-in for a signed-in citizen (step-up, fresh login, more data) must bring the same
    // citizen back: another citizen's passcode at that prompt must not take the session over.
    ...(current !== undefined && !need.anyCitizen && { subject: current.record.subject }),
  })
  return redirect(302, url)
}

/** Attributes actually received in a result (requested, not missing, not unavailable). */
function receivedAttributes(result: SignInResult, requested: readonly AttributeName[]): AttributeName[] {
  const absent = new Set<string>([...result.missing, ...result.unavailable.map((u) => u.attribute)])
  return requested.filter((name) => !absent.has(name))
}

/**
 * How far the provider's clock may lag this server's when a new login is judged by its `auth_time`
 * (seconds). Small on purpose: an older authentication answered from the provider's single sign-on must
 * not pass for a new one. Keep both clocks on NTP.
 */
export const REAUTHENTICATION_SKEW_SEC = 2

/**
 * A new record of the sign-in that just completed: a fresh random id, never derived from anything else.
 * `reauthenticated` needs both that a new login was asked (`prompt=login`) and that the provider says it
 * happened: an `auth_time` no older than the moment the sign-in started. A provider that answers from its
 * single sign-on, a phone approval carrying an older sign-in, or a dialect without `auth_time` (VNeID)
 * never counts as a re-authentication.
 *
 * @example
 * ```ts
 * signInRecordOf({ ...pending, reauthenticate: true, startedAt: Date.now() }, result.authTime)
 * ```
 */
export function signInRecordOf(pending: PendingSignIn, authTime: number | undefined): SignInRecord {
  // A transaction sealed before `startedAt` existed counts as started long ago: it proves nothing recent.
  const startedAt = pending.startedAt ?? 0
  const startedSec = Math.floor(startedAt / 1000)
  return {
    id: randomBytes(16).toString('base64url'),
    startedAt,
    reauthenticated:
      pending.reauthenticate === true &&
      pending.startedAt !== undefined &&
      authTime !== undefined &&
      authTime >= startedSec - REAUTHENTICATION_SKEW_SEC,
  }
}

/** The session data of a completed sign-in, merged with the session it extends (same citizen only). */
function sessionDataOf(
  result: SignInResult,
  pending: PendingSignIn,
  same: LoadedSession | undefined,
): SessionData {
  const requested = pending.transaction.attributes
  const before = same?.record.data
  const fresh = Object.fromEntries(Object.entries(result.attributes).filter(([, v]) => v !== undefined))
  // The citizen of a new sign-in, or of the session it extends (incremental consent asks no identity).
  const citizen = result.citizen ?? before?.citizen
  return {
    ...(citizen && { citizen }),
    level: result.level,
    attributes: { ...(before?.attributes ?? {}), ...fresh } as SessionAttributes,
    granted: [
      ...new Set([
        ...(before?.granted ?? []),
        ...(result.citizen ? ['identity' as const] : []),
        ...receivedAttributes(result, requested),
      ]),
    ],
    // What did not arrive, so the guards do not ask again in circles: this sign-in's answer replaces the
    // earlier one for the attributes it asked, and a received attribute is no longer missing.
    missing: [
      ...new Set([...(before?.missing ?? []).filter((name) => !requested.includes(name)), ...result.missing]),
    ],
    unavailable: [
      ...(before?.unavailable ?? []).filter((entry) => !requested.includes(entry.attribute)),
      ...result.unavailable,
    ],
    // When the citizen last authenticated, as the provider said for THIS sign-in. Never carried over from
    // an earlier sign-in: a time the provider did not vouch for now could confirm a transfer.
    ...(result.authTime !== undefined && { authTime: result.authTime }),
    signIn: signInRecordOf(pending, result.authTime),
    ...(result.consentId !== undefined && { consentId: result.consentId }),
    tokens: result.tokens,
    createdAt: now(),
    touchedAt: now(),
  }
}

/**
 * The callback: completes the sign-in of the pending attempt (found by `state`, used once) and starts a
 * new session (new id, R41). A guard's re-authentication that brings another citizen back is refused
 * with {@link EidCitizenMismatchError}: the session is not replaced and the other citizen's tokens are
 * revoked. Throws the client's `EidError` for the error page.
 *
 * @example
 * ```ts
 * return completeSignIn(parts, request, sink, pending) // 303 to returnTo
 * ```
 */
export async function completeSignIn<N>(
  parts: SignInParts<N>,
  request: Request,
  sink: CookieSink,
  pending: PendingSignIn,
): Promise<Response> {
  const { client, sessions } = parts
  const cookieHeader = request.headers.get('cookie')
  // The raw URL: in the VNeID dialect a `+` of the encrypted code must not become a space.
  const result = await client.completeSignIn(new URL(request.url), pending.transaction)
  if (pending.identityFree) {
    // Nothing else is needed from the provider: its tokens go back at once (best effort), and the answer
    // is kept apart from any session, without a subject.
    await client.revoke(result.tokens).catch(() => undefined)
    const requested = pending.transaction.attributes
    await parts.checks.store(sink, {
      attributes: Object.fromEntries(
        Object.entries(result.attributes).filter(([, v]) => v !== undefined),
      ) as SessionAttributes,
      granted: receivedAttributes(result, requested),
      missing: [...result.missing],
      unavailable: [...result.unavailable],
      ...(result.consentId !== undefined && { consentId: result.consentId }),
      level: result.level,
      at: Math.floor(Date.now() / 1000),
    })
    return redirect(303, pending.returnTo)
  }
  const previous = await sessions.load(cookieHeader)
  if (pending.subject !== undefined && result.subject !== pending.subject) {
    await client.revoke(result.tokens).catch(() => undefined)
    throw new EidCitizenMismatchError()
  }
  const same = previous?.record.subject === result.subject ? previous : undefined
  await sessions.create(
    cookieHeader,
    sink,
    {
      subject: result.subject,
      ...(result.sessionId !== undefined && { providerSessionId: result.sessionId }),
    },
    sessionDataOf(result, pending, same),
    previous,
  )
  // An identity-free answer was given by whoever was at this browser before; a sign-in starts afresh.
  parts.checks.clear(cookieHeader, sink)
  return redirect(303, pending.returnTo)
}

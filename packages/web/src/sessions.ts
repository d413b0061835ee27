import { randomBytes } from 'node:crypto'
import type { AttributeName, Citizen, EidTokens, Level, UnavailableAttribute } from '@dinhdanh/client'
import { z } from 'zod'
import type { SessionAttributes, SignInRecord } from './context.js'
import type { CookieSink } from './cookie-sink.js'
import type { ResolvedEidCoreOptions } from './options.js'
import { clearChunkedCookie, parseCookies, readChunkedCookie, writeChunkedCookie } from './session/cookies.js'
import { seal, unseal } from './session/seal.js'
import type { SessionRecord, SessionStore } from './session/session-store.js'

/**
 * What a session holds besides the indexed fields: the citizen, the level, the attributes shared and the
 * tokens. Plain JSON.
 */
export interface SessionData {
  [key: string]: unknown
  citizen?: Citizen
  level: Level
  attributes: SessionAttributes
  granted: AttributeName[]
  /** When the citizen last authenticated at the provider (epoch seconds, `auth_time`), if it said. */
  authTime?: number
  /** Asked for and not received (not ticked, or not held); absent in sessions made before 0.1. */
  missing?: AttributeName[]
  /** Asked for, and their data source failed. */
  unavailable?: UnavailableAttribute[]
  tokens: EidTokens
  /** Epoch seconds of the sign-in that created the session. */
  createdAt: number
  /** The sign-in that made this session (absent in sessions made before 0.2). */
  signIn?: SignInRecord
  /** The consent record of that sign-in, when the provider sent one. */
  consentId?: string
}

/** A loaded session: its id and record. */
export interface LoadedSession {
  id: string
  record: SessionRecord & { data: SessionData }
}

interface CookiePayload {
  id: string
  record?: SessionRecord
}

const now = () => Math.floor(Date.now() / 1000)

/**
 * What `load` relies on in a cookie: sealing proves who wrote it, not that this release wrote it (an
 * older one, or another app sharing the secret), so a cookie of another shape is a signed-out request.
 */
const cookiePayloadSchema = z.object({
  id: z.string().min(1),
  record: z
    .looseObject({
      subject: z.string().min(1),
      providerSessionId: z.string().min(1).optional(),
      absoluteExpiresAt: z.number(),
      data: z.looseObject({
        createdAt: z.number(),
        granted: z.array(z.string()),
        attributes: z.record(z.string(), z.unknown()),
      }),
    })
    .optional(),
})

/**
 * Sessions: a sealed cookie (default), or a sealed session id pointing into a {@link SessionStore}.
 * The id changes at every sign-in (R41); the cookie is HttpOnly, SameSite=Lax, Secure on https.
 *
 * Without a store, a back-channel logout or a consent withdrawal cannot reach the cookie itself, so
 * they are remembered in this process and applied when the cookie comes back. With several instances,
 * use a shared store (Redis), whose indexes reach every session of the citizen.
 */
export class Sessions {
  readonly #options: Pick<ResolvedEidCoreOptions, 'session' | 'secure' | 'log'>
  readonly #store: SessionStore | undefined
  /** Cookie mode: subjects / provider sessions ended at a time; sessions created before are refused. */
  readonly #ended = new Map<string, number>()
  /** Cookie mode: attributes withdrawn per subject at a time. */
  readonly #withdrawn = new Map<string, { attributes: AttributeName[]; at: number }[]>()

  #warned = false
  /** The chunking warning, once per process: with rolling sessions it would otherwise repeat on every response. */
  readonly #warnOnce = (message: string): void => {
    if (this.#warned) return
    this.#warned = true
    ;(this.#options.log ?? ((text: string) => console.warn(text)))(message)
  }

  constructor(options: Pick<ResolvedEidCoreOptions, 'session' | 'secure' | 'log'>) {
    this.#options = options
    this.#store = options.session.store
  }

  get #cookie() {
    return {
      httpOnly: true,
      sameSite: 'lax' as const,
      secure: this.#options.secure,
      path: '/',
    }
  }

  /** The session of the request, or `undefined` (no cookie, or a cookie that does not open). */
  async load(cookieHeader: string | null | undefined): Promise<LoadedSession | undefined> {
    const cookies = parseCookies(cookieHeader)
    const sealed = readChunkedCookie(cookies, this.#options.session.cookieName)
    if (!sealed) return undefined
    const payload = await unseal<CookiePayload>(sealed, {
      secrets: this.#options.session.secrets,
      purpose: 'session',
    })
    if (!payload || !cookiePayloadSchema.safeParse(payload).success) return undefined
    const record = this.#store ? await this.#store.get(payload.id) : payload.record
    if (!record || record.absoluteExpiresAt <= now()) return undefined
    const data = record.data as SessionData
    if (!this.#store) {
      const ended = Math.max(
        this.#ended.get(`sub:${record.subject}`) ?? 0,
        record.providerSessionId ? (this.#ended.get(`sid:${record.providerSessionId}`) ?? 0) : 0,
        this.#ended.get(`id:${payload.id}`) ?? 0,
      )
      if (ended >= data.createdAt) return undefined
      for (const withdrawal of this.#withdrawn.get(record.subject) ?? []) {
        if (withdrawal.at >= data.createdAt) stripAttributes(data, withdrawal.attributes)
      }
    }
    return { id: payload.id, record: { ...record, data } }
  }

  /** Writes the session (rolling lifetime, capped by the absolute one). */
  async save(
    cookieHeader: string | null | undefined,
    sink: CookieSink,
    session: LoadedSession,
    options: { created?: boolean } = {},
  ): Promise<void> {
    const remaining = session.record.absoluteExpiresAt - now()
    const ttlSec = Math.max(1, Math.min(this.#options.session.rollingSec, remaining))
    if (this.#store) {
      // A session ended meanwhile (back-channel logout on another instance) must not be written back by
      // a request that loaded it before. The store's set cannot be conditional, so the window is narrowed
      // to this check; see the README's Limits.
      if (!options.created && !(await this.#store.get(session.id))) return
      await this.#store.set(session.id, session.record, { ttlSec })
    }
    const payload: CookiePayload = this.#store
      ? { id: session.id }
      : { id: session.id, record: session.record }
    // Too late for a cookie (e.g. getAccessToken() after the response): a store has the new data anyway.
    if (sink.sent) return
    const value = await seal(payload, { secrets: this.#options.session.secrets, purpose: 'session', ttlSec })
    writeChunkedCookie(
      sink,
      this.#options.session.cookieName,
      value,
      { ...this.#cookie, maxAgeSec: ttlSec },
      parseCookies(cookieHeader),
      this.#warnOnce,
    )
  }

  /** Starts a new session with a new id (the previous one, if any, is destroyed). */
  async create(
    cookieHeader: string | null | undefined,
    sink: CookieSink,
    fields: Omit<SessionRecord, 'absoluteExpiresAt' | 'data'>,
    data: SessionData,
    previous?: LoadedSession,
  ): Promise<LoadedSession> {
    if (previous && this.#store) await this.#store.delete(previous.id)
    // Cookie mode: a copy of the cookie from before this sign-in (a step-up, another citizen) must not
    // stay usable until it expires.
    if (previous && !this.#store) this.#ended.set(`id:${previous.id}`, now())
    const session: LoadedSession = {
      id: randomBytes(24).toString('base64url'),
      record: {
        ...fields,
        // Step-up and incremental consent keep the citizen's hard limit; another citizen's session lends nothing.
        absoluteExpiresAt:
          (previous?.record.subject === fields.subject ? previous.record.absoluteExpiresAt : undefined) ??
          now() + this.#options.session.absoluteSec,
        data,
      },
    }
    await this.save(cookieHeader, sink, session, { created: true })
    return session
  }

  /** Ends the session of this request. */
  async destroy(
    cookieHeader: string | null | undefined,
    sink: CookieSink,
    session: LoadedSession | undefined,
  ): Promise<void> {
    if (session && this.#store) await this.#store.delete(session.id)
    // Cookie mode: a copy of the cookie (stolen, or another tab) must not outlive the sign-out here.
    if (session && !this.#store) this.#ended.set(`id:${session.id}`, now())
    clearChunkedCookie(sink, parseCookies(cookieHeader), this.#options.session.cookieName, this.#cookie)
  }

  /** Back-channel logout: ends every session of the subject and/or provider session. */
  async end(target: { sub?: string; sid?: string }): Promise<number> {
    const at = now()
    if (!this.#store) {
      this.#forgetOld(at)
      // With both, only that provider session ends (OpenID Connect Back-Channel Logout 2.4), as below.
      if (target.sid) this.#ended.set(`sid:${target.sid}`, at)
      else if (target.sub) this.#ended.set(`sub:${target.sub}`, at)
      return 0
    }
    let count = 0
    if (target.sid) count += await this.#store.deleteByProviderSession(target.sid)
    // With both, only that provider session ends (OpenID Connect Back-Channel Logout 2.4).
    if (target.sub && !target.sid) count += await this.#store.deleteBySubject(target.sub)
    return count
  }

  /** Cookie mode: drops what no live cookie can predate (sessions live at most `absoluteSec`). */
  #forgetOld(at: number): void {
    const horizon = at - this.#options.session.absoluteSec
    for (const [key, ended] of this.#ended) if (ended < horizon) this.#ended.delete(key)
    for (const [subject, list] of this.#withdrawn) {
      const kept = list.filter((withdrawal) => withdrawal.at >= horizon)
      if (kept.length === 0) this.#withdrawn.delete(subject)
      else this.#withdrawn.set(subject, kept)
    }
  }

  /** Consent withdrawal: removes the attributes from every session of the subject. */
  async withdraw(subject: string, attributes: readonly AttributeName[]): Promise<number> {
    if (!this.#store) {
      this.#forgetOld(now())
      const list = this.#withdrawn.get(subject) ?? []
      list.push({ attributes: [...attributes], at: now() })
      this.#withdrawn.set(subject, list)
      return 0
    }
    let count = 0
    for (const id of await this.#store.idsBySubject(subject)) {
      const record = await this.#store.get(id)
      if (!record) continue
      const data = record.data as SessionData
      stripAttributes(data, attributes)
      const ttlSec = Math.max(1, Math.min(this.#options.session.rollingSec, record.absoluteExpiresAt - now()))
      await this.#store.set(id, { ...record, data }, { ttlSec })
      count++
    }
    return count
  }
}

const camel = (name: string) => name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase())

/** Removes attributes (and their grant) from session data. */
export function stripAttributes(data: SessionData, attributes: readonly AttributeName[]): void {
  for (const name of attributes) {
    if (name === 'identity') delete data.citizen
    else delete (data.attributes as Record<string, unknown>)[camel(name)]
  }
  data.granted = data.granted.filter((name) => !attributes.includes(name))
}

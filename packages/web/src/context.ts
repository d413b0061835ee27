import type {
  AttributeName,
  AttributeValue,
  Citizen,
  EidTokens,
  Level,
  UnavailableAttribute,
} from '@dinhdanh/client'

type SnakeToCamel<S extends string> = S extends `${infer Head}_${infer Tail}`
  ? `${Head}${Capitalize<SnakeToCamel<Tail>>}`
  : S

/**
 * The attributes held in a session: any requested one may be there (use `requireAttributes` to make
 * sure), keyed in camelCase like `@dinhdanh/client` results.
 *
 * @example
 * ```ts
 * const card: SessionAttributes['healthInsurance'] = req.eid.attributes.healthInsurance
 * ```
 */
export type SessionAttributes = {
  [K in Exclude<AttributeName, 'identity'> as SnakeToCamel<K>]?: AttributeValue<K>
}

/**
 * One completed sign-in, as {@link EidRequestContext.signIn} exposes it.
 *
 * @example
 * ```ts
 * const record: SignInRecord = { id: 'k3…', startedAt: Date.now(), reauthenticated: true }
 * ```
 */
export interface SignInRecord {
  /** Random, new at every callback; never derived from the session id or the provider's session. */
  readonly id: string
  /** Epoch milliseconds when this app sent the browser to the provider for this sign-in. */
  readonly startedAt: number
  /**
   * The sign-in demanded a new login (`prompt=login`) AND the provider's `auth_time` says one happened
   * after the sign-in started (within 2 s of clock skew), not its single sign-on.
   */
  readonly reauthenticated: boolean
}

/**
 * What a signed-in request knows: `req.eid`.
 *
 * @example
 * ```ts
 * app.get('/me', requireSignIn(), (req, res) => res.json({ name: req.eid.citizen?.fullName, level: req.eid.level }))
 * ```
 */
export interface EidRequestContext {
  readonly isSignedIn: boolean
  /** The citizen's identity, when signed in with identity (the default). */
  readonly citizen: Citizen | undefined
  /** The citizen's `sub` at the provider. */
  readonly subject: string | undefined
  /** The level of assurance of this session (0 when signed out). */
  readonly level: Level | 0
  readonly attributes: SessionAttributes
  /** Attributes the citizen has consented to share in this session. */
  readonly granted: readonly AttributeName[]
  /**
   * Attributes asked for in this session that did not arrive: the citizen did not tick them, or holds
   * none (no health-insurance card). The guards do not ask again for these (that would send the citizen
   * round in circles); offer a "share again" link to `/auth/login?attributes=…` instead (allowed by `queryAttributes`).
   */
  readonly missing: readonly AttributeName[]
  /**
   * Attributes asked for whose data source failed (`{ attribute, reason }`): try again later. The guards
   * do not ask again for these either.
   */
  readonly unavailable: readonly UnavailableAttribute[]
  /**
   * When the citizen last authenticated at the provider (epoch seconds, the ID token's `auth_time`), if the
   * provider said; `requireSignIn({ maxAgeSec })` asks for a fresh authentication when it is too old.
   */
  readonly authTime: number | undefined
  /**
   * The sign-in behind this session, fresh at every callback (a new id even when the provider answered
   * from its own single sign-on): `id` (random), `startedAt` (epoch milliseconds, on this server's clock,
   * when the browser was sent to the provider) and `reauthenticated` (the sign-in demanded a new
   * authentication, `prompt=login`, as `requireSignIn({ maxAgeSec })` and a step-up do). Bind an action
   * that needs its own authentication (a large transfer) to it: accept only a `reauthenticated` sign-in
   * with `startedAt` after the action was requested, and each `id` for one action.
   *
   * @example
   * ```ts
   * const s = req.eid.signIn
   * const ok = s?.reauthenticated === true && s.startedAt > transfer.requestedAtMs && !usedSignIns.has(s.id)
   * ```
   */
  readonly signIn: SignInRecord | undefined
  /**
   * The provider's consent record behind what this request holds (the last sign-in's, or an identity-free
   * check's), when the provider sent one: keep it with what you store, a withdrawal event names it.
   */
  readonly consentId: string | undefined
  /**
   * A token for the CSRF-protected forms of a signed-in citizen (logout): put it in a hidden `_csrf` field.
   * It is bound to the session; signed out, it is one value for everyone, so forms used while signed out
   * need a token of their own.
   */
  readonly csrfToken: string
  /** A fresh access token (refreshed single-flight with a minute of leeway); throws when signed out. */
  getAccessToken(): Promise<string>
  /** The full token set (for calls such as `fetchAttributes`); refreshed like {@link getAccessToken}. */
  getTokens(): Promise<EidTokens>
  /**
   * Ends the local session and forgets an identity-free check's answer (the provider session stays; use
   * the logout route for both).
   */
  signOut(): Promise<void>
}

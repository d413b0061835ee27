import {
  type BackchannelHandle,
  type BackchannelSignInRequest,
  backchannelSignIn,
  waitForBackchannelSignIn,
} from './backchannel.js'
import { completeSignIn, type SignInResult } from './complete-sign-in.js'
import {
  type ConsentReceipt,
  type ConsentsApi,
  type ConsentWithdrawnEvent,
  createConsentsApi,
  verifyConsentReceipt,
  verifySecurityEvent,
} from './consents.js'
import type { ClientContext } from './context.js'
import { connectEngine } from './engine.js'
import { type LogoutTarget, type SignOutRequest, signOutUrl, verifyLogoutToken } from './logout.js'
import { type ClientOptions, resolveOptions } from './options.js'
import { ProviderJwtVerifier } from './provider-jwt.js'
import { type ApplyEventOptions, MemoryReplayGuard, type ReplayGuard } from './replay-guard.js'
import type { AttributeName } from './schemas/index.js'
import { type FetchedAttributes, fetchAttributes, refresh, revoke } from './session-tokens.js'
import { type SignInRequest, type SignInStart, signIn } from './sign-in.js'
import type { EidTokens } from './tokens.js'
import { type SignInTransaction, UsedTransactions } from './transaction.js'
import { createVneidClient } from './vneid/client.js'
import type { VneidClientOptions } from './vneid/options.js'
import { type ShareApi, shareUnsupported } from './vneid/share/api.js'

/**
 * A relying-party client for one provider and one registered client. Create it once at start-up with
 * {@link createClient} and share it.
 *
 * @example
 * ```ts
 * const { url, transaction } = await eid.signIn({ level: 2, attributes: ['health_insurance'] as const })
 * // ...the browser comes back to redirectUri...
 * const result = await eid.completeSignIn(callbackUrl, transaction)
 * result.attributes.healthInsurance
 * ```
 */
export interface EidClient {
  /** The validated issuer. */
  readonly issuer: string
  readonly clientId: string
  /** The registered redirect URI this client completes sign-ins on. */
  readonly redirectUri: string
  /** The provider's discovery document. */
  readonly metadata: Readonly<Record<string, unknown>>

  /**
   * Starts a sign-in. Redirect the browser to `url`; keep `transaction` (sealed) until the callback.
   *
   * @example
   * ```ts
   * const { url, transaction } = await eid.signIn({ level: 2, attributes: ['driving_licence'] as const, purpose: 'Thuê xe' })
   * ```
   */
  signIn<const A extends readonly AttributeName[] = readonly []>(
    request?: SignInRequest<A>,
  ): Promise<SignInStart<A>>

  /**
   * Completes a sign-in from the callback URL. Throws a typed {@link EidError} on any failed check.
   *
   * @example
   * ```ts
   * const result = await eid.completeSignIn(new URL(req.originalUrl, 'https://bank.example'), transaction)
   * ```
   */
  completeSignIn<A extends readonly AttributeName[]>(
    callbackUrl: string | URL,
    transaction: SignInTransaction<A> | string | undefined,
  ): Promise<SignInResult<A>>

  /**
   * Reads attributes again with the session's access token.
   *
   * @example
   * ```ts
   * const { attributes } = await eid.fetchAttributes(tokens, ['vaccination'] as const)
   * ```
   */
  fetchAttributes<const A extends readonly AttributeName[]>(
    tokens: EidTokens,
    names: A,
  ): Promise<FetchedAttributes<A>>

  /**
   * Refreshes the tokens (refresh-token rotation).
   *
   * @example
   * ```ts
   * session.tokens = await eid.refresh(session.tokens)
   * ```
   */
  refresh(tokens: EidTokens): Promise<EidTokens>

  /**
   * Revokes the tokens at the provider.
   *
   * @example
   * ```ts
   * await eid.revoke(session.tokens)
   * ```
   */
  revoke(tokens: EidTokens): Promise<void>

  /**
   * The provider's end-session URL for RP-initiated logout.
   *
   * @example
   * ```ts
   * res.redirect(eid.signOutUrl({ idTokenHint: tokens.idToken, postLogoutRedirectUri: 'https://bank.example/' }))
   * ```
   */
  signOutUrl(request?: SignOutRequest): string

  /**
   * Verifies a back-channel logout token; returns whom to sign out. Pass `apply` to end the sessions
   * inside the call: if it throws (the session store is down), the token's `jti` is released again and the
   * error rethrown, so the provider's next delivery is accepted instead of refused as a replay
   * ({@link ApplyEventOptions}).
   *
   * @example
   * ```ts
   * const { sub, sid } = await eid.verifyLogoutToken(req.body.logout_token)
   * await eid.verifyLogoutToken(req.body.logout_token, { apply: (target) => sessions.destroyWhere(target) })
   * ```
   */
  verifyLogoutToken(jwt: unknown, options?: ApplyEventOptions<LogoutTarget>): Promise<LogoutTarget>

  /**
   * Starts a decoupled (CIBA) sign-in, approved on the citizen's phone.
   *
   * @example
   * ```ts
   * const handle = await eid.backchannelSignIn({ loginHint: '001090012345', bindingMessage: 'Quầy 3' })
   * ```
   */
  backchannelSignIn<const A extends readonly AttributeName[] = readonly []>(
    request: BackchannelSignInRequest<A>,
  ): Promise<BackchannelHandle<A>>

  /**
   * Waits for a decoupled sign-in to be approved or refused.
   *
   * @example
   * ```ts
   * const result = await eid.waitForBackchannelSignIn(handle, { signal: AbortSignal.timeout(120_000) })
   * ```
   */
  waitForBackchannelSignIn<A extends readonly AttributeName[]>(
    handle: BackchannelHandle<A>,
    options?: { signal?: AbortSignal },
  ): Promise<SignInResult<A>>

  /** The provider's consent API: list, get and revoke this client's consent records. */
  readonly consents: ConsentsApi

  /**
   * Verifies a signed consent receipt.
   *
   * @example
   * ```ts
   * const receipt = await eid.verifyConsentReceipt(record.receipt)
   * ```
   */
  verifyConsentReceipt(jwt: unknown): Promise<ConsentReceipt>

  /**
   * Verifies a consent-withdrawal Security Event Token pushed by the provider. With `apply`, a failure to
   * apply the withdrawal releases the event's `jti`, so the provider's retry is accepted
   * ({@link ApplyEventOptions}).
   *
   * @example
   * ```ts
   * app.post('/eid/events', express.text({ type: 'application/secevent+jwt' }), async (req, res) => {
   *   await eid.verifySecurityEvent(req.body, {
   *     apply: (event) => sessions.dropAttributes(event.subject, event.attributes),
   *   })
   *   res.sendStatus(202)
   * })
   * ```
   */
  verifySecurityEvent(
    jwt: unknown,
    options?: ApplyEventOptions<ConsentWithdrawnEvent>,
  ): Promise<ConsentWithdrawnEvent>

  /**
   * Receiving a citizen's data from the VNeID app by a sharing transaction (the eKYC flow): on a
   * `profile: 'vneid'` client created with `share` options. Without them, every method throws
   * `ERR_EID_CONFIG`; on a standard OpenID Connect client, `ERR_EID_UNSUPPORTED`. See docs/vneid-share.md.
   *
   * @example
   * ```ts
   * const transaction = await eid.share.start({ personalId, attributes: ['identity', 'portrait'], purpose: 'Mở tài khoản' })
   * const result = await eid.share.result(transaction, { signal: AbortSignal.timeout(120_000) })
   * ```
   */
  readonly share: ShareApi
}

/**
 * Extra, non-protocol settings of {@link createClient}.
 *
 * @example
 * ```ts
 * const eid = await createClient(options, { replayGuard: redisReplayGuard })
 * ```
 */
export interface ClientRuntime {
  /**
   * Where the `jti` of logout tokens and security events, and the `eventId` of share webhooks, are
   * remembered (default: memory; share one between instances).
   */
  replayGuard?: ReplayGuard
  /** Clock in epoch seconds (tests). */
  now?: () => number
}

/**
 * Creates a client: validates the options (one {@link EidConfigError} naming every bad field), discovers
 * the provider (its `issuer` must equal the configured one exactly) and prepares the protocol engine.
 * With `profile: 'vneid'` it creates a client of the VNeID dialect instead (configured endpoints, no ID
 * token, optional RSA/AES encryption): see {@link VneidClientOptions} and docs/vneid-dialect.md.
 *
 * @example
 * ```ts
 * import { createClient } from '@dinhdanh/client'
 * const eid = await createClient({
 *   issuer: 'http://localhost:4000',
 *   clientId: 'demo-bank',
 *   clientAuth: { method: 'private_key_jwt', privateJwk },
 *   redirectUri: 'http://localhost:3001/auth/callback',
 * })
 * const vneid = await createClient({
 *   profile: 'vneid',
 *   issuer: 'https://sso.vneid.example',
 *   endpoints: { authorization: 'https://sso.vneid.example/oauth/authorize', token: 'https://sso.vneid.example/oauth/token', userinfo: 'https://sso.vneid.example/oauth/userinfo' },
 *   clientId: 'demo-bank',
 *   clientAuth: { method: 'client_secret_post', secret },
 *   redirectUri: 'https://bank.example/auth/callback',
 *   envelopeKey: rsaPrivateKeyPem,
 * })
 * ```
 */
export async function createClient(
  options: ClientOptions | VneidClientOptions,
  runtime: ClientRuntime = {},
): Promise<EidClient> {
  if ((options as { profile?: unknown } | undefined)?.profile === 'vneid') {
    return createVneidClient(options as VneidClientOptions, runtime)
  }
  const resolved = resolveOptions(options)
  const engine = await connectEngine(resolved)
  const replay = runtime.replayGuard ?? new MemoryReplayGuard()
  const now = runtime.now ?? (() => Math.floor(Date.now() / 1000))
  const context: ClientContext = {
    engine,
    used: new UsedTransactions(),
    jwt: new ProviderJwtVerifier(engine, replay, now),
    now,
  }
  return {
    issuer: resolved.issuer,
    clientId: resolved.clientId,
    redirectUri: resolved.redirectUri,
    metadata: engine.metadata,
    signIn: (request) => signIn(context, request),
    completeSignIn: (callbackUrl, transaction) => completeSignIn(context, callbackUrl, transaction),
    fetchAttributes: (tokens, names) => fetchAttributes(context, tokens, names),
    refresh: (tokens) => refresh(context, tokens),
    revoke: (tokens) => revoke(context, tokens),
    signOutUrl: (request) => signOutUrl(context, request),
    verifyLogoutToken: (jwt, applyOptions) => verifyLogoutToken(context, jwt, applyOptions),
    backchannelSignIn: (request) => backchannelSignIn(context, request),
    waitForBackchannelSignIn: (handle, waitOptions) => waitForBackchannelSignIn(context, handle, waitOptions),
    consents: createConsentsApi(context),
    verifyConsentReceipt: (jwt) => verifyConsentReceipt(context, jwt),
    verifySecurityEvent: (jwt, applyOptions) => verifySecurityEvent(context, jwt, applyOptions),
    share: shareUnsupported(),
  }
}

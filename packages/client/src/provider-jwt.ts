import * as jose from 'jose'
import type { Engine } from './engine.js'
import { describeCheck } from './errors/from-engine.js'
import { EidDiscoveryError } from './errors/protocol-errors.js'
import { EidTokenError, type TokenCheck, type TokenKind } from './errors/validation-errors.js'
import { type ApplyEventOptions, applyOnce, type ReplayGuard } from './replay-guard.js'

/** What a provider-signed JWT (logout token, security event, consent receipt) must satisfy. */
export interface ProviderJwtExpectations {
  kind: TokenKind
  /** Expected `typ` header (compared case-insensitively, `application/` prefix optional). */
  typ?: string
  /** When true, a token without the `typ` header is refused; otherwise only a different `typ` is. */
  typRequired?: boolean
  /** When true, `jti` is required; call {@link ProviderJwtVerifier.consume} to refuse it the second time. */
  singleUse: boolean
  /** Maximum age of `iat`, in seconds. */
  maxAgeSec?: number
}

function fail(kind: TokenKind, check: TokenCheck, cause?: unknown, detail?: string): never {
  throw new EidTokenError({ token: kind, check, detail: detail ?? describeCheck(check), cause })
}

function checkOf(error: unknown): TokenCheck {
  if (error instanceof jose.errors.JOSEAlgNotAllowed || error instanceof jose.errors.JOSENotSupported)
    return 'alg'
  if (error instanceof jose.errors.JWSSignatureVerificationFailed) return 'signature'
  if (error instanceof jose.errors.JWKSNoMatchingKey || error instanceof jose.errors.JWKSMultipleMatchingKeys)
    return 'key'
  if (error instanceof jose.errors.JWTExpired) return error.claim === 'iat' ? 'iat' : 'exp'
  if (error instanceof jose.errors.JWTClaimValidationFailed) {
    const claim = error.claim
    if (claim === 'iss' || claim === 'aud' || claim === 'iat' || claim === 'sub' || claim === 'jti')
      return claim
    if (claim === 'nbf') return 'iat'
    if (claim === 'typ') return 'format'
    return 'claims'
  }
  if (error instanceof TypeError && /modulusLength|key/.test(error.message)) return 'key'
  return 'format'
}

const normalizeTyp = (typ: unknown) =>
  typeof typ === 'string' ? typ.toLowerCase().replace(/^application\//, '') : undefined

/**
 * Verifies JWTs the provider signs outside the sign-in flow with jose: the provider's JWKS (fetched
 * through the SDK's HTTP layer, re-fetched on an unknown `kid` at most once per 60 s), the pinned
 * algorithm, `iss`, `aud` = this client, `iat` (with tolerance) and, for events, single use of `jti`.
 */
export class ProviderJwtVerifier {
  readonly #engine: Engine
  readonly #replay: ReplayGuard
  readonly #now: () => number
  #jwks: ReturnType<typeof jose.createRemoteJWKSet> | undefined

  constructor(engine: Engine, replay: ReplayGuard, now: () => number) {
    this.#engine = engine
    this.#replay = replay
    this.#now = now
  }

  #keys(): ReturnType<typeof jose.createRemoteJWKSet> {
    if (this.#jwks) return this.#jwks
    const uri = this.#engine.metadata.jwks_uri
    if (!uri)
      throw new EidDiscoveryError('The provider publishes no jwks_uri, so its tokens cannot be verified.')
    const http = this.#engine.http
    this.#jwks = jose.createRemoteJWKSet(new URL(uri), {
      cooldownDuration: 60_000,
      cacheMaxAge: 300_000,
      timeoutDuration: this.#engine.options.http.timeoutMs,
      [jose.customFetch]: (url, init) => http.request(url, init as RequestInit, 'jwks'),
    })
    return this.#jwks
  }

  /** Verifies `jwt` and returns its payload; throws {@link EidTokenError} naming the failed check. */
  async verify(jwt: unknown, expect: ProviderJwtExpectations): Promise<jose.JWTPayload> {
    const { kind } = expect
    if (typeof jwt !== 'string' || jwt.length === 0 || jwt.length > 16_384) fail(kind, 'format')
    if (jwt.split('.').length !== 3)
      fail(kind, 'format', undefined, 'expected a compact signed JWT (three parts)')
    const options = this.#engine.options
    let result: jose.JWTVerifyResult
    try {
      result = await jose.jwtVerify(jwt, this.#keys(), {
        algorithms: [options.idTokenSigningAlg],
        issuer: options.issuer,
        audience: options.clientId,
        clockTolerance: options.clockToleranceSec,
        currentDate: new Date(this.#now() * 1000),
        requiredClaims: ['iat'],
        ...(expect.maxAgeSec !== undefined && { maxTokenAge: expect.maxAgeSec }),
      })
    } catch (error) {
      if (error instanceof EidTokenError) throw error
      if (
        error instanceof Error &&
        !(error instanceof jose.errors.JOSEError) &&
        !(error instanceof TypeError)
      ) {
        throw error
      }
      fail(kind, checkOf(error), error)
    }
    const { payload, protectedHeader } = result
    const typ = normalizeTyp(protectedHeader.typ)
    if (expect.typ !== undefined && (typ !== undefined || expect.typRequired) && typ !== expect.typ) {
      fail(kind, 'format', undefined, `expected the "${expect.typ}" typ header`)
    }
    const aud = Array.isArray(payload.aud) ? payload.aud : [payload.aud]
    if (aud.length !== 1) fail(kind, 'aud')
    if (typeof payload.iat === 'number' && payload.iat > this.#now() + options.clockToleranceSec)
      fail(kind, 'iat')
    if (
      expect.singleUse &&
      (typeof payload.jti !== 'string' || payload.jti.length === 0 || payload.jti.length > 256)
    ) {
      fail(kind, 'jti')
    }
    return payload
  }

  /**
   * Records the token's `jti` as used and applies its `value` with `options.apply` (see
   * {@link ApplyEventOptions} and {@link applyOnce}: a failure releases the `jti` again, so the provider's
   * next delivery is accepted). Call it after every other check passed, so a token rejected for another
   * reason does not burn its identifier. A `jti` already accepted fails the `jti` check.
   */
  async consume<T>(
    payload: jose.JWTPayload,
    expect: ProviderJwtExpectations,
    value: T,
    options: ApplyEventOptions<T> | undefined,
  ): Promise<T> {
    const id = this.#replayId(payload, expect)
    const applied = await applyOnce(this.#replay, id, this.#replayTtl(expect), value, options)
    if (applied === undefined) {
      fail(expect.kind, 'jti', undefined, 'expected a "jti" not seen before, got a replayed token')
    }
    return applied
  }

  #replayId(payload: jose.JWTPayload, expect: ProviderJwtExpectations): string {
    return `${expect.kind}:${String(payload.jti)}`
  }

  #replayTtl(expect: ProviderJwtExpectations): number {
    // Kept for as long as the token can still verify: `iat` may be up to one tolerance in our future
    // (the provider's clock ahead) and the age check allows one more tolerance, so a token stays valid
    // until `maxAgeSec + 2 × tolerance` after it first arrives (plus a second for whole-second clocks).
    // One tolerance less, and a captured token could be replayed in the gap (finding 3 of issue 12).
    const tolerance = this.#engine.options.clockToleranceSec
    return Math.max(60, (expect.maxAgeSec ?? 600) + 2 * tolerance + 1)
  }
}

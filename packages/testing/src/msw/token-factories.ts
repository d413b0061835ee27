import { randomUUID } from 'node:crypto'
import { CONSENT_WITHDRAWN_EVENT } from '@dinhdanh/client'
import type { AttributeName } from '@dinhdanh/client/schemas'
import type { JWK } from 'jose'
import { consentTextDigest } from './consent-text.js'
import { type FakeClock, systemClock } from './fake-clock.js'
import { createSigningKeys, type SigningKeys, type TokenBreakage } from './signing-keys.js'

export type { TokenBreakage } from './signing-keys.js'

/**
 * The back-channel logout event (OpenID Connect Back-Channel Logout 1.0, section 2.4).
 *
 * @example
 * ```ts
 * const claims = decodeJwt(await eid.mintLogoutToken({ sid }))
 * BACKCHANNEL_LOGOUT_EVENT in (claims.events as object) // true
 * ```
 */
export const BACKCHANNEL_LOGOUT_EVENT = 'http://schemas.openid.net/event/backchannel-logout'

/**
 * Options of {@link createTokenFactory}.
 *
 * @example
 * ```ts
 * const options: TokenFactoryOptions = { issuer: 'https://eid.test', clock: createFakeClock() }
 * ```
 */
export interface TokenFactoryOptions {
  issuer: string
  /** Epoch-seconds clock for `iat`/`exp` (default: the real clock). */
  clock?: FakeClock
  /** The audience when a factory call names none (the kit's first client). */
  defaultAudience?: string
  /** Key id of the signing key (default `mock-eid-es256`). */
  kid?: string
}

/**
 * What {@link TokenFactory.mintIdToken} takes: any claims; `aud` and `sub` are required, the rest default
 * (`iss`, `iat` = now, `exp` = now + 300, `auth_time` = now, `acr` = '2').
 *
 * @example
 * ```ts
 * const claims: IdTokenClaims = { aud: 'shop', sub, nonce: transaction.nonce, acr: '1' }
 * ```
 */
export type IdTokenClaims = { aud: string | string[]; sub: string } & Record<string, unknown>

/**
 * What a consent receipt states (the claims of mock-idp's consent/receipt.ts).
 *
 * @example
 * ```ts
 * const input: ConsentReceiptInput = { sub, attributes: ['health_insurance'], purpose: 'Khám bệnh' }
 * ```
 */
export interface ConsentReceiptInput {
  sub: string
  attributes: readonly AttributeName[]
  /** Default: a new `c_…` id. */
  consentId?: string
  /** Default: the factory's default audience. */
  clientId?: string
  purpose?: string
  /** Default `auto_approve`. */
  method?: string
  /** The exact consent text shown; its SHA-256 goes into `text_sha256`. */
  textShown?: string
  /** Epoch seconds (default: now). */
  grantedAt?: number
}

/**
 * What a consent-withdrawal Security Event Token states (mock-idp's consent/events.ts).
 *
 * @example
 * ```ts
 * const input: ConsentWithdrawnInput = { consentId: 'c_abc', sub, attributes: ['health_insurance'] }
 * ```
 */
export interface ConsentWithdrawnInput {
  consentId: string
  sub: string
  attributes: readonly AttributeName[]
  clientId?: string
  purpose?: string
  /** Epoch seconds (default: now). */
  withdrawnAt?: number
  /** The SET's `jti` (default: a random UUID). */
  eventId?: string
}

/**
 * Signs the tokens a national e-ID provider issues, with one ES256 key whose public half is `jwks`.
 *
 * @example
 * ```ts
 * const tokens = createTokenFactory({ issuer: 'https://eid.test', defaultAudience: 'shop' })
 * const logoutToken = await tokens.mintLogoutToken({ sub })
 * ```
 */
export interface TokenFactory {
  readonly issuer: string
  readonly clock: FakeClock
  /** The public key set to publish (one ES256 key, `use: sig`). */
  readonly jwks: { keys: JWK[] }
  /** An ES256 ID token (or a broken one). */
  mintIdToken(claims: IdTokenClaims, options?: { breakWith?: TokenBreakage }): Promise<string>
  /** A back-channel logout token (`typ: logout+jwt`, the logout event, a fresh `jti`, no `nonce`). */
  mintLogoutToken(input: { sub?: string; sid?: string; aud?: string }): Promise<string>
  /** A consent receipt (`typ: consent-receipt+jwt`). */
  mintConsentReceipt(input: ConsentReceiptInput): Promise<string>
  /** A consent-withdrawal Security Event Token (`typ: secevent+jwt`, RFC 8417). */
  mintConsentWithdrawnEvent(input: ConsentWithdrawnInput): Promise<string>
  /**
   * Signs any payload with the factory key (and `typ`, when given); `header` adds or replaces protected-header
   * parameters (`alg` only with `breakWith: 'alg_none'`, as its spelling).
   */
  sign(
    payload: Record<string, unknown>,
    options?: { typ?: string; breakWith?: TokenBreakage; header?: Record<string, unknown> },
  ): Promise<string>
}

/** A new consent id, shaped like the mock provider's: `c_` and 20 URL-safe characters. */
export function newConsentId(): string {
  return `c_${randomUUID().replaceAll('-', '').slice(0, 20)}`
}

/**
 * Creates a {@link TokenFactory} with a fresh ES256 key. The msw kit uses one internally; use it alone to
 * feed tokens to an endpoint of your app (back-channel logout, consent events) without any provider.
 *
 * @example
 * ```ts
 * const tokens = createTokenFactory({ issuer: 'https://eid.test', defaultAudience: 'shop' })
 * const event = await tokens.mintConsentWithdrawnEvent({ consentId: 'c_1', sub, attributes: ['phone'] })
 * ```
 */
export function createTokenFactory(options: TokenFactoryOptions): TokenFactory {
  return tokenFactoryWith(options)
}

/** {@link createTokenFactory} on a given key ring (the kit's, which it rotates and extends). */
export function tokenFactoryWith(options: TokenFactoryOptions, signingKeys?: SigningKeys): TokenFactory {
  const { issuer } = options
  const clock = options.clock ?? systemClock()
  const kid = options.kid ?? 'mock-eid-es256'
  const keys = signingKeys ?? createSigningKeys(kid)
  const audience = (aud: string | undefined): string => {
    const value = aud ?? options.defaultAudience
    if (value === undefined)
      throw new TypeError('expected an audience (aud or clientId): the kit has no client')
    return value
  }

  async function sign(
    payload: Record<string, unknown>,
    signOptions: { typ?: string; breakWith?: TokenBreakage; header?: Record<string, unknown> } = {},
  ): Promise<string> {
    const header = { ...(signOptions.typ !== undefined && { typ: signOptions.typ }), ...signOptions.header }
    return keys.sign(payload, {
      header,
      ...(signOptions.breakWith !== undefined && { breakWith: signOptions.breakWith }),
    })
  }

  return {
    issuer,
    clock,
    jwks: keys.jwks,
    sign,
    mintIdToken(claims, mintOptions = {}) {
      const now = clock.now()
      const payload = { iss: issuer, iat: now, exp: now + 300, auth_time: now, acr: '2', ...claims }
      return sign(payload, mintOptions.breakWith ? { breakWith: mintOptions.breakWith } : {})
    },
    mintLogoutToken(input) {
      if (input.sub === undefined && input.sid === undefined) throw new TypeError('expected sub, sid or both')
      return sign(
        {
          iss: issuer,
          aud: audience(input.aud),
          iat: clock.now(),
          jti: randomUUID(),
          events: { [BACKCHANNEL_LOGOUT_EVENT]: {} },
          ...(input.sub !== undefined && { sub: input.sub }),
          ...(input.sid !== undefined && { sid: input.sid }),
        },
        { typ: 'logout+jwt' },
      )
    },
    mintConsentReceipt(input) {
      const consentId = input.consentId ?? newConsentId()
      return sign(
        {
          consent_id: consentId,
          client_id: audience(input.clientId),
          purpose: input.purpose ?? '',
          attributes: [...input.attributes],
          method: input.method ?? 'auto_approve',
          text_sha256: consentTextDigest(input.textShown ?? ''),
          iss: issuer,
          aud: audience(input.clientId),
          sub: input.sub,
          iat: input.grantedAt ?? clock.now(),
          jti: consentId,
        },
        { typ: 'consent-receipt+jwt' },
      )
    },
    mintConsentWithdrawnEvent(input) {
      const now = clock.now()
      return sign(
        {
          events: {
            [CONSENT_WITHDRAWN_EVENT]: {
              consent_id: input.consentId,
              attributes: [...input.attributes],
              purpose: input.purpose ?? '',
              withdrawn_at: input.withdrawnAt ?? now,
            },
          },
          iss: issuer,
          aud: audience(input.clientId),
          sub: input.sub,
          iat: now,
          jti: input.eventId ?? randomUUID(),
        },
        { typ: 'secevent+jwt' },
      )
    },
  }
}

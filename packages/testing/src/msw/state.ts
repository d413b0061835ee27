import { randomBytes } from 'node:crypto'
import type { AttributeName } from '@dinhdanh/client/schemas'
import type { SyntheticCitizen } from '../population/synthetic-citizen.js'
import type { MockEidClient } from './client-authentication.js'
import type { FakeClock } from './fake-clock.js'
import type { EncryptionTarget } from './keys.js'
import type { SignInAsOptions } from './mock-eid.js'
import type { MockEidRequest } from './recorded-requests.js'
import type { ScenarioBoard } from './scenarios.js'
import type { SigningKeys } from './signing-keys.js'
import type { TamperBoard } from './tamper.js'
import type { TokenFactory } from './token-factories.js'

/** What an authorization code stands for until it is redeemed. */
export interface IssuedCode {
  clientId: string
  redirectUri: string
  codeChallenge: string
  nonce: string | undefined
  personalId: string
  level: 1 | 2
  granted: AttributeName[]
  consentId: string
  sid: string
  authTime: number
  expiresAt: number
  used: boolean
  /** Tokens issued for this code, revoked if the code is replayed (O02). */
  tokens: string[]
  /** The DPoP key the authorization was bound to (`dpop_jkt`, or the proof at PAR; RFC 9449 §10). */
  dpopJkt?: string
}

/** What an access or refresh token stands for. */
export interface TokenGrant {
  clientId: string
  /** Absent for client-credentials tokens. */
  personalId?: string
  level: 1 | 2
  granted: AttributeName[]
  consentId?: string
  sid?: string
  authTime?: number
  scope: string
  expiresAt: number
  /** The thumbprint of the DPoP key an access token is bound to (RFC 9449 §6). */
  jkt?: string
}

/**
 * One consent record, as the consent API (docs/consent-api.md) shows it.
 *
 * @example
 * ```ts
 * const [record]: ConsentRecordState[] = eid.consentRecords()
 * record.status // 'active'
 * ```
 */
export interface ConsentRecordState {
  id: string
  sub: string
  clientId: string
  purpose: string
  attributes: AttributeName[]
  status: 'active' | 'withdrawn'
  method: string
  textShown: string
  grantedAt: number
  withdrawnAt?: number
}

/** A pushed authorization request (RFC 9126), waiting for its `request_uri` at the authorization endpoint. */
export interface PushedRequest {
  params: URLSearchParams
  clientId: string
  expiresAt: number
}

/** A CIBA request the citizen approved at once, waiting for the client's poll. */
export interface PendingBackchannelRequest {
  grant: TokenGrant
  expiresAt: number
}

/** The citizen `signInAs` signed in, and how they consent. */
export interface SignedInCitizen {
  personalId: string
  options: SignInAsOptions
}

/**
 * Everything one kit remembers between requests, shared by its endpoint handlers and its controls
 * (`signInAs`, `reset`, ...). One object per `mockEid()`, so two kits never see each other's state.
 */
export interface MockEidState {
  readonly issuer: string
  readonly clock: FakeClock
  readonly clients: ReadonlyMap<string, MockEidClient>
  readonly tokens: TokenFactory
  readonly board: ScenarioBoard
  readonly tamper: TamperBoard
  readonly signingKeys: SigningKeys
  /** Whether the kit honours DPoP (`mockEid({ dpop: true })`). */
  readonly dpop: boolean
  /** `jti`s of DPoP proofs already seen. */
  readonly dpopJtis: Set<string>
  /** Every request received, oldest first (`eid.requests()`). */
  readonly requests: MockEidRequest[]
  /** The client key ID tokens (and maybe userinfo) are encrypted to (`eid.keys.encryptTo`). */
  encryption: EncryptionTarget | undefined
  /** `jti`s of client assertions already seen (replay protection). */
  readonly usedJtis: Set<string>
  readonly pushed: Map<string, PushedRequest>
  readonly codes: Map<string, IssuedCode>
  readonly accessTokens: Map<string, TokenGrant>
  readonly refreshTokens: Map<string, TokenGrant>
  readonly consents: Map<string, ConsentRecordState>
  readonly ciba: Map<string, PendingBackchannelRequest>
  signedIn: SignedInCitizen | undefined
  /** The URL of an endpoint path under the issuer. */
  endpoint(path: string): string
  subjectOf(personalId: string): string
  citizenOf(personalId: string): SyntheticCitizen | undefined
}

/** An opaque value (code, token, `request_uri`, `auth_req_id`) that keys the state's maps. */
export const randomToken = (): string => randomBytes(24).toString('base64url')

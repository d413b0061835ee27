import type { AttributeName } from '@dinhdanh/client/schemas'

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

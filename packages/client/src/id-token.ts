import type * as oidc from 'openid-client'
import { describeCheck } from './errors/from-engine.js'
import { EidLevelError, EidTokenError, type TokenCheck } from './errors/validation-errors.js'
import { type Level, type LevelMap, levelFromAcr, meetsLevel } from './level-of-assurance.js'

function reject(check: TokenCheck, detail?: string): never {
  throw new EidTokenError({ token: 'id_token', check, detail: detail ?? describeCheck(check) })
}

/**
 * The checks openid-client leaves to the relying party, run after its own (signature, `iss`, `aud`,
 * `azp`, `nonce`, `exp`, `auth_time`/`max_age`):
 * - `iat` not in the future beyond the tolerance (R12);
 * - `sub` a non-empty string (R13);
 * - JWE required when decryption keys are configured (R23: a plain JWS would let anyone who can inject
 *   a response skip the encryption the client registered);
 * - the level achieved (`acr`) against the level required (R28). Unknown `acr` values count as no level.
 */
export function checkIdTokenPolicy(
  claims: oidc.IDToken,
  context: {
    now: number
    toleranceSec: number
    wasEncrypted: boolean
    encryptionRequired: boolean
    levels: LevelMap
    required: Level
    clientId: string
  },
): { level: Level; subject: string } {
  if (context.encryptionRequired && !context.wasEncrypted) {
    reject(
      'encryption',
      'expected an encrypted ID token (JWE) because decryption keys are configured, got a plain JWS; if the provider encrypts only userinfo for this client, set requireEncrypted: { idToken: false }',
    )
  }
  if (typeof claims.iat !== 'number' || claims.iat > context.now + context.toleranceSec) reject('iat')
  if (typeof claims.sub !== 'string' || claims.sub.length === 0) reject('sub')
  // R10: this client trusts no other audience, so any extra one is refused.
  if (Array.isArray(claims.aud) && (claims.aud.length !== 1 || claims.aud[0] !== context.clientId))
    reject('aud')
  // OpenID Connect Core 3.1.3.7 (5): when azp is present it must be this client, even with one audience.
  if (claims.azp !== undefined && claims.azp !== context.clientId) reject('azp')
  const level = levelFromAcr(claims.acr, context.levels)
  if (!meetsLevel(level, context.required))
    throw new EidLevelError({ required: context.required, actual: level })
  return { level: level as Level, subject: claims.sub }
}

/** R14: a refreshed ID token must keep the issuer, subject and audience of the original sign-in. */
export function checkRefreshedIdToken(
  claims: oidc.IDToken,
  expected: { issuer: string; subject: string; clientId: string },
): void {
  if (claims.iss !== expected.issuer)
    reject('iss', 'expected the refreshed ID token to keep the original issuer')
  if (claims.sub !== expected.subject)
    reject('sub', 'expected the refreshed ID token to keep the original subject')
  const aud = Array.isArray(claims.aud) ? claims.aud : [claims.aud]
  if (aud.length !== 1 || aud[0] !== expected.clientId) {
    reject('aud', 'expected the refreshed ID token to keep this client as its only audience')
  }
}

import { type JWK, SignJWT } from 'jose'
import { type ConsentRecord, textDigest } from './records.js'
import { importedSigningKey } from './signing-key.js'

/**
 * Signs the consent receipt of a record: the provider's statement of what the citizen agreed to
 * (`typ: consent-receipt+jwt`, see docs/consent-api.md), with the current ES256 key (imported once per key).
 */
export async function signConsentReceipt(
  record: ConsentRecord,
  issuer: string,
  keys: readonly JWK[],
): Promise<string> {
  const jwk = keys.find((key) => key.alg === 'ES256')
  if (!jwk) throw new Error('no ES256 signing key')
  const key = await importedSigningKey(jwk, 'ES256')
  return new SignJWT({
    consent_id: record.id,
    client_id: record.clientId,
    purpose: record.purpose,
    attributes: record.attributes,
    method: record.method,
    text_sha256: textDigest(record.textShown),
  })
    .setProtectedHeader({ alg: 'ES256', kid: jwk.kid ?? '', typ: 'consent-receipt+jwt' })
    .setIssuer(issuer)
    .setAudience(record.clientId)
    .setSubject(record.sub)
    .setIssuedAt(record.grantedAt)
    .setJti(record.id)
    .sign(key)
}

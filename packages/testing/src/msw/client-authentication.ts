import { timingSafeEqual } from 'node:crypto'
import { createLocalJWKSet, type JWK, jwtVerify } from 'jose'
import type { FakeClock } from './fake-clock.js'

/**
 * A relying party registered with the kit: `jwks` for `private_key_jwt`, `clientSecret` for
 * `client_secret_basic` (one of them is required), and the exact redirect URIs it may use (when given;
 * any absolute URL otherwise).
 *
 * @example
 * ```ts
 * const client: MockEidClient = { clientId: 'shop', jwks: { keys: [publicJwk] }, redirectUris: ['https://shop.test/cb'] }
 * ```
 */
export interface MockEidClient {
  clientId: string
  jwks?: { keys: JWK[] }
  clientSecret?: string
  redirectUris?: string[]
}

const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer'

/** Why client authentication failed (the `error_description` of `invalid_client`). */
export class ClientAuthenticationError extends Error {}

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a)
  const right = Buffer.from(b)
  return left.length === right.length && timingSafeEqual(left, right)
}

/**
 * Authenticates the client of a token, PAR or CIBA request: `private_key_jwt` (RFC 7523: `iss` = `sub` =
 * client id, `aud` = the issuer as a string (R32/O05), a `jti` not seen before, a short `exp`, signed by a
 * key of the client's `jwks`) or `client_secret_basic`. Returns the client.
 */
export async function authenticateClient(
  request: Request,
  body: URLSearchParams,
  context: {
    issuer: string
    clients: ReadonlyMap<string, MockEidClient>
    usedJtis: Set<string>
    clock: FakeClock
  },
): Promise<MockEidClient> {
  const basic = /^Basic ([\w+/=.-]+)$/i.exec(request.headers.get('authorization') ?? '')
  if (basic?.[1]) {
    const decoded = Buffer.from(basic[1], 'base64').toString('utf8')
    const separator = decoded.indexOf(':')
    const id = decodeURIComponent(decoded.slice(0, separator).replaceAll('+', ' '))
    const secret = decodeURIComponent(decoded.slice(separator + 1).replaceAll('+', ' '))
    const client = context.clients.get(id)
    if (!client?.clientSecret || !sameSecret(client.clientSecret, secret)) {
      throw new ClientAuthenticationError('unknown client or wrong client secret')
    }
    return client
  }
  const assertion = body.get('client_assertion')
  if (body.get('client_assertion_type') !== ASSERTION_TYPE || !assertion) {
    throw new ClientAuthenticationError('expected private_key_jwt or client_secret_basic authentication')
  }
  const parts = assertion.split('.')
  let claimedId: unknown
  try {
    claimedId = JSON.parse(Buffer.from(parts[1] ?? '', 'base64url').toString('utf8')).iss
  } catch {
    throw new ClientAuthenticationError('the client assertion is not a JWT')
  }
  const client = typeof claimedId === 'string' ? context.clients.get(claimedId) : undefined
  if (!client?.jwks) throw new ClientAuthenticationError('unknown client, or the client has no jwks')
  const bodyId = body.get('client_id')
  if (bodyId !== null && bodyId !== client.clientId) throw new ClientAuthenticationError('client_id mismatch')
  let payload: Awaited<ReturnType<typeof jwtVerify>>['payload']
  try {
    ;({ payload } = await jwtVerify(assertion, createLocalJWKSet(client.jwks), {
      issuer: client.clientId,
      subject: client.clientId,
      audience: context.issuer,
      currentDate: new Date(context.clock.now() * 1000),
      clockTolerance: 60,
      requiredClaims: ['exp', 'jti'],
    }))
  } catch {
    throw new ClientAuthenticationError(
      'the client assertion failed verification (signature, iss, sub, aud, exp)',
    )
  }
  if (payload.aud !== context.issuer) {
    throw new ClientAuthenticationError('the client assertion audience must be the issuer, as a string')
  }
  const jti = `${client.clientId}:${String(payload.jti)}`
  if (context.usedJtis.has(jti))
    throw new ClientAuthenticationError('the client assertion jti was already used')
  context.usedJtis.add(jti)
  return client
}

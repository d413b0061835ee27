import { importJWK, type JWK } from 'jose'
import * as oidc from 'openid-client'
import { EidConfigError } from './errors/config-error.js'
import { fromEngineError, publishedIssuer } from './errors/from-engine.js'
import type { ProviderEndpoint } from './errors/protocol-errors.js'
import { EidDiscoveryError } from './errors/protocol-errors.js'
import { Http } from './http.js'
import { isLoopbackUrl, type Jwk, type ResolvedOptions, type SigningAlg } from './options.js'

/**
 * The connection to one provider: openid-client's `Configuration` (the protocol engine), the provider
 * metadata, and the HTTP layer every request goes through.
 */
export interface Engine {
  readonly config: oidc.Configuration
  readonly metadata: oidc.ServerMetadata
  readonly http: Http
  readonly options: ResolvedOptions
}

/** Infers the JWS algorithm of a private key when the options do not name one. */
export function signingAlgOf(jwk: Jwk, explicit?: SigningAlg): SigningAlg {
  if (explicit) return explicit
  if (typeof jwk.alg === 'string') return jwk.alg as SigningAlg
  if (jwk.kty === 'EC') return jwk.crv === 'P-384' ? 'ES384' : 'ES256'
  if (jwk.kty === 'OKP') return 'EdDSA'
  return 'RS256'
}

async function importPrivateKey(jwk: Jwk, alg: string, path: string): Promise<CryptoKey> {
  try {
    const key = await importJWK(jwk as JWK, alg)
    if (!(key instanceof CryptoKey) || key.type !== 'private') throw new Error('not a private key')
    return key
  } catch (cause) {
    throw new EidConfigError(
      [{ path, message: `expected a private key usable with ${alg}, got one that does not import` }],
      {
        cause,
      },
    )
  }
}

async function clientAuthentication(options: ResolvedOptions): Promise<oidc.ClientAuth> {
  const auth = options.clientAuth
  if (auth.method === 'client_secret_basic') return oidc.ClientSecretBasic(auth.secret)
  const alg = signingAlgOf(auth.privateJwk, auth.alg)
  const key = await importPrivateKey(auth.privateJwk, alg, 'clientAuth.privateJwk')
  return oidc.PrivateKeyJwt(typeof auth.privateJwk.kid === 'string' ? { key, kid: auth.privateJwk.kid } : key)
}

async function decryptionKeys(jwks: readonly Jwk[]): Promise<oidc.DecryptionKey[]> {
  return Promise.all(
    jwks.map(async (jwk, index) => {
      const alg =
        typeof jwk.alg === 'string' ? jwk.alg : jwk.kty === 'RSA' ? 'RSA-OAEP-256' : 'ECDH-ES+A256KW'
      if (alg === 'RSA1_5') {
        throw new EidConfigError([
          {
            path: `decryptionJwks.${index}.alg`,
            message: 'expected RSA-OAEP-256 or ECDH-ES*, got RSA1_5 (insecure, refused)',
          },
        ])
      }
      const key = await importPrivateKey(jwk, alg, `decryptionJwks.${index}`)
      return { key, alg, ...(typeof jwk.kid === 'string' && { kid: jwk.kid }) }
    }),
  )
}

/**
 * Discovers the provider and configures the protocol engine. Discovery must return exactly the
 * configured issuer (openid-client compares them), the ID token algorithm is pinned, and ID token
 * signatures are verified even on the token endpoint's TLS-protected channel (non-repudiation checks).
 */
export async function connectEngine(options: ResolvedOptions): Promise<Engine> {
  const http = new Http(options.http)
  const [auth, decryption] = await Promise.all([
    clientAuthentication(options),
    options.decryptionJwks ? decryptionKeys(options.decryptionJwks) : undefined,
  ])
  const issuer = new URL(options.issuer)
  const metadata: Partial<oidc.ClientMetadata> = {
    client_id: options.clientId,
    redirect_uris: [options.redirectUri],
    id_token_signed_response_alg: options.idTokenSigningAlg,
    // Encrypted userinfo is a signed-then-encrypted JWT; a plain JSON userinfo is then refused (R23).
    // Without the requirement the engine accepts either (a JWT's alg checked against the provider's list).
    ...(options.requireEncrypted.userinfo && { userinfo_signed_response_alg: options.idTokenSigningAlg }),
    [oidc.clockTolerance]: options.clockToleranceSec,
  }
  let config: oidc.Configuration
  try {
    config = await oidc.discovery(issuer, options.clientId, metadata, auth, {
      [oidc.customFetch]: (url, init) => http.request(url, init as RequestInit, 'discovery'),
      // openid-client aborts discovery after `timeout` seconds (0 would abort at once). Our HTTP layer
      // times each attempt out itself, so the engine's limit only has to outlast every retry.
      timeout: Math.ceil(((options.http.retries + 1) * options.http.timeoutMs) / 1000) + 10,
      algorithm: 'oidc',
      ...(issuer.protocol === 'http:' && (isLoopbackUrl(issuer) || options.allowInsecureHttp)
        ? { execute: [oidc.allowInsecureRequests] }
        : {}),
    })
  } catch (error) {
    throw fromEngineError(error, { endpoint: 'discovery' })
  }
  // openid-client compares issuers as parsed URLs, so "https://eid.test" and "https://eid.test/" match.
  // An issuer is an exact string (OIDC Discovery 4.3): anything else would fail every later iss check.
  if (config.serverMetadata().issuer !== options.issuer) {
    throw new EidDiscoveryError(
      `Discovery failed: expected the discovery document's "issuer" to equal the configured issuer exactly, got ${publishedIssuer(config.serverMetadata().issuer)} (it differs, e.g. by a trailing slash, or localhost for 127.0.0.1). Use the exact issuer string the provider publishes.`,
    )
  }
  // Our HTTP layer owns timeouts (so a timeout is reported as such), hence no engine-level timeout.
  config.timeout = 0
  config[oidc.customFetch] = (url, init) => http.request(url, init as RequestInit)
  oidc.enableNonRepudiationChecks(config)
  if (decryption) oidc.enableDecryptingResponses(config, undefined, ...decryption)

  const server = config.serverMetadata()
  const endpoints = new Map<string, ProviderEndpoint>()
  const add = (url: unknown, endpoint: ProviderEndpoint) => {
    if (typeof url === 'string') endpoints.set(url, endpoint)
  }
  add(server.jwks_uri, 'jwks')
  add(server.pushed_authorization_request_endpoint, 'par')
  add(server.token_endpoint, 'token')
  add(server.userinfo_endpoint, 'userinfo')
  add(server.revocation_endpoint, 'revocation')
  add(server.backchannel_authentication_endpoint, 'backchannel_authentication')
  http.setEndpointResolver((url) => endpoints.get(url.split('?')[0] ?? url))
  return { config, metadata: server, http, options }
}

import * as oidc from 'openid-client'
import { EidError } from './eid-error.js'
import { EidAbortedError } from './other-errors.js'
import {
  EidDiscoveryError,
  EidNetworkError,
  EidProviderError,
  EidResponseError,
  type ProviderEndpoint,
  quotesDescription,
} from './protocol-errors.js'
import { EidTokenError, type TokenCheck, type TokenKind } from './validation-errors.js'

/** What the SDK was doing when openid-client failed; decides how a failure is reported. */
export interface EngineContext {
  endpoint: ProviderEndpoint
  /** The token being validated at this step, if any. */
  token?: TokenKind
}

const CLAIM_CHECKS: Record<string, TokenCheck> = {
  iss: 'iss',
  aud: 'aud',
  azp: 'azp',
  sub: 'sub',
  nonce: 'nonce',
  exp: 'exp',
  iat: 'iat',
  nbf: 'iat',
  auth_time: 'auth_time',
  alg: 'alg',
  typ: 'format',
  cnf: 'token_type',
}

/** The `cause` chain of an error, outermost first (bounded, so a cyclic chain cannot hang). */
function causeChain(error: unknown): unknown[] {
  const chain: unknown[] = []
  let current: unknown = error
  for (let depth = 0; depth < 8 && current !== undefined && current !== null; depth++) {
    chain.push(current)
    current = (current as { cause?: unknown }).cause
  }
  return chain
}

/** Finds the first error in the `cause` chain that satisfies `predicate`. */
function findCause<T>(error: unknown, predicate: (e: unknown) => e is T): T | undefined {
  return causeChain(error).find(predicate)
}

/** Finds the innermost error in the `cause` chain that satisfies `predicate` (the most specific). */
function findInnermost<T>(error: unknown, predicate: (e: unknown) => e is T): T | undefined {
  return causeChain(error).reverse().find(predicate)
}

const isEid = (e: unknown): e is EidError => e instanceof EidError
const isOpe = (e: unknown): e is Error & { code?: string } =>
  e instanceof Error &&
  typeof (e as { code?: unknown }).code === 'string' &&
  (e as unknown as { code: string }).code.startsWith('OAUTH_')

/** Maps an oauth4webapi message naming a JWT check to the check. */
function checkFromMessage(message: string): TokenCheck | undefined {
  if (/signature verification failed/i.test(message)) return 'signature'
  if (/selecting a JWT verification key/i.test(message)) return 'key'
  if (/too much time has elapsed since the last End-User authentication/i.test(message)) return 'auth_time'
  if (/JWE decryption|decrypt/i.test(message)) return 'encryption'
  if (/DPoP/i.test(message)) return 'token_type'
  // The SDK asks for JWT userinfo only when it holds decryption keys, so a plain one means no encryption.
  if (/JWT UserInfo Response expected/i.test(message)) return 'encryption'
  for (const [, named] of message.matchAll(/"(\w+)"/g)) {
    if (named && named in CLAIM_CHECKS) return CLAIM_CHECKS[named]
  }
  if (/JWT|JWS/i.test(message)) return 'format'
  return undefined
}

/**
 * Converts anything openid-client (or oauth4webapi, or WebCrypto) throws into the SDK's error model.
 * This is the ONLY place engine errors are translated; each result keeps the original as `cause`.
 * Messages of the engine are not copied verbatim into ours because some embed response bodies.
 */
export function fromEngineError(error: unknown, context: EngineContext): EidError {
  const own = findCause(error, isEid)
  if (own) return own

  if (error instanceof oidc.AuthorizationResponseError) {
    return new EidProviderError({
      code: error.error === 'access_denied' ? 'ERR_EID_ACCESS_DENIED' : 'ERR_EID_AUTHORIZATION_FAILED',
      error: error.error,
      errorDescription: error.error_description,
      endpoint: 'authorization',
      cause: error,
    })
  }
  if (error instanceof oidc.ResponseBodyError) {
    return new EidProviderError({
      error: error.error,
      errorDescription: error.error_description,
      status: error.status,
      endpoint: context.endpoint,
      // A malformed pushed request (an unregistered redirect URI, …): the description is the only clue.
      quote: quotesDescription(context.endpoint, error.error),
      cause: error,
    })
  }
  if (error instanceof oidc.WWWAuthenticateChallengeError) {
    const challenge = error.cause[0]
    return new EidProviderError({
      error: challenge?.parameters.error ?? 'invalid_token',
      errorDescription: challenge?.parameters.error_description,
      status: error.status,
      endpoint: context.endpoint,
      cause: error,
    })
  }

  const domException = findCause(error, (e): e is DOMException => e instanceof DOMException)
  if (domException?.name === 'TimeoutError')
    return new EidNetworkError({ timeout: true, endpoint: context.endpoint, cause: error })
  if (domException?.name === 'AbortError') return new EidAbortedError({ cause: error })

  const ope = findInnermost(error, isOpe)
  const code = ope?.code
  const message = ope?.message ?? (error instanceof Error ? error.message : String(error))

  if (context.endpoint === 'discovery') {
    // What arrived, where it is safe to say: the issuer the provider publishes (a public URL), the status.
    const published = (ope?.cause as { body?: { issuer?: unknown } } | undefined)?.body?.issuer
    const status =
      error instanceof Response ? error.status : (ope?.cause as { status?: unknown } | undefined)?.status
    const detail =
      code === 'OAUTH_JSON_ATTRIBUTE_COMPARISON_FAILED'
        ? `expected the discovery document's "issuer" to equal the configured issuer exactly, got ${publishedIssuer(published)}. Use the exact issuer URL the provider publishes (scheme, host, port and path, no trailing slash unless it has one)`
        : code === 'OAUTH_RESPONSE_IS_NOT_CONFORM'
          ? `expected HTTP 200 from /.well-known/openid-configuration, got ${typeof status === 'number' ? `HTTP ${status}` : 'another status'} (a redirect to another host is refused; a 503 while the provider starts, a 404 for a wrong path). Check the issuer URL`
          : 'expected a JSON OpenID Provider Metadata document, got something else. Check the issuer URL'
    return new EidDiscoveryError(`Discovery failed: ${detail}.`, { cause: error })
  }

  switch (code) {
    case 'OAUTH_RESPONSE_IS_NOT_JSON':
      return new EidResponseError({
        endpoint: context.endpoint,
        detail: 'expected JSON, got another content type',
        cause: error,
      })
    case 'OAUTH_PARSE_ERROR':
      if (!context.token || !/JWT/.test(message)) {
        return new EidResponseError({
          endpoint: context.endpoint,
          detail: 'the body does not parse as JSON',
          cause: error,
        })
      }
      break
    case 'OAUTH_RESPONSE_IS_NOT_CONFORM': {
      const status =
        error instanceof Response ? error.status : (ope?.cause as { status?: unknown } | undefined)?.status
      return new EidResponseError({
        endpoint: context.endpoint,
        ...(typeof status === 'number' && { status }),
        detail: 'unexpected HTTP status',
        cause: error,
      })
    }
    case 'OAUTH_MISSING_SERVER_METADATA':
    case 'OAUTH_INVALID_SERVER_METADATA':
      return new EidDiscoveryError(
        `The provider's metadata lacks what this call needs (${message.replace(/[^\w ."-]/g, '')}). Check the provider's discovery document.`,
        { cause: error },
      )
  }

  if (/^"response"/.test(message) || (code === 'OAUTH_JWT_USERINFO_EXPECTED' && !context.token)) {
    return new EidResponseError({
      endpoint: context.endpoint,
      detail: 'a required field is missing or malformed',
      cause: error,
    })
  }
  if (code === 'OAUTH_JWT_USERINFO_EXPECTED' && context.token === 'userinfo') {
    // The options require an encrypted userinfo (requireEncrypted.userinfo), so the engine wants a JWT.
    return new EidTokenError({
      token: 'userinfo',
      check: 'encryption',
      detail:
        'expected an encrypted userinfo response (JWE), got plain JSON; if the provider encrypts only ID tokens for this client, set requireEncrypted: { userinfo: false }',
      cause: error,
    })
  }
  const check = checkFromMessage(message)
  if (
    check &&
    (context.token ||
      code === 'OAUTH_JWT_CLAIM_COMPARISON_FAILED' ||
      code === 'OAUTH_JWT_TIMESTAMP_CHECK_FAILED' ||
      code === 'OAUTH_KEY_SELECTION_FAILED')
  ) {
    return new EidTokenError({
      token: context.token ?? 'id_token',
      check,
      detail: describeCheck(check),
      cause: error,
    })
  }
  if (
    code === 'OAUTH_INVALID_RESPONSE' ||
    code === 'OAUTH_UNSUPPORTED_OPERATION' ||
    code === 'OAUTH_PARSE_ERROR'
  ) {
    if (context.token) {
      return new EidTokenError({
        token: context.token,
        check: 'format',
        detail: 'the token is malformed or uses an unsupported form',
        cause: error,
      })
    }
    return new EidResponseError({
      endpoint: context.endpoint,
      detail: 'a required field is missing or malformed',
      cause: error,
    })
  }
  if (error instanceof TypeError && /fetch/i.test(message)) {
    return new EidNetworkError({ timeout: false, endpoint: context.endpoint, cause: error })
  }
  return new EidResponseError({
    endpoint: context.endpoint,
    detail: 'the response could not be processed',
    cause: error,
  })
}

const CHECK_TEXT: Record<TokenCheck, string> = {
  format: 'expected a well-formed signed JWT',
  alg: 'expected the pinned signing algorithm; "none", HMAC and other algorithms are refused',
  signature: "expected a valid signature by one of the provider's published keys",
  key: "expected exactly one matching key in the provider's JWKS (a kid is required when there are several)",
  encryption: 'expected a JWE encrypted to this client with an allowed algorithm',
  iss: 'expected "iss" to equal the configured issuer',
  aud: 'expected "aud" to be this client_id only',
  azp: 'expected "azp" to be this client_id',
  sub: 'expected "sub" to be present and to match the ID token',
  nonce: 'expected the "nonce" of this sign-in attempt',
  exp: 'expected "exp" to be present and in the future (within the clock tolerance)',
  iat: 'expected "iat" to be present and not in the future (within the clock tolerance)',
  auth_time: 'expected "auth_time" within max_age',
  jti: 'expected a unique "jti" not seen before',
  events: 'expected the "events" claim with the right event type',
  token_type: 'expected a sender-constrained (DPoP) token',
  claims: 'expected the claims required for this token type',
}

/** The standard explanation of a failed check, shared by every token validator. */
export function describeCheck(check: TokenCheck): string {
  return CHECK_TEXT[check]
}

/**
 * The issuer a provider publishes, quoted for an error message: a public URL, so safe to show, but capped
 * and stripped to URL characters (it arrives from the network).
 *
 * @example
 * ```ts
 * publishedIssuer('http://127.0.0.1:4000') // '"http://127.0.0.1:4000"'
 * ```
 */
export function publishedIssuer(value: unknown): string {
  if (typeof value !== 'string' || value.length === 0) return 'none'
  return `"${value.slice(0, 200).replace(/[^\w:/.?#[\]@!$&'()*+,;=%~-]/g, '')}"`
}

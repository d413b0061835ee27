import { EidError, type EidErrorCode } from './eid-error.js'
import { plainProviderText, sanitizeProviderText } from './sanitize.js'

/**
 * The provider endpoint a request went to; used in errors instead of the URL so no query string (which
 * may carry a code or a token) ends up in a log.
 *
 * @example
 * ```ts
 * const endpoint: ProviderEndpoint = 'token'
 * ```
 */
export type ProviderEndpoint =
  | 'discovery'
  | 'jwks'
  | 'par'
  | 'authorization'
  | 'token'
  | 'userinfo'
  | 'revocation'
  | 'end_session'
  | 'backchannel_authentication'
  | 'consent_api'
  | 'share_start'
  | 'share_result'

/**
 * `ERR_EID_NETWORK`: the provider could not be reached, or did not answer in time (`timeout: true`).
 *
 * @example
 * ```ts
 * if (err instanceof EidNetworkError && err.timeout) res.status(503).render('provider-down')
 * ```
 */
export class EidNetworkError extends EidError {
  readonly timeout: boolean
  readonly endpoint: ProviderEndpoint | undefined

  constructor(fields: { timeout: boolean; endpoint?: ProviderEndpoint; cause?: unknown }) {
    const where = fields.endpoint ? ` ${fields.endpoint} endpoint` : ''
    super(
      'ERR_EID_NETWORK',
      fields.timeout
        ? `The identity provider's${where} did not answer in time. Expected a response within the configured timeout (http.timeoutMs); try again, or raise the timeout if the provider is known to be slow.`
        : `Could not reach the identity provider's${where}. Expected an HTTP response, got a network failure; check the issuer URL, DNS and any proxy (http.dispatcher).`,
      { cause: fields.cause },
    )
    this.timeout = fields.timeout
    this.endpoint = fields.endpoint
  }
}

/**
 * `ERR_EID_DISCOVERY`: the provider's discovery document is unusable, e.g. its `issuer` differs from
 * the configured one (a mix-up or misconfiguration), or a required endpoint is missing.
 *
 * @example
 * ```ts
 * if (isEidError(err, 'ERR_EID_DISCOVERY')) console.error('check the issuer option:', err.message)
 * ```
 */
export class EidDiscoveryError extends EidError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super('ERR_EID_DISCOVERY', message, options)
  }
}

/**
 * `ERR_EID_RESPONSE_INVALID`: a provider endpoint answered with something that is not a valid protocol
 * response (HTML instead of JSON, a missing field, an `error` with status 200, ...).
 *
 * @example
 * ```ts
 * if (err instanceof EidResponseError) log.error({ endpoint: err.endpoint, status: err.status }, err.message)
 * ```
 */
export class EidResponseError extends EidError {
  readonly endpoint: ProviderEndpoint | undefined
  readonly status: number | undefined

  constructor(fields: { endpoint?: ProviderEndpoint; status?: number; detail: string; cause?: unknown }) {
    const where = fields.endpoint ? `${fields.endpoint} endpoint` : 'identity provider'
    const status = fields.status === undefined ? '' : ` (HTTP ${fields.status})`
    super(
      'ERR_EID_RESPONSE_INVALID',
      `The ${where} sent an invalid response${status}: ${fields.detail}. Expected a standard OpenID Connect response; check that the issuer points at an OpenID provider and not at a proxy or error page.`,
      { cause: fields.cause },
    )
    this.endpoint = fields.endpoint
    this.status = fields.status
  }
}

/** Errors of a pushed authorization request that mean the request itself (not the citizen) was refused. */
const PAR_REQUEST_ERRORS = new Set([
  'invalid_request',
  'invalid_redirect_uri',
  'invalid_scope',
  'invalid_request_object',
  'unauthorized_client',
])

/**
 * Whether the SDK quotes the provider's `error_description` in the message of an endpoint error: for a
 * pushed authorization request refused as malformed (`invalid_request`, an unregistered redirect URI, …),
 * where the description is the only clue and names no citizen (no one has signed in yet).
 *
 * @example
 * ```ts
 * quotesDescription('par', 'invalid_request') // true
 * ```
 */
export function quotesDescription(endpoint: ProviderEndpoint | undefined, error: string): boolean {
  return endpoint === 'par' && PAR_REQUEST_ERRORS.has(error)
}

/**
 * An OAuth error returned by the provider, from an endpoint (`ERR_EID_PROVIDER`) or in the sign-in
 * callback (`ERR_EID_ACCESS_DENIED` when the citizen or the provider refused, otherwise
 * `ERR_EID_AUTHORIZATION_FAILED`). `errorDescription` is the provider's text, stripped of control
 * characters and capped in length; it may contain HTML, so escape it when you display it. With `quote:
 * true` (the SDK sets it for a pushed authorization request refused as malformed, e.g. an unregistered
 * redirect URI) the message also quotes the description, without markup and capped at 200 characters.
 *
 * @example
 * ```ts
 * if (err instanceof EidProviderError && err.error === 'access_denied') showCancelledPage()
 * ```
 */
export class EidProviderError extends EidError {
  /** The OAuth `error` code, e.g. `invalid_grant`, `access_denied`. */
  readonly error: string
  /** The provider's `error_description`, sanitised (escape it before rendering). */
  readonly errorDescription: string | undefined
  /** HTTP status of the endpoint response; `undefined` for errors delivered in the callback. */
  readonly status: number | undefined
  readonly endpoint: ProviderEndpoint | undefined

  constructor(fields: {
    code?: Extract<
      EidErrorCode,
      'ERR_EID_PROVIDER' | 'ERR_EID_ACCESS_DENIED' | 'ERR_EID_AUTHORIZATION_FAILED'
    >
    error: string
    errorDescription?: string | undefined
    status?: number | undefined
    endpoint?: ProviderEndpoint | undefined
    /** Quote the provider's `error_description` in the message (plain text, capped). Default `false`. */
    quote?: boolean
    cause?: unknown
  }) {
    const error = sanitizeProviderText(fields.error, 64) || 'unknown_error'
    const code = fields.code ?? 'ERR_EID_PROVIDER'
    const where = fields.endpoint ? ` at the ${fields.endpoint} endpoint` : ''
    const advice =
      code === 'ERR_EID_ACCESS_DENIED'
        ? 'The citizen cancelled, refused consent, or does not meet the request (for example the level of assurance); offer to try again.'
        : error === 'invalid_grant'
          ? 'The code or refresh token is no longer valid (used, expired or revoked); start a new sign-in.'
          : error === 'invalid_client'
            ? 'Check clientId and clientAuth (key or secret) against the client registered with the provider.'
            : fields.endpoint === 'par' && PAR_REQUEST_ERRORS.has(error)
              ? 'Check redirectUri (registered with the provider exactly, scheme, host, port and path), the attributes (scopes) and the level against the client registration.'
              : 'See the provider documentation for this error code.'
    const said =
      fields.quote && fields.errorDescription !== undefined
        ? plainProviderText(fields.errorDescription, 200)
        : ''
    const quoted = said === '' ? '' : ` The provider said: "${said}".`
    super(code, `The identity provider returned "${error}"${where}.${quoted} ${advice}`, {
      cause: fields.cause,
    })
    this.error = error
    this.errorDescription =
      fields.errorDescription === undefined ? undefined : sanitizeProviderText(fields.errorDescription, 500)
    this.status = fields.status
    this.endpoint = fields.endpoint
  }
}

const AT_REAL = 'The real VNeID would refuse this request:'

/**
 * What the dialect's endpoints refuse, each with the OAuth error and status they answer and an
 * explanation of what the real provider expects. The explanation is shown on every dialect error page
 * and in every JSON error; it names parameters, never their values (no secrets, codes or personal data).
 *
 * @example
 * ```ts
 * throw new DialectProblem('code_reused')
 * ```
 */
export const DIALECT_PROBLEMS = {
  unknown_client: [
    400,
    'invalid_client',
    'client_id names no client registered with "dialect": "vneid" in the clients file.',
  ],
  standard_client: [
    400,
    'invalid_client',
    'this client_id is registered as a standard OpenID Connect client; add "dialect": "vneid" to its clients-file entry, or use the standard endpoints (discovery) instead.',
  ],
  redirect_uri_missing: [
    400,
    'invalid_request',
    'redirect_uri is missing; send the redirect URI registered for the client, exactly.',
  ],
  redirect_uri_mismatch: [
    400,
    'invalid_request',
    'redirect_uri must be exactly one registered for the client; the provider shows an error page instead of redirecting.',
  ],
  response_type: [400, 'unsupported_response_type', 'response_type must be "code".'],
  token_method: [405, 'invalid_request', 'the token endpoint answers POST only.'],
  token_content_type: [
    400,
    'invalid_request',
    'the token request must be a form (Content-Type: application/x-www-form-urlencoded), not JSON or another type; send grant_type, code, client_id, client_secret, redirect_uri (and encrypt_key) as form fields.',
  ],
  grant_type: [400, 'unsupported_grant_type', 'grant_type must be "authorization_code".'],
  secret_in_header: [
    401,
    'invalid_client',
    'the client secret came in an Authorization header (HTTP Basic); this provider reads client_id and client_secret from the form body (client_secret_post).',
  ],
  secret_missing: [401, 'invalid_client', 'client_secret is missing from the form body.'],
  secret_wrong: [
    401,
    'invalid_client',
    'client_id and client_secret do not match a registered dialect client.',
  ],
  code_missing: [400, 'invalid_request', 'code is missing.'],
  code_space: [
    400,
    'invalid_grant',
    'code contains a space: a "+" of its base64 was read as a space. Read the callback\'s raw query (a "+" is not a space there) and form-encode the value you send ("+" as %2B).',
  ],
  code_encrypted: [
    400,
    'invalid_grant',
    'code is the encrypted code as the callback carried it; decrypt it with the AES key unwrapped from encrypt_key and send the decrypted code.',
  ],
  code_unknown: [
    400,
    'invalid_grant',
    'code is unknown or expired (codes live 60 seconds); start a new sign-in.',
  ],
  code_reused: [
    400,
    'invalid_grant',
    'code was already redeemed; a code is used once (the tokens issued for it are revoked now). Start a new sign-in.',
  ],
  code_other_client: [400, 'invalid_grant', 'code was issued to another client_id.'],
  token_redirect_uri_missing: [
    400,
    'invalid_grant',
    'redirect_uri is missing from the token request; send the same redirect_uri as in the authorization request.',
  ],
  token_redirect_uri_mismatch: [
    400,
    'invalid_grant',
    'redirect_uri differs from the one of the authorization request; send it again, character for character.',
  ],
  encrypt_key_missing: [
    400,
    'invalid_request',
    'encrypt_key is missing: the callback carried one, and the token request must send it back as received.',
  ],
  encrypt_key_space: [
    400,
    'invalid_request',
    'encrypt_key contains a space: a "+" of its base64 was read as a space. Keep the callback\'s raw value and form-encode it ("+" as %2B).',
  ],
  encrypt_key_mismatch: [
    400,
    'invalid_request',
    'encrypt_key is not the one the callback carried with this code; send it back unchanged.',
  ],
  bearer_missing: [
    401,
    'invalid_token',
    'userinfo needs the access token in an Authorization: Bearer header.',
  ],
  bearer_in_query: [
    401,
    'invalid_token',
    'the access token came in the query string; send it in an Authorization: Bearer header.',
  ],
  authorization_unknown: [
    400,
    'invalid_request',
    'this sign-in expired or has already returned to the relying party; start a new one from the relying party.',
  ],
  token_unknown: [
    401,
    'invalid_token',
    'the access token is unknown, expired, or was issued by the standard endpoints; use the access_token of /vneid/token.',
  ],
  // Sharing by transaction (docs/vneid-share.md).
  share_method: [405, 'invalid_request', 'the share endpoints answer POST only.'],
  share_auth_missing: [
    401,
    'invalid_client',
    'the share endpoints take the client id and secret as HTTP Basic (Authorization: Basic base64(client_id:client_secret)).',
  ],
  share_auth_wrong: [
    401,
    'invalid_client',
    'client_id and client_secret do not match a client registered with "dialect": "vneid".',
  ],
  share_request_id: [
    400,
    'invalid_request',
    'X-Request-Id must be a fresh UUID per request (e.g. crypto.randomUUID()).',
  ],
  share_request_id_reused: [
    400,
    'invalid_request',
    'X-Request-Id was already used by this client; send a fresh UUID with every request.',
  ],
  share_request_time: [
    400,
    'invalid_request',
    "X-Request-Time must be the time of the request in ISO 8601 UTC (e.g. 2025-01-31T08:00:00.000Z), within 5 minutes of the provider's clock.",
  ],
  share_content_type: [
    400,
    'invalid_request',
    'the body must be a JSON object sent with Content-Type: application/json.',
  ],
  share_body: [
    400,
    'invalid_request',
    'the body must be { citizenPid (12 digits), attributes (names of the attribute catalogue, at least one), purpose (1-200 characters), callbackUrl } to start, { txnId } for the result.',
  ],
  share_callback_unregistered: [
    400,
    'invalid_request',
    'callbackUrl must be exactly one of the share_callback_uris registered for the client.',
  ],
  share_unknown: [
    404,
    'unknown_transaction',
    'no transaction with this txnId for this client (an unknown txnId and one of another relying party answer the same).',
  ],
  share_already_fetched: [
    410,
    'already_fetched',
    'the data of this transaction was already fetched: it is given once; store what you need at the first fetch.',
  ],
} as const satisfies Record<string, readonly [number, string, string]>

/** The name of a refusal of the dialect's endpoints. */
export type DialectProblemCode = keyof typeof DIALECT_PROBLEMS

/**
 * A refused dialect request: `error` and `status` as answered, `message` the explanation.
 *
 * @example
 * ```ts
 * if (!form.code) throw new DialectProblem('code_missing')
 * ```
 */
export class DialectProblem extends Error {
  readonly code: DialectProblemCode
  readonly error: string
  readonly status: number

  constructor(code: DialectProblemCode, detail?: string) {
    const [status, error, message] = DIALECT_PROBLEMS[code]
    const prefix = code === 'authorization_unknown' ? '' : `${AT_REAL} `
    super(`${prefix}${message}${detail ? ` (${detail})` : ''} [mock-idp: ${code}]`)
    this.name = 'DialectProblem'
    this.code = code
    this.error = error
    this.status = status
  }
}

/**
 * Things the mock accepts that may still fail, or are unwise, at the real provider; reported only with
 * `--explain` (an `X-Mock-Explain` response header and a log line), never changing the answer.
 *
 * @example
 * ```ts
 * const notes = authorizationWarnings(params)
 * ```
 */
export function authorizationWarnings(params: { redirectUri: string; state: string | undefined }): string[] {
  const notes: string[] = []
  if (!params.state) {
    notes.push('no state: the callback cannot be bound to the browser that started the sign-in (CSRF)')
  }
  const url = new URL(params.redirectUri)
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname)
  if (url.protocol === 'http:' && !loopback) {
    notes.push('redirect_uri uses http off loopback: register an https redirect URI with the real provider')
  }
  return notes
}

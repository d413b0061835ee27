import type { MockEidEndpoint } from './scenarios.js'

/**
 * One request the kit received, as `eid.requests()` lists it: to assert what the relying party sent
 * (parameters, headers, client assertions, DPoP proofs) and how often (no token request after a forged
 * callback, one JWKS fetch after a key rotation).
 *
 * @example
 * ```ts
 * const [pushed] = eid.requests('par')
 * pushed?.form?.get('acr_values') // '2'
 * pushed?.headers.has('dpop') // true with DPoP
 * ```
 */
export interface MockEidRequest<Endpoint extends string = MockEidEndpoint> {
  /** The kit's name of the endpoint (`mockVneid` names its own: `token`, `userinfo`, ...). */
  readonly endpoint: Endpoint
  readonly method: string
  readonly url: URL
  readonly headers: Headers
  /** The form parameters of an `application/x-www-form-urlencoded` body (PAR, token, revocation, CIBA). */
  readonly form: URLSearchParams | undefined
}

/** Records `request` (a copy: the handler still reads the original's body). */
export async function recordRequest<Endpoint extends string>(
  log: MockEidRequest<Endpoint>[],
  endpoint: Endpoint,
  request: Request,
): Promise<void> {
  const isForm = (request.headers.get('content-type') ?? '').startsWith('application/x-www-form-urlencoded')
  log.push({
    endpoint,
    method: request.method,
    url: new URL(request.url),
    headers: new Headers(request.headers),
    form: isForm ? new URLSearchParams(await request.clone().text()) : undefined,
  })
}

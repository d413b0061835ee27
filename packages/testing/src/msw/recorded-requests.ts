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
 * const [started] = vneid.requests('shareStart')
 * started?.json // { citizenPid, attributes, purpose, callbackUrl }
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
  /**
   * The parsed body of an `application/json` request (the VNeID share gateway's start and result, a JSON
   * token request); `undefined` for any other body, and for one that is not valid JSON.
   */
  readonly json: unknown
}

/** Records `request` (a copy: the handler still reads the original's body). */
export async function recordRequest<Endpoint extends string>(
  log: MockEidRequest<Endpoint>[],
  endpoint: Endpoint,
  request: Request,
): Promise<void> {
  const type = (request.headers.get('content-type') ?? '').toLowerCase()
  const isForm = type.startsWith('application/x-www-form-urlencoded')
  const isJson = type.startsWith('application/json')
  log.push({
    endpoint,
    method: request.method,
    url: new URL(request.url),
    headers: new Headers(request.headers),
    form: isForm ? new URLSearchParams(await request.clone().text()) : undefined,
    json: isJson ? parsedJson(await request.clone().text()) : undefined,
  })
}

function parsedJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

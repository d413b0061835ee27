import type { CallbackForgery } from './authorization.js'
import { type MockEidRequest, recordRequest } from './recorded-requests.js'
import type { ResponseReplacement, TamperBoard, TamperOptions } from './tamper.js'

/**
 * The endpoints of `mockVneid`, as `vneid.requests(endpoint)` and `vneid.tamper.nextResponse(endpoint, …)` name
 * them: the sign-in's `authorization`, `token` and `userinfo`, and the share gateway's `shareStart` and
 * `shareResult` (docs/vneid-share.md).
 *
 * @example
 * ```ts
 * const endpoint: MockVneidEndpoint = 'token'
 * vneid.requests(endpoint).length // token requests received so far
 * vneid.requests('shareResult').length // polls of the share result so far
 * ```
 */
export type MockVneidEndpoint = 'authorization' | 'token' | 'userinfo' | 'shareStart' | 'shareResult'

/**
 * A hostile or broken VNeID on demand, with the same controls (and the same one-shot rule) as
 * `mockEid(...).tamper`: the kit still handles the request (a code is spent, a token issued), then sends what
 * `replace` returns instead. The dialect has no ID token, no CIBA and no DPoP, so only `nextResponse` and
 * `clear` apply.
 *
 * @example
 * ```ts
 * vneid.tamper.nextResponse('userinfo', editJson(({ citizenPid: _, ...claims }) => claims))
 * vneid.tamper.nextResponse('token', () => new Response('<html>maintenance</html>', { status: 503 }))
 * vneid.tamper.nextResponse('shareResult', editJson((result) => ({ ...result, status: 'DONE' })))
 * ```
 */
export interface MockVneidTamper {
  /**
   * Replaces the next response of `endpoint` (after the kit handled the request); `{ persist: true }` keeps
   * it until `clear()` or `reset()`. Replaces an earlier replacement of the same endpoint not yet used.
   */
  nextResponse(endpoint: MockVneidEndpoint, replace: ResponseReplacement, options?: TamperOptions): void
  /** Switches every tampering off (also done by `reset()`). */
  clear(): void
}

/** What the handlers of `mockVneid` share to be recorded and tampered with. */
export interface VneidHostility {
  requests: MockEidRequest<MockVneidEndpoint>[]
  tamper: TamperBoard<MockVneidEndpoint>
}

/** Records the request (`vneid.requests()`), lets the kit answer, then applies `tamper.nextResponse`. */
export function guardedVneid(
  hostility: VneidHostility,
  endpoint: MockVneidEndpoint,
  handle: (request: Request) => Response | Promise<Response>,
): (info: { request: Request }) => Promise<Response> {
  return async ({ request }) => {
    const copy = request.clone()
    await recordRequest(hostility.requests, endpoint, request)
    const response = await handle(request)
    const replace = hostility.tamper.takeResponse(endpoint)
    return replace ? replace(response, copy) : response
  }
}

/**
 * The callback URL of an authorization answered in process, forged as asked. The dialect puts base64 RAW in
 * the query (`+`, `/`, `=` unescaped), so the query is edited as text, never re-serialized: `state` and `iss`
 * replaced (a string) or removed (`null`), `params` set, all with their values written as given (raw).
 */
export async function callbackOfAuthorization(
  respond: (info: { request: Request }) => Promise<Response>,
  authorizationEndpoint: string,
  authorizationUrl: string | URL,
  forgery: CallbackForgery = {},
): Promise<string> {
  const url = new URL(authorizationUrl)
  if (`${url.origin}${url.pathname}` !== authorizationEndpoint) {
    throw new TypeError(`expected an authorization URL under ${authorizationEndpoint}`)
  }
  const response = await respond({ request: new Request(url) })
  const location = response.headers.get('location')
  if (location === null || response.status < 300 || response.status > 399) {
    throw new Error(
      `the authorization endpoint answered HTTP ${response.status} without a redirect: ${await response.text()}`,
    )
  }
  const edits: [string, string | null][] = [
    ...(['state', 'iss'] as const)
      .filter((name) => forgery[name] !== undefined)
      .map((name): [string, string | null] => [name, forgery[name] ?? null]),
    ...Object.entries(forgery.params ?? {}),
  ]
  if (edits.length === 0) return location
  const cut = location.indexOf('?')
  const base = cut === -1 ? location : location.slice(0, cut)
  let pairs = cut === -1 ? [] : location.slice(cut + 1).split('&')
  for (const [name, value] of edits) {
    const at = pairs.findIndex((pair) => pair.split('=')[0] === name)
    pairs = pairs.filter((pair) => pair.split('=')[0] !== name)
    if (value !== null) pairs.splice(at === -1 ? pairs.length : at, 0, `${name}=${value}`)
  }
  return pairs.length === 0 ? base : `${base}?${pairs.join('&')}`
}

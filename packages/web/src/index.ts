/**
 * `@dinhdanh/web`: the framework-free core of national e-ID sign-in sessions, on web-standard
 * `Request`/`Response`. Adapters (`@dinhdanh/express`, …) translate a framework's request to it; a new
 * framework needs only an adapter (see docs/decisions/0003).
 *
 * @example
 * ```ts
 * import { collectCookies, createEidCore } from '@dinhdanh/web'
 * const core = createEidCore({ client, baseUrl: 'https://shop.example', session: { secret } })
 * export async function fetch(request: Request): Promise<Response> {
 *   const cookies = collectCookies()
 *   const answer = await core.route(request, cookies, undefined)
 *   const response = answer instanceof Response ? answer : await app(request, await core.context(request, cookies, undefined))
 *   for (const header of cookies.pending()) response.headers.append('set-cookie', header)
 *   return response
 * }
 * ```
 * @module
 */
export type { EidRequestContext, SessionAttributes, SignInRecord } from './context.js'
export { type CookieSink, collectCookies } from './cookie-sink.js'
export { createEidCore, type EidCore, type Outcome, type RequireAttributesOptions } from './core.js'
export { escapeHtml, renderSignInErrorPage } from './error-page.js'
export { EID_ERROR_STATUS } from './error-status.js'
export { accepts, isApiCall, sameOrigin } from './http.js'
export { type EidCoreOptions, HANDLED, type ResolvedEidCoreOptions, translateHooks } from './options.js'
export { safeReturnTo } from './return-to.js'
export { MemorySessionStore, type MemorySessionStoreOptions } from './session/memory-session-store.js'
export {
  type RedisClientLike,
  RedisSessionStore,
  type RedisSessionStoreCommonOptions,
  type RedisSessionStoreOptions,
} from './session/redis-session-store.js'
export type { SessionRecord, SessionStore, SessionWriteOptions } from './session/session-store.js'

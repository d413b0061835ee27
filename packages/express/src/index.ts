/**
 * `@dinhdanh/express`: national e-ID sign-in routes, sessions and guards for Express apps, on
 * `@dinhdanh/client`.
 *
 * @example
 * ```ts
 * import { eidAuth, requireSignIn, requireAttributes } from '@dinhdanh/express'
 * app.use(eidAuth({ client: eid, baseUrl: 'http://localhost:3001', session: { secret } }))
 * ```
 * @module
 */
export { eidAuth } from './eid-auth.js'
export { renderSignInErrorPage } from './error-page.js'
export { EID_ERROR_STATUS } from './error-status.js'
export { requireAttributes, requireSignIn } from './guards.js'
export type { EidAuthOptions } from './options.js'
export type { EidRequestContext, SessionAttributes, SignInRecord } from './request-context.js'
export { safeReturnTo } from './return-to.js'
export { MemorySessionStore } from './session/memory-session-store.js'
export { RedisSessionStore } from './session/redis-session-store.js'
export type { SessionRecord, SessionStore } from './session/session-store.js'

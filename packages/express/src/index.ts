/**
 * `@dinhdanh/express`: national e-ID sign-in routes, sessions and guards for Express apps, an adapter over
 * `@dinhdanh/web` (where the rules live) and `@dinhdanh/client` (the protocol).
 *
 * @example
 * ```ts
 * import { eidAuth, requireSignIn, requireAttributes } from '@dinhdanh/express'
 * app.use(eidAuth({ client: eid, baseUrl: 'http://localhost:3001', session: { secret } }))
 * ```
 * @module
 */
export {
  EID_ERROR_STATUS,
  type EidRequestContext,
  MemorySessionStore,
  RedisSessionStore,
  renderSignInErrorPage,
  type SessionAttributes,
  type SessionRecord,
  type SessionStore,
  type SignInRecord,
  safeReturnTo,
} from '@dinhdanh/web'
export { eidAuth } from './eid-auth.js'
export { requireAttributes, requireSignIn } from './guards.js'
export type { EidAuthOptions } from './options.js'

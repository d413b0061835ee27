/**
 * `@dinhdanh/fastify`: national e-ID sign-in routes, sessions and guards for Fastify apps, a plugin over
 * `@dinhdanh/web` (where the rules live) and `@dinhdanh/client` (the protocol), with a typed `request.eid`.
 *
 * @example
 * ```ts
 * import { eidPlugin, requireAttributes, requireSignIn } from '@dinhdanh/fastify'
 * await app.register(eidPlugin, { client: eid, baseUrl: 'http://localhost:3001', session: { secret } })
 * app.get('/me', { preHandler: requireSignIn() }, async (request) => request.eid.citizen)
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
export { eidPlugin, type FastifyNative } from './eid-plugin.js'
export { requireAttributes, requireSignIn } from './guards.js'
export type { EidPluginOptions } from './options.js'

/**
 * `@dinhdanh/hono`: national e-ID sign-in routes, sessions and guards as Hono middleware, an adapter over
 * `@dinhdanh/web` (where the rules live) and `@dinhdanh/client` (the protocol). Runs wherever Hono does:
 * Node.js, Bun, Deno, Cloudflare Workers and Next.js route handlers.
 *
 * @example
 * ```ts
 * import { eidAuth, requireAttributes, requireSignIn } from '@dinhdanh/hono'
 * app.use(eidAuth({ client: eid, baseUrl: 'https://shop.example', session: { secret } }))
 * app.get('/me', requireSignIn(), (c) => c.json({ name: c.get('eid').citizen?.fullName }))
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
export { type EidEnv, eidAuth } from './eid-auth.js'
export { requireAttributes, requireSignIn } from './guards.js'
export type { EidAuthOptions } from './options.js'

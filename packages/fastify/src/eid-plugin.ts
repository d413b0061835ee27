import {
  type CookieSink,
  createEidCore,
  type EidCore,
  type EidRequestContext,
  HANDLED,
  translateHooks,
} from '@dinhdanh/web'
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import type { EidPluginOptions } from './options.js'
import { cookieSinkOf, sendOutcome, toWebRequest } from './web-request.js'

/**
 * What the adapter hands the core for the app's hooks: Fastify's own request and reply (the `N` of
 * `createEidCore<N>` in `@dinhdanh/web`).
 *
 * @example
 * ```ts
 * const native: FastifyNative = { request, reply }
 * ```
 */
export interface FastifyNative {
  request: FastifyRequest
  reply: FastifyReply
}

/** The core and this request's translation, for the guards (kept off the request object itself). */
export interface BoundRequest {
  core: EidCore<FastifyNative>
  request: Request
  sink: CookieSink
  native: FastifyNative
}

const bound = new WeakMap<FastifyRequest, BoundRequest>()

/** The translation {@link eidPlugin} made of this request; throws when it is not registered. */
export function boundOf(request: FastifyRequest): BoundRequest {
  const found = bound.get(request)
  if (!found)
    throw new TypeError(
      'eidPlugin must be registered (await app.register(eidPlugin, {...})) in this scope, before the routes that use requireSignIn/requireAttributes',
    )
  return found
}

const plugin: FastifyPluginAsync<EidPluginOptions> = async (app, input) => {
  const { onError: _e, onConsentWithdrawn: _c, uiLocales: _u, ...rest } = input
  const core = createEidCore<FastifyNative>(
    {
      ...rest,
      // The app's hooks in Fastify terms, translated for the core.
      ...translateHooks<FastifyNative, EidPluginOptions>(input, {
        onError:
          (hook) =>
          async (error, { request, reply }) => {
            await hook(error, request, reply)
            return reply.sent ? HANDLED : undefined
          },
        onConsentWithdrawn:
          (hook) =>
          (event, { request }) =>
            hook(event, request),
        uiLocales:
          (hook) =>
          ({ request }) =>
            hook(request),
      }),
    },
    'eidPlugin',
  )
  const { baseUrl, routes } = core.options

  app.decorateRequest('eid')
  // `request.eid` on every request, the kit's routes included: the app's hooks (onError) may read it.
  app.addHook('onRequest', async (request, reply) => {
    const native = { request, reply }
    const sink = cookieSinkOf(reply)
    const web = toWebRequest(request, baseUrl)
    request.eid = await core.context(web, sink, native)
    bound.set(request, { core, request: web, sink, native })
  })

  // The kit's routes, in a scope of their own: there, and only there, every body reaches the core unread
  // (it reads a form of at most 4 KiB, a logout token, a security event), whatever parsers the app
  // registered (@fastify/formbody, multipart) for its own routes.
  await app.register(async (kit) => {
    kit.removeAllContentTypeParsers()
    kit.addContentTypeParser('*', (_request, payload, done) => done(null, payload))
    const answer = async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
      const { sink, native } = boundOf(request)
      const body = request.body as AsyncIterable<Uint8Array | string> | undefined
      const outcome = await core.route(toWebRequest(request, baseUrl, body), sink, native)
      if (outcome !== undefined) return sendOutcome(reply, outcome)
      reply.callNotFound()
      return reply
    }
    for (const url of [routes.login, routes.callback]) kit.get(url, { exposeHeadRoute: false }, answer)
    for (const url of [routes.logout, routes.backchannelLogout, routes.consentEvents]) kit.post(url, answer)
  })
}

/**
 * National e-ID sign-in for a Fastify app: the login, callback, logout, back-channel logout and
 * consent-event routes, the session, and a typed `request.eid` on every request. A plugin that only
 * translates between Fastify and `@dinhdanh/web`, where every rule lives. Register it before the routes
 * that read `request.eid` or use the guards; it is not encapsulated (`fastify-plugin`), so `request.eid`
 * reaches every scope registered after it.
 *
 * @example
 * ```ts
 * await app.register(eidPlugin, { client: eid, baseUrl: 'http://localhost:3001', session: { secret: [current, previous] } })
 * app.get('/transfer', { preHandler: requireSignIn({ level: 2 }) }, async (request) => ({ name: request.eid.citizen?.fullName }))
 * ```
 */
export const eidPlugin = fp(plugin, { fastify: '5.x', name: '@dinhdanh/fastify' })

declare module 'fastify' {
  interface FastifyRequest {
    /** National e-ID sign-in state, set by `eidPlugin`. */
    eid: EidRequestContext
  }
}

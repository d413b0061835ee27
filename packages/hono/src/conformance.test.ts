import { randomUUID } from 'node:crypto'
import { type RedisServer, startRedisServer } from '@dinhdanh/test/support/redis-server.js'
import {
  type AdapterAppOptions,
  contextView,
  loopbackApp,
  testAdapter,
} from '@dinhdanh/testing/conformance/adapter'
import { RedisSessionStore } from '@dinhdanh/web'
import { getRequestListener } from '@hono/node-server'
import { Hono } from 'hono'
import { afterAll, beforeAll } from 'vitest'
import { eidAuth } from './eid-auth.js'
import { requireAttributes, requireSignIn } from './guards.js'

/** The routes of ADAPTER_TEST_ROUTES, the Hono way. */
function buildApp(options: AdapterAppOptions): Hono {
  const app = new Hono()
  app.use(eidAuth(options))
  app.get('/status', (c) => c.json(contextView(c.get('eid'))))
  app.get('/me', requireSignIn(), (c) => c.json(contextView(c.get('eid'))))
  app.get('/level2', requireSignIn({ level: 2 }), (c) => c.json(contextView(c.get('eid'))))
  app.get('/insurance', requireAttributes(['health_insurance']), (c) => c.json(contextView(c.get('eid'))))
  app.get('/age', requireAttributes(['age_over_18'], { identity: false }), (c) =>
    c.json(contextView(c.get('eid'))),
  )
  app.post('/signout', async (c) => {
    await c.get('eid').signOut()
    return c.body(null, 204)
  })
  app.post('/echo', async (c) => c.text(await c.req.text()))
  return app
}

// Two instances on one Redis (each its own connection) for the back-channel journey. Without redis-server,
// startRedisServer rejects with the install instructions: never skipped silently.
let redis: RedisServer
beforeAll(async () => {
  redis = await startRedisServer()
}, 60_000)
afterAll(() => redis?.stop())
const makeStores = () => {
  const prefix = `hono-conformance:${randomUUID()}:`
  return [
    new RedisSessionStore({ url: redis.url, prefix }),
    new RedisSessionStore({ url: redis.url, prefix }),
  ] as const
}

// As a fetch handler (Bun, Deno, Workers, Next.js route handlers) ...
testAdapter('@dinhdanh/hono', (options) => ({ fetch: buildApp(options).fetch }), { makeStores })

// ... and on Node.js through @hono/node-server, whose request carries the loopback Host.
testAdapter(
  '@dinhdanh/hono on @hono/node-server',
  (options) => loopbackApp(getRequestListener(buildApp(options).fetch)),
  { makeStores },
)

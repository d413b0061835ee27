import {
  type AdapterAppOptions,
  contextView,
  loopbackApp,
  testAdapter,
} from '@dinhdanh/testing/conformance/adapter'
import { MemorySessionStore } from '@dinhdanh/web'
import { getRequestListener } from '@hono/node-server'
import { Hono } from 'hono'
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
  app.post('/signout', async (c) => {
    await c.get('eid').signOut()
    return c.body(null, 204)
  })
  app.post('/echo', async (c) => c.text(await c.req.text()))
  return app
}

const makeStore = () => new MemorySessionStore()

// As a fetch handler (Bun, Deno, Workers, Next.js route handlers) ...
testAdapter('@dinhdanh/hono', (options) => ({ fetch: buildApp(options).fetch }), { makeStore })

// ... and on Node.js through @hono/node-server, whose request carries the loopback Host.
testAdapter(
  '@dinhdanh/hono on @hono/node-server',
  (options) => loopbackApp(getRequestListener(buildApp(options).fetch)),
  { makeStore },
)

import type { AddressInfo } from 'node:net'
import { contextView, testAdapter } from '@dinhdanh/testing/conformance/adapter'
import { MemorySessionStore } from '@dinhdanh/web'
import Fastify from 'fastify'
import { eidPlugin } from './eid-plugin.js'
import { requireAttributes, requireSignIn } from './guards.js'

// The routes of ADAPTER_TEST_ROUTES, the Fastify way.
testAdapter(
  '@dinhdanh/fastify',
  async (options) => {
    const app = Fastify()
    await app.register(eidPlugin, options)
    app.get('/status', async (request) => contextView(request.eid))
    app.get('/me', { preHandler: requireSignIn() }, async (request) => contextView(request.eid))
    app.get('/level2', { preHandler: requireSignIn({ level: 2 }) }, async (request) =>
      contextView(request.eid),
    )
    app.get('/insurance', { preHandler: requireAttributes(['health_insurance']) }, async (request) =>
      contextView(request.eid),
    )
    app.get(
      '/age',
      { preHandler: requireAttributes(['age_over_18'], { identity: false }) },
      async (request) => contextView(request.eid),
    )
    app.post('/signout', async (request, reply) => {
      await request.eid.signOut()
      return reply.code(204).send()
    })
    await app.register(async (echo) => {
      echo.removeAllContentTypeParsers()
      echo.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body))
      echo.post('/echo', async (request, reply) => reply.type('text/plain').send(request.body as string))
    })
    await app.listen({ port: 0, host: '127.0.0.1' })
    return {
      origin: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`,
      close: () => app.close(),
    }
  },
  { makeStore: () => new MemorySessionStore() },
)

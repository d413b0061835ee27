import { randomUUID } from 'node:crypto'
import { type RedisServer, startRedisServer } from '@dinhdanh/test/support/redis-server.js'
import { contextView, loopbackApp, testAdapter } from '@dinhdanh/testing/conformance/adapter'
import { RedisSessionStore } from '@dinhdanh/web'
import express from 'express'
import { afterAll, beforeAll } from 'vitest'
import { eidAuth } from './eid-auth.js'
import { requireAttributes, requireSignIn } from './guards.js'

// Two instances on one Redis (each its own connection) for the back-channel journey. Without redis-server,
// startRedisServer rejects with the install instructions: never skipped silently.
let redis: RedisServer
beforeAll(async () => {
  redis = await startRedisServer()
}, 60_000)
afterAll(() => redis?.stop())

// The routes of ADAPTER_TEST_ROUTES, the Express way.
testAdapter(
  '@dinhdanh/express',
  (options) => {
    const app = express()
    app.use(eidAuth(options))
    app.get('/status', (req, res) => {
      res.json(contextView(req.eid))
    })
    app.get('/me', requireSignIn(), (req, res) => {
      res.json(contextView(req.eid))
    })
    app.get('/level2', requireSignIn({ level: 2 }), (req, res) => {
      res.json(contextView(req.eid))
    })
    app.get('/insurance', requireAttributes(['health_insurance']), (req, res) => {
      res.json(contextView(req.eid))
    })
    app.get('/age', requireAttributes(['age_over_18'], { identity: false }), (req, res) => {
      res.json(contextView(req.eid))
    })
    app.post('/signout', async (req, res) => {
      await req.eid.signOut()
      res.status(204).end()
    })
    app.post('/echo', express.text({ type: '*/*' }), (req, res) => {
      res.type('text/plain').send(req.body as string)
    })
    return loopbackApp(app)
  },
  {
    makeStores: () => {
      const prefix = `express-conformance:${randomUUID()}:`
      return [
        new RedisSessionStore({ url: redis.url, prefix }),
        new RedisSessionStore({ url: redis.url, prefix }),
      ]
    },
  },
)

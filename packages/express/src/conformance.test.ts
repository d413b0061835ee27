import { contextView, loopbackApp, testAdapter } from '@dinhdanh/testing/conformance/adapter'
import { MemorySessionStore } from '@dinhdanh/web'
import express from 'express'
import { eidAuth } from './eid-auth.js'
import { requireAttributes, requireSignIn } from './guards.js'

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
    app.post('/signout', async (req, res) => {
      await req.eid.signOut()
      res.status(204).end()
    })
    app.post('/echo', express.text({ type: '*/*' }), (req, res) => {
      res.type('text/plain').send(req.body as string)
    })
    return loopbackApp(app)
  },
  { makeStore: () => new MemorySessionStore() },
)

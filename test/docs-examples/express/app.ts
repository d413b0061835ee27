// app.ts: the app, apart from server.ts so that a test can build it without listening on a port.
import { createClient } from '@dinhdanh/client'
import { eidAuth, requireSignIn } from '@dinhdanh/express'
import express from 'express'

export async function createApp(env: NodeJS.ProcessEnv = process.env) {
  const baseUrl = env.APP_URL ?? 'http://localhost:3000' // the public URL of this app
  const eid = await createClient({
    issuer: env.EID_ISSUER ?? 'http://127.0.0.1:4000', // the mock provider, exactly as it publishes itself
    clientId: env.EID_CLIENT_ID ?? 'my-shop',
    clientAuth: { method: 'private_key_jwt', privateJwk: JSON.parse(env.EID_PRIVATE_JWK ?? '{}') },
    redirectUri: `${baseUrl}/auth/callback`,
  })

  const app = express()
  // Adds /auth/login, /auth/callback, /auth/logout (and the provider's back-channel routes) and req.eid.
  app.use(eidAuth({ client: eid, baseUrl, session: { secret: env.SESSION_SECRET ?? '' } }))

  app.get('/', (req, res) => {
    if (!req.eid.isSignedIn) {
      res.send('<a href="/auth/login?returnTo=/me">Đăng nhập bằng VNeID</a>')
      return
    }
    res.send(`<form method="post" action="/auth/logout">
  <input type="hidden" name="_csrf" value="${req.eid.csrfToken}"><button>Đăng xuất</button></form>`)
  })
  // Signed out: off to the provider and back. Signed in at level 1: a step-up to level 2.
  app.get('/me', requireSignIn({ level: 2 }), (req, res) => {
    res.json({ name: req.eid.citizen?.fullName, level: req.eid.level })
  })
  return app
}

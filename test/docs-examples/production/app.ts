// app.ts in production: every setting from the environment (filled from your secret store), no defaults.
import { createClient } from '@dinhdanh/client'
import { eidAuth, RedisSessionStore, requireSignIn } from '@dinhdanh/express'
import express from 'express'

function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name]
  if (!value) throw new Error(`${name} is not set`) // the name only: never print a secret's value
  return value
}

export async function createApp(env: NodeJS.ProcessEnv = process.env) {
  const baseUrl = required(env, 'APP_URL') // https://shop.example
  if (!baseUrl.startsWith('https://')) throw new Error('APP_URL must be an https URL in production')
  const eid = await createClient({
    issuer: required(env, 'EID_ISSUER'), // the provider's issuer, character for character
    clientId: required(env, 'EID_CLIENT_ID'),
    // The key that signs now; during a rotation the provider holds both public keys (see below).
    clientAuth: { method: 'private_key_jwt', privateJwk: JSON.parse(required(env, 'EID_PRIVATE_JWK')) },
    redirectUri: `${baseUrl}/auth/callback`,
  })
  // Sessions in Redis: every instance sees every session, and a back-channel logout or a consent
  // withdrawal reaches them all.
  const store = new RedisSessionStore({ url: required(env, 'REDIS_URL') })

  const app = express()
  app.use(
    eidAuth({
      client: eid,
      baseUrl,
      // Newest first: the first secret signs new cookies, the others are still accepted (rotation).
      session: { secret: required(env, 'SESSION_SECRETS').split(','), store },
      // Codes and safe messages only; the kit never puts a token or personal data in either.
      log: (message) => console.warn(JSON.stringify({ level: 'warn', msg: message })),
      onError: (error) =>
        console.warn(JSON.stringify({ level: 'warn', code: error.code, msg: error.message })),
    }),
  )
  app.get('/me', requireSignIn({ level: 2 }), (req, res) => {
    res.json({ subject: req.eid.subject, level: req.eid.level })
  })
  return { app, close: () => store.close() }
}

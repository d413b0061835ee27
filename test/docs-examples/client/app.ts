// app.ts: sign citizens in with @dinhdanh/client alone, on node:http. Any framework works the same way.
import { randomUUID } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { createClient, isEidError, type SignInTransaction } from '@dinhdanh/client'

export async function createHandler(env: NodeJS.ProcessEnv = process.env) {
  const baseUrl = env.APP_URL ?? 'http://localhost:3000' // the public URL of this app
  const eid = await createClient({
    issuer: env.EID_ISSUER ?? 'http://127.0.0.1:4000', // the mock provider, exactly as it publishes itself
    clientId: env.EID_CLIENT_ID ?? 'my-shop',
    clientAuth: { method: 'private_key_jwt', privateJwk: JSON.parse(env.EID_PRIVATE_JWK ?? '{}') },
    redirectUri: `${baseUrl}/auth/callback`,
  })
  // Sign-ins in progress, under a random id kept in a cookie. This Map serves one process; with several,
  // keep them where your sessions live (Redis), for at most 10 minutes.
  const pending = new Map<string, SignInTransaction<readonly ['age_over_18']>>()

  return async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', baseUrl) // built on your public URL, never on the Host header
    if (url.pathname === '/login') {
      // 1. Start: PAR, PKCE, state and nonce are made here; the browser goes to the provider.
      const start = await eid.signIn({
        level: 2,
        attributes: ['age_over_18'] as const,
        purpose: 'Xác minh độ tuổi khi mua hàng',
      })
      const id = randomUUID()
      pending.set(id, start.transaction)
      res.writeHead(302, {
        location: start.url,
        'set-cookie': `signin=${id}; Path=/auth; HttpOnly; SameSite=Lax; Max-Age=600`,
      })
      res.end()
      return
    }
    if (url.pathname === '/auth/callback') {
      // 2. Callback: the full URL the browser came back with, and the transaction of this browser (once).
      const id = /(?:^|;\s*)signin=([\w-]+)/.exec(req.headers.cookie ?? '')?.[1] ?? ''
      const transaction = pending.get(id)
      pending.delete(id)
      try {
        const result = await eid.completeSignIn(url, transaction)
        // 3. Signed in: start YOUR session here (a new session id), keyed by result.subject.
        res.writeHead(200, { 'content-type': 'application/json' })
        res.end(JSON.stringify({ name: result.citizen?.fullName, adult: result.attributes.ageOver18 }))
      } catch (error) {
        if (!isEidError(error)) throw error
        // Every failure has a stable code, and its message is safe to log (no token, no personal data).
        console.warn(error.code, error.message)
        res.writeHead(error.code === 'ERR_EID_ACCESS_DENIED' ? 403 : 400, { 'content-type': 'text/plain' })
        res.end(`Không thể đăng nhập (${error.code})`)
      }
      return
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
    res.end('<a href="/login">Đăng nhập bằng VNeID</a>')
  }
}

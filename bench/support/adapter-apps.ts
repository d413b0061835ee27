/**
 * The relying parties of bench/adapters.bench.ts, each on real HTTP on 127.0.0.1 (port 0), and the driver
 * that signs in through them: GET /auth/login → the provider's authorization (the msw kit, in process) →
 * GET /auth/callback → GET /me, a page that reads the sign-in (req.eid, request.eid, c.get('eid')).
 *
 * Every package under test is loaded from its built `dist` by absolute path (`loadFrom`), today's from
 * this checkout and the pre-split ones from another: the same treatment for all rows (vitest runs both
 * `dist`s through its module runner, as they are outside node_modules; express, fastify, hono and
 * openid-client are node_modules and load natively).
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import {
  Agent,
  createServer,
  type IncomingMessage,
  request,
  type Server,
  type ServerResponse,
} from 'node:http'
import { createRequire } from 'node:module'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { CookieJar } from '@dinhdanh/testing/browser'
import * as oidc from 'openid-client'

/** Where every app thinks it lives (its `baseUrl`); the driver keeps cookies under it. */
export const BASE_URL = 'https://rp.test'
export const REDIRECT_URI = `${BASE_URL}/auth/callback`
export const SESSION_SECRET = 'bench-session-secret-0123456789-abcdefghijklmnopqrstuvwxyz'

/** Loads a package's entry as Node resolves it from `fromDir` (a directory with node_modules above it). */
export async function loadFrom<T>(fromDir: string, specifier: string): Promise<T> {
  const resolved = createRequire(join(fromDir, 'noop.js')).resolve(specifier)
  return (await import(pathToFileURL(resolved).href)) as T
}

export interface ClientSettings {
  issuer: string
  clientId: string
  privateJwk: Record<string, unknown>
}

export interface RunningApp {
  /** http://127.0.0.1:<port> */
  origin: string
  close(): Promise<void>
}

type ClientModule = typeof import('@dinhdanh/client')
type ExpressAdapter = typeof import('@dinhdanh/express')
type FastifyAdapter = typeof import('@dinhdanh/fastify')
type HonoAdapter = typeof import('@dinhdanh/hono')

async function listen(server: Server): Promise<RunningApp> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
    },
  }
}

async function sdkClient(clientModule: ClientModule, settings: ClientSettings) {
  return clientModule.createClient({
    issuer: settings.issuer,
    clientId: settings.clientId,
    clientAuth: { method: 'private_key_jwt', privateJwk: settings.privateJwk as never },
    redirectUri: REDIRECT_URI,
  })
}

/**
 * An Express app with `@dinhdanh/express` from `root` (a checkout: /work/main today, or the pre-split
 * worktree), its own `@dinhdanh/client` and its own `express`.
 */
export async function expressApp(root: string, settings: ClientSettings): Promise<RunningApp> {
  const packageDir = join(root, 'packages/express')
  const adapter = await loadFrom<ExpressAdapter>(root, '@dinhdanh/express')
  const clientModule = await loadFrom<ClientModule>(packageDir, '@dinhdanh/client')
  const express = (await loadFrom<{ default: typeof import('express') }>(packageDir, 'express')).default
  const client = await sdkClient(clientModule, settings)
  const app = express()
  app.use(adapter.eidAuth({ client, baseUrl: BASE_URL, session: { secret: SESSION_SECRET } }))
  app.get('/me', adapter.requireSignIn(), (req, res) => {
    res.json({ name: req.eid.citizen?.fullName, level: req.eid.level })
  })
  return listen(createServer(app))
}

/** A Fastify app with `@dinhdanh/fastify` (today's checkout). */
export async function fastifyApp(root: string, settings: ClientSettings): Promise<RunningApp> {
  const packageDir = join(root, 'packages/fastify')
  const adapter = await loadFrom<FastifyAdapter>(root, '@dinhdanh/fastify')
  const clientModule = await loadFrom<ClientModule>(packageDir, '@dinhdanh/client')
  const Fastify = (await loadFrom<{ default: typeof import('fastify').default }>(packageDir, 'fastify'))
    .default
  const client = await sdkClient(clientModule, settings)
  const app = Fastify()
  await app.register(adapter.eidPlugin, { client, baseUrl: BASE_URL, session: { secret: SESSION_SECRET } })
  app.get('/me', { preHandler: adapter.requireSignIn() }, async (request) => ({
    name: request.eid.citizen?.fullName,
    level: request.eid.level,
  }))
  await app.listen({ port: 0, host: '127.0.0.1' })
  return {
    origin: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`,
    close: () => app.close(),
  }
}

/** A Hono app with `@dinhdanh/hono` (today's checkout) on `@hono/node-server` (real HTTP, as the others). */
export async function honoApp(root: string, settings: ClientSettings): Promise<RunningApp> {
  const packageDir = join(root, 'packages/hono')
  const adapter = await loadFrom<HonoAdapter>(root, '@dinhdanh/hono')
  const clientModule = await loadFrom<ClientModule>(packageDir, '@dinhdanh/client')
  const { Hono } = await loadFrom<typeof import('hono')>(packageDir, 'hono')
  const { createAdaptorServer } = await loadFrom<typeof import('@hono/node-server')>(
    packageDir,
    '@hono/node-server',
  )
  const client = await sdkClient(clientModule, settings)
  const app = new Hono()
  app.use(adapter.eidAuth({ client, baseUrl: BASE_URL, session: { secret: SESSION_SECRET } }))
  app.get('/me', adapter.requireSignIn(), (c) => {
    const eid = (
      c as unknown as { get(key: 'eid'): { citizen?: { fullName?: string }; level?: number } }
    ).get('eid')
    return c.json({ name: eid.citizen?.fullName, level: eid.level })
  })
  return listen(createAdaptorServer({ fetch: app.fetch }) as Server)
}

// --- The baseline: bare openid-client and a hand-written sealed-cookie session in node:http. -----------

/** AES-256-GCM sealing of a JSON value into a cookie value (iv | tag | ciphertext, base64url). */
function sealer(secret: string) {
  const key = Buffer.from(secret).subarray(0, 32)
  return {
    seal(value: unknown): string {
      const iv = randomBytes(12)
      const cipher = createCipheriv('aes-256-gcm', key, iv)
      const body = Buffer.concat([cipher.update(JSON.stringify(value)), cipher.final()])
      return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')
    },
    open<T>(sealed: string | undefined): T | undefined {
      if (!sealed) return undefined
      try {
        const raw = Buffer.from(sealed, 'base64url')
        const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12))
        decipher.setAuthTag(raw.subarray(12, 28))
        return JSON.parse(
          Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString(),
        ) as T
      } catch {
        return undefined
      }
    },
  }
}

function cookieOf(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const at = part.indexOf('=')
    if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim()
  }
  return undefined
}

const COOKIE = 'HttpOnly; Secure; SameSite=Lax'

/**
 * The baseline relying party: the same protocol (PAR, PKCE, `private_key_jwt`, nonce, ID token checks,
 * userinfo) with bare openid-client, a sealed pending-sign-in cookie and a sealed session cookie.
 */
export async function bareApp(settings: ClientSettings): Promise<RunningApp> {
  const { importJWK } = await import('jose')
  const config = await oidc.discovery(
    new URL(settings.issuer),
    settings.clientId,
    { redirect_uris: [REDIRECT_URI], id_token_signed_response_alg: 'ES256' },
    oidc.PrivateKeyJwt({
      key: (await importJWK(settings.privateJwk, 'ES256')) as CryptoKey,
      kid: String(settings.privateJwk.kid),
    }),
  )
  const box = sealer(SESSION_SECRET)
  const redirect = (res: ServerResponse, location: string, cookies: string[]) => {
    res.writeHead(303, { location, 'set-cookie': cookies }).end()
  }
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', BASE_URL)
    if (url.pathname === '/auth/login') {
      const pending = {
        verifier: oidc.randomPKCECodeVerifier(),
        state: oidc.randomState(),
        nonce: oidc.randomNonce(),
        returnTo: url.searchParams.get('returnTo')?.startsWith('/') ? url.searchParams.get('returnTo') : '/',
      }
      const authorization = await oidc.buildAuthorizationUrlWithPAR(config, {
        redirect_uri: REDIRECT_URI,
        scope: 'openid identity',
        code_challenge: await oidc.calculatePKCECodeChallenge(pending.verifier),
        code_challenge_method: 'S256',
        state: pending.state,
        nonce: pending.nonce,
        acr_values: '1',
      })
      redirect(res, authorization.href, [
        `rp_pending=${box.seal(pending)}; Path=/auth/callback; Max-Age=600; ${COOKIE}`,
      ])
    } else if (url.pathname === '/auth/callback') {
      const pending = box.open<{ verifier: string; state: string; nonce: string; returnTo: string }>(
        cookieOf(req, 'rp_pending'),
      )
      if (!pending) return void res.writeHead(400).end('no pending sign-in')
      const tokens = await oidc.authorizationCodeGrant(config, url, {
        pkceCodeVerifier: pending.verifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      })
      const claims = tokens.claims()!
      const userinfo = await oidc.fetchUserInfo(config, tokens.access_token, claims.sub)
      const session = { sub: claims.sub, level: Number(claims.acr), name: userinfo.name, at: Date.now() }
      redirect(res, pending.returnTo, [
        `rp_session=${box.seal(session)}; Path=/; Max-Age=3600; ${COOKIE}`,
        `rp_pending=; Path=/auth/callback; Max-Age=0; ${COOKIE}`,
      ])
    } else if (url.pathname === '/me') {
      const session = box.open<{ name?: string; level: number }>(cookieOf(req, 'rp_session'))
      if (!session) return redirect(res, '/auth/login?returnTo=/me', [])
      const body = JSON.stringify({ name: session.name, level: session.level })
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(body)
    } else res.writeHead(404).end()
  }
  return listen(
    createServer((req, res) => {
      handle(req, res).catch((error: unknown) => {
        res.writeHead(500).end(String(error))
      })
    }),
  )
}

/**
 * The floor: the driver and three HTTP round trips with cookies and no sign-in at all (login redirects
 * straight to the callback, the callback sets a cookie, the page answers JSON). What every row pays
 * before any identity work; shown for reference.
 */
export async function floorApp(): Promise<RunningApp> {
  return listen(
    createServer((req, res) => {
      const url = new URL(req.url ?? '/', BASE_URL)
      if (url.pathname === '/auth/login')
        res
          .writeHead(303, {
            location: `${REDIRECT_URI}?code=c&state=s`,
            'set-cookie': `rp_pending=x; Path=/auth/callback; ${COOKIE}`,
          })
          .end()
      else if (url.pathname === '/auth/callback')
        res.writeHead(303, { location: '/me', 'set-cookie': `rp_session=y; Path=/; ${COOKIE}` }).end()
      else res.writeHead(200, { 'content-type': 'application/json' }).end('{"name":"x","level":1}')
    }),
  )
}

// --- The driver: a browser made of node:http (msw intercepts only fetch, so it is not in the way). ------

interface Answer {
  status: number
  location: string | undefined
  body: string
}

/**
 * Signs in through `app` once: login, `authorize` (the provider's part: the authorization URL in, the
 * callback URL out; `undefined` for the floor, whose login redirects to the callback itself), callback,
 * the signed-in page. Returns the page's body; throws when a step does not answer as a sign-in should.
 */
export async function signInThrough(
  app: RunningApp,
  agent: Agent,
  authorize: ((url: string) => Promise<string>) | undefined,
): Promise<string> {
  const jar = new CookieJar()
  const get = (path: string): Promise<Answer> =>
    new Promise((resolve, reject) => {
      const url = new URL(path, BASE_URL)
      const cookie = jar.header(url)
      const req = request(`${app.origin}${url.pathname}${url.search}`, {
        agent,
        headers: cookie === undefined ? {} : { cookie },
      })
      req.on('error', reject)
      req.on('response', (res) => {
        jar.store(url, res.headers['set-cookie'] ?? [])
        let body = ''
        res.setEncoding('utf8')
        res.on('data', (chunk: string) => {
          body += chunk
        })
        res.on('end', () => resolve({ status: res.statusCode ?? 0, location: res.headers.location, body }))
      })
      req.end()
    })
  const login = await get('/auth/login?returnTo=/me')
  if (!login.location || login.status < 300 || login.status >= 400)
    throw new Error(`login: HTTP ${login.status} ${login.body.slice(0, 300)}`)
  const callback = authorize ? await authorize(login.location) : login.location
  const done = await get(callback)
  if (!done.location || done.status < 300 || done.status >= 400)
    throw new Error(`callback: HTTP ${done.status} ${done.body.slice(0, 300)}`)
  const page = await get(done.location)
  if (page.status !== 200) throw new Error(`page: HTTP ${page.status} ${page.body.slice(0, 300)}`)
  return page.body
}

/** A keep-alive agent per app, as a browser keeps its connection. */
export function keepAliveAgent(): Agent {
  return new Agent({ keepAlive: true, maxSockets: 1 })
}

/** The pre-split checkout from `BENCH_PRE_SPLIT_DIR`, if it has the built packages. */
export function preSplitDir(): { dir: string } | { missing: string } {
  const dir = process.env.BENCH_PRE_SPLIT_DIR
  if (!dir) return { missing: 'BENCH_PRE_SPLIT_DIR is not set' }
  for (const built of ['packages/express/dist/index.js', 'packages/client/dist/index.js'])
    if (!existsSync(join(dir, built))) return { missing: `${join(dir, built)} does not exist (not built?)` }
  return { dir }
}

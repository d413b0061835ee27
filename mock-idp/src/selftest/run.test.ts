import { createHash, randomBytes } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { selftestCases } from './cases.js'
import { runSelftest, type SelftestReport, SelftestUsageError } from './run.js'

/**
 * A deliberately careless relying party (node:http, no SDK) with planted flaws: it decodes the ID token
 * without verifying its signature, never compares the nonce or the state, keeps its transaction cookie
 * after use, and shows error_description as is. Everything else it checks as it should (the `iss`
 * response parameter, the ID token's iss, aud/azp, exp, iat, the level it asked for and auth_time against
 * its max_age), so the self-test must flag exactly the planted flaws.
 */
const MAX_AGE = 600

function carelessRelyingParty(port: number, clientSecret: string) {
  let issuer = ''
  const clientId = 'careless-rp'
  const base = `http://127.0.0.1:${port}`
  const redirectUri = `${base}/callback`
  const cookies = (req: IncomingMessage) =>
    Object.fromEntries(
      (req.headers.cookie ?? '').split(';').map((pair) => {
        const [name = '', ...value] = pair.trim().split('=')
        return [name, value.join('=')]
      }),
    ) as Record<string, string | undefined>
  const send = (res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', ...headers }).end(body)
  }

  async function callback(req: IncomingMessage, res: ServerResponse, url: URL) {
    const params = url.searchParams
    // FLAW: the provider's error description goes into the page unescaped.
    if (params.has('error'))
      return send(res, 400, `<p>Sign-in failed: ${params.get('error_description')}</p>`)
    if (params.get('iss') !== issuer) return send(res, 400, 'wrong issuer')
    // FLAW: the transaction cookie is neither compared with `state` nor cleared (reusable).
    const raw = cookies(req).tx
    if (!raw) return send(res, 400, 'no transaction')
    const tx = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as { verifier: string }
    const token = await fetch(`${issuer}/token`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`,
      },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code: params.get('code') ?? '',
        redirect_uri: redirectUri,
        code_verifier: tx.verifier,
      }),
    })
    if (!token.ok) return send(res, 400, 'token request failed')
    const { id_token: idToken } = (await token.json()) as { id_token: string }
    // FLAW: the payload is decoded, the signature never checked (and the nonce never compared).
    const claims = JSON.parse(Buffer.from(idToken.split('.')[1] ?? '', 'base64url').toString('utf8')) as {
      iss: string
      aud: string | string[]
      azp?: string
      exp: number
      iat: number
      sub: string
      acr?: string
      auth_time?: number
    }
    const now = Math.floor(Date.now() / 1000)
    const audiences = [claims.aud].flat()
    const audienceOk = audiences.includes(clientId) && (audiences.length === 1 || claims.azp === clientId)
    const levelOk = claims.acr === '2'
    const fresh = claims.auth_time !== undefined && claims.auth_time >= now - MAX_AGE - 30
    if (
      claims.iss !== issuer ||
      !audienceOk ||
      claims.exp < now - 30 ||
      claims.iat > now + 30 ||
      !levelOk ||
      !fresh
    )
      return send(res, 401, 'invalid ID token')
    send(res, 302, '', {
      location: '/me',
      'set-cookie': `session=${encodeURIComponent(claims.sub)}; Path=/; HttpOnly`,
    })
  }

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', base)
    if (!issuer) return send(res, 503, 'starting')
    if (url.pathname === '/login') {
      const verifier = randomBytes(32).toString('base64url')
      const tx = {
        state: randomBytes(12).toString('base64url'),
        nonce: randomBytes(12).toString('base64url'),
        verifier,
      }
      const auth = new URL(`${issuer}/auth`)
      auth.search = new URLSearchParams({
        client_id: clientId,
        response_type: 'code',
        scope: 'openid',
        redirect_uri: redirectUri,
        state: tx.state,
        nonce: tx.nonce,
        code_challenge: createHash('sha256').update(verifier).digest('base64url'),
        code_challenge_method: 'S256',
        acr_values: '2',
        max_age: String(MAX_AGE),
      }).toString()
      const cookie = Buffer.from(JSON.stringify(tx)).toString('base64url')
      return send(res, 302, '', {
        location: auth.href,
        'set-cookie': `tx=${cookie}; Path=/callback; HttpOnly`,
      })
    }
    if (url.pathname === '/callback') {
      callback(req, res, url).catch(() => send(res, 500, 'error'))
      return
    }
    if (url.pathname === '/me') {
      return cookies(req).session ? send(res, 200, 'signed in') : send(res, 302, '', { location: '/login' })
    }
    send(res, 404, 'not found')
  })
  return {
    server,
    base,
    metadata: {
      client_id: clientId,
      client_secret: clientSecret,
      redirect_uris: [redirectUri],
      token_endpoint_auth_method: 'client_secret_basic',
    },
    setIssuer(value: string) {
      issuer = value
    },
  }
}

async function freePortServer(): Promise<{ server: Server; port: number }> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { server, port: (server.address() as AddressInfo).port }
}

describe('runSelftest against a careless relying party', () => {
  let report: SelftestReport
  let rp: ReturnType<typeof carelessRelyingParty>

  beforeAll(async () => {
    const { server, port } = await freePortServer()
    server.close()
    rp = carelessRelyingParty(port, randomBytes(24).toString('base64url'))
    await new Promise<void>((resolve) => rp.server.listen(port, '127.0.0.1', resolve))
    report = await runSelftest({
      port: 0,
      clients: [rp.metadata],
      login: `${rp.base}/login`,
      signedIn: `${rp.base}/me`,
      waitSeconds: 10,
      onListening: (issuer) => rp.setIssuer(issuer),
    })
  }, 60_000)

  afterAll(async () => {
    rp.server.closeAllConnections()
    await new Promise<void>((resolve) => rp.server.close(() => resolve()))
  })

  it('flags exactly the planted flaws and nothing else', () => {
    const byOutcome = (outcome: string) =>
      report.results.filter((result) => result.outcome === outcome).map((result) => result.id)
    expect(byOutcome('error')).toEqual([])
    expect(byOutcome('failed').sort()).toEqual(
      [
        // No signature check: every forged signature passes.
        'id-token-signature',
        'alg-none',
        'hs256-public-key',
        'jwk-header-injection',
        'jku-header-injection',
        'kid-injection',
        'unknown-kid',
        // No nonce check.
        'nonce-missing',
        'nonce-wrong',
        // No state check, and a transaction cookie that outlives its use.
        'state-missing',
        'callback-replayed',
        // error_description shown unescaped.
        'error-markup',
      ].sort(),
    )
    // It calls no userinfo and gets no personal number; it asks level 2 and sends max_age, and checks both.
    expect(byOutcome('not-applicable').sort()).toEqual(['userinfo-sub', 'personal-id-birthdate'].sort())
    expect(byOutcome('passed')).toEqual(expect.arrayContaining(['acr-lower', 'auth-time-too-old']))
    expect(report.results[0]).toMatchObject({ id: 'valid-sign-in', outcome: 'passed' })
    expect(report.results).toHaveLength(selftestCases().length)
    expect(report.exitCode).toBe(1)
  })

  it('stays fast (the whole run well under 20 s)', () => {
    expect(report.results.reduce((sum, result) => sum + result.durationMs, 0)).toBeLessThan(20_000)
  })
})

describe('runSelftest usage', () => {
  it('refuses an unknown --only case and a login URL off this machine', async () => {
    const base = { port: 0, clients: [{ client_id: 'x', redirect_uris: ['http://127.0.0.1:1/cb'] }] }
    await expect(
      runSelftest({ ...base, login: 'http://127.0.0.1:1/', signedIn: 'http://127.0.0.1:1/', only: ['nope'] }),
    ).rejects.toThrow(SelftestUsageError)
    await expect(
      runSelftest({ ...base, login: 'https://rp.example/login', signedIn: 'http://127.0.0.1:1/' }),
    ).rejects.toThrow(/loopback/)
  })

  it('stops after the valid sign-in with exit code 2 and a hint when the relying party never reaches the provider', async () => {
    const { server, port } = await freePortServer()
    server.on('request', (_req, res) =>
      res.writeHead(200, { 'content-type': 'text/html' }).end('<p>hello</p>'),
    )
    try {
      const report = await runSelftest({
        port: 0,
        clients: [{ client_id: 'x', redirect_uris: [`http://127.0.0.1:${port}/cb`] }],
        login: `http://127.0.0.1:${port}/login`,
        signedIn: `http://127.0.0.1:${port}/me`,
        waitSeconds: 5,
      })
      expect(report.exitCode).toBe(2)
      expect(report.results).toHaveLength(1)
      expect(report.stopped).toMatch(/is the relying party's issuer http:\/\/127\.0\.0\.1:\d+/)
    } finally {
      server.closeAllConnections()
      server.close()
    }
  })
})

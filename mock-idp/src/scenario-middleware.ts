import type { NextFunction, Request, RequestHandler, Response } from 'express'
import { decodeJwt, decodeProtectedHeader, type JWK, SignJWT } from 'jose'
import { importedSigningKey } from './consent/signing-key.js'
import { providerPathOf } from './provider/provider-path.js'
import type { Scenarios } from './scenarios.js'

/** The scenario endpoint a request path belongs to, in any spelling the provider's router accepts. */
export function endpointOf(requestPath: string): string | undefined {
  const path = providerPathOf(requestPath)
  if (path === '/.well-known/openid-configuration') return 'discovery'
  if (path === '/jwks') return 'jwks'
  if (path === '/auth' || path.startsWith('/auth/') || path === '/vneid/authorize') return 'authorization'
  if (path === '/request') return 'par'
  if (path === '/token' || path === '/vneid/token') return 'token'
  if (path === '/me' || path === '/vneid/userinfo') return 'userinfo'
  if (path === '/backchannel') return 'ciba'
  if (path === '/token/introspection') return 'introspection'
  if (path === '/token/revocation') return 'revocation'
  if (path.startsWith('/consent-api')) return 'consent_api'
  return undefined
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * Applies the endpoint scenarios switched on through the admin API: added latency, a 5xx, or an HTML
 * page where JSON is expected; and `key_rotated`, which rotates the signing key once before the next
 * token is issued (then switches itself off).
 */
export function scenarioMiddleware(deps: {
  scenarios: Scenarios
  rotate: () => Promise<void>
  keys: () => readonly JWK[]
}): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    const endpoint = endpointOf(req.path)
    if (!endpoint) return next()
    try {
      // No store read while no scenario is on (see Scenarios.active for the staleness bound).
      const active = await deps.scenarios.active()
      if (active.length === 0) return next()
      if (endpoint === 'token' && active.some((s) => s.name === 'key_rotated')) {
        await deps.scenarios.clear('key_rotated')
        await deps.rotate()
      }
      const skew = active.find((s) => s.name === 'clock_skew')
      if (endpoint === 'token' && skew && skew.name === 'clock_skew')
        skewIdTokens(res, skew.seconds, deps.keys())
      for (const scenario of await deps.scenarios.forEndpoint(endpoint, active)) {
        if (scenario.name === 'latency') await sleep(scenario.ms)
        if (scenario.name === 'server_error') {
          res
            .status(scenario.status)
            .json({ error: 'server_error', error_description: 'mock scenario: server_error' })
          return
        }
        if (scenario.name === 'html_body') {
          res
            .status(502)
            .type('html')
            .send('<!doctype html><title>502 Bad Gateway</title><h1>Bad Gateway</h1>')
          return
        }
      }
      next()
    } catch (error) {
      next(error)
    }
  }
}

/**
 * `clock_skew`: re-signs the ID token of a token response with its claims' times shifted, as a provider
 * whose clock is off would issue it (encrypted ID tokens are left alone).
 */
function skewIdTokens(res: Response, seconds: number, keys: readonly JWK[]): void {
  const end = res.end.bind(res)
  const chunks: Buffer[] = []
  const write = res.write.bind(res)
  res.write = ((chunk: unknown) => {
    if (chunk) chunks.push(Buffer.from(chunk as Buffer))
    return true
  }) as typeof res.write
  res.end = ((chunk?: unknown, ...rest: unknown[]) => {
    if (chunk && typeof chunk !== 'function') chunks.push(Buffer.from(chunk as Buffer))
    const body = Buffer.concat(chunks)
    shift(body.toString('utf8'), seconds, keys)
      .then((text) => {
        const out = Buffer.from(text)
        if (!res.headersSent) res.setHeader('content-length', out.length)
        write(out)
        end()
      })
      .catch(() => {
        write(body)
        end()
      })
    void rest
    return res
  }) as typeof res.end
}

async function shift(text: string, seconds: number, keys: readonly JWK[]): Promise<string> {
  const json = JSON.parse(text) as { id_token?: unknown }
  if (typeof json.id_token !== 'string' || json.id_token.split('.').length !== 3) return text
  const header = decodeProtectedHeader(json.id_token)
  const claims = decodeJwt(json.id_token)
  const jwk = keys.find((key) => key.kid === header.kid)
  if (!jwk || typeof header.alg !== 'string') return text
  for (const name of ['iat', 'exp', 'auth_time', 'nbf'] as const) {
    if (typeof claims[name] === 'number') claims[name] = (claims[name] as number) + seconds
  }
  json.id_token = await new SignJWT(claims)
    .setProtectedHeader(header as { alg: string })
    .sign(await importedSigningKey(jwk, header.alg))
  return JSON.stringify(json)
}

import type { Request, Response } from 'express'
import { dialectClaims } from './claims.js'
import type { DialectAccesses } from './codes.js'
import { sealEnvelope } from './envelope.js'
import { DialectProblem } from './explain.js'
import { asIssuer, callInternally, type NodeHandler } from './internal-request.js'
import type { DialectClient } from './registration.js'

/** What the userinfo facade needs. */
export interface UserinfoDependencies {
  clients: ReadonlyMap<string, DialectClient>
  accesses: DialectAccesses
  provider: () => NodeHandler
  issuer: string
}

/**
 * `GET /vneid/userinfo` with `Authorization: Bearer <access_token>`: the citizen's claims under the
 * dialect's names (see {@link dialectClaims}), read from the internal userinfo (so consent, scenarios
 * and data sources act exactly as for standard clients), as an envelope when encryption is on.
 *
 * @example
 * ```ts
 * router.get(VNEID_PATHS.userinfo, dialectUserinfo(deps))
 * ```
 */
export function dialectUserinfo(deps: UserinfoDependencies) {
  return async (req: Request, res: Response): Promise<void> => {
    if (typeof req.query.access_token === 'string') throw new DialectProblem('bearer_in_query')
    const token = /^Bearer +([\x21-\x7e]+)$/i.exec(req.get('authorization') ?? '')?.[1]
    if (!token) throw new DialectProblem('bearer_missing')
    const access = await deps.accesses.find(token)
    const client = access && deps.clients.get(access.clientId)
    if (!access || !client) throw new DialectProblem('token_unknown')
    const internal = await callInternally(deps.provider(), {
      method: 'GET',
      path: '/me',
      headers: { ...asIssuer(deps.issuer), authorization: `Bearer ${token}` },
    })
    // Revoked (a code presented twice) or expired inside the provider.
    if (internal.status === 401) throw new DialectProblem('token_unknown')
    if (internal.status !== 200) {
      res.status(502).json({ error: 'server_error', error_description: 'the internal userinfo failed' })
      return
    }
    const claims = dialectClaims(
      JSON.parse(internal.text) as Record<string, unknown>,
      access.level,
      client.birthDateFormat,
    )
    res.setHeader('cache-control', 'no-store')
    res.json(
      client.encrypt && client.publicKey ? sealEnvelope(claims, client.publicKey, client.aesMode) : claims,
    )
  }
}

import { createHash } from 'node:crypto'
import type { NextFunction, Request, RequestHandler, Response } from 'express'
import { calculateJwkThumbprint, decodeJwt, decodeProtectedHeader, type JWK } from 'jose'
import type { Storage } from '../storage/storage.js'
import { providerPathOf } from './provider-path.js'

/** How long a proof's `jti` is remembered (oidc-provider accepts proofs up to this old). */
const WINDOW_SEC = 300

/**
 * RFC 9449 (sections 4.3, 7.1, 11.1): a DPoP proof whose `jti` was already used with the same key is
 * refused as `invalid_dpop_proof` (O07). oidc-provider detects replays too, but answers with a generic
 * `invalid_grant` / `invalid_token`; this check runs first, in the shared store, so every process of
 * the mock sees every proof. Malformed proofs are left to oidc-provider, which refuses them itself.
 */
export function dpopReplay(storage: Storage): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    const proof = req.headers.dpop
    if (typeof proof !== 'string') return next()
    let key: string
    try {
      const header = decodeProtectedHeader(proof)
      const { jti } = decodeJwt(proof)
      if (typeof jti !== 'string' || !header.jwk) return next()
      const thumbprint = await calculateJwkThumbprint(header.jwk as JWK)
      key = createHash('sha256').update(`${thumbprint}:${jti}`).digest('base64url')
    } catch {
      return next()
    }
    try {
      if (await storage.setIfAbsent('dpop-jti', key, true, { ttlSec: WINDOW_SEC })) return next()
    } catch (error) {
      return next(error)
    }
    const description = 'DPoP proof replayed: its jti was already used with this key'
    if (providerPathOf(`${req.baseUrl}${req.path}`) === '/me') {
      res
        .status(401)
        .set('WWW-Authenticate', `DPoP error="invalid_dpop_proof", error_description="${description}"`)
        .json({ error: 'invalid_dpop_proof', error_description: description })
      return
    }
    res
      .status(400)
      .set('Cache-Control', 'no-store')
      .json({ error: 'invalid_dpop_proof', error_description: description })
  }
}

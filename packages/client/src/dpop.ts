import { exportJWK, importJWK, type JWK } from 'jose'
import * as oidc from 'openid-client'
import type { Engine } from './engine.js'
import type { Jwk } from './options.js'

/**
 * A fresh DPoP key for one sign-in (RFC 9449), exported as a private JWK so the transaction and then the
 * session can carry it: tokens stay usable from any instance of the relying party, and one leaked key
 * binds only one citizen's tokens.
 */
export async function createDpopJwk(): Promise<Jwk> {
  const pair = await oidc.randomDPoPKeyPair('ES256', { extractable: true })
  return (await exportJWK(pair.privateKey)) as Jwk
}

/** openid-client's DPoP handle for a key carried in a transaction or token set. */
export async function dpopHandle(engine: Engine, jwk: Jwk): Promise<oidc.DPoPHandle> {
  const { d: _private, ...publicJwk } = jwk
  const [privateKey, publicKey] = await Promise.all([
    importJWK(jwk as JWK, 'ES256', { extractable: false }),
    importJWK({ ...publicJwk, ext: true } as JWK, 'ES256', { extractable: true }),
  ])
  return oidc.getDPoPHandle(engine.config, { privateKey, publicKey } as CryptoKeyPair)
}

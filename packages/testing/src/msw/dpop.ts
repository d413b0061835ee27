import { createHash, randomUUID } from 'node:crypto'
import { calculateJwkThumbprint, decodeProtectedHeader, EmbeddedJWK, type JWK, jwtVerify } from 'jose'
import { HttpResponse } from 'msw'
import { unauthorized } from './endpoint-plumbing.js'
import type { MockEidState, TokenGrant } from './state.js'

/** The proof algorithms the kit accepts (advertised as `dpop_signing_alg_values_supported`). */
export const DPOP_ALGORITHMS = ['ES256', 'ES384', 'PS256', 'RS256', 'EdDSA']

/** How far a proof's `iat` may be from the kit's clock. */
const IAT_WINDOW_SEC = 300

/** Why a proof was refused: the OAuth error and its description, and the nonce to send back if any. */
export interface DpopRefusal {
  error: 'invalid_dpop_proof' | 'use_dpop_nonce'
  description: string
  nonce?: string
}

const refuse = (description: string): DpopRefusal => ({ error: 'invalid_dpop_proof', description })

/**
 * Checks the DPoP proof of a request (RFC 9449 §4.3): one `DPoP` header, `typ: dpop+jwt`, a public `jwk`
 * that verifies it, `htm` and `htu` of this request, a fresh `iat`, a `jti` not seen before, `ath` when an
 * access token is presented, and the nonce `tamper.demandDpopNonce` asks for at the token endpoint.
 * Returns `undefined` without a proof, else the key's thumbprint or the refusal.
 */
export async function checkDpopProof(
  state: MockEidState,
  request: Request,
  options: { accessToken?: string; nonce?: boolean } = {},
): Promise<{ jkt: string } | DpopRefusal | undefined> {
  const proof = request.headers.get('dpop')
  if (proof === null) return undefined
  let header: ReturnType<typeof decodeProtectedHeader>
  try {
    header = decodeProtectedHeader(proof)
  } catch {
    return refuse('the DPoP header is not one JWS')
  }
  const jwk = header.jwk as JWK | undefined
  if (header.typ !== 'dpop+jwt' || !jwk || 'd' in jwk || !DPOP_ALGORITHMS.includes(String(header.alg))) {
    return refuse('expected typ dpop+jwt, a public jwk and an accepted alg')
  }
  let payload: Awaited<ReturnType<typeof jwtVerify>>['payload']
  try {
    ;({ payload } = await jwtVerify(proof, EmbeddedJWK, { typ: 'dpop+jwt', algorithms: DPOP_ALGORITHMS }))
  } catch {
    return refuse('the proof does not verify with its jwk')
  }
  const target = new URL(request.url)
  target.search = ''
  target.hash = ''
  const htu = typeof payload.htu === 'string' && URL.canParse(payload.htu) ? new URL(payload.htu) : undefined
  if (htu) htu.search = htu.hash = ''
  if (payload.htm !== request.method || htu?.href !== target.href) {
    return refuse('htm and htu must name this request')
  }
  if (typeof payload.iat !== 'number' || Math.abs(payload.iat - state.clock.now()) > IAT_WINDOW_SEC) {
    return refuse('iat missing or too far from now')
  }
  if (typeof payload.jti !== 'string' || payload.jti.length === 0 || state.dpopJtis.has(payload.jti)) {
    return refuse('jti missing or already used')
  }
  if (options.accessToken !== undefined) {
    const ath = createHash('sha256').update(options.accessToken).digest('base64url')
    if (payload.ath !== ath) return refuse('ath does not match the access token')
  }
  const demanded = options.nonce ? state.tamper.dpopNonce : undefined
  if (demanded) {
    if (demanded.renew) demanded.value = randomUUID()
    if (payload.nonce !== demanded.value) {
      return { error: 'use_dpop_nonce', description: 'a DPoP nonce is required', nonce: demanded.value }
    }
  }
  state.dpopJtis.add(payload.jti)
  return { jkt: await calculateJwkThumbprint(jwk) }
}

/** The token endpoint's answer to a refused proof (RFC 9449 §7.1, §8). */
export function dpopTokenError(refusal: DpopRefusal): Response {
  return HttpResponse.json(
    { error: refusal.error, error_description: refusal.description },
    {
      status: 400,
      headers: { 'cache-control': 'no-store', ...(refusal.nonce && { 'dpop-nonce': refusal.nonce }) },
    },
  )
}

const refusedAccess = (error: string) =>
  HttpResponse.json({ error }, { status: 401, headers: { 'www-authenticate': `DPoP error="${error}"` } })

/**
 * The live grant of a userinfo request's access token: a bearer token with `Bearer`, a DPoP-bound one
 * with `DPoP` and a proof by the bound key (RFC 9449 §7); otherwise the 401 to send back.
 */
export async function presentedGrant(state: MockEidState, request: Request): Promise<TokenGrant | Response> {
  const match = /^(Bearer|DPoP) ([\w.~+/-]+=*)$/i.exec(request.headers.get('authorization') ?? '')
  const grant = match?.[2] ? state.accessTokens.get(match[2]) : undefined
  if (!match?.[2] || !grant || grant.expiresAt < state.clock.now()) return unauthorized()
  const scheme = match[1]?.toLowerCase()
  // A bound token presented as a bearer token is refused: whoever holds it without the key cannot use it.
  if (grant.jkt === undefined) return scheme === 'bearer' ? grant : unauthorized()
  if (scheme !== 'dpop') return refusedAccess('invalid_token')
  const proof = await checkDpopProof(state, request, { accessToken: match[2] })
  if (!proof || !('jkt' in proof)) return refusedAccess('invalid_dpop_proof')
  return proof.jkt === grant.jkt ? grant : refusedAccess('invalid_token')
}

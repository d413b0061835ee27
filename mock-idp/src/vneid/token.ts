import type { Request, Response } from 'express'
import { decodeJwt } from 'jose'
import type { Logger } from '../logger.js'
import { sameSecret } from '../security/same-secret.js'
import type { DialectAccesses, DialectCodeRecord, DialectCodes } from './codes.js'
import { sealEnvelope } from './envelope.js'
import { DialectProblem } from './explain.js'
import { asIssuer, callInternally, type InternalResponse, type NodeHandler } from './internal-request.js'
import { VNEID_PATHS } from './paths.js'
import { redirectUriMismatch } from './redirect-uri.js'
import type { DialectClient } from './registration.js'

/** What the token facade needs. */
export interface TokenDependencies {
  clients: ReadonlyMap<string, DialectClient>
  codes: DialectCodes
  accesses: DialectAccesses
  /** The internal oidc-provider, read at call time (a key rotation rebuilds it). */
  provider: () => NodeHandler
  issuer: string
  explain: boolean
  logger: Logger
}

const field = (body: unknown, name: string): string | undefined => {
  const value = (body as Record<string, unknown> | undefined)?.[name]
  return typeof value === 'string' && value !== '' ? value : undefined
}

/** Redeems the internal code at oidc-provider's token endpoint, in-process. */
function redeemInternally(
  deps: TokenDependencies,
  record: DialectCodeRecord,
  client: DialectClient,
): Promise<InternalResponse> {
  return callInternally(deps.provider(), {
    method: 'POST',
    path: '/token',
    headers: { ...asIssuer(deps.issuer), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code: record.internalCode,
      redirect_uri: `${deps.issuer}${VNEID_PATHS.return}`,
      code_verifier: record.codeVerifier,
      client_id: client.clientId,
      client_secret: client.secret,
    }).toString(),
  })
}

/** The client, authenticated by `client_secret` in the form body (constant-time compare). */
function authenticate(req: Request, clients: ReadonlyMap<string, DialectClient>): DialectClient {
  const secret = field(req.body, 'client_secret')
  if (!secret) throw new DialectProblem(req.get('authorization') ? 'secret_in_header' : 'secret_missing')
  const client = clients.get(field(req.body, 'client_id') ?? '')
  // The secret is compared even for an unknown client_id, so timing does not tell which ids exist.
  const matches = sameSecret(secret, client?.secret ?? '\0unknown client')
  if (!client || !matches) throw new DialectProblem('secret_wrong')
  return client
}

/** The code's record, after every check an integrator can get wrong, in the order they matter. */
async function checkedCode(
  req: Request,
  client: DialectClient,
  codes: DialectCodes,
): Promise<[string, DialectCodeRecord]> {
  const code = field(req.body, 'code')
  if (!code) throw new DialectProblem('code_missing')
  if (code.includes(' ')) throw new DialectProblem('code_space')
  const record = await codes.find(code)
  if (!record)
    throw new DialectProblem((await codes.isEncryptedForm(code)) ? 'code_encrypted' : 'code_unknown')
  if (record.clientId !== client.clientId) throw new DialectProblem('code_other_client')
  const redirectUri = field(req.body, 'redirect_uri')
  if (!redirectUri) throw new DialectProblem('token_redirect_uri_missing')
  if (redirectUri !== record.redirectUri) {
    throw new DialectProblem(
      'token_redirect_uri_mismatch',
      redirectUriMismatch(redirectUri, [record.redirectUri]),
    )
  }
  if (record.encryptKey !== undefined) {
    const encryptKey = field(req.body, 'encrypt_key')
    if (!encryptKey) throw new DialectProblem('encrypt_key_missing')
    if (encryptKey.includes(' ')) throw new DialectProblem('encrypt_key_space')
    if (!sameSecret(encryptKey, record.encryptKey)) throw new DialectProblem('encrypt_key_mismatch')
  }
  return [code, record]
}

/**
 * `POST /vneid/token`: a form with `grant_type=authorization_code`, `code` (decrypted), `client_id`,
 * `client_secret`, `redirect_uri` and the callback's `encrypt_key`. Answers `{access_token, token_type,
 * expires_in}` (no ID token), as an envelope when the client has encryption on. A code is redeemed
 * once; presenting it again revokes what it gave (O02).
 *
 * @example
 * ```ts
 * router.post(VNEID_PATHS.token, express.urlencoded({ extended: false }), redeemDialectCode(deps))
 * ```
 */
export function redeemDialectCode(deps: TokenDependencies) {
  return async (req: Request, res: Response): Promise<void> => {
    if (req.method !== 'POST') throw new DialectProblem('token_method')
    if (!req.is('application/x-www-form-urlencoded')) {
      throw new DialectProblem(
        'token_content_type',
        `Content-Type was ${req.get('content-type')?.split(';')[0] ?? 'missing'}`,
      )
    }
    if (field(req.body, 'grant_type') !== 'authorization_code') throw new DialectProblem('grant_type')
    const client = authenticate(req, deps.clients)
    const [code, record] = await checkedCode(req, client, deps.codes)
    if (!(await deps.codes.markUsed(code))) {
      // oidc-provider revokes the tokens of a code presented twice: presenting the internal one again does it.
      await redeemInternally(deps, record, client)
      throw new DialectProblem('code_reused')
    }
    const internal = await redeemInternally(deps, record, client)
    if (internal.status !== 200) throw new DialectProblem('code_unknown')
    const tokens = JSON.parse(internal.text) as { access_token: string; expires_in: number; id_token: string }
    const level = decodeJwt(tokens.id_token).acr === '2' ? 2 : 1
    await deps.accesses.remember(tokens.access_token, { clientId: client.clientId, level }, tokens.expires_in)
    if (deps.explain && req.get('authorization')) {
      const note =
        'an Authorization header was sent as well; the provider ignores it (the secret goes in the body only)'
      res.setHeader('x-mock-explain', note)
      deps.logger.warn(
        { event: 'vneid_explain', clientId: client.clientId, notes: [note] },
        'VNeID dialect: explain',
      )
    }
    const answer = { access_token: tokens.access_token, token_type: 'Bearer', expires_in: tokens.expires_in }
    res.setHeader('cache-control', 'no-store')
    res.json(
      client.encrypt && client.publicKey ? sealEnvelope(answer, client.publicKey, client.aesMode) : answer,
    )
  }
}

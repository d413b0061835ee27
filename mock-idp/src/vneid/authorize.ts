import { createHash, randomBytes } from 'node:crypto'
import type { Request, Response } from 'express'
import type { Logger } from '../logger.js'
import { attributesOfScope } from '../provider/configuration.js'
import type { Storage } from '../storage/storage.js'
import { type DialectCodes, newDialectCode } from './codes.js'
import { sealWithFreshKey } from './envelope.js'
import { authorizationWarnings, DialectProblem } from './explain.js'
import { VNEID_PATHS } from './paths.js'
import { redirectUriMismatch } from './redirect-uri.js'
import type { DialectClient } from './registration.js'

/** What the authorization facade needs. */
export interface AuthorizeDependencies {
  clients: ReadonlyMap<string, DialectClient>
  /** `client_id`s of the standard clients, to explain a dialect request made with one of them. */
  standardClientIds: ReadonlySet<string>
  storage: Storage
  codes: DialectCodes
  issuer: string
  explain: boolean
  logger: Logger
}

/** A dialect authorization waiting for the internal flow to return. */
interface PendingAuthorization {
  clientId: string
  redirectUri: string
  state?: string
  codeVerifier: string
}

/** As long as the internal interaction may take (oidc-provider's `Interaction` TTL). */
const PENDING_TTL_SEC = 1800

/** Parameters passed on to the internal request: the mock's own extensions, harmless at the real one. */
const FORWARDED = ['login_hint', 'ui_locales', 'prompt', 'purpose', 'mock_scenario'] as const

const single = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined)

/**
 * Appends parameters to a redirect URI in order; `raw` values are NOT percent-encoded: the dialect sends
 * base64 `+`, `/` and `=` as they are, and relying parties must cope (a `+` read as a space breaks them).
 */
function withParameters(
  redirectUri: string,
  parameters: readonly (readonly [name: string, value: string | undefined, raw?: 'raw'])[],
): string {
  const parts = parameters
    .filter((p): p is readonly [string, string, 'raw'?] => p[1] !== undefined)
    .map(([name, value, raw]) => `${name}=${raw ? value : encodeURIComponent(value)}`)
  return `${redirectUri}${redirectUri.includes('?') ? '&' : '?'}${parts.join('&')}`
}

function redirect(res: Response, location: string): void {
  res.status(302).setHeader('location', location)
  res.setHeader('cache-control', 'no-store')
  res.end()
}

/**
 * `GET /vneid/authorize`: checks `client_id` and `redirect_uri` exactly (O01: an error page, never a
 * redirect), then starts a standard internal authorization (PKCE kept server-side) so the citizen goes
 * through the same screens, levels, consent and scenarios as everywhere else. `nonce`, PKCE and
 * `acr_values` are ignored, as at the real provider.
 *
 * @example
 * ```ts
 * router.get(VNEID_PATHS.authorize, startDialectAuthorization(deps))
 * ```
 */
export function startDialectAuthorization(deps: AuthorizeDependencies) {
  return async (req: Request, res: Response): Promise<void> => {
    const clientId = single(req.query.client_id) ?? ''
    const client = deps.clients.get(clientId)
    if (!client) {
      throw new DialectProblem(deps.standardClientIds.has(clientId) ? 'standard_client' : 'unknown_client')
    }
    const redirectUri = single(req.query.redirect_uri)
    if (!redirectUri) throw new DialectProblem('redirect_uri_missing')
    if (!client.redirectUris.includes(redirectUri)) {
      throw new DialectProblem('redirect_uri_mismatch', redirectUriMismatch(redirectUri, client.redirectUris))
    }
    const state = single(req.query.state)
    if (req.query.response_type !== 'code') {
      const problem = new DialectProblem('response_type')
      redirect(
        res,
        withParameters(redirectUri, [
          ['error', problem.error],
          ['error_description', problem.message],
          ['state', state],
        ]),
      )
      return
    }
    if (deps.explain) {
      const notes = authorizationWarnings({ redirectUri, state })
      if (notes.length > 0) {
        res.setHeader('x-mock-explain', notes.join('; '))
        deps.logger.warn(
          { event: 'vneid_explain', clientId, notes },
          'VNeID dialect: would be unwise at the real provider',
        )
      }
    }
    const codeVerifier = randomBytes(32).toString('base64url')
    const transaction = randomBytes(24).toString('base64url')
    const pending: PendingAuthorization = {
      clientId,
      redirectUri,
      codeVerifier,
      ...(state !== undefined && { state }),
    }
    await deps.storage.set('vneid-authorization', transaction, pending, { ttlSec: PENDING_TTL_SEC })
    const internal = new URLSearchParams({
      client_id: clientId,
      response_type: 'code',
      redirect_uri: `${deps.issuer}${VNEID_PATHS.return}`,
      // The dialect releases the identity; attributes named in its scope come along to the consent screen.
      scope: ['openid', 'identity', ...attributesOfScope(single(req.query.scope) ?? '')]
        .filter((s, i, all) => all.indexOf(s) === i)
        .join(' '),
      state: transaction,
      code_challenge: createHash('sha256').update(codeVerifier).digest('base64url'),
      code_challenge_method: 'S256',
    })
    for (const name of FORWARDED) {
      const value = single(req.query[name])
      if (value !== undefined) internal.set(name, value)
    }
    redirect(res, `/auth?${internal}`)
  }
}

/**
 * `GET /vneid/return`: where the internal flow comes back. Redeems nothing yet: it mints the dialect's
 * single-use code for the internal one and sends the browser to the relying party, with the code
 * encrypted (`code` + `encrypt_key`) when the client has encryption on. Errors go back as
 * `error`/`error_description`/`state`.
 *
 * @example
 * ```ts
 * router.get(VNEID_PATHS.return, finishDialectAuthorization(deps))
 * ```
 */
export function finishDialectAuthorization(deps: AuthorizeDependencies) {
  return async (req: Request, res: Response): Promise<void> => {
    const transaction = single(req.query.state) ?? ''
    const pending = transaction
      ? await deps.storage.get<PendingAuthorization>('vneid-authorization', transaction)
      : undefined
    // Used once: a second visit (a reload, a replay) finds nothing.
    if (
      !pending ||
      !(await deps.storage.delete('vneid-authorization', transaction)) ||
      single(req.query.iss) !== deps.issuer
    ) {
      throw new DialectProblem('authorization_unknown')
    }
    const client = deps.clients.get(pending.clientId)
    const internalCode = single(req.query.code)
    if (!client || !internalCode) {
      const error = single(req.query.error) ?? 'server_error'
      const description = single(req.query.error_description)
      redirect(
        res,
        withParameters(pending.redirectUri, [
          ['error', error],
          ['error_description', description],
          ['state', pending.state],
        ]),
      )
      return
    }
    const record = {
      clientId: client.clientId,
      redirectUri: pending.redirectUri,
      internalCode,
      codeVerifier: pending.codeVerifier,
    }
    if (!client.encrypt || !client.publicKey) {
      const code = newDialectCode()
      await deps.codes.store(code, record)
      redirect(
        res,
        withParameters(pending.redirectUri, [
          ['code', code],
          ['state', pending.state],
        ]),
      )
      return
    }
    // The AES key is wrapped first so the stored record knows the encrypt_key to expect back.
    const code = newDialectCode()
    const sealed = sealWithFreshKey(Buffer.from(code), client.publicKey, client.aesMode)
    await deps.codes.store(code, { ...record, encryptKey: sealed.wrappedKey })
    await deps.codes.rememberEncrypted(sealed.ciphertext)
    redirect(
      res,
      withParameters(pending.redirectUri, [
        ['code', sealed.ciphertext, 'raw'],
        ['state', pending.state],
        ['encrypt_key', sealed.wrappedKey, 'raw'],
      ]),
    )
  }
}

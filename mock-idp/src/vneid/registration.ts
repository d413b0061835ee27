import { createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto'
import { z } from 'zod'
import { VNEID_PATHS } from './paths.js'

/** Birth-date formats the dialect is seen to send. */
export type DialectDateFormat = 'dd/MM/yyyy' | 'yyyy-MM-dd'

/** AES modes seen in integrations: ECB (their final code) or CBC with the IV as the first 16 bytes. */
export type DialectAesMode = 'ecb' | 'cbc'

const rsaPublicJwk = z
  .looseObject({
    kty: z.literal('RSA', { error: 'expected an RSA key (kty "RSA"): the dialect wraps AES keys with RSA' }),
    n: z.string().min(1),
    e: z.string().min(1),
  })
  .refine((jwk) => jwk.d === undefined, {
    error: 'expected the public key only: remove "d" and the other private members',
  })

/**
 * A clients-file entry of the VNeID dialect. Besides `client_id`, `redirect_uris` and (optionally)
 * `client_name`, `consent_event_uri`: `"dialect": "vneid"`, a `client_secret`, and, while `encrypt` is
 * on (the default), the relying party's RSA public key in `jwks`. Sharing by transaction
 * (docs/vneid-share.md) adds `share_callback_uris`, and optionally `share_webhook_uri` with
 * `share_webhook_secret` (at least 32 characters) and `share_ttl_sec` (300 by default).
 *
 * @example
 * ```json
 * { "client_id": "demo-bank", "dialect": "vneid", "client_secret": "change-me-16+chars",
 *   "redirect_uris": ["http://localhost:3000/auth/callback"], "jwks": { "keys": [{ "kty": "RSA", "n": "…", "e": "AQAB" }] } }
 * ```
 */
export const dialectClientSchema = z
  .looseObject({
    dialect: z.literal('vneid'),
    client_id: z.string().min(1).max(128),
    client_secret: z.string().min(16, { error: 'expected a client_secret of at least 16 characters' }),
    redirect_uris: z.array(z.url()).min(1),
    encrypt: z.boolean().default(true),
    jwks: z.object({ keys: z.array(rsaPublicJwk).min(1) }).optional(),
    birth_date_format: z.enum(['dd/MM/yyyy', 'yyyy-MM-dd']).default('dd/MM/yyyy'),
    aes_mode: z.enum(['ecb', 'cbc']).default('ecb'),
    // Sharing by transaction (docs/vneid-share.md): where the app may return, and the signed webhook.
    share_callback_uris: z.array(z.url()).default([]),
    share_webhook_uri: z.url().optional(),
    share_webhook_secret: z
      .string()
      .min(32, { error: 'expected a share_webhook_secret of at least 32 characters' })
      .optional(),
    share_ttl_sec: z.number().int().min(1).max(3600).default(300),
  })
  .superRefine((entry, ctx) => {
    if ((entry.share_webhook_uri === undefined) !== (entry.share_webhook_secret === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: [entry.share_webhook_uri === undefined ? 'share_webhook_uri' : 'share_webhook_secret'],
        message: 'expected share_webhook_uri and share_webhook_secret together (the webhook is signed)',
      })
    }
    if (entry.encrypt && !entry.jwks) {
      ctx.addIssue({
        code: 'custom',
        path: ['jwks'],
        message: 'expected the relying party\'s RSA public key in jwks (or "encrypt": false)',
      })
    }
    for (const [index, jwk] of (entry.jwks?.keys ?? []).entries()) {
      try {
        const bits =
          createPublicKey({ key: jwk as JsonWebKey, format: 'jwk' }).asymmetricKeyDetails?.modulusLength ?? 0
        if (bits < 2048) {
          ctx.addIssue({
            code: 'custom',
            path: ['jwks', 'keys', index],
            message: 'expected at least 2048 bits',
          })
        }
      } catch {
        ctx.addIssue({
          code: 'custom',
          path: ['jwks', 'keys', index],
          message: 'not a usable RSA public key',
        })
      }
    }
  })

/** A VNeID-dialect relying party, as the facade uses it. */
export interface DialectClient {
  readonly clientId: string
  readonly secret: string
  readonly redirectUris: readonly string[]
  readonly encrypt: boolean
  /** The RSA key codes, token and userinfo answers are encrypted to (the first of `jwks`). */
  readonly publicKey: KeyObject | undefined
  readonly birthDateFormat: DialectDateFormat
  readonly aesMode: DialectAesMode
  /** The name shown to citizens (`client_name`, else the id). */
  readonly clientName: string
  /** Where the app may send the citizen back after a share (`share_callback_uris`, exact match). */
  readonly shareCallbackUris: readonly string[]
  /** The share webhook and its HMAC secret, when registered. */
  readonly shareWebhook: { readonly uri: string; readonly secret: string } | undefined
  /** How long a share transaction waits for the citizen (`share_ttl_sec`, 300 s by default). */
  readonly shareTtlSec: number
}

/** Whether a clients-file entry asks for the VNeID dialect. */
export function isDialectEntry(entry: Record<string, unknown>): boolean {
  return entry.dialect === 'vneid'
}

/**
 * The problems of a dialect entry, as option issues (empty when it is fine); `prefix` is its path.
 *
 * @example
 * ```ts
 * dialectEntryIssues({ dialect: 'vneid', client_id: 'x', redirect_uris: [] }, 'clients.0')
 * ```
 */
export function dialectEntryIssues(entry: unknown, prefix: string): { path: string; message: string }[] {
  const parsed = dialectClientSchema.safeParse(entry)
  if (parsed.success) return []
  return parsed.error.issues.map((i) => ({ path: [prefix, ...i.path].join('.'), message: i.message }))
}

/**
 * The dialect clients of a clients list, by `client_id` (entries are validated with the options).
 *
 * @example
 * ```ts
 * const clients = dialectClients(options.clients)
 * clients.get('demo-bank')?.encrypt // true
 * ```
 */
export function dialectClients(entries: readonly Record<string, unknown>[]): Map<string, DialectClient> {
  const clients = new Map<string, DialectClient>()
  for (const entry of entries.filter(isDialectEntry)) {
    const e = dialectClientSchema.parse(entry)
    const jwk = e.jwks?.keys[0]
    clients.set(e.client_id, {
      clientId: e.client_id,
      secret: e.client_secret,
      redirectUris: e.redirect_uris,
      encrypt: e.encrypt,
      publicKey: jwk ? createPublicKey({ key: jwk as JsonWebKey, format: 'jwk' }) : undefined,
      birthDateFormat: e.birth_date_format,
      aesMode: e.aes_mode,
      clientName: typeof e.client_name === 'string' && e.client_name !== '' ? e.client_name : e.client_id,
      shareCallbackUris: e.share_callback_uris,
      shareWebhook:
        e.share_webhook_uri !== undefined && e.share_webhook_secret !== undefined
          ? { uri: e.share_webhook_uri, secret: e.share_webhook_secret }
          : undefined,
      shareTtlSec: e.share_ttl_sec,
    })
  }
  return clients
}

const DIALECT_ONLY = [
  'dialect',
  'encrypt',
  'jwks',
  'birth_date_format',
  'aes_mode',
  'share_callback_uris',
  'share_webhook_uri',
  'share_webhook_secret',
  'share_ttl_sec',
] as const

/**
 * What oidc-provider registers for a dialect entry: the same `client_id` and secret, returning to the
 * facade (`/vneid/return`) instead of the relying party, so the citizen meets the very same screens,
 * levels, consent records and scenarios. Other entries are returned unchanged.
 *
 * @example
 * ```ts
 * providerConfiguration({ ...deps, clients: options.clients.map((c) => internalRegistration(c, issuer)) })
 * ```
 */
export function internalRegistration(
  entry: Record<string, unknown>,
  issuer: string,
): Record<string, unknown> {
  if (!isDialectEntry(entry)) return entry
  const internal: Record<string, unknown> = { ...entry }
  for (const name of DIALECT_ONLY) delete internal[name]
  return {
    ...internal,
    redirect_uris: [`${issuer}${VNEID_PATHS.return}`],
    token_endpoint_auth_method: 'client_secret_post',
    grant_types: ['authorization_code'],
    response_types: ['code'],
  }
}

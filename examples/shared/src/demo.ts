/**
 * The demo's registry: the example relying parties, their ports and client metadata, and the
 * development keys `npm start` generates on first start (kept in the git-ignored `.dev-keys/`).
 */
import { createPublicKey, generateKeyPairSync, randomBytes } from 'node:crypto'
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { Jwk } from '@dinhdanh/client'
import { exportJWK, generateKeyPair, importJWK } from 'jose'
import { type EidProfile, pkcs1DecryptionSupported } from './vneid.js'

export { type EidProfile, pkcs1DecryptionSupported, profileOf, VNEID_PLAIN_NOTE } from './vneid.js'

/** One example relying party of the demo. */
export interface DemoApp {
  name: 'bank' | 'hospital' | 'travel' | 'retail' | 'pharmacy'
  port: number
  clientId: string
  clientName: string
  /** The name the provider's English screens show (`client_name#en`). */
  clientNameEn: string
  /** Uses decoupled sign-in (CIBA, poll mode): the hospital's reception desk. */
  ciba: boolean
  /** Keeps signed-in sessions (registers back-channel logout); the shop only checks an age, once. */
  sessions: boolean
}

/** The examples, in the order of the landing page (the pharmacy runs on Hono, the others on Express). */
export const DEMO_APPS: readonly DemoApp[] = [
  {
    name: 'bank',
    port: 3001,
    clientId: 'demo-bank',
    clientName: 'Ngân hàng Sen Vàng',
    clientNameEn: 'Sen Vàng Bank',
    ciba: false,
    sessions: true,
  },
  {
    name: 'hospital',
    port: 3002,
    clientId: 'demo-hospital',
    clientName: 'Bệnh viện Đa khoa Hồng Hà',
    clientNameEn: 'Hồng Hà General Hospital',
    ciba: true,
    sessions: true,
  },
  {
    name: 'travel',
    port: 3003,
    clientId: 'demo-travel',
    clientName: 'Hãng bay Cánh Cò',
    clientNameEn: 'Cánh Cò Airlines',
    ciba: false,
    sessions: true,
  },
  {
    name: 'retail',
    port: 3004,
    clientId: 'demo-retail',
    clientName: 'Hầm rượu Đà Lạt Xưa',
    clientNameEn: 'Đà Lạt Xưa Wine Cellar',
    ciba: false,
    sessions: false,
  },
  {
    name: 'pharmacy',
    port: 3005,
    clientId: 'demo-pharmacy',
    clientName: 'Nhà thuốc Cỏ Mây',
    clientNameEn: 'Cỏ Mây Pharmacy',
    ciba: false,
    sessions: true,
  },
]

/** The port of the landing page. */
export const LANDING_PORT = 3000

/**
 * The client metadata an example registers with the provider for `baseUrl`: `private_key_jwt` with its
 * public key, the callback, the post-logout page, back-channel logout and consent-withdrawal events,
 * client credentials (the consent API), and CIBA in poll mode for the hospital.
 *
 * @example
 * ```ts
 * const metadata = clientMetadata(DEMO_APPS[0], 'http://localhost:3001', publicJwk)
 * ```
 */
export function clientMetadata(
  app: DemoApp,
  baseUrl: string,
  publicJwk: Jwk,
): Record<string, unknown> & {
  client_id: string
  redirect_uris: string[]
} {
  return {
    client_id: app.clientId,
    client_name: app.clientName,
    'client_name#en': app.clientNameEn,
    redirect_uris: [`${baseUrl}/auth/callback`],
    post_logout_redirect_uris: [`${baseUrl}/`],
    grant_types: [
      'authorization_code',
      'refresh_token',
      'client_credentials',
      ...(app.ciba ? ['urn:openid:params:grant-type:ciba'] : []),
    ],
    token_endpoint_auth_method: 'private_key_jwt',
    token_endpoint_auth_signing_alg: 'ES256',
    jwks: { keys: [publicJwk] },
    ...(app.sessions && {
      backchannel_logout_uri: `${baseUrl}/auth/backchannel-logout`,
      backchannel_logout_session_required: true,
    }),
    consent_event_uri: `${baseUrl}/auth/consent-events`,
    ...(app.ciba && { backchannel_token_delivery_mode: 'poll' }),
  }
}

/** A generated client key pair: the private JWK (for the app) and the public one (for the provider). */
export async function generateClientKey(kid: string): Promise<{ privateJwk: Jwk; publicJwk: Jwk }> {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true })
  return {
    privateJwk: { ...(await exportJWK(privateKey)), kid, alg: 'ES256' } as Jwk,
    publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' } as Jwk,
  }
}

async function publicOf(privateJwk: Jwk): Promise<Jwk> {
  await importJWK(privateJwk as Parameters<typeof importJWK>[0], 'ES256') // throws on a damaged file
  // Only the public members, named one by one: nothing private can slip through.
  const { kty, crv, x, y, kid, alg } = privateJwk as Jwk &
    Record<'kty' | 'crv' | 'x' | 'y' | 'kid' | 'alg', string>
  return { kty, crv, x, y, kid, alg, use: 'sig' } as Jwk
}

/** Where one example's development credentials are, and the environment that starts it. */
export interface DevCredentials {
  app: DemoApp
  baseUrl: string
  env: Record<string, string>
}

/**
 * The clients-file entry of an example on the VNeID dialect (docs/vneid-dialect.md): its client secret,
 * its callback, and its RSA public key for the encryption, which is on only when `encrypt` says so (the
 * relying party's runtime must decrypt RSA PKCS#1 v1.5: Node.js 22 or later).
 *
 * @example
 * ```ts
 * const entry = dialectClientMetadata(DEMO_APPS[0], 'http://localhost:3001', { secret, publicJwk, encrypt: false })
 * ```
 */
export function dialectClientMetadata(
  app: DemoApp,
  baseUrl: string,
  credentials: { secret: string; publicJwk: Record<string, unknown>; encrypt: boolean },
): Record<string, unknown> & { client_id: string; redirect_uris: string[] } {
  return {
    client_id: app.clientId,
    client_name: app.clientName,
    'client_name#en': app.clientNameEn,
    dialect: 'vneid',
    client_secret: credentials.secret,
    redirect_uris: [`${baseUrl}/auth/callback`],
    encrypt: credentials.encrypt,
    jwks: { keys: [credentials.publicJwk] },
  }
}

/** Where the bank receives the VNeID app's share callback and the signed share webhook (docs/vneid-share.md). */
export const BANK_SHARE_PATHS = { callback: '/callback/vneid', webhook: '/webhooks/vneid-share' } as const

/**
 * The clients-file entry of the bank's sharing from the VNeID app (eKYC, docs/vneid-share.md): a client
 * of the VNeID dialect of its own (`<clientId>-ekyc`, whatever profile the bank signs in with), plain,
 * with its share callback and its signed webhook.
 *
 * @example
 * ```ts
 * const entry = shareClientMetadata(DEMO_APPS[0], 'http://localhost:3001', { secret, webhookSecret })
 * ```
 */
export function shareClientMetadata(
  app: DemoApp,
  baseUrl: string,
  credentials: { secret: string; webhookSecret: string },
): Record<string, unknown> & { client_id: string; redirect_uris: string[] } {
  return {
    client_id: `${app.clientId}-ekyc`,
    client_name: app.clientName,
    'client_name#en': app.clientNameEn,
    dialect: 'vneid',
    client_secret: credentials.secret,
    // Required of every dialect entry; this client only shares (no sign-in comes back here).
    redirect_uris: [`${baseUrl}/auth/callback`],
    encrypt: false,
    share_callback_uris: [`${baseUrl}${BANK_SHARE_PATHS.callback}`],
    share_webhook_uri: `${baseUrl}${BANK_SHARE_PATHS.webhook}`,
    share_webhook_secret: credentials.webhookSecret,
  }
}

/** A file kept between starts: created with `create()` on first use, owner-only. */
function ensureFile(file: string, create: () => string): string {
  if (!existsSync(file)) writeFileSync(file, create(), { mode: 0o600 })
  chmodSync(file, 0o600)
  return file
}

/**
 * The bank's credentials in the VNeID dialect (`EID_PROFILE=vneid`): a client secret and an RSA private
 * key (PEM, owner-only, generated once like the other development keys), its registration and its
 * environment. The envelope key is handed to the bank only when this runtime can decrypt with it.
 */
function dialectCredentials(
  dir: string,
  app: DemoApp,
  baseUrl: string,
): { metadata: Record<string, unknown> & { client_id: string }; env: Record<string, string> } {
  const secretFile = ensureFile(join(dir, `${app.name}.vneid-client-secret`), () =>
    randomBytes(32).toString('base64url'),
  )
  const keyFile = ensureFile(resolve(dir, `${app.name}.vneid-envelope.private.pem`), () =>
    generateKeyPairSync('rsa', { modulusLength: 2048 })
      .privateKey.export({ format: 'pem', type: 'pkcs8' })
      .toString(),
  )
  const { kty, n, e } = createPublicKey(readFileSync(keyFile, 'utf8')).export({ format: 'jwk' })
  const encrypt = pkcs1DecryptionSupported()
  return {
    metadata: dialectClientMetadata(app, baseUrl, {
      secret: readFileSync(secretFile, 'utf8').trim(),
      publicJwk: { kty, n, e },
      encrypt,
    }),
    env: {
      EID_PROFILE: 'vneid',
      EID_CLIENT_SECRET_FILE: resolve(secretFile),
      ...(encrypt && { EID_ENVELOPE_KEY_FILE: keyFile }),
    },
  }
}

/**
 * Makes sure `dir` (`.dev-keys/`) holds a private key and a session secret per example (generated on
 * first use, kept afterwards, files readable by the owner only), writes `clients.json` for the provider,
 * and returns each example's environment (`PORT`, `BASE_URL`, `EID_ISSUER`, `EID_CLIENT_ID`,
 * `EID_PRIVATE_JWK_FILE`, `SESSION_SECRET`). With `profile: 'vneid'` the bank is registered as a client
 * of the VNeID dialect instead (see `dialectCredentials`); the other examples stay standard. The bank also
 * gets a dialect client for sharing from the VNeID app ({@link shareClientMetadata}) and its
 * `EID_SHARE_CLIENT_ID`, `EID_SHARE_CLIENT_SECRET_FILE` and `VNEID_WEBHOOK_SECRET_FILE`.
 *
 * @example
 * ```ts
 * const credentials = await ensureDevKeys('.dev-keys', { issuer: 'http://127.0.0.1:4000' })
 * ```
 */
export async function ensureDevKeys(
  dir: string,
  options: { issuer: string; profile?: EidProfile },
): Promise<DevCredentials[]> {
  mkdirSync(dir, { recursive: true, mode: 0o700 })
  chmodSync(dir, 0o700) // also when it existed with looser rights
  const clients: Record<string, unknown>[] = []
  const credentials: DevCredentials[] = []
  for (const app of DEMO_APPS) {
    const keyFile = resolve(dir, `${app.name}.private.jwk.json`)
    const secretFile = join(dir, `${app.name}.session-secret`)
    if (!existsSync(keyFile)) {
      const { privateJwk } = await generateClientKey(`${app.clientId}-dev`)
      writeFileSync(keyFile, `${JSON.stringify(privateJwk, null, 2)}\n`, { mode: 0o600 })
    }
    if (!existsSync(secretFile))
      writeFileSync(secretFile, randomBytes(36).toString('base64url'), { mode: 0o600 })
    for (const file of [keyFile, secretFile]) chmodSync(file, 0o600)
    const publicJwk = await publicOf(JSON.parse(readFileSync(keyFile, 'utf8')) as Jwk)
    const baseUrl = `http://localhost:${app.port}`
    const env: Record<string, string> = {
      PORT: String(app.port),
      BASE_URL: baseUrl,
      EID_ISSUER: options.issuer,
      EID_CLIENT_ID: app.clientId,
      EID_PRIVATE_JWK_FILE: keyFile,
      SESSION_SECRET: readFileSync(secretFile, 'utf8').trim(),
    }
    if (app.name === 'bank') {
      // Sharing from the VNeID app at account opening: its own dialect client, secret and webhook secret.
      const shareSecret = ensureFile(join(dir, 'bank.vneid-share-client-secret'), () =>
        randomBytes(32).toString('base64url'),
      )
      const webhookSecret = ensureFile(join(dir, 'bank.vneid-share-webhook-secret'), () =>
        randomBytes(36).toString('base64url'),
      )
      clients.push(
        shareClientMetadata(app, baseUrl, {
          secret: readFileSync(shareSecret, 'utf8').trim(),
          webhookSecret: readFileSync(webhookSecret, 'utf8').trim(),
        }),
      )
      Object.assign(env, {
        EID_SHARE_CLIENT_ID: `${app.clientId}-ekyc`,
        EID_SHARE_CLIENT_SECRET_FILE: resolve(shareSecret),
        VNEID_WEBHOOK_SECRET_FILE: resolve(webhookSecret),
      })
    }
    if (options.profile === 'vneid' && app.name === 'bank') {
      const dialect = dialectCredentials(dir, app, baseUrl)
      clients.push(dialect.metadata)
      credentials.push({ app, baseUrl, env: { ...env, ...dialect.env } })
      continue
    }
    clients.push(clientMetadata(app, baseUrl, publicJwk))
    credentials.push({ app, baseUrl, env })
  }
  // Owner-only too: under the VNeID dialect it holds the bank's client secret.
  writeFileSync(join(dir, 'clients.json'), `${JSON.stringify(clients, null, 2)}\n`, { mode: 0o600 })
  chmodSync(join(dir, 'clients.json'), 0o600)
  return credentials
}

/**
 * The demo's registry: the four example relying parties, their ports and client metadata, and the
 * development keys `npm start` generates on first start (kept in the git-ignored `.dev-keys/`).
 */
import { randomBytes } from 'node:crypto'
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { Jwk } from '@dinhdanh/client'
import { exportJWK, generateKeyPair, importJWK } from 'jose'

/** One example relying party of the demo. */
export interface DemoApp {
  name: 'bank' | 'hospital' | 'travel' | 'retail'
  port: number
  clientId: string
  clientName: string
  /** Uses decoupled sign-in (CIBA, poll mode): the hospital's reception desk. */
  ciba: boolean
  /** Keeps signed-in sessions (registers back-channel logout); the shop only checks an age, once. */
  sessions: boolean
}

/** The four examples, in the order of the landing page. */
export const DEMO_APPS: readonly DemoApp[] = [
  {
    name: 'bank',
    port: 3001,
    clientId: 'demo-bank',
    clientName: 'Ngân hàng Sen Vàng',
    ciba: false,
    sessions: true,
  },
  {
    name: 'hospital',
    port: 3002,
    clientId: 'demo-hospital',
    clientName: 'Bệnh viện Đa khoa Hồng Hà',
    ciba: true,
    sessions: true,
  },
  {
    name: 'travel',
    port: 3003,
    clientId: 'demo-travel',
    clientName: 'Hãng bay Cánh Cò',
    ciba: false,
    sessions: true,
  },
  {
    name: 'retail',
    port: 3004,
    clientId: 'demo-retail',
    clientName: 'Hầm rượu Đà Lạt Xưa',
    ciba: false,
    sessions: false,
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
 * Makes sure `dir` (`.dev-keys/`) holds a private key and a session secret per example (generated on
 * first use, kept afterwards, files readable by the owner only), writes `clients.json` for the provider,
 * and returns each example's environment (`PORT`, `BASE_URL`, `EID_ISSUER`, `EID_CLIENT_ID`,
 * `EID_PRIVATE_JWK_FILE`, `SESSION_SECRET`).
 *
 * @example
 * ```ts
 * const credentials = await ensureDevKeys('.dev-keys', { issuer: 'http://127.0.0.1:4000' })
 * ```
 */
export async function ensureDevKeys(dir: string, options: { issuer: string }): Promise<DevCredentials[]> {
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
    clients.push(clientMetadata(app, baseUrl, publicJwk))
    credentials.push({
      app,
      baseUrl,
      env: {
        PORT: String(app.port),
        BASE_URL: baseUrl,
        EID_ISSUER: options.issuer,
        EID_CLIENT_ID: app.clientId,
        EID_PRIVATE_JWK_FILE: keyFile,
        SESSION_SECRET: readFileSync(secretFile, 'utf8').trim(),
      },
    })
  }
  writeFileSync(join(dir, 'clients.json'), `${JSON.stringify(clients, null, 2)}\n`)
  return credentials
}

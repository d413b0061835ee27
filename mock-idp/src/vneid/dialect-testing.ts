/**
 * Test helpers for the VNeID dialect (tests only): a relying party registered with `"dialect": "vneid"`
 * and its RSA key, a provider knowing it, the raw callback (a `+` stays a `+`), the token request as a
 * correct integrator sends it, and the relying party's side of the encryption with Node's own crypto.
 */
import {
  constants,
  createDecipheriv,
  generateKeyPairSync,
  type KeyObject,
  privateDecrypt,
  publicEncrypt,
  randomBytes,
} from 'node:crypto'
import { CookieJar, followToRedirectUri } from '@dinhdanh/testing/browser'
import type { MockIdpOptions } from '../options.js'
import { createMockIdp, type MockIdp } from '../server.js'
import { dialectEndpoints } from './paths.js'

/**
 * Whether this Node.js decrypts RSA PKCS#1 v1.5 (22 and later; Node 20 refuses it, CVE-2023-46809). The
 * relying party's side of the encrypted flow needs it; the mock itself only encrypts.
 */
export const pkcs1DecryptSupported: boolean = (() => {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  try {
    const sealed = publicEncrypt(
      { key: publicKey, padding: constants.RSA_PKCS1_PADDING },
      Buffer.from('probe'),
    )
    return (
      privateDecrypt({ key: privateKey, padding: constants.RSA_PKCS1_PADDING }, sealed).toString() === 'probe'
    )
  } catch {
    return false
  }
})()

/** A dialect relying party: its clients-file entry, secret and RSA private key. */
export interface DialectRp {
  entry: Record<string, unknown> & { client_id: string }
  clientId: string
  secret: string
  redirectUri: string
  privateKey: KeyObject
}

/** A relying party `clientId` with a fresh 2048-bit RSA key; `extra` adds to (or overrides) its entry. */
export function dialectRp(clientId: string, extra: Record<string, unknown> = {}): DialectRp {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const secret = randomBytes(24).toString('base64url')
  const redirectUri = `http://127.0.0.1:9/${clientId}/callback`
  const entry = {
    client_id: clientId,
    client_name: `Dialect RP ${clientId}`,
    dialect: 'vneid',
    client_secret: secret,
    redirect_uris: [redirectUri],
    jwks: { keys: [{ ...publicKey.export({ format: 'jwk' }), use: 'enc' }] },
    ...extra,
  }
  return { entry, clientId, secret, redirectUri, privateKey }
}

/** A provider (memory store, auto-approve, silent) knowing these relying parties (and `standard` entries). */
export function startDialectIdp(
  rps: readonly DialectRp[],
  options: Omit<MockIdpOptions, 'clients'> & { standard?: Record<string, unknown>[] } = {},
): Promise<MockIdp> {
  const { standard = [], ...rest } = options
  return createMockIdp({
    port: 0,
    store: 'memory',
    autoApprove: true,
    logLevel: 'silent',
    ...rest,
    clients: [...rps.map((rp) => rp.entry), ...standard] as NonNullable<MockIdpOptions['clients']>,
  })
}

/** The dialect's authorization URL as the SDK builds it; `params` adds to or overrides the parameters. */
export function authorizationUrl(idp: MockIdp, rp: DialectRp, params: Record<string, string> = {}): string {
  const url = new URL(dialectEndpoints(idp.url).authorization)
  const all = {
    response_type: 'code',
    client_id: rp.clientId,
    redirect_uri: rp.redirectUri,
    scope: 'openid',
    state: randomBytes(12).toString('base64url'),
    ...params,
  }
  for (const [name, value] of Object.entries(all)) url.searchParams.set(name, value)
  return url.href
}

/** The parameters of a raw query, decoded the way the dialect needs (`+` stays `+`, `%xx` decoded). */
export function rawParameters(url: string): Map<string, string> {
  const query = url.split('?')[1]?.split('#')[0] ?? ''
  const out = new Map<string, string>()
  for (const part of query.split('&').filter(Boolean)) {
    const at = part.indexOf('=')
    out.set(at < 0 ? part : part.slice(0, at), at < 0 ? '' : decodeURIComponent(part.slice(at + 1)))
  }
  return out
}

/** The browser from the authorization URL to the callback (the `--auto-approve` path by `login_hint`). */
export async function callbackFor(
  idp: MockIdp,
  rp: DialectRp,
  params: Record<string, string> = {},
): Promise<{ url: string; state: string; params: Map<string, string> }> {
  const start = authorizationUrl(idp, rp, params)
  const url = await followToRedirectUri(start, rp.redirectUri, new CookieJar())
  return { url, state: new URL(start).searchParams.get('state') ?? '', params: rawParameters(url) }
}

/** A form POST to the dialect's token endpoint, as a correct integrator sends it; `fields` override. */
export async function tokenRequest(
  idp: MockIdp,
  rp: DialectRp,
  fields: Record<string, string | undefined>,
  headers: Record<string, string> = {},
): Promise<{ status: number; json: Record<string, unknown>; headers: Headers }> {
  const body = new URLSearchParams()
  const all = {
    grant_type: 'authorization_code',
    client_id: rp.clientId,
    client_secret: rp.secret,
    redirect_uri: rp.redirectUri,
    ...fields,
  }
  for (const [name, value] of Object.entries(all)) if (value !== undefined) body.set(name, value)
  const response = await fetch(dialectEndpoints(idp.url).token, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body,
  })
  return {
    status: response.status,
    json: (await response.json()) as Record<string, unknown>,
    headers: response.headers,
  }
}

/** A GET of the dialect's userinfo with a bearer token. */
export async function userinfoRequest(
  idp: MockIdp,
  accessToken: string,
): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(dialectEndpoints(idp.url).userinfo, {
    headers: { authorization: `Bearer ${accessToken}` },
  })
  return { status: response.status, json: (await response.json()) as Record<string, unknown> }
}

/** The relying party's side (Node 22+): unwraps an AES key and decrypts base64 AES-256-ECB (or CBC, IV first). */
export function openSealed(
  rp: DialectRp,
  ciphertext: string,
  wrappedKey: string,
  mode: 'ecb' | 'cbc' = 'ecb',
): string {
  const aesKey = privateDecrypt(
    { key: rp.privateKey, padding: constants.RSA_PKCS1_PADDING },
    Buffer.from(wrappedKey, 'base64'),
  )
  const bytes = Buffer.from(ciphertext, 'base64')
  const [iv, body] = mode === 'cbc' ? [bytes.subarray(0, 16), bytes.subarray(16)] : [null, bytes]
  const decipher = createDecipheriv(`aes-${aesKey.length * 8}-${mode}`, aesKey, iv)
  return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8')
}

/** An envelope `{data, key}` opened and parsed (Node 22+). */
export function openEnvelope(
  rp: DialectRp,
  envelope: Record<string, unknown>,
  mode: 'ecb' | 'cbc' = 'ecb',
): Record<string, unknown> {
  return JSON.parse(openSealed(rp, String(envelope.data), String(envelope.key), mode)) as Record<
    string,
    unknown
  >
}

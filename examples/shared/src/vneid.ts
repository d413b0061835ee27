/**
 * An example on the VNeID dialect (`EID_PROFILE=vneid`, docs/vneid-dialect.md): its settings from the
 * environment, its `profile: 'vneid'` client options, and whether this runtime can decrypt what the
 * provider encrypts (RSA PKCS#1 v1.5: Node.js 22 or later; Node.js 20 refuses it, CVE-2023-46809).
 */
import { constants, generateKeyPairSync, privateDecrypt, publicEncrypt } from 'node:crypto'
import { readFileSync } from 'node:fs'
import type { VneidClientOptions } from '@dinhdanh/client'
import { configurationError, type SiteConfig } from './config.js'

/** The profile an example signs in with: `EID_PROFILE` (`standard` unless it says `vneid`). */
export type EidProfile = 'standard' | 'vneid'

/**
 * The profile `env` asks for. Throws on anything but `standard`, `vneid` or nothing.
 *
 * @example
 * ```ts
 * profileOf({ EID_PROFILE: 'vneid' }) // 'vneid'
 * ```
 */
export function profileOf(env: Record<string, string | undefined>): EidProfile {
  const value = env.EID_PROFILE
  if (value === undefined || value === '' || value === 'standard') return 'standard'
  if (value === 'vneid') return 'vneid'
  throw configurationError(['EID_PROFILE: expected "standard" (the default) or "vneid"'])
}

let decryptionSupported: boolean | undefined

/**
 * Whether this runtime decrypts RSA PKCS#1 v1.5, which the dialect's encryption needs: tried, not read
 * from the version (Node.js 22 and 24 do, with implicit rejection; Node.js 20 refuses). The SDK decides
 * the same way at `createClient`.
 *
 * @example
 * ```ts
 * if (!pkcs1DecryptionSupported()) console.warn(VNEID_PLAIN_NOTE)
 * ```
 */
export function pkcs1DecryptionSupported(): boolean {
  if (decryptionSupported !== undefined) return decryptionSupported
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  try {
    const sealed = publicEncrypt(
      { key: publicKey, padding: constants.RSA_PKCS1_PADDING },
      Buffer.from('probe'),
    )
    decryptionSupported =
      privateDecrypt({ key: privateKey, padding: constants.RSA_PKCS1_PADDING }, sealed).toString() === 'probe'
  } catch {
    decryptionSupported = false
  }
  return decryptionSupported
}

/** What the console says when the dialect runs plain because the runtime cannot decrypt. */
export const VNEID_PLAIN_NOTE = `VNeID dialect in plain mode ("encrypt": false at the provider, no envelope key): this Node.js (${process.version}) refuses RSA PKCS#1 v1.5 decryption (CVE-2023-46809), so encrypted codes and envelopes need Node.js 22 or later. Run with Node.js 22+ for the encrypted dialect.`

/** An example's credentials in the dialect. */
export interface VneidSettings {
  /** The client secret, sent in the token request's body. */
  clientSecret: string
  /** The RSA private key (PEM) registered for encryption, or `undefined` for a plain registration. */
  envelopeKey: string | undefined
}

/**
 * Reads the dialect's credentials: `EID_CLIENT_SECRET` (or `EID_CLIENT_SECRET_FILE`), at least 16
 * characters, and `EID_ENVELOPE_KEY_FILE` (the RSA private key as PEM; leave it out for a plain
 * registration). One error names every bad variable, never a value.
 *
 * @example
 * ```ts
 * const { clientSecret, envelopeKey } = loadVneidSettings(process.env)
 * ```
 */
export function loadVneidSettings(env: Record<string, string | undefined>): VneidSettings {
  const problems: string[] = []
  const read = (name: string, file: string | undefined): string | undefined => {
    if (!file) return undefined
    try {
      return readFileSync(file, 'utf8').trim()
    } catch {
      problems.push(`${name}: the file cannot be read`)
      return undefined
    }
  }
  const clientSecret = env.EID_CLIENT_SECRET || read('EID_CLIENT_SECRET_FILE', env.EID_CLIENT_SECRET_FILE)
  if (!clientSecret || clientSecret.length < 16)
    problems.push(
      'EID_CLIENT_SECRET or EID_CLIENT_SECRET_FILE: expected the client secret the provider issued (at least 16 characters)',
    )
  const envelopeKey = read('EID_ENVELOPE_KEY_FILE', env.EID_ENVELOPE_KEY_FILE)
  if (envelopeKey !== undefined && !envelopeKey.includes('PRIVATE KEY-----'))
    problems.push('EID_ENVELOPE_KEY_FILE: expected an RSA private key in PEM')
  if (problems.length > 0 || !clientSecret) throw configurationError(problems)
  return { clientSecret, envelopeKey }
}

/**
 * The `profile: 'vneid'` client options of an example at `site`, against a provider whose dialect
 * endpoints are under its issuer (`/vneid/authorize`, `/vneid/token`, `/vneid/userinfo`, as the mock
 * serves them; a real deployment configures the provider's own).
 *
 * @example
 * ```ts
 * const client = await createClient(vneidClientOptions(site, loadVneidSettings(process.env)))
 * ```
 */
export function vneidClientOptions(site: SiteConfig, settings: VneidSettings): VneidClientOptions {
  return {
    profile: 'vneid',
    issuer: site.issuer,
    endpoints: {
      authorization: `${site.issuer}/vneid/authorize`,
      token: `${site.issuer}/vneid/token`,
      userinfo: `${site.issuer}/vneid/userinfo`,
    },
    clientId: site.clientId,
    clientAuth: { method: 'client_secret_post', secret: settings.clientSecret },
    redirectUri: `${site.baseUrl}/auth/callback`,
    ...(settings.envelopeKey !== undefined && { envelopeKey: settings.envelopeKey }),
  }
}

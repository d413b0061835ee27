/**
 * The bank's client for sharing from the VNeID app (eKYC, docs/vneid-share.md): its settings from the
 * environment and its `profile: 'vneid'` options with `share`. It is a client of its own, next to the one
 * the bank signs in with (standard OpenID Connect or the dialect), because the share gateway speaks the
 * VNeID dialect whatever the sign-in does.
 */
import { readFileSync } from 'node:fs'
import { createClient, type EidClient, type VneidClientOptions } from '@dinhdanh/client'
import {
  configurationError,
  isPlaceholderSecret,
  type SiteConfig,
  vneidClientOptions,
} from 'dinhdanh-example-shared'
import { BANK_SHARE_PATHS } from 'dinhdanh-example-shared/demo'

/** Where the app sends the citizen's browser back, and where the gateway posts the signed result. */
export const SHARE_PATHS = BANK_SHARE_PATHS

/** The share client's credentials. */
export interface ShareSettings {
  clientId: string
  clientSecret: string
  /** The webhook's HMAC secret: at least 32 random characters, never a placeholder. */
  webhookSecret: string
}

/**
 * Reads `EID_SHARE_CLIENT_ID`, `EID_SHARE_CLIENT_SECRET` (or `…_FILE`) and `VNEID_WEBHOOK_SECRET` (or
 * `…_FILE`). `undefined` when `EID_SHARE_CLIENT_ID` is not set: the bank then does not offer sharing from
 * the app. Throws one error naming every bad variable (never a value): a client secret under 16
 * characters, a webhook secret under 32 or copied from `.env.example`.
 *
 * @example
 * ```ts
 * const settings = loadShareSettings(process.env) // undefined: no "share from the app" button
 * ```
 */
export function loadShareSettings(env: Record<string, string | undefined>): ShareSettings | undefined {
  const clientId = env.EID_SHARE_CLIENT_ID?.trim()
  if (!clientId) return undefined
  const problems: string[] = []
  const read = (name: string): string | undefined => {
    if (env[name]) return env[name]
    const file = env[`${name}_FILE`]
    if (!file) return undefined
    try {
      return readFileSync(file, 'utf8').trim()
    } catch {
      problems.push(`${name}_FILE: the file cannot be read`)
      return undefined
    }
  }
  const clientSecret = read('EID_SHARE_CLIENT_SECRET')
  if (!clientSecret || clientSecret.length < 16)
    problems.push(
      'EID_SHARE_CLIENT_SECRET or EID_SHARE_CLIENT_SECRET_FILE: expected the share client secret the gateway issued (at least 16 characters)',
    )
  const webhookSecret = read('VNEID_WEBHOOK_SECRET')
  if (!webhookSecret || webhookSecret.length < 32)
    problems.push(
      'VNEID_WEBHOOK_SECRET or VNEID_WEBHOOK_SECRET_FILE: expected the webhook secret registered with the gateway (at least 32 characters)',
    )
  else if (isPlaceholderSecret(webhookSecret))
    problems.push(
      'VNEID_WEBHOOK_SECRET: expected a random value, not a placeholder (openssl rand -base64 48)',
    )
  if (problems.length > 0 || !clientSecret || !webhookSecret) throw configurationError(problems)
  return { clientId, clientSecret, webhookSecret }
}

/**
 * The share client's options against a provider that serves the share gateway under its issuer, as the
 * mock does (`/vneid/share/start`, `/vneid/share/result`, the app link `<issuer>/share/<txnId>`); a real
 * deployment puts its gateway's contract here.
 *
 * @example
 * ```ts
 * const share = await createClient(shareClientOptions(config, settings))
 * ```
 */
export function shareClientOptions(site: SiteConfig, settings: ShareSettings): VneidClientOptions {
  return {
    ...vneidClientOptions(
      { ...site, clientId: settings.clientId },
      { clientSecret: settings.clientSecret, envelopeKey: undefined },
    ),
    share: {
      endpoints: {
        start: `${site.issuer}/vneid/share/start`,
        result: `${site.issuer}/vneid/share/result`,
      },
      appLinkBase: `${site.issuer}/share`,
      callbackUrl: `${site.baseUrl}${SHARE_PATHS.callback}`,
      webhookSecret: settings.webhookSecret,
    },
  }
}

/**
 * The share client of the bank at `site` (`undefined` without settings).
 *
 * @example
 * ```ts
 * const share = await createShareClient(config, loadShareSettings(process.env))
 * ```
 */
export async function createShareClient(
  site: SiteConfig,
  settings: ShareSettings | undefined,
): Promise<EidClient | undefined> {
  return settings && (await createClient(shareClientOptions(site, settings)))
}

import { readFileSync } from 'node:fs'
import { type ClientOptions, createClient, type EidClient, type Jwk } from '@dinhdanh/client'
import { z } from 'zod'

/** The settings every example reads from its environment (see each example's `.env.example`). */
export interface ExampleConfig {
  port: number
  /** The public origin of the app, e.g. `http://localhost:3001`. */
  baseUrl: string
  issuer: string
  clientId: string
  privateJwk: Jwk
  sessionSecret: string
  /** The provider's citizen portal, where a citizen sees and withdraws consents. */
  portalUrl: string
}

/**
 * Whether a secret is a placeholder copied from an `.env.example` (`replace-…`, `change-me`, `example`,
 * `xxxxxxxx`): such a value would let anyone forge what the secret protects.
 *
 * @example
 * ```ts
 * isPlaceholderSecret('replace-with-the-output-of-openssl-rand-base64-48') // true
 * ```
 */
export function isPlaceholderSecret(value: string): boolean {
  return /replace|change.?me|example|secret-here|x{8}/i.test(value)
}

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535),
  BASE_URL: z.url().optional(),
  EID_ISSUER: z.url().default('http://127.0.0.1:4000'),
  EID_PORTAL_URL: z.url().optional(),
  EID_CLIENT_ID: z.string().min(1),
  EID_PRIVATE_JWK: z.string().min(2).optional(),
  EID_PRIVATE_JWK_FILE: z.string().min(1).optional(),
  SESSION_SECRET: z
    .string()
    .min(32, { error: 'expected at least 32 characters (openssl rand -base64 48)' })
    // A value copied from .env.example would let anyone forge sessions and CSRF tokens.
    .refine((value) => !isPlaceholderSecret(value), {
      error: 'expected a random value, not a placeholder (openssl rand -base64 48)',
    }),
})

/** The settings of an example that do not depend on how it authenticates to the provider. */
export type SiteConfig = Omit<ExampleConfig, 'privateJwk'>

const HOW_TO_START =
  'Copy .env.example to .env, fill it in, and start with `node --env-file=.env dist/server.js` (or run `npm start` at the repository root, which does it for you).'

/** The variables of `schema`, and what is wrong with them (by name, never a value). */
function parseEnv(
  env: Record<string, string | undefined>,
  defaults: Partial<Record<keyof z.input<typeof schema>, string>>,
): { data: z.output<typeof schema> | undefined; problems: string[] } {
  const present = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  )
  const parsed = schema.safeParse({ ...defaults, ...present })
  return parsed.success
    ? { data: parsed.data, problems: [] }
    : {
        data: undefined,
        problems: parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`),
      }
}

function siteOf(data: z.output<typeof schema>): SiteConfig {
  const baseUrl = (data.BASE_URL ?? `http://localhost:${data.PORT}`).replace(/\/$/, '')
  return {
    port: data.PORT,
    baseUrl,
    issuer: data.EID_ISSUER.replace(/\/$/, ''),
    clientId: data.EID_CLIENT_ID,
    sessionSecret: data.SESSION_SECRET,
    portalUrl: data.EID_PORTAL_URL ?? `${data.EID_ISSUER.replace(/\/$/, '')}/account`,
  }
}

/**
 * One error listing every problem by variable name, and what to do.
 *
 * @example
 * ```ts
 * throw configurationError(['EID_CLIENT_SECRET: expected at least 16 characters'])
 * ```
 */
export function configurationError(problems: readonly string[]): TypeError {
  return new TypeError(`Invalid configuration:\n  ${problems.join('\n  ')}\n${HOW_TO_START}`)
}

/**
 * Reads an example's settings from `env`. Throws one error listing every missing or bad variable by name
 * (never a value: two of them are secrets) and what to do.
 *
 * @example
 * ```ts
 * const config = loadConfig(process.env, { PORT: '3001', EID_CLIENT_ID: 'demo-bank' })
 * ```
 */
export function loadConfig(
  env: Record<string, string | undefined>,
  defaults: Partial<Record<keyof z.input<typeof schema>, string>> = {},
): ExampleConfig {
  const { data, problems } = parseEnv(env, defaults)
  let privateJwk: unknown
  if (data) {
    const { EID_PRIVATE_JWK: inline, EID_PRIVATE_JWK_FILE: file } = data
    try {
      if (inline) privateJwk = JSON.parse(inline)
      else if (file) privateJwk = JSON.parse(readFileSync(file, 'utf8'))
      else
        problems.push('EID_PRIVATE_JWK or EID_PRIVATE_JWK_FILE: expected the private key (JWK) of the client')
    } catch {
      problems.push(`${inline ? 'EID_PRIVATE_JWK' : 'EID_PRIVATE_JWK_FILE'}: expected a JSON Web Key (JSON)`)
    }
  }
  if (!data || problems.length > 0) throw configurationError(problems)
  return { ...siteOf(data), privateJwk: privateJwk as Jwk }
}

/**
 * The settings of an example without its client key, for a client that authenticates otherwise (the
 * VNeID dialect's client secret, see `loadVneidSettings`). Same errors as {@link loadConfig}.
 *
 * @example
 * ```ts
 * const site = loadSiteConfig(process.env, { PORT: '3001', EID_CLIENT_ID: 'demo-bank' })
 * ```
 */
export function loadSiteConfig(
  env: Record<string, string | undefined>,
  defaults: Partial<Record<keyof z.input<typeof schema>, string>> = {},
): SiteConfig {
  const { data, problems } = parseEnv(env, defaults)
  if (!data || problems.length > 0) throw configurationError(problems)
  return siteOf(data)
}

/**
 * Creates the `EidClient` of an example, waiting for the provider when it is not up yet (the demo
 * starts everything at once; a real deployment would rather fail its health check). Retries discovery
 * with a growing pause, then gives up with the SDK's error.
 *
 * @example
 * ```ts
 * const client = await connectToProvider({ issuer, clientId, clientAuth, redirectUri }, { attempts: 30 })
 * ```
 */
export async function connectToProvider(
  options: ClientOptions,
  wait: { attempts?: number; log?: (message: string) => void } = {},
): Promise<EidClient> {
  const attempts = wait.attempts ?? 30
  for (let attempt = 1; ; attempt++) {
    try {
      return await createClient(options)
    } catch (error) {
      const code = (error as { code?: string }).code
      const retryable = code === 'ERR_EID_NETWORK' || code === 'ERR_EID_DISCOVERY'
      if (!retryable || attempt >= attempts) throw error
      wait.log?.(`provider ${options.issuer} not reachable yet (${code}); retrying`)
      await new Promise((resolve) => setTimeout(resolve, Math.min(250 * attempt, 2000)))
    }
  }
}

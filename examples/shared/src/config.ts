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
    .refine((value) => !/replace|change.?me|example|secret-here|x{8}/i.test(value), {
      error: 'expected a random value, not a placeholder (openssl rand -base64 48)',
    }),
})

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
  const present = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  )
  const parsed = schema.safeParse({ ...defaults, ...present })
  const problems = parsed.success
    ? []
    : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`)
  let privateJwk: unknown
  if (parsed.success) {
    const { EID_PRIVATE_JWK: inline, EID_PRIVATE_JWK_FILE: file } = parsed.data
    try {
      if (inline) privateJwk = JSON.parse(inline)
      else if (file) privateJwk = JSON.parse(readFileSync(file, 'utf8'))
      else
        problems.push('EID_PRIVATE_JWK or EID_PRIVATE_JWK_FILE: expected the private key (JWK) of the client')
    } catch {
      problems.push(`${inline ? 'EID_PRIVATE_JWK' : 'EID_PRIVATE_JWK_FILE'}: expected a JSON Web Key (JSON)`)
    }
  }
  if (!parsed.success || problems.length > 0) {
    throw new TypeError(
      `Invalid configuration:\n  ${problems.join('\n  ')}\nCopy .env.example to .env, fill it in, and start with \`node --env-file=.env dist/server.js\` (or run \`npm start\` at the repository root, which does it for you).`,
    )
  }
  const data = parsed.data
  const baseUrl = (data.BASE_URL ?? `http://localhost:${data.PORT}`).replace(/\/$/, '')
  return {
    port: data.PORT,
    baseUrl,
    issuer: data.EID_ISSUER.replace(/\/$/, ''),
    clientId: data.EID_CLIENT_ID,
    privateJwk: privateJwk as Jwk,
    sessionSecret: data.SESSION_SECRET,
    portalUrl: data.EID_PORTAL_URL ?? `${data.EID_ISSUER.replace(/\/$/, '')}/account`,
  }
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

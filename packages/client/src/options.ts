import { z } from 'zod'
import { EidConfigError } from './errors/config-error.js'
import { DEFAULT_LEVELS, type LevelMap } from './level-of-assurance.js'

/**
 * A JSON Web Key as accepted by the SDK (a plain object; validated, never logged).
 *
 * @example
 * ```ts
 * const jwk: Jwk = { kty: 'EC', crv: 'P-256', x: '…', y: '…', d: '…', kid: 'bank-2026' }
 * ```
 */
export interface Jwk {
  kty: string
  kid?: string
  alg?: string
  use?: string
  crv?: string
  x?: string
  y?: string
  n?: string
  e?: string
  d?: string
  [parameter: string]: unknown
}

/**
 * Asymmetric JWS algorithms the SDK accepts for ID tokens and client assertions.
 *
 * @example
 * ```ts
 * SIGNING_ALGS.includes('ES256') // true; HS256 is deliberately absent
 * ```
 */
export const SIGNING_ALGS = ['ES256', 'ES384', 'PS256', 'RS256', 'EdDSA'] as const

/**
 * An asymmetric JWS algorithm. HMAC algorithms are deliberately absent: a provider's ID tokens are
 * verified only with its published public keys, which rules out the HS256-with-public-key confusion.
 *
 * @example
 * ```ts
 * const alg: SigningAlg = 'ES256'
 * ```
 */
export type SigningAlg = (typeof SIGNING_ALGS)[number]

const SECRET_MIN_LENGTH = 16

const urlSchema = z
  .string({ error: 'expected an absolute URL string' })
  .refine((value) => URL.canParse(value), { error: 'expected an absolute URL', abort: true })
  .refine((value) => /^https?:$/.test(new URL(value).protocol), { error: 'expected an http(s) URL' })

const jwkSchema = z.looseObject({
  kty: z.enum(['EC', 'RSA', 'OKP'], { error: 'expected kty EC, RSA or OKP' }),
})

const privateJwkSchema = jwkSchema.refine((jwk) => typeof jwk.d === 'string' && jwk.d.length > 0, {
  error: 'expected a PRIVATE JWK (with "d"); the public key goes to the provider, the private key stays here',
})

const clientAuthSchema = z.discriminatedUnion(
  'method',
  [
    z.object({
      method: z.literal('private_key_jwt'),
      privateJwk: privateJwkSchema,
      alg: z.enum(SIGNING_ALGS).optional(),
    }),
    z.object({
      method: z.literal('client_secret_basic'),
      secret: z
        .string({ error: 'expected the client secret as a string' })
        .min(SECRET_MIN_LENGTH, { error: `expected a secret of at least ${SECRET_MIN_LENGTH} characters` }),
    }),
  ],
  {
    error: 'expected { method: "private_key_jwt", privateJwk } or { method: "client_secret_basic", secret }',
  },
)

const dispatcherSchema = z.custom<object>(
  (value) =>
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { dispatch?: unknown }).dispatch === 'function',
  { error: 'expected an undici Dispatcher (e.g. new Agent({ ... }))' },
)

const levelsSchema = z
  .object({ 1: z.string().min(1), 2: z.string().min(1) })
  .refine((levels) => levels[1] !== levels[2], { error: 'expected different acr values for levels 1 and 2' })

const optionsSchema = z.object({
  profile: z.literal('oidc', { error: 'expected profile "oidc" (the default) or "vneid"' }).optional(),
  issuer: urlSchema,
  clientId: z
    .string({ error: 'expected the client_id as a string' })
    .min(1, { error: 'expected a non-empty clientId' }),
  clientAuth: clientAuthSchema,
  redirectUri: urlSchema,
  postLogoutRedirectUri: urlSchema.optional(),
  par: z.enum(['auto', 'always', 'never']).default('auto'),
  dpop: z.boolean().default(false),
  decryptionJwks: z
    .union([z.array(privateJwkSchema).min(1), z.object({ keys: z.array(privateJwkSchema).min(1) })])
    .optional(),
  requireEncrypted: z
    .strictObject(
      { idToken: z.boolean().optional(), userinfo: z.boolean().optional() },
      { error: 'expected { idToken?: boolean, userinfo?: boolean }' },
    )
    .optional(),
  levels: levelsSchema.optional(),
  idTokenSigningAlg: z.enum(SIGNING_ALGS).default('ES256'),
  clockToleranceSec: z
    .number()
    .int()
    .min(0)
    .max(60, { error: 'expected at most 60 seconds (a larger tolerance accepts stale tokens)' })
    .default(30),
  transactionTtlSec: z.number().int().min(60).max(3600).default(600),
  allowInsecureHttp: z.boolean().default(false),
  http: z
    .object({
      timeoutMs: z.number().int().min(100).max(120_000).default(10_000),
      retries: z.number().int().min(0).max(5).default(2),
      dispatcher: dispatcherSchema.optional(),
    })
    .default({ timeoutMs: 10_000, retries: 2 }),
})

/**
 * Options of {@link createClient}.
 *
 * @example
 * ```ts
 * const options: ClientOptions = {
 *   issuer: 'http://localhost:4000',
 *   clientId: 'demo-bank',
 *   clientAuth: { method: 'private_key_jwt', privateJwk },
 *   redirectUri: 'http://localhost:3001/auth/callback',
 * }
 * ```
 */
export interface ClientOptions {
  /** Standard OpenID Connect, the default. For the VNeID dialect see `VneidClientOptions`. */
  profile?: 'oidc'
  /** The provider's issuer URL; discovery must return exactly this value. */
  issuer: string
  /** The client_id registered with the provider. */
  clientId: string
  /** How the client authenticates at the token, PAR and revocation endpoints. */
  clientAuth:
    | { method: 'private_key_jwt'; privateJwk: Jwk; alg?: SigningAlg }
    | { method: 'client_secret_basic'; secret: string }
  /** The registered redirect URI the provider sends the browser back to. */
  redirectUri: string
  /** Default `post_logout_redirect_uri` for {@link EidClient.signOutUrl}. */
  postLogoutRedirectUri?: string
  /** Pushed authorization requests: `auto` (default) uses PAR when advertised or required. */
  par?: 'auto' | 'always' | 'never'
  /** Sender-constrain tokens with DPoP (RFC 9449). Default `false`. */
  dpop?: boolean
  /**
   * Private keys to decrypt JWE ID tokens and userinfo; when set, unencrypted ones are rejected unless
   * {@link ClientOptions.requireEncrypted} says otherwise.
   */
  decryptionJwks?: Jwk[] | { keys: Jwk[] }
  /**
   * Which responses must arrive encrypted (JWE) to this client. Default: both, when `decryptionJwks` is
   * set (the safe choice: a provider that encrypts for this client registered it, and a plain response
   * would mean someone stripped or replaced it); neither without `decryptionJwks`. Set
   * `{ userinfo: false }` for a client registered with `id_token_encrypted_response_alg` alone (its
   * userinfo is plain JSON over TLS, as in standard OpenID Connect; an encrypted one is still accepted
   * when the provider lists its signing algorithm in `userinfo_signing_alg_values_supported`).
   * Asking for encryption without `decryptionJwks` is an `ERR_EID_CONFIG`.
   *
   * @example
   * ```ts
   * createClient({ ...options, decryptionJwks: [encJwk], requireEncrypted: { idToken: true, userinfo: false } })
   * ```
   */
  requireEncrypted?: { idToken?: boolean; userinfo?: boolean }
  /** The provider's `acr` values for levels 1 and 2. Default `{ 1: '1', 2: '2' }`. */
  levels?: LevelMap
  /** The one algorithm ID tokens must be signed with (pinned). Default `ES256`. */
  idTokenSigningAlg?: SigningAlg
  /** Clock tolerance for `exp`/`iat`/`auth_time`, 0-60 seconds. Default 30. */
  clockToleranceSec?: number
  /** Lifetime of a sign-in transaction. Default 600 seconds. */
  transactionTtlSec?: number
  /** Allow a plain-http issuer that is not on loopback (never in production). Default `false`. */
  allowInsecureHttp?: boolean
  /** HTTP settings: timeout per request (default 10 s), GET retries (default 2), an undici dispatcher. */
  http?: { timeoutMs?: number; retries?: number; dispatcher?: object }
}

/**
 * The options after validation and defaults.
 *
 * @example
 * ```ts
 * const resolved: ResolvedOptions = resolveOptions(options)
 * ```
 */
export type ResolvedOptions = Omit<
  z.output<typeof optionsSchema>,
  'levels' | 'decryptionJwks' | 'clientAuth' | 'requireEncrypted'
> & {
  levels: LevelMap
  decryptionJwks: Jwk[] | undefined
  /** Which responses must arrive encrypted, after the default (both with `decryptionJwks`, else neither). */
  requireEncrypted: { idToken: boolean; userinfo: boolean }
  clientAuth: ClientOptions['clientAuth']
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]'])

/**
 * True for `localhost`, `127.0.0.0/8` and `[::1]`, where plain http is acceptable for development.
 *
 * @example
 * ```ts
 * isLoopbackUrl(new URL('http://127.0.0.1:4000')) // true
 * ```
 */
export function isLoopbackUrl(url: URL): boolean {
  return LOOPBACK_HOSTS.has(url.hostname) || /^127(\.\d{1,3}){3}$/.test(url.hostname)
}

/**
 * Validates `createClient` options and applies defaults. Throws one {@link EidConfigError} listing every
 * bad field; never echoes secret values.
 *
 * @example
 * ```ts
 * const resolved = resolveOptions({ issuer, clientId, clientAuth, redirectUri })
 * resolved.clockToleranceSec // 30
 * ```
 */
export function resolveOptions(input: unknown): ResolvedOptions {
  const parsed = optionsSchema.safeParse(input)
  if (!parsed.success) {
    throw new EidConfigError(
      parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
    )
  }
  const value = parsed.data
  const issues: { path: string; message: string }[] = []
  for (const key of ['issuer', 'redirectUri'] as const) {
    const url = new URL(value[key])
    if (url.protocol === 'http:' && !isLoopbackUrl(url) && !value.allowInsecureHttp) {
      issues.push({ path: key, message: 'expected https (plain http is allowed only on loopback)' })
    }
    if (url.hash) issues.push({ path: key, message: 'expected a URL without a #fragment' })
  }
  const jwks = value.decryptionJwks
  const encrypting = jwks !== undefined
  const requireEncrypted = {
    idToken: value.requireEncrypted?.idToken ?? encrypting,
    userinfo: value.requireEncrypted?.userinfo ?? encrypting,
  }
  for (const key of ['idToken', 'userinfo'] as const) {
    if (requireEncrypted[key] && !encrypting) {
      issues.push({
        path: `requireEncrypted.${key}`,
        message: 'expected decryptionJwks too: an encrypted response cannot be read without the private key',
      })
    }
  }
  if (issues.length > 0) throw new EidConfigError(issues)
  return {
    ...value,
    requireEncrypted,
    clientAuth: value.clientAuth as ClientOptions['clientAuth'],
    levels: value.levels ?? DEFAULT_LEVELS,
    decryptionJwks: (jwks === undefined ? undefined : Array.isArray(jwks) ? jwks : jwks.keys) as
      | Jwk[]
      | undefined,
  }
}

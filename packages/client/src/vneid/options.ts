import { z } from 'zod'
import { EidConfigError } from '../errors/config-error.js'
import { isLoopbackUrl, type Jwk } from '../options.js'
import type { AesMode } from './envelope.js'
import type { EnvelopeKeyInput } from './envelope-key.js'
import { shareOptionsSchema, type VneidShareOptions } from './share/options.js'

/**
 * The names of the userinfo claims the VNeID dialect maps to the citizen. Defaults are what public
 * integrations show; each is a setting because there is no official specification.
 *
 * @example
 * ```ts
 * const claims: VneidClaimNames = { personalNumber: 'citizenPid', fullName: 'fullName', birthDate: 'birthDate', gender: 'gender', accountType: 'accountType', accountLevel: 'accountLevel' }
 * ```
 */
export interface VneidClaimNames {
  /** The 12-digit personal number. Default `citizenPid`. */
  personalNumber: string
  /** Full name, surname first. Default `fullName`. */
  fullName: string
  /** Birth date, in one of `birthDateFormats`. Default `birthDate`. */
  birthDate: string
  /** Gender, when sent (`Nam`/`Nữ`, `male`/`female`, `M`/`F`); derived from the personal number otherwise. Default `gender`. */
  gender: string
  /** Account type (passed through). Default `accountType`. */
  accountType: string
  /** Account level, 1 or 2 as a number or a string. Default `accountLevel`. */
  accountLevel: string
}

/**
 * A birth-date format the dialect accepts.
 *
 * @example
 * ```ts
 * const formats: VneidDateFormat[] = ['dd/MM/yyyy', 'yyyy-MM-dd']
 * ```
 */
export type VneidDateFormat = 'dd/MM/yyyy' | 'yyyy-MM-dd'

/**
 * The settings for what public integrations leave uncertain about the VNeID dialect. Every default is
 * the best-supported reading; see docs/vneid-dialect.md.
 *
 * @example
 * ```ts
 * const dialect: VneidDialectSettings = { aesMode: 'cbc', tokenRequestCode: 'encrypted' }
 * ```
 */
export interface VneidDialectSettings {
  /** AES mode of encrypted codes and envelopes. Default `ecb`. */
  aesMode?: AesMode
  /** Which code the token request carries when the callback's was encrypted. Default `decrypted`. */
  tokenRequestCode?: 'decrypted' | 'encrypted'
  /** Body of the token request. Default `form` (`application/x-www-form-urlencoded`). */
  tokenRequestFormat?: 'form' | 'json'
  /** Also send the PKCE `code_verifier` in the token request (the challenge is always sent). Default `false`. */
  sendCodeVerifier?: boolean
  /** Require an encrypted code in every callback and envelopes from token and userinfo. Default `false`. */
  requireEncryption?: boolean
  /** The `scope` of the authorization request. Default `openid`. */
  scope?: string
  /** Userinfo claim names. */
  claims?: Partial<VneidClaimNames>
  /** Accepted birth-date formats, tried in order. Default `['dd/MM/yyyy', 'yyyy-MM-dd']`. */
  birthDateFormats?: readonly VneidDateFormat[]
}

/**
 * Options of `createClient` for the VNeID dialect (`profile: 'vneid'`): OAuth 2 with configured
 * endpoints, a client secret in the token request's body, no ID token, identity from userinfo, and
 * optional RSA/AES encryption of the code and of the responses.
 *
 * @example
 * ```ts
 * const options: VneidClientOptions = {
 *   profile: 'vneid',
 *   issuer: 'https://sso.vneid.example',
 *   endpoints: {
 *     authorization: 'https://sso.vneid.example/oauth/authorize',
 *     token: 'https://sso.vneid.example/oauth/token',
 *     userinfo: 'https://sso.vneid.example/oauth/userinfo',
 *   },
 *   clientId: 'demo-bank',
 *   clientAuth: { method: 'client_secret_post', secret: process.env.VNEID_SECRET! },
 *   redirectUri: 'https://bank.example/auth/callback',
 *   envelopeKey: readFileSync('/run/secrets/vneid-rsa.pem', 'utf8'),
 * }
 * ```
 */
export interface VneidClientOptions {
  profile: 'vneid'
  /**
   * The provider's base URL. Not discovered: it names the provider in transactions, and the token,
   * userinfo and end-session endpoints must share its origin.
   */
  issuer: string
  /** The provider's endpoints (no discovery in this dialect). */
  endpoints: { authorization: string; token: string; userinfo: string; endSession?: string }
  clientId: string
  /** The client secret, sent in the token request's body. */
  clientAuth: { method: 'client_secret_post'; secret: string }
  redirectUri: string
  /**
   * The RSA private key (PEM or JWK) whose public half is registered with the provider. Needed for
   * encrypted codes and envelopes, and then Node.js 22 or later. Omit it for a provider that sends
   * everything plain; an encrypted callback or envelope is then refused with `ERR_EID_UNSUPPORTED`.
   */
  envelopeKey?: EnvelopeKeyInput
  /** Settings for the dialect's uncertain points. */
  dialect?: VneidDialectSettings
  /** Default `post_logout_redirect_uri` for `signOutUrl`. */
  postLogoutRedirectUri?: string
  /** Lifetime of a sign-in transaction. Default 600 seconds. */
  transactionTtlSec?: number
  /** Allow plain-http URLs that are not on loopback (never in production). Default `false`. */
  allowInsecureHttp?: boolean
  /** HTTP settings: timeout per request (default 10 s), an undici dispatcher. */
  http?: { timeoutMs?: number; dispatcher?: object }
  /**
   * Sharing data from the VNeID app by transaction (`eid.share`, the eKYC flow): the gateway's endpoints,
   * the app link, the callback and the webhook secret. See docs/vneid-share.md.
   */
  share?: VneidShareOptions
}

const SECRET_MIN_LENGTH = 16

const urlSchema = z
  .string({ error: 'expected an absolute URL string' })
  .refine((value) => URL.canParse(value), { error: 'expected an absolute URL', abort: true })
  .refine((value) => /^https?:$/.test(new URL(value).protocol), { error: 'expected an http(s) URL' })

const claimName = z.string().min(1).max(64)

const schema = z.object({
  profile: z.literal('vneid'),
  issuer: urlSchema,
  endpoints: z.object(
    {
      authorization: urlSchema,
      token: urlSchema,
      userinfo: urlSchema,
      endSession: urlSchema.optional(),
    },
    {
      error: 'expected { authorization, token, userinfo, endSession? } URLs (this dialect has no discovery)',
    },
  ),
  clientId: z
    .string({ error: 'expected the client_id as a string' })
    .min(1, { error: 'expected a non-empty clientId' }),
  clientAuth: z.object(
    {
      method: z.literal('client_secret_post', {
        error: 'expected method "client_secret_post" (the VNeID dialect)',
      }),
      secret: z
        .string({ error: 'expected the client secret as a string' })
        .min(SECRET_MIN_LENGTH, { error: `expected a secret of at least ${SECRET_MIN_LENGTH} characters` }),
    },
    { error: 'expected { method: "client_secret_post", secret }' },
  ),
  redirectUri: urlSchema,
  envelopeKey: z
    .union([z.string(), z.looseObject({ kty: z.string() })], {
      error: 'expected the RSA private key as a PEM string or a JWK object',
    })
    .optional(),
  dialect: z
    .object({
      aesMode: z.enum(['ecb', 'cbc']).default('ecb'),
      tokenRequestCode: z.enum(['decrypted', 'encrypted']).default('decrypted'),
      tokenRequestFormat: z.enum(['form', 'json']).default('form'),
      sendCodeVerifier: z.boolean().default(false),
      requireEncryption: z.boolean().default(false),
      scope: z.string().min(1).max(512).default('openid'),
      claims: z
        .object({
          personalNumber: claimName.default('citizenPid'),
          fullName: claimName.default('fullName'),
          birthDate: claimName.default('birthDate'),
          gender: claimName.default('gender'),
          accountType: claimName.default('accountType'),
          accountLevel: claimName.default('accountLevel'),
        })
        .prefault({}),
      birthDateFormats: z
        .array(z.enum(['dd/MM/yyyy', 'yyyy-MM-dd']))
        .min(1)
        .default(['dd/MM/yyyy', 'yyyy-MM-dd']),
    })
    .prefault({}),
  postLogoutRedirectUri: urlSchema.optional(),
  transactionTtlSec: z.number().int().min(60).max(3600).default(600),
  allowInsecureHttp: z.boolean().default(false),
  http: z
    .object({
      timeoutMs: z.number().int().min(100).max(120_000).default(10_000),
      dispatcher: z
        .custom<object>(
          (value) =>
            typeof value === 'object' &&
            value !== null &&
            typeof (value as { dispatch?: unknown }).dispatch === 'function',
          { error: 'expected an undici Dispatcher (e.g. new Agent({ ... }))' },
        )
        .optional(),
    })
    .prefault({}),
  share: shareOptionsSchema(urlSchema),
})

/**
 * The VNeID options after validation and defaults.
 *
 * @example
 * ```ts
 * const resolved: ResolvedVneidOptions = resolveVneidOptions(options)
 * resolved.dialect.aesMode // 'ecb'
 * ```
 */
export type ResolvedVneidOptions = Omit<z.output<typeof schema>, 'envelopeKey'> & {
  envelopeKey: EnvelopeKeyInput | undefined
}

/**
 * Validates VNeID options. Besides each field: every URL is https (plain http only on loopback, or with
 * `allowInsecureHttp`) and has no fragment, and the token, userinfo and end-session endpoints share the
 * issuer's origin, so a misconfigured or injected endpoint cannot receive the client secret or the
 * access token; the share gateway's start and result endpoints share one origin. One {@link EidConfigError} names every bad field, never a secret.
 *
 * @example
 * ```ts
 * const resolved = resolveVneidOptions({ profile: 'vneid', issuer, endpoints, clientId, clientAuth, redirectUri })
 * ```
 */
export function resolveVneidOptions(input: unknown): ResolvedVneidOptions {
  const parsed = schema.safeParse(input)
  if (!parsed.success) {
    throw new EidConfigError(
      parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
      { subject: 'dinhdanh client options (profile "vneid")' },
    )
  }
  const value = parsed.data
  const issues: { path: string; message: string }[] = []
  const urls: [string, string | undefined][] = [
    ['issuer', value.issuer],
    ['redirectUri', value.redirectUri],
    ['postLogoutRedirectUri', value.postLogoutRedirectUri],
    ['endpoints.authorization', value.endpoints.authorization],
    ['endpoints.token', value.endpoints.token],
    ['endpoints.userinfo', value.endpoints.userinfo],
    ['endpoints.endSession', value.endpoints.endSession],
    ['share.endpoints.start', value.share?.endpoints.start],
    ['share.endpoints.result', value.share?.endpoints.result],
    ['share.appLinkBase', value.share?.appLinkBase],
    ['share.callbackUrl', value.share?.callbackUrl],
  ]
  const issuerOrigin = new URL(value.issuer).origin
  for (const [path, href] of urls) {
    if (href === undefined) continue
    const url = new URL(href)
    if (url.protocol === 'http:' && !isLoopbackUrl(url) && !value.allowInsecureHttp) {
      issues.push({ path, message: 'expected https (plain http is allowed only on loopback)' })
    }
    if (url.hash) issues.push({ path, message: 'expected a URL without a #fragment' })
    if (/^endpoints\.(token|userinfo|endSession)$/.test(path) && url.origin !== issuerOrigin) {
      issues.push({
        path,
        message: "expected the issuer's origin (scheme, host and port): the secret and tokens go only there",
      })
    }
  }
  if (
    value.share &&
    URL.canParse(value.share.endpoints.start) &&
    URL.canParse(value.share.endpoints.result) &&
    new URL(value.share.endpoints.start).origin !== new URL(value.share.endpoints.result).origin
  ) {
    issues.push({
      path: 'share.endpoints.result',
      message: "expected the start endpoint's origin: the client secret goes to one gateway only",
    })
  }
  if (value.dialect.requireEncryption && value.envelopeKey === undefined) {
    issues.push({
      path: 'envelopeKey',
      message: 'expected an RSA private key because dialect.requireEncryption is true',
    })
  }
  if (issues.length > 0)
    throw new EidConfigError(issues, { subject: 'dinhdanh client options (profile "vneid")' })
  return { ...value, envelopeKey: value.envelopeKey as Jwk | string | undefined }
}

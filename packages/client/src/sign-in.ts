import * as oidc from 'openid-client'
import { z } from 'zod'
import { buildAttributeRequest } from './attributes.js'
import type { ClientContext } from './context.js'
import { createDpopJwk, dpopHandle } from './dpop.js'
import { EidConfigError } from './errors/config-error.js'
import { fromEngineError } from './errors/from-engine.js'
import { EidUnsupportedError } from './errors/other-errors.js'
import type { Level } from './level-of-assurance.js'
import { type Purpose, purposeParams, purposeSchema } from './purpose.js'
import { ATTRIBUTE_NAMES, type AttributeName } from './schemas/index.js'
import type { SignInTransaction } from './transaction.js'

/** Parameters a caller may not set through `extraParams`: the SDK owns them. */
const RESERVED_PARAMS = new Set([
  'client_id',
  'redirect_uri',
  'response_type',
  'response_mode',
  'scope',
  'claims',
  'state',
  'nonce',
  'code_challenge',
  'code_challenge_method',
  'acr_values',
  'purpose',
  'max_age',
  'request',
  'request_uri',
  'dpop_jkt',
])

/**
 * What a sign-in asks for.
 *
 * @example
 * ```ts
 * const request: SignInRequest<readonly ['health_insurance']> = {
 *   level: 2,
 *   attributes: ['health_insurance'],
 *   purpose: { vi: 'Khám bệnh có BHYT', en: 'Medical check-in with health insurance' },
 * }
 * ```
 */
export interface SignInRequest<A extends readonly AttributeName[] = readonly AttributeName[]> {
  /** The level of assurance required (default 1). A lower achieved level is rejected. */
  level?: Level
  /** Attributes to request besides identity, each shown to the citizen for consent. */
  attributes?: A
  /**
   * Request the identity claims (`result.citizen`). Default `true`; set `false` for data-minimal flows
   * such as an age check, where the relying party must not learn who the citizen is.
   */
  identity?: boolean
  /**
   * Why the data is needed, shown on the consent screen (3-300 characters, OIDC for Identity Assurance):
   * a Vietnamese text, or `{ vi, en }` so the provider's English screens show `en` (sent as `purpose#en`).
   *
   * @example
   * ```ts
   * await eid.signIn({ purpose: { vi: 'Mở tài khoản thanh toán', en: 'Opening a payment account' } })
   * ```
   */
  purpose?: Purpose
  /** Maximum seconds since the citizen last authenticated (`max_age`); `auth_time` is then checked. */
  maxAge?: number
  /** `login` forces a fresh authentication, `consent` a fresh consent screen. */
  prompt?: 'login' | 'consent' | 'none'
  /** The citizen's 12-digit number, when the relying party already knows it. */
  loginHint?: string
  /** Language of the provider's screens. */
  uiLocales?: 'vi' | 'en'
  /** Extra authorization parameters (e.g. the mock provider's `mock_scenario`); protocol ones are refused. */
  extraParams?: Record<string, string>
}

/**
 * What `signIn` returns: the URL to send the browser to, and the transaction to keep until the callback.
 *
 * @example
 * ```ts
 * const { url, transaction }: SignInStart<readonly []> = await eid.signIn()
 * res.redirect(url)
 * ```
 */
export interface SignInStart<A extends readonly AttributeName[]> {
  url: string
  transaction: SignInTransaction<A>
}

const requestSchema = z.object({
  level: z.union([z.literal(1), z.literal(2)], { error: 'expected level 1 or 2' }).default(1),
  attributes: z
    .array(
      z.enum(ATTRIBUTE_NAMES.filter((name) => name !== 'identity') as [AttributeName, ...AttributeName[]]),
      {
        error: `expected an array of attribute names (${ATTRIBUTE_NAMES.filter((n) => n !== 'identity').join(', ')})`,
      },
    )
    .default([])
    .refine((list) => new Set(list).size === list.length, { error: 'expected each attribute once' }),
  identity: z.boolean().default(true),
  purpose: purposeSchema.optional(),
  maxAge: z
    .number()
    .int()
    .min(0)
    .max(86_400 * 30)
    .optional(),
  prompt: z.enum(['login', 'consent', 'none']).optional(),
  loginHint: z.string().min(1).max(64).optional(),
  uiLocales: z.enum(['vi', 'en']).optional(),
  extraParams: z
    .record(z.string().max(64), z.string().max(1024))
    .refine((params) => Object.keys(params).every((key) => !RESERVED_PARAMS.has(key)), {
      error: `expected no protocol parameters (${[...RESERVED_PARAMS].join(', ')}): the SDK sets them`,
    })
    .optional(),
})

/**
 * Validates a {@link SignInRequest} and applies its defaults; shared by every profile.
 *
 * @throws {EidConfigError} naming every bad field.
 * @example
 * ```ts
 * parseSignInRequest({ level: 2 }).attributes // []
 * ```
 */
export function parseSignInRequest(input: unknown): z.output<typeof requestSchema> {
  const parsed = requestSchema.safeParse(input)
  if (!parsed.success) {
    throw new EidConfigError(
      parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
      { subject: 'signIn request' },
    )
  }
  return parsed.data
}

/** Decides whether this sign-in goes through PAR, per the `par` option and the provider's metadata. */
function usePar(context: ClientContext): boolean {
  const { metadata, options } = context.engine
  const advertised = typeof metadata.pushed_authorization_request_endpoint === 'string'
  const required = metadata.require_pushed_authorization_requests === true
  if (options.par === 'never') {
    if (required)
      throw new EidUnsupportedError(
        'Sign-in without PAR',
        'the provider requires pushed authorization requests; set par to "auto"',
      )
    return false
  }
  if (options.par === 'always' && !advertised) {
    throw new EidUnsupportedError(
      'PAR',
      'the provider does not advertise pushed_authorization_request_endpoint',
    )
  }
  return advertised
}

/**
 * Starts a sign-in: PKCE S256, `state` and `nonce` always; PAR when the provider offers it (the browser
 * URL then carries only `client_id` and `request_uri`); attributes as scopes plus the `claims`
 * parameter; the level as `acr_values`; the purpose per OIDC for Identity Assurance (`purpose`, and
 * `purpose#en` when it is given in both languages).
 */
export async function signIn<const A extends readonly AttributeName[]>(
  context: ClientContext,
  input: SignInRequest<A> = {},
): Promise<SignInStart<A>> {
  const request = parseSignInRequest(input)
  const { engine } = context
  const { options } = engine
  const par = usePar(context)
  const codeVerifier = oidc.randomPKCECodeVerifier()
  const state = oidc.randomState()
  const nonce = oidc.randomNonce()
  const names: AttributeName[] = request.identity
    ? ['identity', ...request.attributes]
    : [...request.attributes]
  const { scope, claims } = buildAttributeRequest(names, request.purpose?.vi)
  const [codeChallenge, dpopJwk] = await Promise.all([
    oidc.calculatePKCECodeChallenge(codeVerifier),
    options.dpop ? createDpopJwk() : undefined,
  ])
  const params: Record<string, string> = {
    ...request.extraParams,
    ...purposeParams(request.purpose),
    response_type: 'code',
    redirect_uri: options.redirectUri,
    scope,
    claims,
    state,
    nonce,
    code_challenge: codeChallenge,
    code_challenge_method: 'S256',
    acr_values: options.levels[request.level],
  }
  if (request.maxAge !== undefined) params.max_age = String(request.maxAge)
  if (request.prompt !== undefined) params.prompt = request.prompt
  if (request.loginHint !== undefined) params.login_hint = request.loginHint
  if (request.uiLocales !== undefined) params.ui_locales = request.uiLocales

  let url: URL
  try {
    if (par) {
      const DPoP = dpopJwk ? await dpopHandle(engine, dpopJwk) : undefined
      url = await oidc.buildAuthorizationUrlWithPAR(engine.config, params, DPoP ? { DPoP } : undefined)
    } else {
      if (dpopJwk) params.dpop_jkt = await (await dpopHandle(engine, dpopJwk)).calculateThumbprint()
      url = oidc.buildAuthorizationUrl(engine.config, params)
    }
  } catch (error) {
    throw fromEngineError(error, { endpoint: par ? 'par' : 'authorization' })
  }
  const now = context.now()
  const transaction: SignInTransaction<A> = {
    v: 1,
    issuer: options.issuer,
    clientId: options.clientId,
    redirectUri: options.redirectUri,
    state,
    nonce,
    codeVerifier,
    level: request.level,
    attributes: request.attributes as unknown as A,
    identity: request.identity,
    ...(request.purpose !== undefined && { purpose: request.purpose.vi }),
    ...(request.maxAge !== undefined && { maxAge: request.maxAge }),
    createdAt: now,
    expiresAt: now + options.transactionTtlSec,
    ...(dpopJwk && { dpopJwk }),
  }
  return { url: url.href, transaction }
}

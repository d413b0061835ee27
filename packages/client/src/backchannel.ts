import * as oidc from 'openid-client'
import { z } from 'zod'
import { buildAttributeRequest } from './attributes.js'
import { finishSignIn, type SignInResult } from './complete-sign-in.js'
import type { ClientContext } from './context.js'
import { createDpopJwk, dpopHandle } from './dpop.js'
import { EidConfigError } from './errors/config-error.js'
import { fromEngineError } from './errors/from-engine.js'
import { EidAbortedError, EidBackchannelExpiredError, EidUnsupportedError } from './errors/other-errors.js'
import { EidProviderError } from './errors/protocol-errors.js'
import { EidTransactionError } from './errors/validation-errors.js'
import type { Level } from './level-of-assurance.js'
import type { Jwk } from './options.js'
import { type Purpose, purposeParams, purposeSchema } from './purpose.js'
import { ATTRIBUTE_NAMES, type AttributeName } from './schemas/index.js'

/**
 * A decoupled sign-in request (OpenID Connect CIBA, poll mode): a clerk at a counter or in a call
 * centre starts it, the citizen approves it on their phone.
 *
 * @example
 * ```ts
 * const handle = await eid.backchannelSignIn({
 *   loginHint: '001090012345',
 *   bindingMessage: 'Quầy 3 - mã 4821',
 *   level: 2,
 *   attributes: ['health_insurance'] as const,
 *   purpose: { vi: 'Tiếp nhận bệnh nhân', en: 'Registering the patient' },
 * })
 * ```
 */
export interface BackchannelSignInRequest<A extends readonly AttributeName[] = readonly AttributeName[]> {
  /** Who should approve: the citizen's 12-digit personal ID number. */
  loginHint: string
  /** A short code shown both at the counter and on the phone, so the citizen approves the right request. */
  bindingMessage?: string
  level?: Level
  attributes?: A
  identity?: boolean
  /**
   * Why the data is needed, shown on the citizen's phone: a Vietnamese text, or `{ vi, en }` so the
   * phone's English screen shows `en` (sent as `purpose#en`). Each text is 3-300 characters.
   *
   * @example
   * ```ts
   * await eid.backchannelSignIn({ loginHint, purpose: { vi: 'Tiếp nhận bệnh nhân', en: 'Registering the patient' } })
   * ```
   */
  purpose?: Purpose
  extraParams?: Record<string, string>
}

/**
 * A pending decoupled sign-in: plain JSON, so a desk application can keep it between requests.
 *
 * @example
 * ```ts
 * const result = await eid.waitForBackchannelSignIn(handle, { signal: AbortSignal.timeout(120_000) })
 * ```
 */
export interface BackchannelHandle<A extends readonly AttributeName[] = readonly AttributeName[]> {
  readonly v: 1
  readonly issuer: string
  readonly clientId: string
  readonly authReqId: string
  /** Epoch seconds after which the request has expired at the provider. */
  readonly expiresAt: number
  /** Minimum seconds between polls (the provider may raise it with `slow_down`). */
  readonly interval: number
  readonly level: Level
  readonly attributes: A
  readonly identity: boolean
  readonly dpopJwk?: Jwk
}

const requestSchema = z.object({
  loginHint: z.string().trim().min(1).max(64),
  bindingMessage: z
    .string()
    .max(64)
    .regex(/^[^\p{Cc}<>]*$/u, { error: 'expected plain text without control characters or <>' })
    .optional(),
  level: z.union([z.literal(1), z.literal(2)]).default(1),
  attributes: z.array(z.enum(ATTRIBUTE_NAMES)).default([]),
  identity: z.boolean().default(true),
  purpose: purposeSchema.optional(),
  extraParams: z.record(z.string().max(64), z.string().max(1024)).optional(),
})

/** Starts a decoupled sign-in at the provider's backchannel authentication endpoint. */
export async function backchannelSignIn<const A extends readonly AttributeName[]>(
  context: ClientContext,
  input: BackchannelSignInRequest<A>,
): Promise<BackchannelHandle<A>> {
  const parsed = requestSchema.safeParse(input)
  if (!parsed.success) {
    throw new EidConfigError(
      parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
      { subject: 'backchannelSignIn request' },
    )
  }
  const request = parsed.data
  const { engine } = context
  const { metadata, options } = engine
  const modes = metadata.backchannel_token_delivery_modes_supported
  if (!metadata.backchannel_authentication_endpoint || (Array.isArray(modes) && !modes.includes('poll'))) {
    throw new EidUnsupportedError(
      'Decoupled sign-in (CIBA)',
      'the provider advertises no backchannel_authentication_endpoint with poll mode',
    )
  }
  const names: AttributeName[] = request.identity
    ? ['identity', ...request.attributes.filter((n) => n !== 'identity')]
    : request.attributes.filter((n) => n !== 'identity')
  const { scope, claims } = buildAttributeRequest(names, request.purpose?.vi)
  const params: Record<string, string> = {
    ...Object.fromEntries(
      Object.entries(request.extraParams ?? {}).filter(
        ([key]) => !/^(scope|claims|acr_values|login_hint|binding_message|purpose)$/.test(key),
      ),
    ),
    scope,
    claims,
    login_hint: request.loginHint,
    acr_values: options.levels[request.level],
  }
  if (request.bindingMessage) params.binding_message = request.bindingMessage
  Object.assign(params, purposeParams(request.purpose))
  let response: oidc.BackchannelAuthenticationResponse
  try {
    response = await oidc.initiateBackchannelAuthentication(engine.config, params)
  } catch (error) {
    throw fromEngineError(error, { endpoint: 'backchannel_authentication' })
  }
  const dpopJwk = options.dpop ? await createDpopJwk() : undefined
  return {
    v: 1,
    issuer: options.issuer,
    clientId: options.clientId,
    authReqId: response.auth_req_id,
    expiresAt: context.now() + response.expires_in,
    interval: response.interval ?? 5,
    level: request.level,
    attributes: request.attributes.filter((n) => n !== 'identity') as unknown as A,
    identity: request.identity,
    ...(dpopJwk && { dpopJwk }),
  }
}

/**
 * Polls the token endpoint until the citizen approves or refuses, honouring `interval` and `slow_down`,
 * then validates the result like a redirect sign-in (level, ID token, attributes).
 */
export async function waitForBackchannelSignIn<A extends readonly AttributeName[]>(
  context: ClientContext,
  handle: BackchannelHandle<A>,
  options: { signal?: AbortSignal } = {},
): Promise<SignInResult<A>> {
  const { engine } = context
  if (handle.issuer !== engine.options.issuer) throw new EidTransactionError('wrong_issuer')
  if (handle.clientId !== engine.options.clientId) throw new EidTransactionError('wrong_client')
  const remaining = handle.expiresAt - context.now()
  if (remaining <= 0) throw new EidBackchannelExpiredError()
  if (options.signal?.aborted) throw new EidAbortedError({ cause: options.signal.reason })
  const DPoP = handle.dpopJwk ? await dpopHandle(engine, handle.dpopJwk) : undefined
  let response: oidc.TokenEndpointResponse & oidc.TokenEndpointResponseHelpers
  try {
    response = await oidc.pollBackchannelAuthenticationGrant(
      engine.config,
      { auth_req_id: handle.authReqId, expires_in: remaining, interval: handle.interval },
      undefined,
      { ...(options.signal && { signal: options.signal }), ...(DPoP && { DPoP }) },
    )
  } catch (error) {
    if (options.signal?.aborted) throw new EidAbortedError({ cause: error })
    const converted = fromEngineError(error, { endpoint: 'token', token: 'id_token' })
    if (
      (converted instanceof EidProviderError && converted.error === 'expired_token') ||
      (converted.code === 'ERR_EID_NETWORK' && context.now() >= handle.expiresAt)
    ) {
      throw new EidBackchannelExpiredError({ cause: error })
    }
    if (converted instanceof EidProviderError && converted.error === 'access_denied') {
      throw new EidProviderError({
        code: 'ERR_EID_ACCESS_DENIED',
        error: 'access_denied',
        errorDescription: converted.errorDescription,
        endpoint: 'token',
        cause: error,
      })
    }
    throw converted
  }
  return finishSignIn(
    context,
    response,
    {
      level: handle.level,
      attributes: handle.attributes,
      identity: handle.identity,
      dpopJwk: handle.dpopJwk,
    },
    DPoP,
  )
}

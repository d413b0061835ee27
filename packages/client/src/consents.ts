import * as oidc from 'openid-client'
import { z } from 'zod'
import type { ClientContext } from './context.js'
import { fromEngineError } from './errors/from-engine.js'
import { EidConsentError } from './errors/other-errors.js'
import { EidProviderError, EidResponseError } from './errors/protocol-errors.js'
import { EidTokenError } from './errors/validation-errors.js'
import { discardBody } from './http.js'
import type { ApplyEventOptions } from './replay-guard.js'
import { ATTRIBUTE_NAMES, type AttributeName } from './schemas/index.js'

/**
 * The event type of a consent withdrawal, in the `events` claim of a Security Event Token (RFC 8417).
 * See docs/consent-api.md.
 *
 * @example
 * ```ts
 * event.type === CONSENT_WITHDRAWN_EVENT
 * ```
 */
export const CONSENT_WITHDRAWN_EVENT = 'urn:dinhdanh:secevent:consent-withdrawn'

const attributeList = z.array(z.enum(ATTRIBUTE_NAMES)).max(ATTRIBUTE_NAMES.length)

const consentRecordSchema = z.object({
  id: z.string().min(1).max(128),
  sub: z.string().min(1).max(256),
  client_id: z.string().min(1),
  purpose: z.string().max(300),
  attributes: attributeList,
  status: z.enum(['active', 'withdrawn']),
  method: z.string().max(64),
  text_shown: z.string().max(20_000),
  granted_at: z.number().int(),
  withdrawn_at: z.number().int().optional(),
  receipt: z.string().max(16_384),
})

/**
 * One consent record at the provider: who (the citizen's `sub`), which data, for which purpose, when,
 * how, and the exact text the citizen was shown (Decree 13/2023, Decree 356/2025).
 *
 * @example
 * ```ts
 * const [first] = await eid.consents.list({ subject: result.subject })
 * first.attributes // ['health_insurance']
 * ```
 */
export interface ConsentRecord {
  readonly id: string
  readonly subject: string
  readonly clientId: string
  readonly purpose: string
  readonly attributes: readonly AttributeName[]
  readonly status: 'active' | 'withdrawn'
  /** How consent was given, e.g. `web`, `app`, `auto_approve`, `ciba`. */
  readonly method: string
  /** The exact text shown on the consent screen. */
  readonly textShown: string
  /** Epoch seconds. */
  readonly grantedAt: number
  readonly withdrawnAt?: number
  /** The signed consent receipt (verify it with `verifyConsentReceipt`). */
  readonly receipt: string
}

/**
 * A verified consent receipt: the provider's signed statement of what the citizen agreed to.
 *
 * @example
 * ```ts
 * const receipt = await eid.verifyConsentReceipt(record.receipt)
 * await db.receipts.insert({ id: receipt.consentId, jwt: record.receipt })
 * ```
 */
export interface ConsentReceipt {
  readonly consentId: string
  readonly subject: string
  readonly clientId: string
  readonly purpose: string
  readonly attributes: readonly AttributeName[]
  readonly method: string
  /** SHA-256 (base64url) of the exact consent text shown, which the record holds in full. */
  readonly textSha256: string
  readonly grantedAt: number
}

/**
 * A verified consent-withdrawal event: stop using these attributes of this citizen for this purpose,
 * and remove them from every session.
 *
 * @example
 * ```ts
 * const event = await eid.verifySecurityEvent(req.body)
 * await sessions.dropAttributes(event.subject, event.attributes)
 * ```
 */
export interface ConsentWithdrawnEvent {
  readonly type: typeof CONSENT_WITHDRAWN_EVENT
  /** The SET's `jti`, for your own idempotency log. */
  readonly eventId: string
  readonly consentId: string
  readonly subject: string
  readonly attributes: readonly AttributeName[]
  readonly purpose: string | undefined
  readonly withdrawnAt: number
}

/**
 * The consent API of the provider (see docs/consent-api.md).
 *
 * @example
 * ```ts
 * const consents = await eid.consents.list({ subject, status: 'active' })
 * await eid.consents.revoke(consents[0].id)
 * ```
 */
export interface ConsentsApi {
  list(filter?: { subject?: string; status?: 'active' | 'withdrawn' }): Promise<ConsentRecord[]>
  get(id: string): Promise<ConsentRecord>
  revoke(id: string): Promise<ConsentRecord>
}

function toRecord(raw: z.output<typeof consentRecordSchema>): ConsentRecord {
  return {
    id: raw.id,
    subject: raw.sub,
    clientId: raw.client_id,
    purpose: raw.purpose,
    attributes: raw.attributes,
    status: raw.status,
    method: raw.method,
    textShown: raw.text_shown,
    grantedAt: raw.granted_at,
    ...(raw.withdrawn_at !== undefined && { withdrawnAt: raw.withdrawn_at }),
    receipt: raw.receipt,
  }
}

const ERROR_REASONS: Record<number, 'not_found' | 'forbidden' | 'already_withdrawn'> = {
  404: 'not_found',
  403: 'forbidden',
  409: 'already_withdrawn',
}

/**
 * Builds the consent API client. It authenticates with an access token from the client-credentials
 * grant (scope `consents`), cached until shortly before it expires.
 */
export function createConsentsApi(context: ClientContext): ConsentsApi {
  let cached: { token: string; expiresAt: number } | undefined

  const base = (): string => {
    const endpoint = context.engine.metadata.consent_api_endpoint
    if (typeof endpoint !== 'string' || !URL.canParse(endpoint)) {
      throw new EidConsentError('unavailable')
    }
    return endpoint.replace(/\/$/, '')
  }

  const accessToken = async (): Promise<string> => {
    const now = context.now()
    if (cached && cached.expiresAt - 30 > now) return cached.token
    try {
      const response = await oidc.clientCredentialsGrant(context.engine.config, { scope: 'consents' })
      cached = { token: response.access_token, expiresAt: now + (response.expires_in ?? 60) }
      return cached.token
    } catch (error) {
      throw fromEngineError(error, { endpoint: 'token' })
    }
  }

  const call = async (method: 'GET' | 'DELETE', path: string): Promise<unknown> => {
    const url = `${base()}${path}`
    const response = await context.engine.http.request(
      url,
      { method, headers: { authorization: `Bearer ${await accessToken()}`, accept: 'application/json' } },
      'consent_api',
    )
    const reason = ERROR_REASONS[response.status]
    if (reason) {
      discardBody(response)
      throw new EidConsentError(reason, response.status)
    }
    if (response.status === 401) {
      // The token expired or was revoked early: forget it so the next call fetches a new one.
      cached = undefined
      discardBody(response)
      throw new EidProviderError({ error: 'invalid_token', status: 401, endpoint: 'consent_api' })
    }
    const type = response.headers.get('content-type') ?? ''
    if (response.status !== 200 || !type.includes('application/json')) {
      discardBody(response)
      throw new EidResponseError({
        endpoint: 'consent_api',
        status: response.status,
        detail: 'expected HTTP 200 with JSON',
      })
    }
    try {
      return await response.json()
    } catch (cause) {
      throw new EidResponseError({
        endpoint: 'consent_api',
        status: 200,
        detail: 'the body does not parse as JSON',
        cause,
      })
    }
  }

  const parseRecord = (body: unknown): ConsentRecord => {
    const parsed = consentRecordSchema.safeParse(body)
    if (!parsed.success)
      throw new EidResponseError({ endpoint: 'consent_api', detail: 'expected a consent record' })
    return toRecord(parsed.data)
  }

  const checkId = (id: string): string => {
    if (typeof id !== 'string' || !/^[\w-]{1,128}$/.test(id)) throw new EidConsentError('not_found')
    return encodeURIComponent(id)
  }

  return {
    async list(filter = {}) {
      const query = new URLSearchParams()
      if (filter.subject) query.set('sub', filter.subject)
      if (filter.status) query.set('status', filter.status)
      const body = await call('GET', `/consents${query.size > 0 ? `?${query}` : ''}`)
      const parsed = z.object({ consents: z.array(z.unknown()) }).safeParse(body)
      if (!parsed.success)
        throw new EidResponseError({ endpoint: 'consent_api', detail: 'expected { consents: [...] }' })
      return parsed.data.consents.map(parseRecord)
    },
    async get(id) {
      return parseRecord(await call('GET', `/consents/${checkId(id)}`))
    },
    async revoke(id) {
      return parseRecord(await call('DELETE', `/consents/${checkId(id)}`))
    },
  }
}

const receiptSchema = z.object({
  sub: z.string().min(1),
  consent_id: z.string().min(1),
  client_id: z.string().min(1),
  purpose: z.string().max(300),
  attributes: attributeList,
  method: z.string().max(64),
  text_sha256: z.string().regex(/^[\w-]{43}$/),
  iat: z.number().int(),
})

/** Verifies a consent receipt JWT (`typ: consent-receipt+jwt`) signed by the provider. */
export async function verifyConsentReceipt(context: ClientContext, jwt: unknown): Promise<ConsentReceipt> {
  const payload = await context.jwt.verify(jwt, {
    kind: 'consent_receipt',
    typ: 'consent-receipt+jwt',
    typRequired: true,
    singleUse: false,
  })
  const parsed = receiptSchema.safeParse(payload)
  if (!parsed.success || parsed.data.client_id !== context.engine.options.clientId) {
    throw new EidTokenError({
      token: 'consent_receipt',
      check: 'claims',
      detail: 'expected the consent receipt claims for this client',
    })
  }
  const r = parsed.data
  return {
    consentId: r.consent_id,
    subject: r.sub,
    clientId: r.client_id,
    purpose: r.purpose,
    attributes: r.attributes,
    method: r.method,
    textSha256: r.text_sha256,
    grantedAt: r.iat,
  }
}

const withdrawalSchema = z.object({
  consent_id: z.string().min(1),
  subject: z.string().min(1).optional(),
  attributes: attributeList,
  purpose: z.string().max(300).optional(),
  withdrawn_at: z.number().int(),
})

/**
 * Verifies a consent-withdrawal Security Event Token (RFC 8417, `typ: secevent+jwt`, pushed per RFC
 * 8935): signature, `iss`, `aud`, `iat`, exactly one known event, and a `jti` never seen before (R44).
 * With `options.apply`, a failure to apply the withdrawal releases the `jti` again, so the provider's
 * retry is accepted.
 */
export async function verifySecurityEvent(
  context: ClientContext,
  jwt: unknown,
  options?: ApplyEventOptions<ConsentWithdrawnEvent>,
): Promise<ConsentWithdrawnEvent> {
  const expect = {
    kind: 'security_event',
    typ: 'secevent+jwt',
    typRequired: true,
    singleUse: true,
    maxAgeSec: 86_400,
  } as const
  const payload = await context.jwt.verify(jwt, expect)
  const events = payload.events
  const reject = (detail: string): never => {
    throw new EidTokenError({ token: 'security_event', check: 'events', detail })
  }
  if (typeof events !== 'object' || events === null || Array.isArray(events))
    reject('expected an "events" object')
  const types = Object.keys(events as object)
  if (types.length !== 1 || types[0] !== CONSENT_WITHDRAWN_EVENT) {
    reject(`expected exactly one event of type ${CONSENT_WITHDRAWN_EVENT}, got an unknown or extra type`)
  }
  const parsed = withdrawalSchema.safeParse((events as Record<string, unknown>)[CONSENT_WITHDRAWN_EVENT])
  if (!parsed.success) reject('expected consent_id, attributes and withdrawn_at in the event')
  const subject = typeof payload.sub === 'string' ? payload.sub : parsed.data?.subject
  if (!subject || !parsed.data) {
    throw new EidTokenError({
      token: 'security_event',
      check: 'sub',
      detail: 'expected the subject of the withdrawn consent',
    })
  }
  const event: ConsentWithdrawnEvent = {
    type: CONSENT_WITHDRAWN_EVENT,
    eventId: String(payload.jti),
    consentId: parsed.data.consent_id,
    subject,
    attributes: parsed.data.attributes,
    purpose: parsed.data.purpose,
    withdrawnAt: parsed.data.withdrawn_at,
  }
  return context.jwt.consume(payload, expect, event, options)
}

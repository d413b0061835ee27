import { z } from 'zod'
import { EidConfigError } from '../../errors/config-error.js'
import { EidResponseError } from '../../errors/protocol-errors.js'
import { ATTRIBUTE_NAMES, type AttributeName, personalIdSchema } from '../../schemas/index.js'
import type { ShareContext } from './context.js'
import { postToGateway } from './gateway.js'
import { PURPOSE_MAX_LENGTH, type ShareTransaction, TXN_ID } from './transaction.js'

/**
 * What `eid.share.start()` asks the gateway for.
 *
 * @example
 * ```ts
 * const request: ShareStartRequest<['identity', 'id_card', 'portrait']> = {
 *   personalId: '001090001234',
 *   attributes: ['identity', 'id_card', 'portrait'],
 *   purpose: 'Mở tài khoản thanh toán',
 * }
 * ```
 */
export interface ShareStartRequest<A extends readonly AttributeName[]> {
  /** The customer's 12-digit personal number, digits only. */
  personalId: string
  /** Names from the attribute catalogue (`ATTRIBUTE_NAMES`), at least one, each once. */
  attributes: A
  /**
   * Why the data is asked for, shown to the citizen as written (1 to 200 characters, one line: no control,
   * Unicode format (bidi, zero-width) or line/paragraph separator characters).
   */
  purpose: string
  /** Cancels the request. */
  signal?: AbortSignal
}

/**
 * Characters a purpose must not hold: control characters (line breaks and tabs among them), Unicode format
 * characters (`\p{Cf}`: bidi overrides and isolates, zero-width spaces and joiners, which can make the app
 * show another text than the one sent) and the line and paragraph separators.
 */
const HIDDEN_OR_BREAKING = /[\p{Cc}\p{Cf}\u2028\u2029]/u

const requestSchema = z.object({
  personalId: personalIdSchema,
  attributes: z
    .array(z.enum(ATTRIBUTE_NAMES, { error: 'expected names from ATTRIBUTE_NAMES' }))
    .min(1, { error: 'expected at least one attribute' })
    .refine((names) => new Set(names).size === names.length, { error: 'expected each attribute once' }),
  purpose: z
    .string({ error: 'expected the purpose as a string' })
    .refine((text) => text.trim().length > 0, { error: 'expected a purpose the citizen can read' })
    .refine((text) => text.length <= PURPOSE_MAX_LENGTH, {
      error: `expected at most ${PURPOSE_MAX_LENGTH} characters`,
    })
    .refine((text) => !HIDDEN_OR_BREAKING.test(text), {
      error:
        'expected one line of visible text: no control characters or line breaks, no Unicode format characters (bidi controls, zero-width characters)',
    }),
})

/** The gateway's answer to a start; a default lifetime when it does not say. */
const answerSchema = z.object({
  txnId: z.string().regex(TXN_ID),
  expiresIn: z
    .union([
      z.number().int().min(1).max(86_400),
      z
        .string()
        .regex(/^\d{1,5}$/)
        .transform(Number)
        .pipe(z.number().int().min(1).max(86_400)),
    ])
    .optional(),
})

/** Lifetime assumed when the gateway's start answer has no `expiresIn`. */
const DEFAULT_EXPIRES_IN_SEC = 300

/**
 * Starts a sharing transaction (docs/vneid-share.md, "1. Start"): checks the personal number, the
 * attribute names and the purpose (an {@link EidConfigError} naming each bad argument, sent nowhere),
 * POSTs `{ citizenPid, attributes, purpose, callbackUrl }` to the start endpoint, and checks the answer's
 * `txnId` (1 to 128 characters of `[A-Za-z0-9._~-]`) and `expiresIn` (seconds; 300 when absent).
 *
 * @example
 * ```ts
 * const transaction = await startShare(context, { personalId: '001090001234', attributes: ['identity'], purpose: 'Mở tài khoản' })
 * ```
 */
export async function startShare<const A extends readonly AttributeName[]>(
  context: ShareContext,
  request: ShareStartRequest<A>,
): Promise<ShareTransaction<A>> {
  const parsed = requestSchema.safeParse(request ?? {})
  if (!parsed.success) {
    throw new EidConfigError(
      parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
      { subject: 'eid.share.start() arguments' },
    )
  }
  const { personalId, attributes, purpose } = parsed.data
  const startedAt = context.now()
  const body = await postToGateway(
    context,
    'share_start',
    context.share.endpoints.start,
    { citizenPid: personalId, attributes, purpose, callbackUrl: context.share.callbackUrl },
    request.signal,
  )
  const answer = answerSchema.safeParse(body)
  if (!answer.success) {
    throw new EidResponseError({
      endpoint: 'share_start',
      detail:
        'expected { txnId, expiresIn } with txnId of 1 to 128 characters of [A-Za-z0-9._~-] and expiresIn in seconds',
    })
  }
  const { txnId } = answer.data
  const appLink = `${context.share.appLinkBase.replace(/\/+$/, '')}/${txnId}`
  return {
    txnId,
    personalId,
    attributes: attributes as unknown as A,
    purpose,
    appLink,
    qrPayload: appLink,
    startedAt,
    expiresAt: startedAt + (answer.data.expiresIn ?? DEFAULT_EXPIRES_IN_SEC),
  }
}

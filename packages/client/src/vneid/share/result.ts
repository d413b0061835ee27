import { z } from 'zod'
import { type AttributesOf, readAttributes, type UnavailableAttribute } from '../../attributes.js'
import { EidAbortedError, EidCitizenMismatchError } from '../../errors/other-errors.js'
import { EidProviderError, EidResponseError } from '../../errors/protocol-errors.js'
import { EidShareError } from '../../errors/share-errors.js'
import { type AttributeName, type Citizen, type IdCard, personalIdSchema } from '../../schemas/index.js'
import type { ShareContext } from './context.js'
import { postToGateway } from './gateway.js'
import { readShareTransaction, type ShareTransaction, TXN_ID } from './transaction.js'

/**
 * The data the citizen shared, typed from the requested attributes.
 *
 * @example
 * ```ts
 * const result: ShareResult<['identity', 'id_card', 'portrait']> = await eid.share.result(transaction)
 * result.citizen?.fullName
 * result.attributes.idCard?.number
 * result.attributes.portrait?.dataUrl
 * ```
 */
export interface ShareResult<A extends readonly AttributeName[] = readonly AttributeName[]> {
  readonly txnId: string
  /** The personal number the data is about (always the transaction's: another is refused). */
  readonly personalId: string
  /** The identity, when `identity` was requested and shared. */
  readonly citizen: Citizen | undefined
  /** One camelCase key per requested attribute other than identity; `undefined` when not shared. */
  readonly attributes: AttributesOf<A>
  /** Requested attributes the citizen did not tick (or does not hold). */
  readonly missing: AttributeName[]
  /** Requested attributes whose source could not supply them. */
  readonly unavailable: UnavailableAttribute[]
  /** The gateway's record of the citizen's consent; keep it with the account. */
  readonly consentId: string | undefined
}

/**
 * The state of a sharing transaction at the gateway, as `eid.share.check()` returns it.
 *
 * @example
 * ```ts
 * const state = await eid.share.check(transaction)
 * if (state.status === 'approved') save(state.result)
 * ```
 */
export type ShareState<A extends readonly AttributeName[] = readonly AttributeName[]> =
  | { readonly status: 'pending'; readonly txnId: string }
  | { readonly status: 'refused'; readonly txnId: string }
  | { readonly status: 'expired'; readonly txnId: string }
  | { readonly status: 'approved'; readonly txnId: string; readonly result: ShareResult<A> }

const STATUSES = ['PENDING', 'REFUSED', 'EXPIRED', 'APPROVED'] as const

/** The fields of a result answer (and of a webhook event) the SDK reads; the data is read per attribute. */
export const resultAnswerSchema = z.object({
  txnId: z.string().regex(TXN_ID),
  status: z
    .string()
    .transform((value) => value.toUpperCase())
    .pipe(z.enum(STATUSES)),
  citizenPid: z.string().optional(),
  consentId: z.string().min(1).max(256).optional(),
  data: z.record(z.string(), z.unknown()).optional(),
})

/**
 * Reads the data of an approved transaction: the citizen (`citizenPid`, and `personal_id` and the
 * card's number when shared) must be `expectedPersonalId` when given, else
 * {@link EidCitizenMismatchError}; each requested attribute is validated by its catalogue schema
 * (`ERR_EID_ATTRIBUTE_INVALID` on a malformed one).
 *
 * @example
 * ```ts
 * const result = readApprovedData(answer, transaction.attributes, transaction.personalId, 'share_result')
 * ```
 */
export function readApprovedData<A extends readonly AttributeName[]>(
  answer: z.output<typeof resultAnswerSchema>,
  names: A,
  expectedPersonalId: string | undefined,
  endpoint: 'share_result' | undefined,
): ShareResult<A> {
  const pid = personalIdSchema.safeParse(answer.citizenPid)
  if (!pid.success) {
    throw new EidResponseError({
      ...(endpoint && { endpoint }),
      detail: 'expected the citizenPid of an approved transaction as a 12-digit personal number',
    })
  }
  if (expectedPersonalId !== undefined && pid.data !== expectedPersonalId) {
    throw new EidCitizenMismatchError({ operation: 'share' })
  }
  const claims = answer.data ?? {}
  const { values, missing, unavailable } = readAttributes(names, claims)
  const { identity, ...attributes } = values
  const citizen = identity as Citizen | undefined
  const card = attributes.idCard as IdCard | undefined
  if ((citizen && citizen.personalId !== pid.data) || (card && card.number !== pid.data)) {
    throw new EidCitizenMismatchError({ operation: 'share' })
  }
  return {
    txnId: answer.txnId,
    personalId: pid.data,
    citizen,
    attributes: attributes as AttributesOf<A>,
    missing,
    unavailable,
    consentId: answer.consentId,
  }
}

/**
 * One look at a sharing transaction (docs/vneid-share.md, "4. The result"): one POST `{ txnId }` to the
 * result endpoint. `PENDING`, `REFUSED` and `EXPIRED` come back as states; `APPROVED` with the typed
 * data (which the gateway gives only once). A transaction the gateway does not know for this client
 * (404 `unknown_transaction`) is `ERR_EID_SHARE_UNKNOWN`, a second fetch (410 `already_fetched`)
 * `ERR_EID_SHARE_ALREADY_FETCHED`, data about another citizen `ERR_EID_CITIZEN_MISMATCH`, an answer
 * about another transaction or of the wrong shape `ERR_EID_RESPONSE_INVALID`.
 *
 * @example
 * ```ts
 * const state = await checkShare(context, transaction)
 * ```
 */
export async function checkShare<A extends readonly AttributeName[]>(
  context: ShareContext,
  input: ShareTransaction<A> | string,
  options: { signal?: AbortSignal | undefined } = {},
): Promise<ShareState<A>> {
  const transaction = readShareTransaction(input)
  let body: Record<string, unknown>
  try {
    body = await postToGateway(
      context,
      'share_result',
      context.share.endpoints.result,
      { txnId: transaction.txnId },
      options.signal,
    )
  } catch (error) {
    if (error instanceof EidProviderError && error.error === 'unknown_transaction') {
      throw new EidShareError('unknown', { cause: error })
    }
    if (error instanceof EidProviderError && error.error === 'already_fetched') {
      throw new EidShareError('already_fetched', { cause: error })
    }
    throw error
  }
  const answer = resultAnswerSchema.safeParse(body)
  if (!answer.success) {
    throw new EidResponseError({
      endpoint: 'share_result',
      detail:
        'expected { txnId, status: PENDING | REFUSED | EXPIRED | APPROVED, citizenPid?, consentId?, data? }',
    })
  }
  if (answer.data.txnId !== transaction.txnId) {
    throw new EidResponseError({
      endpoint: 'share_result',
      detail: 'expected the answer about the transaction asked for, got one about another',
    })
  }
  const txnId = transaction.txnId
  switch (answer.data.status) {
    case 'PENDING':
      return { status: 'pending', txnId }
    case 'REFUSED':
      return { status: 'refused', txnId }
    case 'EXPIRED':
      return { status: 'expired', txnId }
    case 'APPROVED':
      return {
        status: 'approved',
        txnId,
        result: readApprovedData(answer.data, transaction.attributes, transaction.personalId, 'share_result'),
      }
  }
}

/** Waits `ms`, or rejects with {@link EidAbortedError} as soon as `signal` fires. */
function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new EidAbortedError({ cause: signal.reason }))
    const onAbort = () => {
      clearTimeout(timer)
      reject(new EidAbortedError({ cause: signal?.reason }))
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}

/**
 * Waits for the citizen's answer: {@link checkShare} until the transaction is settled, waiting
 * `poll.initialMs` (1 s) between looks and doubling up to `poll.maxMs` (5 s). It stops at the
 * transaction's `expiresAt` (one last look, then `ERR_EID_SHARE_EXPIRED`) and when `signal` fires
 * (`ERR_EID_ABORTED`). Approved: the typed {@link ShareResult}; refused: `ERR_EID_SHARE_REFUSED`;
 * expired: `ERR_EID_SHARE_EXPIRED`.
 *
 * @example
 * ```ts
 * const result = await waitForShareResult(context, transaction, { signal: AbortSignal.timeout(120_000) })
 * ```
 */
export async function waitForShareResult<A extends readonly AttributeName[]>(
  context: ShareContext,
  input: ShareTransaction<A> | string,
  options: { signal?: AbortSignal | undefined } = {},
): Promise<ShareResult<A>> {
  const transaction = readShareTransaction(input)
  const { signal } = options
  let delay = context.share.poll.initialMs
  for (;;) {
    if (signal?.aborted) throw new EidAbortedError({ cause: signal.reason })
    const state = await checkShare(context, transaction, { signal })
    if (state.status === 'approved') return state.result
    if (state.status === 'refused') throw new EidShareError('refused')
    if (state.status === 'expired') throw new EidShareError('expired')
    const left = transaction.expiresAt * 1000 - context.now() * 1000
    if (left <= 0) throw new EidShareError('expired')
    await pause(Math.min(delay, left), signal)
    delay = Math.min(delay * 2, context.share.poll.maxMs)
  }
}

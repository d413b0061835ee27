import { z } from 'zod'
import { EidConfigError } from '../../errors/config-error.js'
import { ATTRIBUTE_NAMES, type AttributeName, personalIdSchema } from '../../schemas/index.js'

/**
 * A transaction id as the gateway may send it: 1 to 128 characters of `[A-Za-z0-9._~-]` (unreserved in
 * URLs, so it goes into a path as it is), and not `.` or `..` (which a URL would read as a directory).
 *
 * @example
 * ```ts
 * TXN_ID.test('4f1c-2b9e') // true
 * ```
 */
export const TXN_ID = /^(?!\.{1,2}$)[A-Za-z0-9._~-]{1,128}$/

/** The longest purpose the gateway shows the citizen. */
export const PURPOSE_MAX_LENGTH = 200

/**
 * One data-sharing transaction, as `eid.share.start()` returns it: plain JSON. Keep it in the customer's
 * server-side session (the `txnId` is a bearer reference to the citizen's data) and give it back to
 * `check()` or `result()`. The type parameter remembers the requested attributes, so the result is typed.
 *
 * @example
 * ```ts
 * const transaction = await eid.share.start({ personalId, attributes: ['identity', 'portrait'], purpose })
 * req.session.share = transaction
 * res.render('share', { appLink: transaction.appLink, qr: transaction.qrPayload })
 * ```
 */
export interface ShareTransaction<A extends readonly AttributeName[] = readonly AttributeName[]> {
  /** The gateway's transaction id. */
  readonly txnId: string
  /** The 12-digit personal number the transaction was started for; the data must be about this citizen. */
  readonly personalId: string
  /** The attributes asked for (the citizen may share fewer). */
  readonly attributes: A
  /** The purpose shown to the citizen. */
  readonly purpose: string
  /** `<appLinkBase>/<txnId>`: the universal link that opens the VNeID app on a phone. */
  readonly appLink: string
  /** What to encode in a QR code on a desktop (the same link). */
  readonly qrPayload: string
  /** Epoch seconds when the transaction was started. */
  readonly startedAt: number
  /** Epoch seconds after which the gateway answers `EXPIRED`; `result()` stops waiting then. */
  readonly expiresAt: number
}

const transactionSchema = z.object({
  txnId: z.string().regex(TXN_ID),
  personalId: personalIdSchema,
  attributes: z.array(z.enum(ATTRIBUTE_NAMES)).min(1).max(ATTRIBUTE_NAMES.length),
  purpose: z.string().min(1).max(PURPOSE_MAX_LENGTH),
  appLink: z.string().max(4096),
  qrPayload: z.string().max(4096),
  startedAt: z.number().int().nonnegative(),
  expiresAt: z.number().int().nonnegative(),
})

/**
 * Reads back a transaction given to `check()` or `result()` (the object, or its JSON): a malformed one
 * is an {@link EidConfigError} naming the fields, never their values.
 *
 * @example
 * ```ts
 * const transaction = readShareTransaction(req.session.share)
 * ```
 */
export function readShareTransaction<A extends readonly AttributeName[]>(
  input: ShareTransaction<A> | string | undefined,
): ShareTransaction<A> {
  let value: unknown = input
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input)
    } catch {
      value = undefined
    }
  }
  const parsed = transactionSchema.safeParse(value)
  if (!parsed.success) {
    throw new EidConfigError(
      parsed.error.issues.map((issue) => ({
        path: issue.path.join('.') || 'transaction',
        message: `expected the transaction returned by eid.share.start() (${issue.code})`,
      })),
      { subject: 'the share transaction' },
    )
  }
  return parsed.data as unknown as ShareTransaction<A>
}

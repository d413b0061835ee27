import { z } from 'zod'

/**
 * Settings of `eid.share` (sharing data from the VNeID app by transaction), under `share` in the options
 * of a `profile: 'vneid'` client. Every point docs/vneid-share.md marks uncertain is one of these.
 *
 * @example
 * ```ts
 * const share: VneidShareOptions = {
 *   endpoints: { start: 'https://gateway.example/share/start', result: 'https://gateway.example/share/result' },
 *   appLinkBase: 'https://vneid.example/share',
 *   callbackUrl: 'https://bank.example/callback/vneid',
 *   webhookSecret: process.env.VNEID_WEBHOOK_SECRET,
 * }
 * ```
 */
export interface VneidShareOptions {
  /** The gateway's start and result endpoints (one origin: the client secret goes there). */
  endpoints: { start: string; result: string }
  /** The app link's base: the citizen opens `<appLinkBase>/<txnId>`. */
  appLinkBase: string
  /** This relying party's registered share callback URL, sent with every start. */
  callbackUrl: string
  /** The webhook's HMAC-SHA256 secret (at least 32 characters); needed only by `verifyWebhook`. */
  webhookSecret?: string | undefined
  /** How far a webhook's `timestamp` may be from this server's clock, in seconds. Default 300. */
  webhookToleranceSec?: number
  /** Polling of `result()`: the first wait (default 1000 ms), doubled each time up to `maxMs` (default 5000 ms). */
  poll?: { initialMs?: number; maxMs?: number }
  /** Header names: `signature` carries the webhook's HMAC (default `x-signature`). */
  headers?: { signature?: string }
}

/** The shortest webhook secret accepted: 32 characters, as docs/vneid-share.md asks. */
export const WEBHOOK_SECRET_MIN_LENGTH = 32

/**
 * The zod schema of {@link VneidShareOptions}; `urlSchema` is the dialect's (absolute http(s) URL).
 * The https and origin rules are checked with the other URLs in `resolveVneidOptions`.
 *
 * @example
 * ```ts
 * const schema = z.object({ share: shareOptionsSchema(urlSchema).optional() })
 * ```
 */
export function shareOptionsSchema(urlSchema: z.ZodType<string>) {
  return z
    .object(
      {
        endpoints: z.object(
          { start: urlSchema, result: urlSchema },
          { error: 'expected { start, result } URLs of the share gateway' },
        ),
        appLinkBase: urlSchema,
        callbackUrl: urlSchema,
        webhookSecret: z
          .string({ error: 'expected the webhook secret as a string' })
          .min(WEBHOOK_SECRET_MIN_LENGTH, {
            error: `expected a webhook secret of at least ${WEBHOOK_SECRET_MIN_LENGTH} characters`,
          })
          .optional(),
        webhookToleranceSec: z.number().int().min(1).max(3600).default(300),
        poll: z
          .object({
            initialMs: z.number().int().min(10).max(60_000).default(1000),
            maxMs: z.number().int().min(10).max(300_000).default(5000),
          })
          .prefault({})
          .refine((poll) => poll.maxMs >= poll.initialMs, {
            error: 'expected poll.maxMs at least poll.initialMs',
          }),
        headers: z
          .object({
            signature: z
              .string()
              .regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,64}$/, { error: 'expected an HTTP header name' })
              .transform((name) => name.toLowerCase())
              .default('x-signature'),
          })
          .prefault({}),
      },
      { error: 'expected { endpoints: { start, result }, appLinkBase, callbackUrl, webhookSecret? }' },
    )
    .optional()
}

/**
 * The share settings after validation and defaults.
 *
 * @example
 * ```ts
 * const share: ResolvedShareOptions = resolveVneidOptions(options).share!
 * share.poll.initialMs // 1000
 * ```
 */
export type ResolvedShareOptions = NonNullable<z.output<ReturnType<typeof shareOptionsSchema>>>

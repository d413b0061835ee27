import type { MockIdpContext } from '../context.js'
import { secretDigest } from '../security/same-secret.js'
import { newOtp } from '../sms/outbox.js'
import type { Lang } from '../views/i18n.js'

/** The storage namespace of the one-time codes sent by the login screen (keyed by interaction). */
export const PENDING_OTP_NS = 'otp'

/** A one-time code lives five minutes. */
export const OTP_TTL_SEC = 300

/**
 * How long the pending sign-in is kept after its code was sent (the interaction's lifetime): an expired
 * code is then recognised as expired, and a new one can be sent without the passcode again.
 */
export const PENDING_OTP_KEEP_SEC = 1800

/** At most this many new codes ("resend") per sign-in. */
export const OTP_RESEND_LIMIT = 3

/** A sign-in between the passcode (`/login`) and the SMS one-time code (`/otp`). */
export interface PendingOtp {
  personalId: string
  accountId: string
  /** SHA-256 of the code, never the code itself. */
  digest: string
  expiresAt: number
}

/**
 * Sends a fresh one-time code by SMS for the interaction `uid` and stores its digest, replacing (and so
 * invalidating) any earlier code of that interaction.
 *
 * @example
 * ```ts
 * await sendOtp(ctx, details.uid, personalId, context.lang)
 * ```
 */
export async function sendOtp(
  ctx: Pick<MockIdpContext, 'storage' | 'population' | 'sms' | 'now' | 'logger'>,
  uid: string,
  personalId: string,
  lang: Lang,
): Promise<void> {
  const otp = newOtp()
  await ctx.storage.set(
    PENDING_OTP_NS,
    uid,
    {
      personalId,
      accountId: ctx.population.accountIdOf(personalId),
      digest: secretDigest(otp).toString('base64url'),
      expiresAt: ctx.now() + OTP_TTL_SEC,
    } satisfies PendingOtp,
    { ttlSec: PENDING_OTP_KEEP_SEC },
  )
  const smsText =
    lang === 'en'
      ? `Your national e-ID code is ${otp}. It expires in 5 minutes. Never share it.`
      : `Mã xác thực định danh điện tử của bạn là ${otp}, hiệu lực 5 phút. Tuyệt đối không chia sẻ mã này.`
  const citizen = ctx.population.find(personalId)
  await ctx.sms.send(citizen?.phone?.number ?? '', smsText, ctx.now())
  ctx.logger.info({ event: 'otp_sent', interaction: uid }, 'one-time code sent')
}

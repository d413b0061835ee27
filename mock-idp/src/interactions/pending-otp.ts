/** The storage namespace of the one-time codes sent by the login screen (keyed by interaction). */
export const PENDING_OTP_NS = 'otp'

/** A one-time code lives five minutes. */
export const OTP_TTL_SEC = 300

/** A sign-in between the passcode (`/login`) and the SMS one-time code (`/otp`). */
export interface PendingOtp {
  personalId: string
  accountId: string
  /** SHA-256 of the code, never the code itself. */
  digest: string
  expiresAt: number
}

import { EidError } from './eid-error.js'

/**
 * Why a consent API call failed.
 *
 * @example
 * ```ts
 * if (err instanceof EidConsentError && err.reason === 'not_found') res.sendStatus(404)
 * ```
 */
export type ConsentProblem = 'not_found' | 'forbidden' | 'already_withdrawn' | 'unavailable'

/**
 * `ERR_EID_CONSENT`: a consent API call failed (the consent does not exist, belongs to another relying
 * party, or is already withdrawn).
 *
 * @example
 * ```ts
 * try { await eid.consents.revoke(id) } catch (err) { if (isEidError(err, 'ERR_EID_CONSENT')) ... }
 * ```
 */
export class EidConsentError extends EidError {
  readonly reason: ConsentProblem
  readonly status: number | undefined

  constructor(reason: ConsentProblem, status?: number, options: { cause?: unknown } = {}) {
    const text: Record<ConsentProblem, string> = {
      not_found: 'no consent with this id exists for this client; list consents to get valid ids',
      forbidden: 'this client may not access that consent; check the client credentials',
      already_withdrawn: 'the citizen already withdrew this consent; stop processing the data it covered',
      unavailable:
        'the consent API is not available at this provider; check consent_api_endpoint in discovery',
    }
    super('ERR_EID_CONSENT', `Consent request failed: ${text[reason]}.`, options)
    this.reason = reason
    this.status = status
  }
}

/**
 * `ERR_EID_UNSUPPORTED`: the provider does not offer a feature the call needs (CIBA, PAR with
 * `par: 'always'`, a consent API), or the client options rule it out.
 *
 * @example
 * ```ts
 * if (isEidError(err, 'ERR_EID_UNSUPPORTED')) hideCounterSignIn()
 * ```
 */
export class EidUnsupportedError extends EidError {
  readonly feature: string

  constructor(feature: string, detail: string, options: { cause?: unknown } = {}) {
    super('ERR_EID_UNSUPPORTED', `${feature} is not available: ${detail}.`, options)
    this.feature = feature
  }
}

/**
 * `ERR_EID_ABORTED`: the caller's `AbortSignal` fired (for example a desk clerk cancelled a decoupled
 * sign-in).
 *
 * @example
 * ```ts
 * const ctrl = new AbortController()
 * eid.waitForBackchannelSignIn(handle, { signal: ctrl.signal }).catch((e) => isEidError(e, 'ERR_EID_ABORTED'))
 * ```
 */
export class EidAbortedError extends EidError {
  constructor(options: { cause?: unknown } = {}) {
    super('ERR_EID_ABORTED', 'The operation was cancelled by its AbortSignal. Nothing else to do.', options)
  }
}

/**
 * `ERR_EID_BACKCHANNEL_EXPIRED`: a decoupled (CIBA) sign-in was not approved on the citizen's phone
 * before it expired.
 *
 * @example
 * ```ts
 * if (isEidError(err, 'ERR_EID_BACKCHANNEL_EXPIRED')) desk.show('Hết thời gian chờ xác nhận')
 * ```
 */
export class EidBackchannelExpiredError extends EidError {
  constructor(options: { cause?: unknown } = {}) {
    super(
      'ERR_EID_BACKCHANNEL_EXPIRED',
      'The citizen did not approve the decoupled sign-in before it expired. Start a new request and ask them to check their phone.',
      options,
    )
  }
}

/**
 * Why a session or transaction cookie was refused.
 *
 * @example
 * ```ts
 * if (err instanceof EidSessionError && err.reason === 'expired') res.redirect('/auth/login')
 * ```
 */
export type SessionProblem = 'malformed' | 'unknown_key' | 'tampered' | 'expired' | 'revoked'

/**
 * `ERR_EID_SESSION_INVALID`: a session cookie (or the session it points to) is forged, truncated, sealed
 * with a secret this app no longer has, expired, or ended by a back-channel logout. The request is
 * treated as signed out; nothing about the citizen is logged.
 *
 * @example
 * ```ts
 * if (isEidError(err, 'ERR_EID_SESSION_INVALID')) res.status(401).render('signed-out')
 * ```
 */
export class EidSessionError extends EidError {
  readonly reason: SessionProblem

  constructor(reason: SessionProblem, options: { cause?: unknown } = {}) {
    super(
      'ERR_EID_SESSION_INVALID',
      `The session is not valid (${reason}). Expected a session cookie sealed by this app with a current secret; sign in again.`,
      options,
    )
    this.reason = reason
  }
}

/**
 * `ERR_EID_CSRF`: a state-changing request (such as logout) came without the right CSRF token, or from
 * another site. Nothing was changed.
 *
 * @example
 * ```ts
 * if (isEidError(err, 'ERR_EID_CSRF')) res.status(403).send('Please use the sign-out button.')
 * ```
 */
export class EidCsrfError extends EidError {
  constructor() {
    super(
      'ERR_EID_CSRF',
      'Refused a request without a valid CSRF token or from another origin. Expected the form of this site (req.eid.csrfToken); nothing was changed.',
    )
  }
}

/**
 * `ERR_EID_CITIZEN_MISMATCH`: an answer that must be about one citizen came back about another. Either a
 * re-authentication asked for the signed-in citizen (a step-up, a fresh login to confirm a transfer, more
 * data for the same session) was made by another citizen: the session is kept as it was and nothing of the
 * other citizen's sign-in is kept (someone else may be at the keyboard, or the citizen meant to switch
 * accounts: they should sign out first). Or (`operation: 'share'`) the data of a sharing transaction is
 * about another personal number than the one the transaction was started for: nothing of it is returned.
 *
 * @example
 * ```ts
 * if (isEidError(err, 'ERR_EID_CITIZEN_MISMATCH')) res.status(403).send('Please authenticate as yourself, or sign out first.')
 * ```
 */
export class EidCitizenMismatchError extends EidError {
  /** What was being done: a re-authentication (the default) or a data-sharing transaction. */
  readonly operation: 'reauthentication' | 'share'

  constructor(options: { operation?: 'reauthentication' | 'share' } = {}) {
    const operation = options.operation ?? 'reauthentication'
    super(
      'ERR_EID_CITIZEN_MISMATCH',
      operation === 'share'
        ? 'The shared data is about another citizen than the one the sharing transaction was started for. Expected the personal number of the transaction; nothing of the data was kept. Start a new transaction for the customer in this session.'
        : 'The re-authentication was made by another citizen than the one signed in. Expected the signed-in citizen to authenticate again; the session was kept unchanged. To switch citizen, sign out first.',
    )
    this.operation = operation
  }
}

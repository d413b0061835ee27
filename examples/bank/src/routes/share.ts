import {
  type EidClient,
  EidProviderError,
  EidWebhookError,
  isEidError,
  type ShareResult,
  type ShareTransaction,
} from '@dinhdanh/client'
import { fromThisSite, html, sameSecret } from 'dinhdanh-example-shared'
import express, { type Express, type NextFunction, type Request, type Response } from 'express'
import { customerRecord } from '../customer.js'
import { SHARE_ATTRIBUTES, SHARE_PURPOSE, SHARE_PURPOSE_TEXT } from '../purposes.js'
import { demoFaceMatch, demoSelfie, svgDataUrl } from '../share/face-match.js'
import { qrSvg } from '../share/qr.js'
import type { ShareAttributes, ShareSession, ShareSessions, ShareStage } from '../share/sessions.js'
import { SHARE_PATHS } from '../share/settings.js'
import type { BankSite } from '../site.js'
import { type Account, appOpenedSubject, ConsentWithdrawnMeanwhile } from '../store.js'
import {
  faceResultBody,
  faceStepBody,
  SHARE_STYLE,
  type ShareEnd,
  shareEndPage,
  shareStartBody,
  shareWaitingBody,
} from '../views/share.js'

/** The share client (`undefined`: not configured, the pages say so) and the customers' share sessions. */
export interface ShareDeps {
  client: EidClient | undefined
  sessions: ShareSessions
}

const TITLE = { vi: 'Chia sẻ từ ứng dụng VNeID', en: 'Share from the VNeID app' }
const FACE_TITLE = { vi: 'Đối chiếu khuôn mặt', en: 'Face match' }

/** What each way a sharing can end is called, and its status code. */
const ENDS: Partial<Record<string, [ShareEnd, number]>> = {
  ERR_EID_SHARE_REFUSED: ['refused', 200],
  ERR_EID_SHARE_EXPIRED: ['expired', 410],
  ERR_EID_SHARE_UNKNOWN: ['unknown', 404],
  ERR_EID_SHARE_ALREADY_FETCHED: ['already_fetched', 410],
  ERR_EID_CITIZEN_MISMATCH: ['other_citizen', 422],
}

/** A phone (the app link as a button) or a desktop (a QR code): Client Hints, else the User-Agent. */
function onPhone(req: Request): boolean {
  const hint = req.get('sec-ch-ua-mobile')
  if (hint === '?1' || hint === '?0') return hint === '?1'
  return /Mobi|Android|iPhone|iPod/i.test(req.get('user-agent') ?? '')
}

/** Everything account opening needs arrived (the citizen may untick some of it in the app). */
function complete(result: ShareResult<ShareAttributes>) {
  const { citizen } = result
  const { address, phone, idCard, portrait } = result.attributes as ShareResult<
    typeof SHARE_ATTRIBUTES
  >['attributes']
  if (!citizen || !address || !phone || !idCard || !portrait) return undefined
  return { citizen, address, phone, idCard, portrait }
}

/**
 * Account opening by sharing from the VNeID app (docs/vneid-share.md): the customer types their personal
 * number, the bank starts a transaction and shows its QR code (desktop) or app link (phone), the waiting
 * page asks the gateway until the citizen answered, the app's callback and the signed webhook bring the
 * same answer, then a DEMO face match and the account. The transaction lives in the customer's
 * server-side share session only (src/share/sessions.ts); the portrait is deleted at the match.
 *
 * @example
 * ```ts
 * shareRoutes(app, site, { client: shareClient, sessions: new ShareSessions({ secureCookie: false }) })
 * ```
 */
export function shareRoutes(app: Express, site: BankSite, { client, sessions }: ShareDeps): void {
  const { bank } = site
  const end = (req: Request, res: Response, reason: ShareEnd, status: number) => {
    const page = shareEndPage(res, reason)
    site.page(req, res, page.title, page.body, status)
  }
  /** A typed SDK error that ends the sharing: its page, and the session forgotten. Anything else: thrown. */
  const failed = (req: Request, res: Response, session: ShareSession, error: unknown) => {
    const known = isEidError(error) ? ENDS[error.code] : undefined
    if (!known) throw error
    sessions.end(session)
    end(req, res, known[0], known[1])
  }
  const approve = (session: ShareSession, result: ShareResult<ShareAttributes>, by: 'result' | 'webhook') => {
    if (session.stage.kind === 'waiting') session.stage = { kind: 'approved', result, receivedBy: by }
    return session.stage
  }

  /**
   * Asks the gateway once (`wait`: until settled, for the callback, with a short limit), one request per
   * session at a time (the data is given once: a second concurrent fetch would get `already_fetched`).
   */
  const settle = (session: ShareSession, mode: 'check' | 'wait'): Promise<ShareStage> => {
    const transaction = session.transaction
    if (!client || !transaction || session.stage.kind !== 'waiting') return Promise.resolve(session.stage)
    session.inflight ??= (async () => {
      try {
        if (mode === 'wait') {
          const result = await client.share.result(transaction, { signal: AbortSignal.timeout(8000) })
          return approve(session, result, 'result')
        }
        const state = await client.share.check(transaction)
        if (state.status === 'approved') return approve(session, state.result, 'result')
        if (state.status !== 'pending' && session.stage.kind === 'waiting')
          session.stage = { kind: state.status }
        return session.stage
      } catch (error) {
        // The webhook delivered it meanwhile: that is the answer, not "already fetched".
        if (session.stage.kind === 'approved') return session.stage
        throw error
      }
    })().finally(() => {
      session.inflight = undefined
    })
    return session.inflight
  }

  /** Where a settled stage goes; `undefined` while waiting. */
  const after = (req: Request, res: Response, session: ShareSession, stage: ShareStage): boolean => {
    if (stage.kind === 'approved') {
      res.redirect(303, '/open-account/share/face')
      return true
    }
    if (stage.kind === 'refused' || stage.kind === 'expired') {
      sessions.end(session)
      end(req, res, stage.kind, stage.kind === 'expired' ? 410 : 200)
      return true
    }
    return false
  }

  // The form creates nothing server-side: its token is a signed double submit (src/share/sessions.ts).
  const startForm = (res: Response, problem?: { vi: string; en: string }) =>
    shareStartBody(res, {
      csrf: sessions.startForm(res),
      purpose: SHARE_PURPOSE_TEXT,
      attributes: SHARE_ATTRIBUTES,
      ...(problem && { problem }),
    })

  app.get('/open-account/share', (req, res) => {
    if (!client) return end(req, res, 'unavailable', 503)
    site.page(req, res, TITLE, startForm(res))
  })

  // Anyone may type any personal number here, so: the same answer for a customer and anyone else (who
  // banks here is told only to the verified citizen, after the face match); limits per browser, IP and
  // number; a new session cookie at every start; nothing shared is shown before the face match.
  app.post('/open-account/share', async (req, res) => {
    if (!client) return end(req, res, 'unavailable', 503)
    if (!sessions.startFormValid(req) || !fromThisSite(req, site.config.baseUrl))
      return site.csrfRefused(req, res)
    const badNumber = (problem: { vi: string; en: string }) =>
      site.page(req, res, TITLE, startForm(res, problem), 400)
    // As printed on the card: groups separated by spaces.
    const personalId = String(req.body?.personalId ?? '').replace(/\s+/g, '')
    if (!/^\d{12}$/.test(personalId))
      return badNumber({
        vi: 'Số định danh cá nhân gồm 12 chữ số.',
        en: 'A personal ID number has 12 digits.',
      })
    const refusal = sessions.admit(req, personalId)
    if (refusal) {
      res.set('retry-after', refusal === 'busy' ? '120' : '900')
      return end(req, res, refusal, refusal === 'busy' ? 503 : 429)
    }
    let transaction: ShareTransaction<ShareAttributes>
    try {
      transaction = await client.share.start({
        personalId,
        attributes: SHARE_ATTRIBUTES,
        purpose: SHARE_PURPOSE,
      })
    } catch (error) {
      // Not a personal number (ERR_EID_CONFIG), or one the gateway refuses (invalid_request). A gateway
      // that is down goes to the shared friendly pages (unexpectedErrors in src/app.ts).
      const refused =
        isEidError(error, 'ERR_EID_CONFIG') ||
        (error instanceof EidProviderError && (error.status ?? 0) < 500 && error.error === 'invalid_request')
      if (!refused) throw error
      return badNumber({
        vi: 'VNeID không nhận yêu cầu cho số định danh này. Vui lòng kiểm tra lại số trên thẻ căn cước.',
        en: 'VNeID did not accept a request for this number. Please check the number on your ID card.',
      })
    }
    sessions.start(req, res, transaction)
    res.redirect(303, '/open-account/share/wait')
  })

  app.get('/open-account/share/wait', async (req, res) => {
    const session = sessions.of(req)
    const transaction = session?.transaction
    if (!session || !transaction) return res.redirect(303, '/open-account/share')
    let stage: ShareStage
    try {
      stage = await settle(session, 'check')
    } catch (error) {
      return failed(req, res, session, error)
    }
    if (after(req, res, session, stage)) return
    const body = shareWaitingBody(res, {
      appLink: transaction.appLink,
      qrSvg: await qrSvg(transaction.qrPayload),
      phone: onPhone(req),
      expiresAt: transaction.expiresAt,
    })
    site.page(req, res, TITLE, html`${SHARE_STYLE}${body}`, 200, { refreshSec: 3 })
  })

  // The VNeID app sends the browser here: `<callback>/<encodeURIComponent(txnId|STATUS)>`. The status is
  // advisory; the transaction must be this session's, and only the gateway's answer counts.
  app.get(`${SHARE_PATHS.callback}/:answer`, async (req, res) => {
    if (!client) return end(req, res, 'unavailable', 503)
    let txnId: string
    try {
      txnId = client.share.parseCallback(req.originalUrl).txnId
    } catch (error) {
      if (!isEidError(error, 'ERR_EID_CALLBACK_INVALID')) throw error
      return end(req, res, 'invalid_link', 400)
    }
    const session = sessions.of(req)
    // Another session's (or another device's) transaction: nothing is fetched, this session is kept.
    if (!session?.transaction || !sameSecret(txnId, session.transaction.txnId))
      return end(req, res, 'mismatch', 403)
    let stage: ShareStage
    try {
      stage = await settle(session, 'wait')
    } catch (error) {
      // Still pending after the short wait (a slow gateway): the waiting page carries on.
      if (isEidError(error, 'ERR_EID_ABORTED')) return res.redirect(303, '/open-account/share/wait')
      return failed(req, res, session, error)
    }
    if (!after(req, res, session, stage)) res.redirect(303, '/open-account/share/wait')
  })

  // Nothing shared is shown here: see faceStepBody.
  app.get('/open-account/share/face', (req, res) => {
    const session = sessions.of(req)
    if (session?.stage.kind !== 'approved') return res.redirect(303, '/open-account/share/wait')
    if (!complete(session.stage.result)) {
      sessions.end(session)
      return end(req, res, 'incomplete', 422)
    }
    const body = faceStepBody(res, { csrf: session.csrf, receivedBy: session.stage.receivedBy })
    site.page(req, res, FACE_TITLE, html`${SHARE_STYLE}${body}`)
  })

  /**
   * The approved session of a face-step form post (CSRF token and origin checked), taken: the match is
   * done with this request's copy, and the session (the portrait and all shared data with it) is
   * forgotten now, whatever the outcome. `undefined` when the answer was sent.
   */
  const takeApproved = (req: Request, res: Response) => {
    const session = sessions.of(req)
    if (!session || !sessions.formValid(req, session) || !fromThisSite(req, site.config.baseUrl)) {
      site.csrfRefused(req, res)
      return undefined
    }
    if (session.stage.kind !== 'approved') {
      res.redirect(303, '/open-account/share/wait')
      return undefined
    }
    const { result } = session.stage
    sessions.end(session)
    const data = complete(result)
    if (!data) {
      end(req, res, 'incomplete', 422)
      return undefined
    }
    return { result, data }
  }

  // The demo "camera" is here, on the server: the form carries no choice of face. (A real bank's
  // selfie comes from the customer's device, so it needs a liveness check: see docs/vneid-share.md.)
  app.post('/open-account/share/face', (req, res) => {
    const taken = takeApproved(req, res)
    if (!taken) return
    const { result, data } = taken
    const match = demoFaceMatch(data.portrait, demoSelfie(data.citizen, 'self'))
    if (!match.matched) {
      const body = faceResultBody(res, {
        match,
        account: undefined,
        consentId: result.consentId,
        personalId: data.citizen.personalId,
      })
      return site.page(req, res, FACE_TITLE, html`${SHARE_STYLE}${body}`, 422)
    }
    // Who banks here is said only now, to the citizen the face match verified.
    const { personalId } = data.citizen
    if (bank.accountOfPersonalId(personalId) || bank.accountOf(appOpenedSubject(personalId)))
      return end(req, res, 'already_customer', 409)
    let account: Account
    try {
      account = bank.openAccount({
        subject: appOpenedSubject(personalId),
        customer: customerRecord(data.citizen, data),
        receipts: [],
        ...(result.consentId && {
          appConsent: {
            consentId: result.consentId,
            purpose: SHARE_PURPOSE,
            attributes: SHARE_ATTRIBUTES.filter((name) => !result.missing.includes(name)),
            grantedAt: Math.floor(Date.now() / 1000),
          },
        }),
      }).account
    } catch (error) {
      if (!(error instanceof ConsentWithdrawnMeanwhile)) throw error
      return end(req, res, 'refused', 409)
    }
    const body = faceResultBody(res, { match, account, consentId: result.consentId, personalId })
    site.page(req, res, FACE_TITLE, html`${SHARE_STYLE}${body}`, 201)
  })

  // DEMO illustration of a mismatch: someone else's face (drawn from another number, nothing of the
  // citizen's data), compared, and never an account, whatever is posted.
  app.post('/open-account/share/face/demo-mismatch', (req, res) => {
    const taken = takeApproved(req, res)
    if (!taken) return
    const { result, data } = taken
    const selfie = demoSelfie({ personalId: data.citizen.personalId }, 'other')
    const match = demoFaceMatch(data.portrait, selfie)
    const body = faceResultBody(res, {
      otherSelfieUrl: svgDataUrl(selfie),
      match: { ...match, matched: false },
      account: undefined,
      consentId: result.consentId,
      personalId: data.citizen.personalId,
    })
    site.page(req, res, FACE_TITLE, html`${SHARE_STYLE}${body}`, 422)
  })

  // The gateway's signed result: the raw body (before any JSON parser), verified, then bound to the
  // transaction of a live session. Answers 2xx once handled (the gateway retries anything else).
  app.post(
    SHARE_PATHS.webhook,
    express.raw({ type: 'application/json', limit: '1mb' }),
    async (req: Request, res: Response, next: NextFunction) => {
      if (!client) return res.sendStatus(404)
      let event: Awaited<ReturnType<EidClient['share']['verifyWebhook']>>
      try {
        event = await client.share.verifyWebhook(Buffer.isBuffer(req.body) ? req.body : '', req.headers)
      } catch (error) {
        if (!(error instanceof EidWebhookError)) return next(error)
        // A delivery seen before was handled then; anything else is refused (never explained further).
        if (error.reason === 'replayed') return res.sendStatus(200)
        return res.status(401).json({ error: 'invalid_webhook' })
      }
      const session = sessions.byTxn(event.txnId)
      if (session?.transaction && session.stage.kind === 'waiting') {
        try {
          const state = client.share.matchWebhookEvent(event, session.transaction)
          if (state.status === 'approved') approve(session, state.result, 'webhook')
          else if (state.status !== 'pending') session.stage = { kind: state.status }
        } catch (error) {
          // About another citizen than the transaction's: ignored (the result endpoint decides).
          if (!isEidError(error, 'ERR_EID_CITIZEN_MISMATCH')) return next(error)
        }
      }
      res.sendStatus(204)
    },
  )
}

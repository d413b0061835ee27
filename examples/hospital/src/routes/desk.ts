import { type EidClient, EidProviderError } from '@dinhdanh/client'
import { safeParsePersonalId } from '@dinhdanh/client/schemas'
import { type Bilingual, fromThisSite, speaker } from 'dinhdanh-example-shared'
import type { Express, Request, Response } from 'express'
import { CHECK_IN_ATTRIBUTES } from '../check-in.js'
import type { DeskAccess } from '../desk-access.js'
import { DeskBusyError, type DeskBusyReason, type DeskRequests } from '../desk-requests.js'
import type { HospitalSite } from '../site.js'
import {
  DESK_TITLE,
  type DeskFormValues,
  deskBusyText,
  deskFormBody,
  deskRequestBody,
  invalidPersonalIdText,
  pinFormBody,
  requestGoneNotice,
} from '../views/desk.js'

/** The HTTP status of each reason a desk request cannot be sent now. */
const BUSY_STATUS: Record<DeskBusyReason, number> = {
  number_pending: 409,
  rate: 429,
  desk_full: 429,
  full: 503,
}

/** What the desk's routes need besides the site. */
export interface DeskDeps {
  client: EidClient
  /** Who may use the desk (the PIN, then a signed cookie). */
  access: DeskAccess
  /** The decoupled sign-ins the desks are waiting for. */
  requests: DeskRequests
  /** The purpose shown on the patient's phone. */
  purpose: Bilingual
  /**
   * The demo's published PIN when the desk uses it: the PIN form shows it to visitors on loopback (the
   * only place `server.ts` lets the demo PIN work), never elsewhere.
   */
  demoPin?: string | undefined
}

const LOOPBACK_ADDRESSES = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1'])

/**
 * The reception desk: a clerk unlocks it with the PIN, types the patient's personal ID number, the patient
 * approves on their own phone (decoupled sign-in, OpenID Connect CIBA in poll mode), and the desk shows
 * the result. Every post carries the desk's own CSRF token and passes the same-origin check.
 *
 * @example
 * ```ts
 * deskRoutes(app, site, { client, access, requests: new DeskRequests(), purpose: DESK_PURPOSE })
 * ```
 */
export function deskRoutes(
  app: Express,
  site: HospitalSite,
  { client, access, requests, purpose, demoPin }: DeskDeps,
): void {
  // The hint only on a loopback connection: the demo PIN works nowhere else.
  const hintFor = (req: Request) =>
    demoPin !== undefined && LOOPBACK_ADDRESSES.has(req.socket.localAddress ?? '') ? demoPin : undefined
  const pinForm = (req: Request, res: Response, status: number, error?: string) =>
    site.page(req, res, DESK_TITLE, pinFormBody(res, error, hintFor(req)), status)

  const deskForm = (req: Request, res: Response, deskId: string, values: DeskFormValues = {}, status = 200) =>
    site.page(req, res, DESK_TITLE, deskFormBody(res, access.csrfToken(deskId), values), status)

  /** The unlocked desk's id, or answers with the PIN form (401) and returns `undefined`. */
  function deskOf(req: Request, res: Response): string | undefined {
    const deskId = access.current(req)
    if (!deskId) pinForm(req, res, 401)
    return deskId
  }

  /** Whether a desk's post carries its CSRF token and comes from this site; refuses it otherwise. */
  function validPost(req: Request, res: Response, deskId: string): boolean {
    if (access.validCsrf(deskId, req.body._csrf) && fromThisSite(req, site.config.baseUrl)) return true
    site.refuseForgedPost(req, res)
    return false
  }

  app.get('/desk', (req, res) => {
    const deskId = deskOf(req, res)
    if (deskId) deskForm(req, res, deskId)
  })

  // Staff unlock the desk signed out: the adapter's CSRF token would be one value for everyone, so the
  // same-origin check is what refuses a post from another site (the PIN itself is the secret).
  app.post('/desk/unlock', (req, res) => {
    const say = speaker(res)
    if (!fromThisSite(req, site.config.baseUrl)) return site.refuseForgedPost(req, res)
    const outcome = access.unlock(req, res, req.body.pin)
    if (outcome.status === 'ok') return res.redirect(303, '/desk')
    if (outcome.status === 'wrong') return pinForm(req, res, 401, say('Mã PIN không đúng.', 'Wrong PIN.'))
    const minutes = Math.ceil(outcome.retryAfterSec / 60)
    res.set('retry-after', String(outcome.retryAfterSec))
    if (outcome.status === 'throttled') {
      return pinForm(
        req,
        res,
        429,
        say(
          `Nhập sai quá nhiều lần. Vui lòng thử lại sau ${minutes} phút.`,
          `Too many wrong attempts. Please try again in ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}.`,
        ),
      )
    }
    // Too many wrong PINs from all addresses together: nobody can unlock for the rest of the window.
    pinForm(
      req,
      res,
      429,
      say(
        `Việc mở quầy tạm dừng cho tất cả mọi người vì có quá nhiều lần nhập sai mã PIN. Vui lòng thử lại sau ${minutes} phút; các quầy đang mở vẫn làm việc bình thường. Nếu cần gấp, hãy báo bộ phận công nghệ thông tin của bệnh viện.`,
        `Unlocking the desk is paused for everyone after too many wrong PINs. Please try again in ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}; desks that are already unlocked keep working. If it is urgent, tell the hospital's IT department.`,
      ),
    )
  })

  app.post('/desk/lock', (req, res) => {
    const deskId = deskOf(req, res)
    if (!deskId || !validPost(req, res, deskId)) return
    access.lock(res)
    res.redirect(303, '/desk')
  })

  app.post('/desk/requests', async (req, res, next) => {
    const deskId = deskOf(req, res)
    if (!deskId || !validPost(req, res, deskId)) return
    const say = speaker(res)
    const typed = String(req.body.personalId ?? '').replace(/[\s.-]/g, '')
    const bindingMessage = String(req.body.bindingMessage ?? '').trim()
    const parsed = safeParsePersonalId(typed)
    if (!parsed.ok) {
      const error = invalidPersonalIdText(res, parsed.reason)
      return deskForm(req, res, deskId, { personalId: typed.slice(0, 20), bindingMessage, error }, 400)
    }
    // Shown on the phone and at the desk so the patient approves the right request: plain words only.
    if (!/^[\p{L}\p{N} .,:#/+_-]{1,32}$/u.test(bindingMessage)) {
      const error = say(
        'Mã hiển thị: 1 đến 32 chữ cái, chữ số, dấu cách hoặc .,:#/+_-',
        'Code shown on the phone: 1 to 32 letters, digits, spaces or .,:#/+_-',
      )
      return deskForm(req, res, deskId, { personalId: typed, bindingMessage: '', error }, 400)
    }
    // Take the slot first (every limit at once), so no phone rings in vain and two requests sent at the
    // same moment cannot both pass; give it back if the provider does not take the request.
    let slot: ReturnType<DeskRequests['reserve']>
    try {
      slot = requests.reserve({ deskId, personalId: parsed.value.value })
    } catch (error) {
      if (!(error instanceof DeskBusyError)) return next(error)
      const retryAfterSec = error.details.retryAfterSec ?? 60
      if (error.reason === 'rate') res.set('retry-after', String(retryAfterSec))
      const text = deskBusyText(res, error, retryAfterSec)
      return deskForm(
        req,
        res,
        deskId,
        { personalId: typed, bindingMessage, error: text },
        BUSY_STATUS[error.reason],
      )
    }
    try {
      // Level 1, as online: the result page says when the card needs the chip ID card checked. The same
      // attributes as online check-in; the purpose (shown on the phone) says it is for the desk.
      const handle = await client.backchannelSignIn({
        loginHint: parsed.value.value,
        bindingMessage,
        attributes: CHECK_IN_ATTRIBUTES,
        purpose,
      })
      const entry = slot.start({
        bindingMessage,
        wait: async (signal) => {
          const result = await client.waitForBackchannelSignIn(handle, { signal })
          // The desk reads the data once: give the tokens back at once (best effort).
          client.revoke(result.tokens).catch(() => undefined)
          return result
        },
      })
      res.redirect(303, `/desk/requests/${entry.id}`)
    } catch (error) {
      slot.release()
      // CIBA Core 13: the number has no e-ID account that can approve (none, locked, not yet activated).
      if (error instanceof EidProviderError && error.error === 'unknown_user_id') {
        const text = say(
          'Số này chưa có tài khoản VNeID đang hoạt động. Hãy tiếp nhận bằng thẻ bảo hiểm y tế giấy.',
          'This number has no active VNeID account. Register the patient with the paper health-insurance card.',
        )
        return deskForm(req, res, deskId, { personalId: typed, bindingMessage, error: text }, 400)
      }
      next(error)
    }
  })

  app.get('/desk/requests/:id', (req, res) => {
    const deskId = deskOf(req, res)
    if (!deskId) return
    const entry = requests.get(String(req.params.id), deskId)
    if (!entry) {
      const title = { vi: 'Không tìm thấy yêu cầu', en: 'Request not found' }
      return site.message(req, res, 404, title, requestGoneNotice(res))
    }
    const body = deskRequestBody(res, entry, {
      csrfToken: access.csrfToken(deskId),
      phoneUrl: `${site.config.issuer}/phone`,
      today: site.now,
    })
    const waiting = entry.outcome.status === 'waiting'
    site.page(req, res, { vi: 'Yêu cầu tại quầy', en: 'Desk request' }, body, 200, waiting ? 2 : undefined)
  })

  app.post('/desk/requests/:id/close', (req, res) => {
    const deskId = deskOf(req, res)
    if (!deskId || !validPost(req, res, deskId)) return
    requests.remove(String(req.params.id), deskId)
    res.redirect(303, '/desk')
  })
}

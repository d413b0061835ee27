import { randomBytes, randomInt } from 'node:crypto'
import express, { type Request, type Response, type Router } from 'express'
import type Provider from 'oidc-provider'
import type { InteractionDetails } from 'oidc-provider'
import QRCode from 'qrcode'
import type { Logger } from '../logger.js'
import type { Population } from '../population.js'
import type { Csrf } from '../security/csrf.js'
import type { Storage } from '../storage/storage.js'
import { SafeHtml } from '../views/html.js'
import { type Lang, messages, pickLang } from '../views/i18n.js'
import { qrLoginScreen } from '../views/phone.js'
import { loginScreen, noticeScreen, type ScreenContext } from '../views/screens.js'
import { accountProblem, requiredLevel } from './router.js'

/** A QR sign-in: the interaction waiting for it, and the phone's decision once there is one. */
export interface QrSignIn {
  uid: string
  clientId: string
  clientName: string
  createdAt: number
  /**
   * A short code (two digits) the browser shows next to the QR code and the phone shows at approval, so
   * the citizen can see the request is their own (finding 5 of issue 12).
   */
  matchCode: string
  approvedBy?: string
  /** When the approving phone's citizen last proved passcode and one-time code (the `auth_time` sent). */
  authTime?: number
  rejectedBy?: string
}

/** What the login page's poll sees. `rejected`: the citizen refused on the phone. */
export type QrStatus = 'pending' | 'approved' | 'rejected' | 'expired'

const NS = 'qr'
const BY_INTERACTION = 'qr-by-interaction'
const BY_ACCOUNT = 'qr-by-account'
const DECISION = 'qr-decision'
/** A QR code lives five minutes. */
export const QR_TTL_SEC = 300
const QR_ID = /^[\w-]{22}$/

/**
 * The QR sign-ins in the shared store (so the login page and the phone may be served by different
 * processes): created by the login page, decided once on the phone, consumed once by the login page.
 *
 * @example
 * ```ts
 * const qr = new QrSignIns(storage, now)
 * const id = await qr.create({ uid, clientId, clientName })
 * await qr.decide(id, accountId, 'approve')
 * ```
 */
export class QrSignIns {
  readonly #storage: Storage
  readonly #now: () => number

  constructor(storage: Storage, now: () => number) {
    this.#storage = storage
    this.#now = now
  }

  #remaining(record: QrSignIn): number {
    return record.createdAt + QR_TTL_SEC - this.#now()
  }

  /** A new code for an interaction; it replaces the interaction's previous code. */
  async create(input: Pick<QrSignIn, 'uid' | 'clientId' | 'clientName'>): Promise<string> {
    const previous = await this.#storage.get<string>(BY_INTERACTION, input.uid)
    if (previous) await this.#storage.delete(NS, previous)
    const id = randomBytes(16).toString('base64url')
    const matchCode = String(randomInt(10, 100))
    const record: QrSignIn = { ...input, createdAt: this.#now(), matchCode }
    await this.#storage.set(NS, id, record, { ttlSec: QR_TTL_SEC })
    await this.#storage.set(BY_INTERACTION, input.uid, id, { ttlSec: QR_TTL_SEC })
    return id
  }

  /** A live (unexpired, unconsumed) QR sign-in. */
  async get(id: string): Promise<QrSignIn | undefined> {
    if (!QR_ID.test(id)) return undefined
    const record = await this.#storage.get<QrSignIn>(NS, id)
    return record && this.#remaining(record) > 0 ? record : undefined
  }

  /** The interaction's current code and its record, if still live. */
  async forInteraction(uid: string): Promise<{ id: string; record: QrSignIn } | undefined> {
    const id = await this.#storage.get<string>(BY_INTERACTION, uid)
    const record = id ? await this.get(id) : undefined
    return id && record?.uid === uid ? { id, record } : undefined
  }

  status(record: QrSignIn | undefined): QrStatus {
    if (!record) return 'expired'
    if (record.approvedBy) return 'approved'
    if (record.rejectedBy) return 'rejected'
    return 'pending'
  }

  /** Remembers that this citizen's phone has the code open (the phone lists it until decided). */
  async remember(id: string, accountId: string): Promise<void> {
    const record = await this.get(id)
    if (record) await this.#storage.addToSet(BY_ACCOUNT, accountId, id, { ttlSec: this.#remaining(record) })
  }

  /** Codes this citizen's phone opened and has not decided yet. */
  async pendingFor(accountId: string): Promise<Array<{ id: string; record: QrSignIn }>> {
    const ids = await this.#storage.members(BY_ACCOUNT, accountId)
    const found = await Promise.all(ids.map(async (id) => ({ id, record: await this.get(id) })))
    return found.filter(
      (entry): entry is { id: string; record: QrSignIn } => this.status(entry.record) === 'pending',
    )
  }

  /**
   * The phone's decision; only the first one counts (atomic across processes). `authTime`: when the
   * phone's citizen signed in with passcode and one-time code.
   */
  async decide(
    id: string,
    accountId: string,
    decision: 'approve' | 'reject',
    authTime: number,
  ): Promise<boolean> {
    const record = await this.get(id)
    if (!record || this.status(record) !== 'pending') return false
    const ttlSec = this.#remaining(record)
    if (!(await this.#storage.setIfAbsent(DECISION, id, { accountId, decision }, { ttlSec }))) return false
    const decided: QrSignIn =
      decision === 'approve'
        ? { ...record, approvedBy: accountId, authTime }
        : { ...record, rejectedBy: accountId }
    await this.#storage.set(NS, id, decided, { ttlSec })
    await this.#storage.removeFromSet(BY_ACCOUNT, accountId, id)
    return true
  }

  /** Takes the decided code out of the store; true only for the first caller (single use). */
  async consume(id: string, uid: string): Promise<boolean> {
    const consumed = await this.#storage.delete(NS, id)
    await this.#storage.delete(BY_INTERACTION, uid)
    return consumed
  }
}

/** What the QR tab needs. */
export interface QrLoginDependencies {
  provider: () => Provider
  storage: Storage
  population: Population
  csrf: Csrf
  logger: Logger
  issuer: string
  lang: Lang
  now: () => number
}

/**
 * The QR tab of the login screen: `GET /interaction/:uid/qr` shows a code for `${issuer}/phone/qr/<id>`,
 * `GET /interaction/:uid/qr/status` tells the page's poll what the phone decided, and
 * `GET /interaction/:uid/qr/complete` finishes the login once (same account-status and level checks as
 * the passcode path, `amr: ['pwd', 'otp', 'qr']`, `auth_time` the phone's passcode-and-code sign-in).
 *
 * @example
 * ```ts
 * app.use(qrLoginRouter({ provider: () => provider, storage, population, csrf, logger, issuer, lang: 'vi', now }))
 * ```
 */
export function qrLoginRouter(deps: QrLoginDependencies): Router {
  const router = express.Router()
  const codes = new QrSignIns(deps.storage, deps.now)

  async function clientNameOf(details: InteractionDetails): Promise<string> {
    const client = await deps.provider().Client.find(String(details.params.client_id))
    return typeof client?.clientName === 'string' ? client.clientName : String(details.params.client_id)
  }

  async function screenContext(
    req: Request,
    res: Response,
    details: InteractionDetails,
  ): Promise<ScreenContext> {
    return {
      lang: pickLang([req.query.lang, details.params.ui_locales], deps.lang),
      path: req.originalUrl,
      nonce: String(res.locals.nonce ?? ''),
      uid: details.uid,
      csrf: deps.csrf.token(`interaction:${details.uid}`),
      clientName: await clientNameOf(details),
    }
  }

  router.get('/interaction/:uid/qr', async (req, res, next) => {
    try {
      const details = await deps.provider().interactionDetails(req, res)
      const context = await screenContext(req, res, details)
      if (details.prompt.name !== 'login') {
        res.redirect(303, `/interaction/${details.uid}?lang=${context.lang}`)
        return
      }
      // A reload keeps the code the phone may already have open; `new=1` (or an expired code) makes another.
      const current = req.query.new === undefined ? await codes.forInteraction(details.uid) : undefined
      const id =
        current && codes.status(current.record) === 'pending'
          ? current.id
          : await codes.create({
              uid: details.uid,
              clientId: String(details.params.client_id),
              clientName: context.clientName,
            })
      const matchCode =
        current?.id === id ? current.record.matchCode : ((await codes.get(id))?.matchCode ?? '')
      const link = `${deps.issuer}/phone/qr/${id}`
      // Generated by us from our own URL and a random id: markup we trust.
      const svg = new SafeHtml(await QRCode.toString(link, { type: 'svg', margin: 2 }))
      const notice =
        req.query.waiting === '1'
          ? { text: messages(context.lang).qrNotYet, kind: 'error' as const }
          : undefined
      res.type('html').send(qrLoginScreen(context, { svg, link, matchCode, ...(notice && { notice }) }))
    } catch (error) {
      next(error)
    }
  })

  router.get('/interaction/:uid/qr/status', async (req, res) => {
    let status: QrStatus = 'expired'
    try {
      // Only the browser holding the interaction's cookie may ask.
      const details = await deps.provider().interactionDetails(req, res)
      status = codes.status((await codes.forInteraction(details.uid))?.record)
    } catch {
      // No interaction (expired, or not this browser's): nothing is pending for it.
    }
    res.json({ status })
  })

  router.get('/interaction/:uid/qr/complete', async (req, res, next) => {
    try {
      const provider = deps.provider()
      const details = await provider.interactionDetails(req, res)
      const context = await screenContext(req, res, details)
      const t = messages(context.lang)
      if (details.prompt.name !== 'login') {
        res.redirect(303, `/interaction/${details.uid}?lang=${context.lang}`)
        return
      }
      const current = await codes.forInteraction(details.uid)
      const status = codes.status(current?.record)
      if (!current || status === 'pending') {
        res.redirect(303, `/interaction/${details.uid}/qr?lang=${context.lang}${current ? '&waiting=1' : ''}`)
        return
      }
      if (!(await codes.consume(current.id, details.uid))) {
        // Someone else completed it a moment ago: single use.
        res.redirect(303, `/interaction/${details.uid}/qr?lang=${context.lang}&new=1`)
        return
      }
      if (status === 'rejected') {
        await provider.interactionFinished(
          req,
          res,
          { error: 'access_denied', error_description: 'citizen_cancelled' },
          { mergeWithLastSubmission: false },
        )
        return
      }
      const accountId = current.record.approvedBy ?? ''
      const citizen = deps.population.findByAccountId(accountId)
      const problem = accountProblem(citizen, context.lang)
      if (problem || !citizen) {
        res
          .status(400)
          .type('html')
          .send(loginScreen(context, { error: problem ?? t.noAccount }))
        return
      }
      const required = requiredLevel(details.params)
      if (citizen.level < required) {
        // As on the passcode path: explain, and let "back to the service" carry the refusal.
        await deps.storage.set(
          'refusal',
          details.uid,
          { error: 'unmet_authentication_requirements', description: t.levelBody(required, citizen.level) },
          { ttlSec: 1800 },
        )
        res
          .type('html')
          .send(noticeScreen(context, { title: t.levelTitle, body: t.levelBody(required, citizen.level) }))
        return
      }
      deps.logger.info({ event: 'qr_login', interaction: details.uid }, 'signed in with a QR code')
      // What really happened: the phone's citizen proved passcode and one-time code at `authTime` (the
      // phone is never signed in on less), then approved this code. auth_time is that sign-in, not now,
      // so a relying party's max_age or prompt=login sees how old the authentication is.
      await provider.interactionFinished(
        req,
        res,
        {
          login: {
            accountId,
            acr: String(citizen.level),
            amr: ['pwd', 'otp', 'qr'],
            ts: current.record.authTime ?? current.record.createdAt,
          },
        },
        { mergeWithLastSubmission: false },
      )
    } catch (error) {
      next(error)
    }
  })

  return router
}

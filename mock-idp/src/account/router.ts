import { attributeCatalogue } from '@dinhdanh/client/schemas'
import express, { type Request, type Response, type Router } from 'express'
import type { ConsentEvents } from '../consent/events.js'
import type { ConsentRecord, ConsentRecords } from '../consent/records.js'
import type { Logger } from '../logger.js'
import type { Population } from '../population.js'
import { CitizenSessions, checkPasscode } from '../security/citizen-session.js'
import type { Csrf } from '../security/csrf.js'
import { sourceAddress } from '../security/source-address.js'
import type { Throttle } from '../security/throttle.js'
import type { Storage } from '../storage/storage.js'
import {
  accountConsentsScreen,
  accountNoticeScreen,
  accountSignInScreen,
  type PortalConsent,
} from '../views/account.js'
import type { CitizenPageContext, Notice } from '../views/citizen-page.js'
import { type Lang, messages, pickLang } from '../views/i18n.js'

/** What the citizen portal needs. */
export interface AccountDependencies {
  storage: Storage
  population: Population
  consents: ConsentRecords
  events: Pick<ConsentEvents, 'revokeGrant' | 'deliver'>
  csrf: Csrf
  throttle: Throttle
  logger: Logger
  issuer: string
  passcode: string
  lang: Lang
  now: () => number
}

/** The portal shows personal data and changes consents: a short session, separate from the phone's. */
const ACCOUNT_SESSION_TTL_SEC = 30 * 60
const CONSENT_ID = /^c_[\w-]{1,64}$/

/**
 * The citizen portal (`/account`, "Quản lý chia sẻ dữ liệu"): the citizen signs in with number and
 * passcode and sees every consent they gave (who, which data, purpose, when, how, status, the exact text
 * shown), and withdraws any active one: the grant's tokens are revoked and the relying party is sent a
 * consent-withdrawn security event. Only the signed-in citizen's own consents are ever shown or changed.
 *
 * @example
 * ```ts
 * app.use(accountRouter({ storage, population, consents, events, csrf, throttle, logger, issuer, passcode: '123456', lang: 'vi', now }))
 * ```
 */
export function accountRouter(deps: AccountDependencies): Router {
  const router = express.Router()
  const form = express.urlencoded({ extended: false, limit: '16kb' })
  const sessions = new CitizenSessions({
    storage: deps.storage,
    namespace: 'account-session',
    cookieName: 'account_session',
    path: '/account',
    ttlSec: ACCOUNT_SESSION_TTL_SEC,
    secure: deps.issuer.startsWith('https:'),
    now: deps.now,
  })

  const langOf = (req: Request): Lang => pickLang([req.query.lang, req.body?.lang], deps.lang)

  function context(req: Request, res: Response, browserId: string): CitizenPageContext {
    const lang = langOf(req)
    return {
      lang,
      path: `/account?lang=${lang}`,
      nonce: String(res.locals.nonce ?? ''),
      csrf: deps.csrf.token(`account:${browserId}`),
    }
  }

  function noticeOf(req: Request, lang: Lang): Notice | undefined {
    const t = messages(lang)
    if (req.query.done === 'withdrawn') return { text: t.withdrawn, kind: 'ok' }
    if (req.query.done === 'signed-out') return { text: t.signedOut, kind: 'ok' }
    return undefined
  }

  /** The CSRF and same-origin check of every form (O10); answers 403 itself when it fails. */
  function verified(req: Request, res: Response): string | undefined {
    const browserId = sessions.browserIdOf(req)
    if (browserId && deps.csrf.verify(req, `account:${browserId}`)) return browserId
    const ctx = context(req, res, browserId ?? sessions.ensureBrowserId(req, res))
    res
      .status(403)
      .type('html')
      .send(accountNoticeScreen(ctx, { text: messages(ctx.lang).csrf, kind: 'error' }))
    return undefined
  }

  function view(record: ConsentRecord, lang: Lang): PortalConsent {
    return {
      id: record.id,
      clientName: record.clientName,
      attributeLabels: record.attributes.map((name) => attributeCatalogue[name]?.label[lang] ?? name),
      purpose: record.purpose,
      grantedAt: record.grantedAt,
      method: record.method,
      status: record.status,
      ...(record.withdrawnAt !== undefined && { withdrawnAt: record.withdrawnAt }),
      textShown: record.textShown,
    }
  }

  router.get('/account', async (req, res, next) => {
    try {
      const session = await sessions.current(req)
      const ctx = context(req, res, session?.browserId ?? sessions.ensureBrowserId(req, res))
      const notice = noticeOf(req, ctx.lang)
      const citizen = session && deps.population.findByAccountId(session.accountId)
      if (!session || !citizen) {
        res.type('html').send(accountSignInScreen(ctx, { ...(notice && { notice }) }))
        return
      }
      // forAccount is keyed by the account id; the filter keeps that promise even if an index is wrong.
      const records = (await deps.consents.forAccount(session.accountId)).filter(
        (record) => record.accountId === session.accountId,
      )
      res.type('html').send(
        accountConsentsScreen(ctx, {
          name: citizen.fullName,
          consents: records.map((record) => view(record, ctx.lang)),
          ...(notice && { notice }),
        }),
      )
    } catch (error) {
      next(error)
    }
  })

  router.post('/account/sign-in', form, async (req, res, next) => {
    try {
      const browserId = verified(req, res)
      if (!browserId) return
      const ctx = context(req, res, browserId)
      const check = await checkPasscode(deps, {
        personalId: req.body.personalId,
        passcode: req.body.passcode,
        browserKey: `account:${browserId}`,
        source: sourceAddress(req),
        lang: ctx.lang,
      })
      if (!check.ok) {
        res
          .status(check.status)
          .type('html')
          .send(accountSignInScreen(ctx, { personalId: check.personalId, error: check.error }))
        return
      }
      await sessions.start(req, res, check.accountId)
      deps.logger.info({ event: 'portal_signed_in' }, 'citizen portal signed in')
      res.redirect(303, `/account?lang=${ctx.lang}`)
    } catch (error) {
      next(error)
    }
  })

  router.post('/account/sign-out', form, async (req, res, next) => {
    try {
      if (!verified(req, res)) return
      await sessions.end(req, res)
      res.redirect(303, `/account?lang=${langOf(req)}&done=signed-out`)
    } catch (error) {
      next(error)
    }
  })

  router.post('/account/consents/:id/withdraw', form, async (req, res, next) => {
    try {
      const browserId = verified(req, res)
      if (!browserId) return
      const session = await sessions.current(req)
      const lang = langOf(req)
      if (!session) {
        res.redirect(303, `/account?lang=${lang}`)
        return
      }
      const id = String(req.params.id ?? '')
      const record = CONSENT_ID.test(id) ? await deps.consents.get(id) : undefined
      const t = messages(lang)
      // Another citizen's consent gets the same answer as one that does not exist.
      if (!record || record.accountId !== session.accountId) {
        res
          .status(404)
          .type('html')
          .send(accountNoticeScreen(context(req, res, browserId), { text: t.consentNotFound, kind: 'error' }))
        return
      }
      const withdrawn = await deps.consents.withdraw(record.id, 'citizen', deps.now())
      if (!withdrawn) {
        res
          .status(409)
          .type('html')
          .send(
            accountNoticeScreen(context(req, res, browserId), { text: t.alreadyWithdrawn, kind: 'error' }),
          )
        return
      }
      await deps.events.revokeGrant(withdrawn)
      await deps.events.deliver(withdrawn)
      deps.logger.info(
        { event: 'consent_withdrawn', consent: withdrawn.id, client: withdrawn.clientId, by: 'citizen' },
        'consent withdrawn by the citizen',
      )
      res.redirect(303, `/account?lang=${lang}&done=withdrawn`)
    } catch (error) {
      next(error)
    }
  })

  return router
}

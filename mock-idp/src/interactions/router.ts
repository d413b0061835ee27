import { timingSafeEqual } from 'node:crypto'
import { attributeCatalogue } from '@dinhdanh/client/schemas'
import express, { type Request, type Response, type Router } from 'express'
import type Provider from 'oidc-provider'
import type { InteractionDetails } from 'oidc-provider'
import { accountProblem, requiredLevel } from '../accounts/sign-in-rules.js'
import { grantConsent, requestedAttributes } from '../consent/grant-consent.js'
import type { ConsentRecords } from '../consent/records.js'
import type { Logger } from '../logger.js'
import type { Population } from '../population.js'
import { parseScenarioParameter, type Scenario, type Scenarios } from '../scenarios.js'
import type { Csrf } from '../security/csrf.js'
import { secretDigest as digest, sameSecret } from '../security/same-secret.js'
import { sourceAddress } from '../security/source-address.js'
import type { Throttle } from '../security/throttle.js'
import { newOtp, type SmsOutbox } from '../sms/outbox.js'
import type { Storage } from '../storage/storage.js'
import { type Lang, messages, pickLang } from '../views/i18n.js'
import { consentScreen, loginScreen, noticeScreen, otpScreen, type ScreenContext } from '../views/screens.js'

/** What the interaction screens need. */
export interface InteractionDependencies {
  provider: () => Provider
  storage: Storage
  population: Population
  consents: ConsentRecords
  scenarios: Scenarios
  sms: SmsOutbox
  csrf: Csrf
  throttle: Throttle
  logger: Logger
  issuer: string
  seed: string
  passcode: string
  lang: Lang
  autoApprove: () => Promise<boolean>
  now: () => number
}

const OTP_TTL_SEC = 300

interface PendingOtp {
  personalId: string
  accountId: string
  digest: string
  expiresAt: number
}

interface Refusal {
  error: string
  description: string
}

function maskPhone(phone: string): string {
  return `${phone.slice(0, 3)}******${phone.slice(-3)}`
}

/**
 * The sign-in and consent screens oidc-provider sends the browser to (`/interaction/:uid`): number and
 * passcode, SMS one-time code, the level check, consent, and the headless `--auto-approve` path.
 */
export function interactionRouter(deps: InteractionDependencies): Router {
  const router = express.Router()
  const form = express.urlencoded({ extended: false, limit: '16kb' })

  const langOf = (req: Request, details?: InteractionDetails): Lang =>
    pickLang([req.query.lang, req.body?.lang, details?.params.ui_locales], deps.lang)

  async function screenContext(
    req: Request,
    res: Response,
    details: InteractionDetails,
  ): Promise<ScreenContext> {
    const client = await deps.provider().Client.find(String(details.params.client_id))
    return {
      lang: langOf(req, details),
      // After a form post, the language switch must point at a page that answers GET.
      path:
        req.method === 'GET'
          ? req.originalUrl
          : req.path.endsWith('/otp')
            ? `/interaction/${details.uid}/otp`
            : `/interaction/${details.uid}`,
      nonce: String(res.locals.nonce ?? ''),
      uid: details.uid,
      csrf: deps.csrf.token(`interaction:${details.uid}`),
      clientName:
        typeof client?.clientName === 'string' ? client.clientName : String(details.params.client_id),
    }
  }

  function perRequestScenarios(details: InteractionDetails): Scenario[] {
    return parseScenarioParameter(details.params.mock_scenario).scenarios
  }

  async function finish(
    req: Request,
    res: Response,
    result: Parameters<Provider['interactionFinished']>[2],
    merge = false,
  ) {
    await deps.provider().interactionFinished(req, res, result, { mergeWithLastSubmission: merge })
  }

  async function refuse(req: Request, res: Response, error: string, description: string) {
    await finish(req, res, { error, error_description: description })
  }

  /** Grants everything requested at the citizen's level, without screens (`--auto-approve`). */
  async function autoApprove(req: Request, res: Response, details: InteractionDetails): Promise<boolean> {
    if (!(await deps.autoApprove())) return false
    // The citizen: the request's login_hint, else the one the admin API set (`autoApproveAs`).
    const hint =
      typeof details.params.login_hint === 'string' && details.params.login_hint !== ''
        ? details.params.login_hint
        : ((await deps.storage.get<string>('config', 'auto-approve-as')) ?? '')
    if (!/^\d{12}$/.test(hint)) return false
    const lang = langOf(req, details)
    const citizen = deps.population.find(hint)
    const problem = accountProblem(citizen, lang)
    if (problem || !citizen) {
      await refuse(req, res, 'access_denied', problem ?? messages(lang).noAccount)
      return true
    }
    const required = requiredLevel(details.params)
    if (citizen.level < required) {
      await refuse(
        req,
        res,
        'unmet_authentication_requirements',
        messages(lang).levelBody(required, citizen.level),
      )
      return true
    }
    const scenarios = perRequestScenarios(details)
    if (await deps.scenarios.isOn('consent_denied', scenarios)) {
      await refuse(req, res, 'access_denied', 'consent_denied')
      return true
    }
    const attributes = requestedAttributes(details)
    const accountId = deps.population.accountIdOf(hint)
    const record = await grantConsent({
      provider: deps.provider(),
      details: {
        ...details,
        prompt: { ...details.prompt, details: { missingOIDCClaims: claimsRequested(details) } },
      },
      accountId,
      granted: attributes,
      shown: attributes,
      method: 'auto_approve',
      lang,
      seed: deps.seed,
      issuer: deps.issuer,
      scenarios,
      now: deps.now(),
      consents: deps.consents,
    })
    await finish(req, res, {
      login: { accountId, acr: String(citizen.level), amr: ['pwd', 'otp'] },
      consent: { grantId: record.grantId },
    })
    return true
  }

  /** O10: refuses a form post without this interaction's CSRF token, or from another site. */
  async function refuseForgedPost(
    req: Request,
    res: Response,
    details: InteractionDetails,
  ): Promise<boolean> {
    if (deps.csrf.verify(req, `interaction:${details.uid}`)) return false
    const context = await screenContext(req, res, details)
    const t = messages(context.lang)
    res
      .status(403)
      .type('html')
      .send(noticeScreen(context, { title: t.errorTitle, body: t.csrf }))
    return true
  }

  router.get('/interaction/:uid', async (req, res, next) => {
    try {
      const provider = deps.provider()
      const details = await provider.interactionDetails(req, res)
      if (details.prompt.name === 'login') {
        if (await autoApprove(req, res, details)) return
        if (await deps.scenarios.isOn('citizen_cancels', perRequestScenarios(details))) {
          return refuse(req, res, 'access_denied', 'citizen_cancelled')
        }
        const context = await screenContext(req, res, details)
        res.type('html').send(loginScreen(context, {}))
        return
      }
      if (details.prompt.name === 'consent') {
        const accountId = details.session?.accountId
        if (!accountId) return refuse(req, res, 'login_required', 'no session')
        if (await deps.scenarios.isOn('consent_denied', perRequestScenarios(details))) {
          return refuse(req, res, 'access_denied', 'consent_denied')
        }
        // Headless: a citizen already signed in at the provider grants what is asked, without a screen.
        if (await deps.autoApprove()) {
          const attributes = requestedAttributes(details)
          const record = await grantConsent({
            provider: deps.provider(),
            details,
            accountId,
            granted: attributes,
            shown: attributes,
            method: 'auto_approve',
            lang: langOf(req, details),
            seed: deps.seed,
            issuer: deps.issuer,
            scenarios: perRequestScenarios(details),
            now: deps.now(),
            consents: deps.consents,
          })
          return finish(req, res, { consent: { grantId: record.grantId } }, true)
        }
        const context = await screenContext(req, res, details)
        const purpose = typeof details.params.purpose === 'string' ? details.params.purpose : undefined
        const items = requestedAttributes(details).map((name) => ({
          name,
          label: attributeCatalogue[name].label[context.lang],
          description: attributeCatalogue[name].description[context.lang],
          sensitive: attributeCatalogue[name].sensitive,
        }))
        res.type('html').send(consentScreen(context, { purpose, items }))
        return
      }
      await refuse(req, res, 'invalid_request', `unsupported prompt ${details.prompt.name}`)
    } catch (error) {
      next(error)
    }
  })

  router.post('/interaction/:uid/login', form, async (req, res, next) => {
    try {
      const provider = deps.provider()
      const details = await provider.interactionDetails(req, res)
      const context = await screenContext(req, res, details)
      const t = messages(context.lang)
      if (await refuseForgedPost(req, res, details)) return
      const personalId = String(req.body.personalId ?? '').replace(/\s/g, '')
      const passcode = String(req.body.passcode ?? '')
      const again = (error: string, status = 400) =>
        res
          .status(status)
          .type('html')
          .send(loginScreen(context, { personalId: personalId.slice(0, 12), error }))
      if (!/^\d{12}$/.test(personalId)) return again(t.invalidNumber)
      const attempt = {
        kind: 'pass',
        citizen: personalId,
        source: sourceAddress(req),
        attemptKey: `tx:${details.uid}`,
      } as const
      const decision = await deps.throttle.check(attempt)
      if (!decision.allowed) {
        res.set('retry-after', String(decision.retryAfterSec))
        return again(t.tooManyAttempts, 429)
      }
      const citizen = deps.population.find(personalId)
      if (!citizen || !sameSecret(passcode, deps.passcode)) {
        await deps.throttle.failed(attempt)
        return again(t.wrongCredentials)
      }
      await deps.throttle.succeeded(attempt)
      const problem = accountProblem(citizen, context.lang)
      if (problem) return again(problem)
      const required = requiredLevel(details.params)
      if (citizen.level < required) {
        await deps.storage.set(
          'refusal',
          details.uid,
          {
            error: 'unmet_authentication_requirements',
            description: t.levelBody(required, citizen.level),
          } satisfies Refusal,
          { ttlSec: 1800 },
        )
        res
          .type('html')
          .send(noticeScreen(context, { title: t.levelTitle, body: t.levelBody(required, citizen.level) }))
        return
      }
      const otp = newOtp()
      await deps.storage.set(
        'otp',
        details.uid,
        {
          personalId,
          accountId: deps.population.accountIdOf(personalId),
          digest: digest(otp).toString('base64url'),
          expiresAt: deps.now() + OTP_TTL_SEC,
        } satisfies PendingOtp,
        { ttlSec: OTP_TTL_SEC },
      )
      const smsText =
        context.lang === 'en'
          ? `Your national e-ID code is ${otp}. It expires in 5 minutes. Never share it.`
          : `Mã xác thực định danh điện tử của bạn là ${otp}, hiệu lực 5 phút. Tuyệt đối không chia sẻ mã này.`
      await deps.sms.send(citizen.phone.number, smsText, deps.now())
      deps.logger.info({ event: 'otp_sent', interaction: details.uid }, 'one-time code sent')
      res.redirect(303, `/interaction/${details.uid}/otp?lang=${context.lang}`)
    } catch (error) {
      next(error)
    }
  })

  router.get('/interaction/:uid/otp', async (req, res, next) => {
    try {
      const details = await deps.provider().interactionDetails(req, res)
      const pending = await deps.storage.get<PendingOtp>('otp', details.uid)
      const context = await screenContext(req, res, details)
      if (!pending) return res.redirect(303, `/interaction/${details.uid}?lang=${context.lang}`)
      const citizen = deps.population.find(pending.personalId)
      res.type('html').send(otpScreen(context, { maskedPhone: maskPhone(citizen?.phone.number ?? '') }))
    } catch (error) {
      next(error)
    }
  })

  router.post('/interaction/:uid/otp', form, async (req, res, next) => {
    try {
      const details = await deps.provider().interactionDetails(req, res)
      const context = await screenContext(req, res, details)
      const t = messages(context.lang)
      if (await refuseForgedPost(req, res, details)) return
      const pending = await deps.storage.get<PendingOtp>('otp', details.uid)
      const expired =
        !pending ||
        pending.expiresAt <= deps.now() ||
        (await deps.scenarios.isOn('otp_expired', perRequestScenarios(details)))
      if (expired) {
        await deps.storage.delete('otp', details.uid)
        res
          .status(400)
          .type('html')
          .send(loginScreen(context, { error: t.otpExpired }))
        return
      }
      const citizen = deps.population.find(pending.personalId)
      const masked = maskPhone(citizen?.phone.number ?? '')
      const attempt = {
        kind: 'otp',
        citizen: pending.personalId,
        source: sourceAddress(req),
        attemptKey: `tx:${details.uid}`,
      } as const
      const decision = await deps.throttle.check(attempt)
      if (!decision.allowed) {
        await deps.storage.delete('otp', details.uid)
        res
          .set('retry-after', String(decision.retryAfterSec))
          .status(429)
          .type('html')
          .send(loginScreen(context, { error: t.tooManyAttempts }))
        return
      }
      const typed = String(req.body.otp ?? '').trim()
      const expected = Buffer.from(pending.digest, 'base64url')
      if (!timingSafeEqual(digest(typed), expected) || !citizen) {
        await deps.throttle.failed(attempt)
        res
          .status(400)
          .type('html')
          .send(otpScreen(context, { maskedPhone: masked, error: t.wrongOtp }))
        return
      }
      await deps.throttle.succeeded(attempt)
      // Single use: a second submission of the same code finds nothing.
      if (!(await deps.storage.delete('otp', details.uid))) {
        res
          .status(400)
          .type('html')
          .send(loginScreen(context, { error: t.otpExpired }))
        return
      }
      await finish(req, res, {
        login: { accountId: pending.accountId, acr: String(citizen.level), amr: ['pwd', 'otp'] },
      })
    } catch (error) {
      next(error)
    }
  })

  router.post('/interaction/:uid/consent', form, async (req, res, next) => {
    try {
      const provider = deps.provider()
      const details = await provider.interactionDetails(req, res)
      if (await refuseForgedPost(req, res, details)) return
      const context = await screenContext(req, res, details)
      const accountId = details.session?.accountId
      if (details.prompt.name !== 'consent' || !accountId)
        return refuse(req, res, 'invalid_request', 'no consent pending')
      if (req.body.decision !== 'allow') return refuse(req, res, 'access_denied', 'consent_denied')
      const requested = requestedAttributes(details)
      const ticked = ([] as unknown[]).concat(req.body.attributes ?? [])
      const granted = requested.filter((name) => ticked.includes(name))
      const record = await grantConsent({
        provider,
        details,
        accountId,
        granted,
        shown: requested,
        method: 'web',
        lang: context.lang,
        seed: deps.seed,
        issuer: deps.issuer,
        scenarios: perRequestScenarios(details),
        now: deps.now(),
        consents: deps.consents,
      })
      deps.logger.info(
        { event: 'consent_granted', consent: record.id, client: record.clientId, attributes: granted },
        'consent recorded',
      )
      await finish(req, res, { consent: { grantId: record.grantId } }, true)
    } catch (error) {
      next(error)
    }
  })

  router.post('/interaction/:uid/abort', form, async (req, res, next) => {
    try {
      const details = await deps.provider().interactionDetails(req, res)
      if (await refuseForgedPost(req, res, details)) return
      const refusal = await deps.storage.get<Refusal>('refusal', details.uid)
      await deps.storage.delete('refusal', details.uid)
      await refuse(req, res, refusal?.error ?? 'access_denied', refusal?.description ?? 'citizen_cancelled')
    } catch (error) {
      next(error)
    }
  })

  return router
}

/** The claims named in the request's `claims` parameter (granted with their attribute). */
function claimsRequested(details: InteractionDetails): string[] {
  if (typeof details.params.claims !== 'string') return []
  try {
    const parsed = JSON.parse(details.params.claims) as Record<string, Record<string, unknown> | undefined>
    return [...new Set([...Object.keys(parsed.userinfo ?? {}), ...Object.keys(parsed.id_token ?? {})])]
  } catch {
    return []
  }
}

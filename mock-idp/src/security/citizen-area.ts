import type { Request, RequestHandler, Response } from 'express'
import type { MockIdpContext } from '../context.js'
import type { CitizenPageContext, Notice } from '../views/citizen-page.js'
import { type Lang, messages, pickLang } from '../views/i18n.js'
import { type CitizenSession, CitizenSessions, checkPasscode, type PasscodeCheck } from './citizen-session.js'
import { sourceAddress } from './source-address.js'

/** One citizen area (the phone simulator, the citizen portal): its path, session and refusal screen. */
export interface CitizenAreaOptions {
  /** `phone`, `account`: the CSRF scope and the throttle's browser key are `<name>:<browser id>`. */
  name: string
  /** The area's home (`/phone`), also the session cookie's path. */
  path: string
  namespace: string
  cookieName: string
  ttlSec: number
  /** A factor the session must have proved to count as signed in (the phone: `otp`). */
  requiredAmr?: string
  /** The area's short-message screen, for the 403 of a forged form. */
  noticeScreen(page: CitizenPageContext, notice: Notice): string
}

/**
 * What the phone simulator and the citizen portal share: a {@link CitizenSessions} on the area's cookie,
 * the page context (language, nonce, the browser's CSRF token), the CSRF and same-origin check of every
 * form (O10), the throttled number-and-passcode check, and sign-out.
 *
 * @example
 * ```ts
 * const area = new CitizenArea(ctx, { name: 'account', path: '/account', namespace: 'account-session',
 *   cookieName: 'account_session', ttlSec: 1800, noticeScreen: accountNoticeScreen })
 * router.post('/account/sign-out', form, area.signOut())
 * ```
 */
export class CitizenArea {
  readonly sessions: CitizenSessions
  readonly #ctx: Pick<MockIdpContext, 'csrf' | 'options' | 'population' | 'throttle'>
  readonly #options: CitizenAreaOptions

  constructor(ctx: MockIdpContext, options: CitizenAreaOptions) {
    this.#ctx = ctx
    this.#options = options
    this.sessions = new CitizenSessions({
      storage: ctx.storage,
      namespace: options.namespace,
      cookieName: options.cookieName,
      path: options.path,
      ttlSec: options.ttlSec,
      secure: ctx.issuer.startsWith('https:'),
      now: ctx.now,
    })
  }

  /** The page's language: `?lang=`, then the form's `lang`, then the default. */
  langOf(req: Request): Lang {
    return pickLang([req.query.lang, req.body?.lang], this.#ctx.options.lang)
  }

  /** The page context of a GET `path` (the area's home by default) for this browser. */
  page(req: Request, res: Response, browserId: string, path = this.#options.path): CitizenPageContext {
    const lang = this.langOf(req)
    return {
      lang,
      path: `${path}?lang=${lang}`,
      nonce: String(res.locals.nonce ?? ''),
      csrf: this.#ctx.csrf.token(`${this.#options.name}:${browserId}`),
    }
  }

  /** The signed-in citizen of this browser, if the session proved the area's required factor. */
  async signedIn(req: Request): Promise<(CitizenSession & { browserId: string }) | undefined> {
    const session = await this.sessions.current(req)
    const required = this.#options.requiredAmr
    return required === undefined || session?.amr?.includes(required) ? session : undefined
  }

  /** The browser id of a page: the session's, else the request's, else a fresh anonymous one. */
  browserIdOf(req: Request, res: Response, session?: { browserId: string }): string {
    return session?.browserId ?? this.sessions.ensureBrowserId(req, res)
  }

  /** The CSRF and same-origin check of every form (O10); answers 403 itself when it fails. */
  verified(req: Request, res: Response): string | undefined {
    const browserId = this.sessions.browserIdOf(req)
    if (browserId && this.#ctx.csrf.verify(req, `${this.#options.name}:${browserId}`)) return browserId
    const page = this.page(req, res, browserId ?? this.sessions.ensureBrowserId(req, res))
    res
      .status(403)
      .type('html')
      .send(this.#options.noticeScreen(page, { text: messages(page.lang).csrf, kind: 'error' }))
    return undefined
  }

  /** The number and passcode of the area's sign-in form, throttled with this browser's key. */
  checkPasscode(req: Request, browserId: string, lang: Lang): Promise<PasscodeCheck> {
    return checkPasscode(
      {
        population: this.#ctx.population,
        throttle: this.#ctx.throttle,
        passcode: this.#ctx.options.passcode,
      },
      {
        personalId: req.body.personalId,
        passcode: req.body.passcode,
        browserKey: `${this.#options.name}:${browserId}`,
        source: sourceAddress(req),
        lang,
      },
    )
  }

  /** `POST <path>/sign-out`: ends the session and shows the area's home with "signed out". */
  signOut(): RequestHandler {
    return async (req, res, next) => {
      try {
        if (!this.verified(req, res)) return
        await this.sessions.end(req, res)
        res.redirect(303, `${this.#options.path}?lang=${this.langOf(req)}&done=signed-out`)
      } catch (error) {
        next(error)
      }
    }
  }
}

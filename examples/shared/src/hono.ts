/**
 * The examples' shared kit for an app on Hono (`@dinhdanh/hono`): the same pages, language switch,
 * security headers and friendly sign-in errors the Express examples get from the main entry, taking
 * Hono's `Context`. Each is a few lines over the framework-free parts (`renderLayout`, `chooseLang`,
 * `securityHeaders`, `signInProblemPage`), so the two flavours cannot drift apart.
 *
 * @example
 * ```ts
 * import { languageSwitch, renderPage, siteBasics } from 'dinhdanh-example-shared/hono'
 * app.use(siteBasics({ providerOrigin }), languageSwitch())
 * app.get('/', (c) => renderPage(c, brand, { title, body }))
 * ```
 * @module
 */
import { type EidError, isEidError } from '@dinhdanh/client'
import { EID_ERROR_STATUS, renderSignInErrorPage } from '@dinhdanh/hono'
import type { Context, ErrorHandler, MiddlewareHandler } from 'hono'
import { getCookie, setCookie } from 'hono/cookie'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import { type ProblemTexts, signInProblemPage, UNEXPECTED_ERROR_MESSAGE } from './errors.js'
import { html } from './html.js'
import { chooseLang, LANG_COOKIE, type Lang } from './i18n.js'
import {
  type Bilingual,
  type Brand,
  notice,
  type PageOptions,
  renderLayout,
  STYLESHEET_PATH,
  securityHeaders,
} from './layout.js'
import { STYLESHEET } from './stylesheet.js'

declare module 'hono' {
  interface ContextVariableMap {
    /** The page language, set by `languageSwitch()`. */
    lang: Lang
  }
}

/**
 * The stylesheet at `/assets/site.css` and the security headers of every answer (the kit's sign-in
 * routes and error pages included): see `securityHeaders`.
 *
 * @example
 * ```ts
 * app.use(siteBasics({ providerOrigin: new URL(config.issuer).origin }))
 * ```
 */
export function siteBasics(options: { providerOrigin: string }): MiddlewareHandler {
  const headers = Object.entries(securityHeaders(options.providerOrigin))
  return async (c, next) => {
    if (c.req.method === 'GET' && c.req.path === STYLESHEET_PATH) {
      return c.body(STYLESHEET, 200, {
        'content-type': 'text/css; charset=utf-8',
        'cache-control': 'public, max-age=3600',
      })
    }
    await next()
    for (const [name, value] of headers) c.res.headers.set(name, value)
  }
}

/**
 * The language switch: `?lang=en` / `?lang=vi` chooses and is remembered in a cookie; otherwise the
 * cookie; otherwise Vietnamese (`chooseLang`). Sets `c.get('lang')`.
 *
 * @example
 * ```ts
 * app.use(languageSwitch())
 * ```
 */
export function languageSwitch(): MiddlewareHandler {
  return async (c, next) => {
    const { lang, remember } = chooseLang(c.req.query('lang'), getCookie(c, LANG_COOKIE.name))
    if (remember) {
      setCookie(c, LANG_COOKIE.name, lang, {
        path: '/',
        sameSite: 'Lax',
        httpOnly: true,
        maxAge: LANG_COOKIE.maxAgeSec,
      })
    }
    c.set('lang', lang)
    await next()
  }
}

/** The language of this request (after {@link languageSwitch}; Vietnamese without it). */
export function langOf(c: Context): Lang {
  return c.get('lang') === 'en' ? 'en' : 'vi'
}

/**
 * A phrase picker for one request: `say('Xin chào', 'Hello')` returns the one in the page's language.
 *
 * @example
 * ```ts
 * const say = speaker(c)
 * return c.text(say('Đăng nhập', 'Sign in'))
 * ```
 */
export function speaker(c: Context): <T>(vi: T, en: T) => T {
  const lang = langOf(c)
  return (vi, en) => (lang === 'en' ? en : vi)
}

/**
 * The page language for the `uiLocales` option of `eidAuth`: the provider's screens follow the citizen's
 * choice on this site.
 *
 * @example
 * ```ts
 * app.use(eidAuth({ client, baseUrl, session, uiLocales: uiLocaleOf }))
 * ```
 */
export function uiLocaleOf(c: Context): Lang {
  return langOf(c)
}

/**
 * Answers with a whole page of the example (the shared layout, `renderLayout`) in the request's language,
 * with the signed-in citizen and the sign-out form in the header.
 *
 * @example
 * ```ts
 * return renderPage(c, brand, { title: { vi: 'Trang chủ', en: 'Home' }, body: html`…` })
 * ```
 */
export function renderPage(c: Context, brand: Brand, options: PageOptions, status = 200): Response {
  const url = new URL(c.req.url)
  const page = renderLayout(
    { lang: langOf(c), url: `${url.pathname}${url.search}`, eid: c.get('eid') },
    brand,
    options,
  )
  return c.html(page, status as ContentfulStatusCode)
}

/**
 * The `onError` of `eidAuth` for an example on Hono: the friendly, branded page for the provider being
 * down, the citizen declining and a level too low (`signInProblemPage`); any other error is left to the
 * adapter's page with its stable code.
 *
 * @example
 * ```ts
 * app.use(eidAuth({ client, baseUrl, session, onError: friendlySignInErrors(brand, { portalUrl }) }))
 * ```
 */
export function friendlySignInErrors(
  brand: Brand,
  options: { portalUrl: string; texts?: ProblemTexts; retryHref?: string },
): (error: EidError, c: Context) => Response | undefined {
  return (error, c) => {
    const page = signInProblemPage(error, langOf(c), options)
    if (!page) return undefined
    return renderPage(
      c,
      brand,
      { title: page.title, body: page.body, portalUrl: options.portalUrl },
      page.status,
    )
  }
}

/**
 * The app's `onError`: an SDK error that escaped a route gets `explain` or the adapter's page with its
 * stable code and status; anything else a friendly 500 page in the brand (`id="server-error"`), never a
 * stack trace. Only the error's code or name is logged.
 *
 * @example
 * ```ts
 * app.onError(unexpectedErrors(brand, { explain }))
 * ```
 */
export function unexpectedErrors(
  brand: Brand,
  options: {
    explain: (error: EidError, c: Context) => Response | undefined
    message?: Bilingual
    log?: (line: string) => void
  },
): ErrorHandler {
  const log = options.log ?? ((line: string) => console.error(line))
  const message = options.message ?? UNEXPECTED_ERROR_MESSAGE
  return (error, c) => {
    if (isEidError(error)) {
      log(`${brand.name.en}: e-ID error ${error.code}`)
      return (
        options.explain(error, c) ??
        c.html(renderSignInErrorPage(error.code, '/'), EID_ERROR_STATUS[error.code] as ContentfulStatusCode)
      )
    }
    log(`${brand.name.en}: unexpected ${error instanceof Error ? error.name : typeof error}`)
    return renderPage(
      c,
      brand,
      {
        title: { vi: 'Đã có lỗi xảy ra', en: 'Something went wrong' },
        body: html`<div id="server-error">${notice('error', message[langOf(c)])}</div>`,
      },
      500,
    )
  }
}

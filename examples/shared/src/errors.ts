import { type EidError, EidProviderError, isEidError } from '@dinhdanh/client'
import { EID_ERROR_STATUS, renderSignInErrorPage } from '@dinhdanh/express'
import type { NextFunction, Request, Response } from 'express'
import { html, type SafeHtml } from './html.js'
import { type Lang, langOf } from './i18n.js'
import { type Bilingual, type Brand, notice, renderPage } from './layout.js'

/** What went wrong with a sign-in, as the examples explain it to a citizen. */
export type SignInProblem = 'provider_down' | 'declined' | 'level_too_low' | 'other'

/**
 * Sorts an SDK error into what the citizen needs to hear: the provider is down (network, 5xx, a broken
 * response), the citizen declined (cancelled or refused consent), or their account's level is too low.
 *
 * @example
 * ```ts
 * if (problemOf(error) === 'provider_down') res.status(503)
 * ```
 */
export function problemOf(error: EidError): SignInProblem {
  switch (error.code) {
    case 'ERR_EID_NETWORK':
    case 'ERR_EID_DISCOVERY':
    case 'ERR_EID_RESPONSE_INVALID':
      return 'provider_down'
    case 'ERR_EID_ACCESS_DENIED':
      return 'declined'
    case 'ERR_EID_LEVEL_TOO_LOW':
      return 'level_too_low'
    case 'ERR_EID_AUTHORIZATION_FAILED':
      return error instanceof EidProviderError && error.error === 'unmet_authentication_requirements'
        ? 'level_too_low'
        : 'other'
    case 'ERR_EID_PROVIDER':
      return error instanceof EidProviderError &&
        ((error.status ?? 0) >= 500 || ['server_error', 'temporarily_unavailable'].includes(error.error))
        ? 'provider_down'
        : 'other'
    default:
      return 'other'
  }
}

/** What an example says for each problem (each example may replace any of them with its own words). */
export interface ProblemTexts {
  declined?: { title: Bilingual; body: Bilingual }
  level_too_low?: { title: Bilingual; body: Bilingual }
}

const DEFAULTS = {
  provider_down: {
    title: { vi: 'VNeID tạm thời không phản hồi', en: 'VNeID is not responding right now' },
    body: {
      vi: 'Chúng tôi chưa kết nối được với hệ thống định danh điện tử quốc gia. Dữ liệu của bạn không bị ảnh hưởng. Vui lòng thử lại sau ít phút.',
      en: 'We could not reach the national e-ID system. Nothing of yours was lost or changed. Please try again in a few minutes.',
    },
  },
  declined: {
    title: { vi: 'Bạn đã không chia sẻ dữ liệu', en: 'You chose not to share' },
    body: {
      vi: 'Bạn đã hủy hoặc từ chối chia sẻ dữ liệu trên VNeID. Chúng tôi không nhận được thông tin nào. Bạn có thể thử lại bất cứ lúc nào.',
      en: 'You cancelled or declined sharing on VNeID. We received nothing. You can try again at any time.',
    },
  },
  level_too_low: {
    title: { vi: 'Cần tài khoản định danh mức 2', en: 'A level 2 e-ID account is needed' },
    body: {
      vi: 'Dịch vụ này cần tài khoản định danh điện tử mức 2 (kích hoạt trực tiếp tại cơ quan Công an với thẻ căn cước gắn chip). Tài khoản của bạn đang ở mức 1.',
      en: 'This service needs a level 2 e-ID account (activated in person at the police with the chip ID card). Your account is at level 1.',
    },
  },
} satisfies Record<Exclude<SignInProblem, 'other'>, { title: Bilingual; body: Bilingual }>

const STATUS: Record<Exclude<SignInProblem, 'other'>, 403 | 503> = {
  provider_down: 503,
  declined: 403,
  level_too_low: 403,
}

/**
 * The `onError` of `eidAuth` for an example: a branded, friendly page for the provider being down, the
 * citizen declining, and a level too low; any other error falls through to the adapter's own page
 * (which shows its stable code).
 *
 * @example
 * ```ts
 * app.use(eidAuth({ client, baseUrl, session, onError: friendlySignInErrors(brand, { portalUrl }) }))
 * ```
 */
export function friendlySignInErrors(
  brand: Brand,
  options: { portalUrl: string; texts?: ProblemTexts; retryHref?: string },
) {
  return (error: EidError, req: Request, res: Response): void => {
    const page = signInProblemPage(error, langOf(res), options)
    if (!page) return
    res
      .status(page.status)
      .type('html')
      .send(renderPage(req, res, brand, { title: page.title, body: page.body, portalUrl: options.portalUrl }))
  }
}

/**
 * What {@link friendlySignInErrors} shows for an error, for any framework: the status, title and body
 * of the friendly page, or `undefined` when the error is none of the problems it explains.
 *
 * @example
 * ```ts
 * const page = signInProblemPage(error, 'vi', { texts })
 * if (page) return c.html(renderLayout(view, brand, { title: page.title, body: page.body }), page.status)
 * ```
 */
export function signInProblemPage(
  error: EidError,
  lang: Lang,
  options: { texts?: ProblemTexts; retryHref?: string } = {},
): { status: 403 | 503; title: Bilingual; body: SafeHtml } | undefined {
  const problem = problemOf(error)
  if (problem === 'other') return undefined
  const text = options.texts?.[problem as keyof ProblemTexts] ?? DEFAULTS[problem]
  return {
    status: STATUS[problem],
    title: text.title,
    body: problemBody(lang, problem, text.body, options.retryHref ?? '/'),
  }
}

function problemBody(lang: Lang, problem: SignInProblem, body: Bilingual, retryHref: string): SafeHtml {
  const vi = lang === 'vi'
  return html`${notice(problem === 'provider_down' ? 'warning' : 'info', body[lang])}
<p data-problem="${problem}"><a class="button" href="${retryHref}">${vi ? 'Quay lại và thử lại' : 'Go back and try again'}</a></p>`
}

/** How an app explains a sign-in error (`friendlySignInErrors`, or its own): it responds or leaves it. */
export type ExplainSignInError = (error: EidError, req: Request, res: Response) => void

/**
 * Answers a sign-in error: the app's explanation when it has one for it, else the adapter's error page
 * with the stable code and the status of that code.
 *
 * @example
 * ```ts
 * try { ... } catch (error) { if (isEidError(error)) sendSignInError(error, req, res, { explain }) }
 * ```
 */
export function sendSignInError(
  error: EidError,
  req: Request,
  res: Response,
  options: { explain: ExplainSignInError; retryHref?: string },
): void {
  options.explain(error, req, res)
  if (res.headersSent) return
  res
    .status(EID_ERROR_STATUS[error.code])
    .type('html')
    .send(renderSignInErrorPage(error.code, options.retryHref ?? '/'))
}

/** What {@link unexpectedErrors} says by default: something failed, nothing was done, try again later. */
export const UNEXPECTED_ERROR_MESSAGE: Bilingual = {
  vi: 'Hệ thống gặp sự cố kỹ thuật; yêu cầu của bạn chưa được thực hiện. Vui lòng thử lại sau ít phút.',
  en: 'We hit a technical problem; your request was not carried out. Please try again in a few minutes.',
}

/**
 * The last error handler of an example: an SDK error that escaped a route gets {@link sendSignInError};
 * anything else a friendly 500 page in the brand (`id="server-error"`), never a stack trace. Only the
 * error's code or name is logged: no personal data, no token.
 *
 * @example
 * ```ts
 * app.use(unexpectedErrors(brand, { explain, message: { vi: '…', en: '…' } }))
 * ```
 */
export function unexpectedErrors(
  brand: Brand,
  options: { explain: ExplainSignInError; message?: Bilingual; log?: (line: string) => void },
) {
  const log = options.log ?? ((line: string) => console.error(line))
  const message = options.message ?? UNEXPECTED_ERROR_MESSAGE
  return (error: unknown, req: Request, res: Response, next: NextFunction): void => {
    if (res.headersSent) {
      next(error)
      return
    }
    if (isEidError(error)) {
      log(`${brand.name.en}: e-ID error ${error.code}`)
      sendSignInError(error, req, res, { explain: options.explain })
      return
    }
    log(`${brand.name.en}: unexpected ${error instanceof Error ? error.name : typeof error}`)
    res
      .status(500)
      .type('html')
      .send(
        renderPage(req, res, brand, {
          title: { vi: 'Đã có lỗi xảy ra', en: 'Something went wrong' },
          body: html`<div id="server-error">${notice('error', message[langOf(res)])}</div>`,
        }),
      )
  }
}

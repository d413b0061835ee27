import type { NextFunction, Request, Response } from 'express'
import { readCookie } from './forms.js'

/** The languages of the example screens: Vietnamese first, English on request. */
export type Lang = 'vi' | 'en'

const COOKIE = 'lang'

function cookieLang(req: Request): Lang | undefined {
  const value = readCookie(req, COOKIE)
  return value === 'vi' || value === 'en' ? value : undefined
}

/**
 * The language switch: `?lang=en` or `?lang=vi` on any page chooses the language and remembers it in a
 * cookie; otherwise the cookie; otherwise Vietnamese. Sets `res.locals.lang`.
 */
export function languageSwitch() {
  return (req: Request, res: Response, next: NextFunction): void => {
    const asked = req.query.lang
    let lang: Lang = cookieLang(req) ?? 'vi'
    if (asked === 'vi' || asked === 'en') {
      lang = asked
      res.cookie(COOKIE, lang, { path: '/', sameSite: 'lax', httpOnly: true, maxAge: 365 * 86_400_000 })
    }
    res.locals.lang = lang
    next()
  }
}

/** The language of this response (after {@link languageSwitch}). */
export function langOf(res: Response): Lang {
  return res.locals.lang === 'en' ? 'en' : 'vi'
}

/**
 * A phrase picker for one response: `say('Xin chào', 'Hello')` returns the one in the page's language.
 *
 * @example
 * ```ts
 * const say = speaker(res)
 * res.send(say('Đăng nhập', 'Sign in'))
 * ```
 */
export function speaker(res: Response): <T>(vi: T, en: T) => T {
  const lang = langOf(res)
  return (vi, en) => (lang === 'en' ? en : vi)
}

/** Formats an amount of đồng the way the page's language writes it (`10.000.000 ₫` / `10,000,000 VND`). */
export function formatVnd(amount: number, lang: Lang): string {
  return lang === 'vi' ? `${amount.toLocaleString('vi-VN')} ₫` : `${amount.toLocaleString('en-US')} VND`
}

/** Formats an ISO date (`2026-11-27`) as `27/11/2026` (both languages use day first in Vietnam). */
export function formatDate(iso: string | undefined): string {
  if (!iso) return '—'
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso)
  return match ? `${match[3]}/${match[2]}/${match[1]}` : iso
}

/**
 * The page language of a request, for the `uiLocales` option of `eidAuth`: the provider's screens then
 * follow the citizen's choice on this site.
 *
 * @example
 * ```ts
 * app.use(eidAuth({ client, baseUrl, session, uiLocales: uiLocaleOf }))
 * ```
 */
export function uiLocaleOf(req: Request): Lang {
  return req.res?.locals.lang === 'en' ? 'en' : 'vi'
}

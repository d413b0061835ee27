import type { NextFunction, Request, Response } from 'express'
import { readCookie } from './forms.js'

/** The languages of the example screens: Vietnamese first, English on request. */
export type Lang = 'vi' | 'en'

/** The cookie that remembers the language chosen with `?lang=`, and for how long (a year). */
export const LANG_COOKIE = { name: 'lang', maxAgeSec: 365 * 86_400 } as const

/**
 * The rule of the language switch, for any framework: `?lang=en` or `?lang=vi` chooses (and should be
 * remembered in {@link LANG_COOKIE}); otherwise the remembered choice; otherwise Vietnamese.
 *
 * @example
 * ```ts
 * chooseLang(c.req.query('lang'), getCookie(c, LANG_COOKIE.name)) // { lang: 'en', remember: true }
 * ```
 */
export function chooseLang(
  asked: unknown,
  remembered: string | undefined,
): { lang: Lang; remember: boolean } {
  if (asked === 'vi' || asked === 'en') return { lang: asked, remember: true }
  return { lang: remembered === 'en' ? 'en' : 'vi', remember: false }
}

/**
 * The language switch: `?lang=en` or `?lang=vi` on any page chooses the language and remembers it in a
 * cookie; otherwise the cookie; otherwise Vietnamese. Sets `res.locals.lang`.
 */
export function languageSwitch() {
  return (req: Request, res: Response, next: NextFunction): void => {
    const { lang, remember } = chooseLang(req.query.lang, readCookie(req, LANG_COOKIE.name))
    if (remember) {
      res.cookie(LANG_COOKIE.name, lang, {
        path: '/',
        sameSite: 'lax',
        httpOnly: true,
        maxAge: LANG_COOKIE.maxAgeSec * 1000,
      })
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

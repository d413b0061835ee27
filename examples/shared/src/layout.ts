import type { NextFunction, Request, Response } from 'express'
import { html, raw, type SafeHtml } from './html.js'
import { type Lang, langOf } from './i18n.js'
import { STYLESHEET } from './stylesheet.js'

/** Text in both languages. */
export interface Bilingual {
  vi: string
  en: string
}

/** How an example presents itself: its name, colour and navigation. */
export interface Brand {
  name: Bilingual
  /** One line under the name. */
  tagline: Bilingual
  /** Two or three letters for the logo square. */
  mark: string
  /** The accent colour (CSS). */
  color: string
  nav: readonly (Bilingual & { href: string })[]
}

/** What one page shows. */
export interface PageOptions {
  title: Bilingual
  body: SafeHtml
  /** The provider's citizen portal, linked in the footer (where consent is withdrawn). */
  portalUrl?: string
  /** Reloads the page after this many seconds (the reception desk waiting for a patient). */
  refreshSec?: number
}

/**
 * What the layout needs from the request, whatever the framework serves it: Express (`renderPage`) or
 * Hono (`dinhdanh-example-shared/hono`).
 */
export interface PageView {
  lang: Lang
  /** The request's path and query as received (`/prescriptions/a?lang=en`), for the language switch. */
  url: string
  /** The sign-in state (`req.eid`, `c.get('eid')`): the citizen's name and the sign-out form. */
  eid?:
    | {
        isSignedIn: boolean
        citizen?: { fullName?: string } | undefined
        level: number
        csrfToken: string
      }
    | undefined
}

/**
 * The page's icon as a data: URI (an SVG square in the brand's colour), so no page asks for a
 * `/favicon.ico` the example does not serve (issue #15, point 10).
 *
 * @example
 * ```ts
 * faviconHref('#0b6e4f') // 'data:image/svg+xml,%3Csvg…'
 * ```
 */
export function faviconHref(color: string): string {
  // Only a CSS colour name or hex reaches the SVG; anything else falls back to grey.
  const fill = /^#?[\w]{1,20}$/.test(color) ? color : '#555'
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" rx="3" fill="${fill}"/><circle cx="8" cy="8" r="3.5" fill="#fff"/></svg>`
  return `data:image/svg+xml,${encodeURIComponent(svg)}`
}

function switchHref(originalUrl: string, lang: 'vi' | 'en'): string {
  const url = new URL(originalUrl, 'http://x')
  url.searchParams.set('lang', lang)
  // Never `//host…` (a protocol-relative link) whatever path the request had.
  return `/${url.pathname.replace(/^\/+/, '')}${url.search}`
}

/**
 * Renders a whole page of an example in the response's language: header with the brand, the language
 * switch and the signed-in citizen (with the sign-out form), the body, and the footer.
 *
 * @example
 * ```ts
 * res.type('html').send(renderPage(req, res, brand, { title: { vi: 'Trang chủ', en: 'Home' }, body: html`…` }))
 * ```
 */
export function renderPage(req: Request, res: Response, brand: Brand, options: PageOptions): string {
  return renderLayout({ lang: langOf(res), url: req.originalUrl, eid: req.eid }, brand, options)
}

/**
 * {@link renderPage} for any framework: the same page from a {@link PageView} of the request.
 *
 * @example
 * ```ts
 * c.html(renderLayout({ lang: 'vi', url: c.req.path, eid: c.get('eid') }, brand, { title, body }))
 * ```
 */
export function renderLayout(view: PageView, brand: Brand, options: PageOptions): string {
  const { lang, eid } = view
  const t = (text: Bilingual) => text[lang]
  const account =
    eid?.isSignedIn === true
      ? html`<form method="post" action="/auth/logout" class="account">
  <span>${eid.citizen?.fullName ?? (lang === 'vi' ? 'Đã đăng nhập' : 'Signed in')} · ${lang === 'vi' ? 'mức' : 'level'} ${eid.level}</span>
  <input type="hidden" name="_csrf" value="${eid.csrfToken}"><button type="submit" class="link">${lang === 'vi' ? 'Đăng xuất' : 'Sign out'}</button></form>`
      : ''
  const other = lang === 'vi' ? 'en' : 'vi'
  return `<!doctype html>
${
  html`<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
${options.refreshSec ? html`<meta http-equiv="refresh" content="${options.refreshSec}">` : ''}
<title>${t(options.title)} · ${t(brand.name)}</title>
<link rel="stylesheet" href="/assets/site.css">
<link rel="icon" href="${faviconHref(brand.color)}">
<style>:root{--accent:${brand.color}}</style>
</head>
<body>
<header class="top">
  <a class="brand" href="/"><span class="mark">${brand.mark}</span><span><strong>${t(brand.name)}</strong><small>${t(brand.tagline)}</small></span></a>
  <nav>${brand.nav.map((item) => html`<a href="${item.href}">${t(item)}</a>`)}</nav>
  <div class="side">${account}<a class="lang" href="${switchHref(view.url, other)}" lang="${other}" hreflang="${other}">${other === 'en' ? 'English' : 'Tiếng Việt'}</a></div>
</header>
<main>
<h1>${t(options.title)}</h1>
${options.body}
</main>
<footer>
  <p>${lang === 'vi' ? 'Bản trình diễn của dinhdanh: mọi công dân ở đây là dữ liệu tổng hợp, không phải người thật.' : 'A dinhdanh demo: every citizen here is synthetic, not a real person.'}</p>
  ${options.portalUrl ? html`<p><a href="${options.portalUrl}">${lang === 'vi' ? 'Xem và rút lại dữ liệu đã chia sẻ (cổng công dân VNeID)' : 'See and withdraw the data you shared (VNeID citizen portal)'}</a></p>` : ''}
</footer>
</body>
</html>`.value
}`
}

/**
 * The site's stylesheet at `/assets/site.css` and the security headers of every page: a strict CSP
 * (no script at all; forms may only go to this site and, through its redirects, to the provider),
 * no framing, no referrer to other sites.
 *
 * @example
 * ```ts
 * app.use(siteBasics({ providerOrigin: new URL(config.issuer).origin }))
 * ```
 */
export function siteBasics(options: { providerOrigin: string }) {
  const headers = securityHeaders(options.providerOrigin)
  return (req: Request, res: Response, next: NextFunction): void => {
    if (req.method === 'GET' && req.path === STYLESHEET_PATH) {
      res.type('css').set('cache-control', 'public, max-age=3600').send(STYLESHEET)
      return
    }
    res.set(headers)
    next()
  }
}

/** Where {@link siteBasics} serves the stylesheet every page links to. */
export const STYLESHEET_PATH = '/assets/site.css'

/**
 * The security headers of every page, as {@link siteBasics} sets them (for a framework other than
 * Express): a strict CSP (no script at all; forms only to this site and the provider), no framing, no
 * referrer to other sites, no caching.
 *
 * @example
 * ```ts
 * for (const [name, value] of Object.entries(securityHeaders('http://127.0.0.1:4000'))) c.res.headers.set(name, value)
 * ```
 */
export function securityHeaders(providerOrigin: string): Record<string, string> {
  const csp = [
    "default-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "script-src 'none'",
    `form-action 'self' ${providerOrigin}`,
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join('; ')
  return {
    'content-security-policy': csp,
    'x-content-type-options': 'nosniff',
    // Same-origin requests keep the Referer (and a real Origin on form posts); none leaves the site.
    'referrer-policy': 'same-origin',
    'x-frame-options': 'DENY',
    // Pages carry personal data (a card, an account): never kept in a cache or the back/forward cache
    // of a shared computer (a hospital kiosk, the desk PC) after sign-out.
    'cache-control': 'no-store',
  }
}

/** A definition list of what a page received, for the shared-data panel. */
export type DataRow = readonly [label: Bilingual, value: string | SafeHtml | undefined]

/**
 * The panel every example shows after a sign-in: what data was received, why (the purpose shown on the
 * consent screen), and where to withdraw the consent (the provider's citizen portal); once the consent is
 * `withdrawn`, it says so instead of offering to withdraw it again. The first argument is Express's
 * response (its language) or the language itself.
 *
 * @example
 * ```ts
 * sharedDataPanel(res, { purpose, rows: [[{ vi: 'Họ và tên', en: 'Full name' }, citizen.fullName]], portalUrl })
 * ```
 */
export function sharedDataPanel(
  res: Response | Lang,
  options: {
    purpose: Bilingual
    rows: readonly DataRow[]
    portalUrl: string
    note?: Bilingual
    withdrawn?: boolean
  },
): SafeHtml {
  const lang = typeof res === 'string' ? res : langOf(res)
  const vi = lang === 'vi'
  return html`<section class="panel shared" aria-labelledby="shared-title">
<h2 id="shared-title">${vi ? 'Dữ liệu chúng tôi nhận được từ VNeID' : 'The data we received from VNeID'}</h2>
<p class="why"><strong>${vi ? 'Mục đích:' : 'Purpose:'}</strong> ${options.purpose[lang]}</p>
<dl>${options.rows.map(([label, value]) => html`<dt>${label[lang]}</dt><dd>${value ?? '—'}</dd>`)}</dl>
${options.note ? html`<p class="note">${options.note[lang]}</p>` : ''}
${
  options.withdrawn
    ? html`<p class="withdrawn-already">${vi ? 'Bạn đã rút lại sự đồng ý này trên VNeID; không cần làm gì thêm.' : 'You have withdrawn this consent on VNeID; there is nothing more to do.'}</p>`
    : html`<p><a class="button secondary withdraw-link" href="${options.portalUrl}">${vi ? 'Rút lại sự đồng ý trên cổng công dân VNeID' : 'Withdraw consent on the VNeID citizen portal'}</a></p>`
}
</section>`
}

/** A short notice box (`kind` sets its colour). */
export function notice(kind: 'info' | 'success' | 'warning' | 'error', body: SafeHtml | string): SafeHtml {
  return html`<div class="notice ${kind}" role="${kind === 'error' || kind === 'warning' ? 'alert' : 'status'}">${body}</div>`
}

export { raw }

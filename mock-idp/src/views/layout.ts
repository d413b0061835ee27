import { html, SafeHtml } from './html.js'
import { type Lang, messages } from './i18n.js'

const STYLE = `
:root{--red:#c8102e;--ink:#1b1b1f;--muted:#5b5b66;--line:#d9d9e0;--bg:#f6f6f8;--ok:#0b7a3e}
*{box-sizing:border-box}body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;color:var(--ink);background:var(--bg)}
header{background:var(--red);color:#fff;padding:.75rem 1rem;display:flex;justify-content:space-between;align-items:center;gap:1rem}
header a{color:#fff}.brand{font-weight:700}
.banner{background:#fff3cd;color:#5c4400;padding:.5rem 1rem;font-size:.875rem;border-bottom:1px solid #f0dca0}
main{max-width:30rem;margin:1.5rem auto;padding:0 1rem}
.card{background:#fff;border:1px solid var(--line);border-radius:.75rem;padding:1.25rem 1.25rem 1.5rem}
h1{font-size:1.35rem;margin:.25rem 0 1rem}label{display:block;font-weight:600;margin:.75rem 0 .25rem}
input[type=text],input[type=password],input[type=tel]{width:100%;font-size:1.1rem;padding:.6rem .7rem;border:1px solid #8a8a96;border-radius:.4rem}
input:focus,button:focus,a:focus{outline:3px solid #ffbf47;outline-offset:1px}
.hint{color:var(--muted);font-size:.875rem;margin:.25rem 0}.error{color:#a4001c;font-weight:600;margin:.5rem 0}
.actions{display:flex;gap:.75rem;margin-top:1.25rem;flex-wrap:wrap}
button,.button{font:inherit;font-weight:600;padding:.65rem 1.1rem;border-radius:.4rem;border:1px solid var(--red);background:var(--red);color:#fff;cursor:pointer;text-decoration:none;display:inline-block}
button.secondary,.button.secondary{background:#fff;color:var(--red)}
fieldset{border:1px solid var(--line);border-radius:.5rem;margin:1rem 0;padding:.5rem .75rem}
fieldset>legend{float:left;width:100%;padding:0;margin:.25rem 0 .5rem;font-weight:600}fieldset>legend+*{clear:both}
.attr{display:flex;gap:.6rem;align-items:flex-start;padding:.5rem 0;border-top:1px solid var(--line)}.attr:first-of-type{border-top:0}
.attr input{width:1.25rem;height:1.25rem;margin-top:.2rem}.attr label{margin:0}.attr small{display:block;color:var(--muted)}
.tabs{display:flex;gap:.5rem;margin-bottom:1rem}.tabs a{padding:.4rem .8rem;border-radius:999px;border:1px solid var(--line);text-decoration:none;color:var(--ink)}.tabs a[aria-current=page]{background:var(--ink);color:#fff}
table{border-collapse:collapse;width:100%;font-size:.9rem}th,td{border-bottom:1px solid var(--line);text-align:left;padding:.4rem}
code{font-size:1.05em}
.who{display:flex;justify-content:space-between;align-items:center;gap:.5rem;flex-wrap:wrap;background:var(--bg);border:1px solid var(--line);border-radius:.5rem;padding:.4rem .75rem;margin:0 0 1rem}.who p{margin:0}.masked{white-space:nowrap}
button.link{background:none;border:0;padding:.25rem 0;color:var(--red);text-decoration:underline;font-weight:600;text-align:left}.qr svg{width:220px;height:220px}
@media (max-width:30rem){main{margin:1rem auto}.card{padding:1rem}}
`

/** Trusted: a constant of this module, never built from input. */
const STYLE_HTML = new SafeHtml(STYLE)

/** Everything a page needs besides its content. */
export interface PageOptions {
  lang: Lang
  title: string
  /** The current path and query, for the language switch. */
  path: string
  /** A CSP nonce for inline scripts, if the page has any. */
  scriptNonce?: string
}

function switchHref(path: string, lang: Lang): string {
  const url = new URL(path, 'http://x')
  url.searchParams.set('lang', lang === 'vi' ? 'en' : 'vi')
  return `${url.pathname}${url.search}`
}

/** The common page frame: language switch, the test-environment banner, the content. */
export function page(options: PageOptions, content: SafeHtml): string {
  const t = messages(options.lang)
  return html`<!doctype html>
<html lang="${options.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${options.title} · ${t.appName}</title>
<style nonce="${options.scriptNonce ?? ''}">${STYLE_HTML}</style>
</head>
<body>
<header><span class="brand">${t.appName}</span><a href="${switchHref(options.path, options.lang)}" hreflang="${options.lang === 'vi' ? 'en' : 'vi'}">${t.switchLang}</a></header>
<div class="banner" role="note">${t.mockBanner}</div>
<main>${content}</main>
</body>
</html>`.value
}

import { html, SafeHtml } from './html.js'
import { type Lang, messages } from './i18n.js'

/** What every phone-simulator and citizen-portal page knows. */
export interface CitizenPageContext {
  lang: Lang
  /** A GET path of this page (for the language switch; never a POST-only URL). */
  path: string
  nonce: string
  /** The CSRF token of this browser's session (or of its anonymous id, on the sign-in form). */
  csrf: string
}

/** A notice after an action (post-redirect-get), shown once at the top of the page. */
export interface Notice {
  text: string
  kind: 'ok' | 'error'
}

/** A few rules the common layout lacks (nonce'd, like the layout's own style element). */
const CITIZEN_STYLE = new SafeHtml(`
.notice{border-radius:.5rem;padding:.6rem .8rem;margin:0 0 1rem;font-weight:600}
.notice.ok{background:#e6f4ea;color:#0b5a2e;border:1px solid #9fd3b0}.notice.error{background:#fde8ea;color:#7a0014;border:1px solid #f1a7b1}
.request{border-top:1px solid var(--line);padding-top:1rem;margin-top:1rem}.request:first-of-type{border-top:0;margin-top:0;padding-top:0}
h2{font-size:1.1rem;margin:1.5rem 0 .5rem}h3{font-size:1rem;margin:.25rem 0 .5rem}
.binding code{font-size:1.25rem;font-weight:700;letter-spacing:.05em}
dl{margin:.5rem 0}dt{font-weight:600;margin-top:.5rem}dd{margin:0}
details{margin:.75rem 0}summary{cursor:pointer;font-weight:600}details p{margin:.25rem 0;overflow-wrap:anywhere}
.status-withdrawn{color:var(--muted)}.signed-in{display:flex;justify-content:space-between;align-items:center;gap:.75rem;flex-wrap:wrap}
.qr{display:flex;justify-content:center;margin:1rem 0}.qr svg{max-width:100%}
form.inline{display:inline}
details.org{border:1px solid var(--line);border-radius:.5rem;padding:.5rem .75rem;margin:.75rem 0}
details.org>summary{font-size:1.05rem;padding:.25rem 0}.org-name{font-weight:700}
details.withdrawn{border-top:1px solid var(--line);padding-top:.5rem}
`)

/** The extra style element of these pages, carrying the page's CSP nonce. */
export function citizenStyle(nonce: string): SafeHtml {
  return html`<style nonce="${nonce}">${CITIZEN_STYLE}</style>`
}

/**
 * The notice paragraph: a polite status for a confirmation, an alert for an error.
 *
 * @example
 * ```ts
 * html`${noticeLine({ text: t.withdrawn, kind: 'ok' })}`
 * ```
 */
export function noticeLine(notice: Notice | undefined): SafeHtml | string {
  if (!notice) return ''
  return notice.kind === 'ok'
    ? html`<p class="notice ok" role="status">${notice.text}</p>`
    : html`<p class="notice error" role="alert">${notice.text}</p>`
}

/** The hidden fields of every citizen form: the CSRF token and the page's language. */
export function citizenHiddenFields(context: CitizenPageContext): SafeHtml {
  return html`<input type="hidden" name="csrf" value="${context.csrf}"><input type="hidden" name="lang" value="${context.lang}">`
}

/**
 * The number-and-passcode form of the phone simulator and of the citizen portal.
 *
 * @example
 * ```ts
 * citizenSignInForm(context, { action: '/account/sign-in', intro: t.accountSignInIntro })
 * ```
 */
export function citizenSignInForm(
  context: CitizenPageContext,
  values: { action: string; intro: string; personalId?: string; error?: string; next?: string },
): SafeHtml {
  const t = messages(context.lang)
  const invalid = values.error ? html`aria-describedby="form-error" aria-invalid="true"` : ''
  return html`<p>${values.intro}</p>
${values.error ? html`<p class="error" role="alert" id="form-error">${values.error}</p>` : ''}
<form method="post" action="${values.action}" novalidate>
${citizenHiddenFields(context)}${values.next ? html`<input type="hidden" name="next" value="${values.next}">` : ''}
<label for="personalId">${t.personalId}</label>
<input type="text" id="personalId" name="personalId" inputmode="numeric" autocomplete="username" maxlength="20" pattern="( *[0-9]){12} *" required value="${values.personalId ?? ''}" ${invalid} autofocus>
<label for="passcode">${t.passcode}</label>
<input type="password" id="passcode" name="passcode" inputmode="numeric" autocomplete="current-password" maxlength="6" required>
<p class="hint">${t.passcodeHint} <a href="/" target="_blank" rel="noopener">${t.passcodeWhere}</a>.</p>
<div class="actions"><button type="submit">${t.signIn}</button></div>
</form>`
}

/**
 * The signed-in line: whose phone (or portal) this is, and the sign-out button.
 *
 * @example
 * ```ts
 * signedInBar(context, { name: citizen.fullName, action: '/phone/sign-out' })
 * ```
 */
export function signedInBar(context: CitizenPageContext, values: { name: string; action: string }): SafeHtml {
  const t = messages(context.lang)
  return html`<div class="signed-in"><p><strong>${t.greeting(values.name)}</strong></p>
<form method="post" action="${values.action}" class="inline">${citizenHiddenFields(context)}<button type="submit" class="secondary">${t.signOut}</button></form></div>`
}

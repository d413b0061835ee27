import { html, type SafeHtml } from './html.js'
import { type Lang, messages } from './i18n.js'
import { page } from './layout.js'

/** What every interaction screen knows. */
export interface ScreenContext {
  lang: Lang
  path: string
  nonce: string
  uid: string
  csrf: string
  clientName: string
}

/** The hidden fields of every interaction form: its CSRF token and the screen's language. */
export function hiddenFields(context: ScreenContext): SafeHtml {
  return html`<input type="hidden" name="csrf" value="${context.csrf}"><input type="hidden" name="lang" value="${context.lang}">`
}

/** The form's error message, announced to screen readers (nothing when there is none). */
export function errorLine(error: string | undefined): SafeHtml | string {
  return error ? html`<p class="error" role="alert" id="form-error">${error}</p>` : ''
}

/** Step 1: the 12-digit number and the passcode (or the QR tab). */
export function loginScreen(context: ScreenContext, values: { personalId?: string; error?: string }): string {
  const t = messages(context.lang)
  return page(
    { lang: context.lang, title: t.signInTitle, path: context.path, scriptNonce: context.nonce },
    html`<div class="card">
<nav class="tabs" aria-label="${t.signInTitle}"><a href="/interaction/${context.uid}?lang=${context.lang}" aria-current="page">${t.tabNumber}</a><a href="/interaction/${context.uid}/qr?lang=${context.lang}">${t.tabQr}</a></nav>
<h1>${t.signInTitle}</h1>
<p class="hint">${t.signInFor(context.clientName)}</p>
${errorLine(values.error)}
<form method="post" action="/interaction/${context.uid}/login" novalidate>
${hiddenFields(context)}
<label for="personalId">${t.personalId}</label>
<input type="text" id="personalId" name="personalId" inputmode="numeric" autocomplete="username" maxlength="20" pattern="( *[0-9]){12} *" required value="${values.personalId ?? ''}" ${values.error ? html`aria-describedby="form-error" aria-invalid="true"` : ''} autofocus>
<label for="passcode">${t.passcode}</label>
<input type="password" id="passcode" name="passcode" inputmode="numeric" autocomplete="current-password" maxlength="6" required>
<p class="hint">${t.passcodeHint} <a href="/" target="_blank" rel="noopener">${t.passcodeWhere}</a>.</p>
<div class="actions"><button type="submit">${t.continue}</button><button type="submit" class="secondary" formaction="/interaction/${context.uid}/abort" formnovalidate>${t.cancel}</button></div>
</form>
</div>`,
  )
}

/** A refusal or notice with one button back to the relying party. */
export function noticeScreen(context: ScreenContext, values: { title: string; body: string }): string {
  const t = messages(context.lang)
  return page(
    { lang: context.lang, title: values.title, path: context.path, scriptNonce: context.nonce },
    html`<div class="card" role="alert">
<h1>${values.title}</h1>
<p>${values.body}</p>
<form method="post" action="/interaction/${context.uid}/abort">${hiddenFields(context)}<div class="actions"><button type="submit">${t.backToService}</button></div></form>
</div>`,
  )
}

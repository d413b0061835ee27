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

function hidden(context: ScreenContext): SafeHtml {
  return html`<input type="hidden" name="csrf" value="${context.csrf}"><input type="hidden" name="lang" value="${context.lang}">`
}

function errorLine(error: string | undefined): SafeHtml | string {
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
${hidden(context)}
<label for="personalId">${t.personalId}</label>
<input type="text" id="personalId" name="personalId" inputmode="numeric" autocomplete="username" maxlength="12" pattern="[0-9]{12}" required value="${values.personalId ?? ''}" ${values.error ? html`aria-describedby="form-error" aria-invalid="true"` : ''} autofocus>
<label for="passcode">${t.passcode}</label>
<input type="password" id="passcode" name="passcode" inputmode="numeric" autocomplete="current-password" maxlength="6" required>
<p class="hint">${t.passcodeHint}</p>
<div class="actions"><button type="submit">${t.continue}</button><button type="submit" class="secondary" formaction="/interaction/${context.uid}/abort" formnovalidate>${t.cancel}</button></div>
</form>
</div>`,
  )
}

/** Step 2: the one-time code sent by SMS. */
export function otpScreen(context: ScreenContext, values: { maskedPhone: string; error?: string }): string {
  const t = messages(context.lang)
  return page(
    { lang: context.lang, title: t.otpTitle, path: context.path, scriptNonce: context.nonce },
    html`<div class="card">
<h1>${t.otpTitle}</h1>
<p>${t.otpSent(values.maskedPhone)}</p>
<p class="hint">${t.otpDev} <a href="/dev/sms" target="_blank" rel="noopener">/dev/sms</a></p>
${errorLine(values.error)}
<form method="post" action="/interaction/${context.uid}/otp" novalidate>
${hidden(context)}
<label for="otp">${t.otp}</label>
<input type="text" id="otp" name="otp" inputmode="numeric" autocomplete="one-time-code" maxlength="6" pattern="[0-9]{6}" required autofocus ${values.error ? html`aria-describedby="form-error" aria-invalid="true"` : ''}>
<div class="actions"><button type="submit">${t.verify}</button><button type="submit" class="secondary" formaction="/interaction/${context.uid}/abort" formnovalidate>${t.cancel}</button></div>
</form>
</div>`,
  )
}

/** One attribute on the consent screen. */
export interface ConsentItem {
  name: string
  label: string
  description: string
  sensitive: boolean
}

/** Step 3: consent. Nothing is pre-ticked (Decree 356/2025); each attribute is its own choice. */
export function consentScreen(
  context: ScreenContext,
  values: { purpose: string | undefined; items: ConsentItem[] },
): string {
  const t = messages(context.lang)
  const sensitiveNote = context.lang === 'vi' ? 'dữ liệu cá nhân nhạy cảm' : 'sensitive personal data'
  return page(
    { lang: context.lang, title: t.consentTitle, path: context.path, scriptNonce: context.nonce },
    html`<div class="card">
<h1>${t.consentTitle}</h1>
<p>${t.consentIntro(context.clientName)}</p>
<p><strong>${t.purpose}:</strong> ${values.purpose ?? t.noPurpose}</p>
<form method="post" action="/interaction/${context.uid}/consent">
${hidden(context)}
<fieldset><legend>${t.consentChoose}</legend>
${values.items.map(
  (item) =>
    html`<div class="attr"><input type="checkbox" id="attr-${item.name}" name="attributes" value="${item.name}"><label for="attr-${item.name}">${item.label}${item.sensitive ? html` <small>(${sensitiveNote})</small>` : ''}<small>${item.description}</small></label></div>`,
)}
</fieldset>
<p class="hint">${t.consentRights}</p>
<div class="actions"><button type="submit" name="decision" value="allow">${t.allow}</button><button type="submit" name="decision" value="deny" class="secondary">${t.deny}</button></div>
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
<form method="post" action="/interaction/${context.uid}/abort">${hidden(context)}<div class="actions"><button type="submit">${t.backToService}</button></div></form>
</div>`,
  )
}

import { html } from '../../views/html.js'
import { messages } from '../../views/i18n.js'
import { page } from '../../views/layout.js'
import { errorLine, hiddenFields, type ScreenContext } from '../../views/screens.js'

/** Step 2: the one-time code sent by SMS. */
export function otpScreen(
  context: ScreenContext,
  values: { maskedPhone: string; error?: string; notice?: string },
): string {
  const t = messages(context.lang)
  return page(
    { lang: context.lang, title: t.otpTitle, path: context.path, scriptNonce: context.nonce },
    html`<div class="card">
<h1>${t.otpTitle}</h1>
<p>${t.otpSent(values.maskedPhone)}</p>
<p class="hint">${t.otpDev} <a href="/dev/sms" target="_blank" rel="noopener">${t.smsOutbox}</a>.</p>
${values.notice ? html`<p class="hint" role="status">${values.notice}</p>` : ''}
${errorLine(values.error)}
<form method="post" action="/interaction/${context.uid}/otp" novalidate>
${hiddenFields(context)}
<label for="otp">${t.otp}</label>
<input type="text" id="otp" name="otp" inputmode="numeric" autocomplete="one-time-code" maxlength="6" pattern="[0-9]{6}" required autofocus ${values.error ? html`aria-describedby="form-error" aria-invalid="true"` : ''}>
<div class="actions"><button type="submit">${t.verify}</button><button type="submit" class="secondary" formaction="/interaction/${context.uid}/abort" formnovalidate>${t.cancel}</button></div>
</form>
<form method="post" action="/interaction/${context.uid}/otp/resend">${hiddenFields(context)}<p class="hint">${t.otpNotReceived} <button type="submit" class="link">${t.otpResend}</button></p></form>
</div>`,
  )
}

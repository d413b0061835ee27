import { html } from '../../views/html.js'
import { messages } from '../../views/i18n.js'
import { page } from '../../views/layout.js'
import { hiddenFields, type ScreenContext } from '../../views/screens.js'

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
  values: {
    purpose: string | undefined
    items: ConsentItem[]
    /** Who is signed in at the provider (single sign-on may have skipped the login screen). */
    signedIn?: { name: string; maskedId: string }
  },
): string {
  const t = messages(context.lang)
  const sensitiveNote = context.lang === 'vi' ? 'dữ liệu cá nhân nhạy cảm' : 'sensitive personal data'
  return page(
    { lang: context.lang, title: t.consentTitle, path: context.path, scriptNonce: context.nonce },
    html`<div class="card">
<h1>${t.consentTitle}</h1>
${
  values.signedIn
    ? html`<div class="who"><p>${t.signedInAs} <strong>${values.signedIn.name}</strong> · <span class="masked">${values.signedIn.maskedId}</span></p>
<form method="post" action="/interaction/${context.uid}/not-you">${hiddenFields(context)}<button type="submit" class="link">${t.notYou}</button></form></div>`
    : ''
}
<p>${t.consentIntro(context.clientName)}</p>
<p><strong>${t.purpose}:</strong> ${values.purpose ?? t.noPurpose}</p>
<form method="post" action="/interaction/${context.uid}/consent">
${hiddenFields(context)}
<fieldset><legend>${t.consentChoose}</legend>
${values.items.map(
  (item) =>
    html`<div class="attr"><input type="checkbox" id="attr-${item.name}" name="attributes" value="${item.name}"><label for="attr-${item.name}">${item.label}${item.sensitive ? html` <small>(${sensitiveNote})</small>` : ''}<small>${item.description}</small></label></div>`,
)}
</fieldset>
<p class="hint">${t.consentRightsLead} <a href="/account?lang=${context.lang}" target="_blank" rel="noopener">${t.consentRightsPortal}</a>${t.consentRightsTail}</p>
<div class="actions"><button type="submit" name="decision" value="allow">${t.allow}</button><button type="submit" name="decision" value="deny" class="secondary">${t.deny}</button></div>
</form>
</div>`,
  )
}

import {
  type CitizenPageContext,
  citizenHiddenFields,
  citizenSignInForm,
  citizenStyle,
  type Notice,
  noticeLine,
  signedInBar,
} from '../../views/citizen-page.js'
import { html, type SafeHtml } from '../../views/html.js'
import { messages } from '../../views/i18n.js'
import { page } from '../../views/layout.js'

/**
 * The phone simulator's sign-in screen.
 *
 * @example
 * ```ts
 * res.type('html').send(phoneSignInScreen(context, { next: '/phone/qr/abc' }))
 * ```
 */
export function phoneSignInScreen(
  context: CitizenPageContext,
  values: { personalId?: string; error?: string; next?: string; notice?: Notice },
): string {
  const t = messages(context.lang)
  return page(
    { lang: context.lang, title: t.phoneTitle, path: context.path, scriptNonce: context.nonce },
    html`${citizenStyle(context.nonce)}<div class="card">
<h1>${t.phoneTitle}</h1>
${noticeLine(values.notice)}
${citizenSignInForm(context, { action: '/phone/sign-in', intro: t.phoneSignInIntro, ...values })}
</div>`,
  )
}

/** One attribute of a request, with its catalogue label. */
export interface RequestedAttribute {
  name: string
  label: string
  description: string
  sensitive: boolean
}

/** A pending decoupled (CIBA) sign-in, as the phone shows it. */
export interface PhoneCibaRequest {
  id: string
  clientName: string
  bindingMessage?: string
  purpose?: string
  attributes: RequestedAttribute[]
  /** Set when the citizen's level is below the request's: the approval will be refused. */
  levelNote?: string
}

/** A QR sign-in scanned on this phone and not decided yet. */
export interface PhoneQrRequest {
  id: string
  clientName: string
  /** The short code the browser that shows the QR code shows too (finding 5 of issue 12). */
  matchCode: string
}

/** The match code, as both screens show it: the citizen approves only when the two are the same. */
function matchCodeLine(context: CitizenPageContext, matchCode: string): SafeHtml {
  const t = messages(context.lang)
  return html`<p class="binding"><strong>${t.qrMatchCode}:</strong> <code data-match-code>${matchCode}</code></p><p class="hint">${t.qrMatchHint}</p>`
}

/**
 * The attribute checkboxes of a request, none ticked (consent is never pre-ticked).
 *
 * @example
 * ```ts
 * html`<form>${attributeChoices(context, 'share-attr', attributes)}</form>`
 * ```
 */
export function attributeChoices(
  context: CitizenPageContext,
  prefix: string,
  attributes: RequestedAttribute[],
): SafeHtml | string {
  if (attributes.length === 0) return ''
  const t = messages(context.lang)
  const sensitiveNote = context.lang === 'vi' ? 'dữ liệu cá nhân nhạy cảm' : 'sensitive personal data'
  return html`<fieldset><legend>${t.consentChoose}</legend>
${attributes.map(
  (item) =>
    html`<div class="attr"><input type="checkbox" id="${prefix}-${item.name}" name="attributes" value="${item.name}"><label for="${prefix}-${item.name}">${item.label}${item.sensitive ? html` <small>(${sensitiveNote})</small>` : ''}<small>${item.description}</small></label></div>`,
)}
</fieldset>`
}

function cibaCard(context: CitizenPageContext, request: PhoneCibaRequest, index: number): SafeHtml {
  const t = messages(context.lang)
  const titleId = `ciba-${index}-title`
  return html`<section class="request" aria-labelledby="${titleId}">
<h3 id="${titleId}">${request.clientName}</h3>
<p><strong>${t.consentTitle}</strong></p>
<p>${t.consentIntro(request.clientName)}</p>
${
  request.bindingMessage
    ? html`<p class="binding"><strong>${t.bindingMessage}:</strong> <code>${request.bindingMessage}</code></p><p class="hint">${t.bindingHint}</p>`
    : ''
}
<p><strong>${t.purpose}:</strong> ${request.purpose || t.noPurpose}</p>
${request.levelNote ? html`<p class="error">${request.levelNote}</p>` : ''}
<form method="post" action="/phone/ciba/${request.id}">
${citizenHiddenFields(context)}
${attributeChoices(context, `ciba-${index}-attr`, request.attributes)}
<p class="hint">${t.consentRightsLead} <a href="/account?lang=${context.lang}">${t.consentRightsPortal}</a>${t.consentRightsTail}</p>
<div class="actions"><button type="submit" name="decision" value="approve">${t.approve}</button><button type="submit" name="decision" value="deny" class="secondary">${t.reject}</button></div>
</form>
</section>`
}

function qrDecisionForm(context: CitizenPageContext, qrId: string): SafeHtml {
  const t = messages(context.lang)
  return html`<form method="post" action="/phone/qr/${qrId}">
${citizenHiddenFields(context)}
<div class="actions"><button type="submit" name="decision" value="approve">${t.approve}</button><button type="submit" name="decision" value="reject" class="secondary">${t.reject}</button></div>
</form>`
}

/**
 * The phone's home: pending decoupled sign-ins and QR sign-ins, each with Approve and Reject.
 *
 * @example
 * ```ts
 * res.type('html').send(phoneHomeScreen(context, { name: citizen.fullName, ciba: [], qr: [] }))
 * ```
 */
export function phoneHomeScreen(
  context: CitizenPageContext,
  values: { name: string; ciba: PhoneCibaRequest[]; qr: PhoneQrRequest[]; notice?: Notice },
): string {
  const t = messages(context.lang)
  return page(
    { lang: context.lang, title: t.phoneTitle, path: context.path, scriptNonce: context.nonce },
    html`${citizenStyle(context.nonce)}<div class="card">
<h1>${t.phoneTitle}</h1>
${noticeLine(values.notice)}
${signedInBar(context, { name: values.name, action: '/phone/sign-out' })}
<h2>${t.cibaHeading}</h2>
${values.ciba.length === 0 ? html`<p class="hint">${t.cibaNone}</p>` : values.ciba.map((request, i) => cibaCard(context, request, i))}
<h2>${t.qrPendingHeading}</h2>
${
  values.qr.length === 0
    ? html`<p class="hint">${t.qrNone}</p>`
    : values.qr.map(
        (request, i) =>
          html`<section class="request" aria-labelledby="qr-${i}-title"><h3 id="qr-${i}-title">${t.qrSignInTo(request.clientName)}</h3>${matchCodeLine(context, request.matchCode)}<p class="hint">${t.qrPhoneHint}</p>${qrDecisionForm(context, request.id)}</section>`,
      )
}
<form method="get" action="/phone/scan">
<input type="hidden" name="lang" value="${context.lang}">
<label for="qr-code">${t.qrScanLabel}</label>
<input type="text" id="qr-code" name="code" autocomplete="off" maxlength="512" required>
<div class="actions"><button type="submit" class="secondary">${t.qrOpen}</button></div>
</form>
</div>`,
  )
}

/**
 * The phone's answer to a scanned QR code: "Sign in to <client>?" with Approve and Reject.
 *
 * @example
 * ```ts
 * res.type('html').send(phoneQrScreen(context, { qrId, clientName: 'Ngân hàng A', name: citizen.fullName }))
 * ```
 */
export function phoneQrScreen(
  context: CitizenPageContext,
  values: { qrId: string; clientName: string; name: string; matchCode: string },
): string {
  const t = messages(context.lang)
  const title = t.qrSignInTo(values.clientName)
  return page(
    { lang: context.lang, title, path: context.path, scriptNonce: context.nonce },
    html`${citizenStyle(context.nonce)}<div class="card">
${signedInBar(context, { name: values.name, action: '/phone/sign-out' })}
<h1>${title}</h1>
${matchCodeLine(context, values.matchCode)}
<p class="hint">${t.qrPhoneHint}</p>
${qrDecisionForm(context, values.qrId)}
</div>`,
  )
}

/**
 * The phone's second sign-in step: the SMS one-time code (the phone is never signed in on the passcode
 * alone, so its approvals are never weaker than the login screen: finding 5 of issue 12).
 *
 * @example
 * ```ts
 * res.type('html').send(phoneOtpScreen(context, { maskedPhone: '091******567' }))
 * ```
 */
export function phoneOtpScreen(
  context: CitizenPageContext,
  values: { maskedPhone: string; error?: string },
): string {
  const t = messages(context.lang)
  const invalid = values.error ? html`aria-describedby="form-error" aria-invalid="true"` : ''
  return page(
    { lang: context.lang, title: t.otpTitle, path: context.path, scriptNonce: context.nonce },
    html`${citizenStyle(context.nonce)}<div class="card">
<h1>${t.otpTitle}</h1>
<p>${t.otpSent(values.maskedPhone)}</p>
<p class="hint">${t.otpDev} <a href="/dev/sms" target="_blank" rel="noopener">${t.smsOutbox}</a>.</p>
${values.error ? html`<p class="error" role="alert" id="form-error">${values.error}</p>` : ''}
<form method="post" action="/phone/otp" novalidate>
${citizenHiddenFields(context)}
<label for="otp">${t.otp}</label>
<input type="text" id="otp" name="otp" inputmode="numeric" autocomplete="one-time-code" maxlength="6" pattern="[0-9]{6}" required autofocus ${invalid}>
<div class="actions"><button type="submit">${t.verify}</button></div>
</form>
</div>`,
  )
}

/**
 * A short message on the phone (a request that is gone, a refusal) with a link back to its home.
 *
 * @example
 * ```ts
 * res.status(404).type('html').send(phoneNoticeScreen(context, { text: t.requestGone, kind: 'error' }))
 * ```
 */
export function phoneNoticeScreen(context: CitizenPageContext, notice: Notice, back = '/phone'): string {
  const t = messages(context.lang)
  return page(
    { lang: context.lang, title: t.noticeTitle, path: context.path, scriptNonce: context.nonce },
    html`${citizenStyle(context.nonce)}<div class="card">
<h1>${t.noticeTitle}</h1>
${noticeLine(notice)}
<p><a href="${back}?lang=${context.lang}">${t.phoneTitle}</a></p>
</div>`,
  )
}

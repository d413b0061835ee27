import { html, SafeHtml } from './html.js'
import { type Lang, messages } from './i18n.js'
import { page } from './layout.js'
import type { ScreenContext } from './screens.js'

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

function hiddenFields(context: CitizenPageContext): SafeHtml {
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
${hiddenFields(context)}${values.next ? html`<input type="hidden" name="next" value="${values.next}">` : ''}
<label for="personalId">${t.personalId}</label>
<input type="text" id="personalId" name="personalId" inputmode="numeric" autocomplete="username" maxlength="12" pattern="[0-9]{12}" required value="${values.personalId ?? ''}" ${invalid} autofocus>
<label for="passcode">${t.passcode}</label>
<input type="password" id="passcode" name="passcode" inputmode="numeric" autocomplete="current-password" maxlength="6" required>
<p class="hint">${t.passcodeHint}</p>
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
<form method="post" action="${values.action}" class="inline">${hiddenFields(context)}<button type="submit" class="secondary">${t.signOut}</button></form></div>`
}

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

function attributeChoices(
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
${hiddenFields(context)}
${attributeChoices(context, `ciba-${index}-attr`, request.attributes)}
<p class="hint">${t.consentRights}</p>
<div class="actions"><button type="submit" name="decision" value="approve">${t.approve}</button><button type="submit" name="decision" value="deny" class="secondary">${t.reject}</button></div>
</form>
</section>`
}

function qrDecisionForm(context: CitizenPageContext, qrId: string): SafeHtml {
  const t = messages(context.lang)
  return html`<form method="post" action="/phone/qr/${qrId}">
${hiddenFields(context)}
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
<p class="hint">${t.otpDev}</p>
${values.error ? html`<p class="error" role="alert" id="form-error">${values.error}</p>` : ''}
<form method="post" action="/phone/otp" novalidate>
${hiddenFields(context)}
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

/**
 * Polls the QR status every 2 s; navigates to the completion URL once the phone has decided. A constant
 * (the URLs come from data attributes, HTML-escaped, never from script text).
 */
const QR_POLL_SCRIPT = new SafeHtml(`(() => {
  const box = document.getElementById('qr-login')
  const status = document.getElementById('qr-status')
  if (!box || !status) return
  const { statusUrl, completeUrl, expiredText } = box.dataset
  const tick = async () => {
    try {
      const response = await fetch(statusUrl, { headers: { accept: 'application/json' }, cache: 'no-store' })
      const body = await response.json()
      if (body.status === 'approved' || body.status === 'rejected') {
        window.location.assign(completeUrl)
        return
      }
      if (body.status === 'expired') {
        status.textContent = expiredText
        document.getElementById('qr-renew')?.removeAttribute('hidden')
        return
      }
    } catch {
      // A network blip: try again at the next tick.
    }
    setTimeout(tick, 2000)
  }
  setTimeout(tick, 2000)
})()`)

/**
 * The QR tab of the login screen: the code (an SVG we generate), the test link, live status by polling,
 * a no-script link to check manually, and Cancel.
 *
 * @example
 * ```ts
 * res.type('html').send(qrLoginScreen(context, { svg: new SafeHtml(svg), link, csrf }))
 * ```
 */
export function qrLoginScreen(
  context: ScreenContext,
  values: { svg: SafeHtml; link: string; matchCode: string; notice?: Notice },
): string {
  const t = messages(context.lang)
  const base = `/interaction/${context.uid}`
  return page(
    { lang: context.lang, title: t.signInTitle, path: context.path, scriptNonce: context.nonce },
    html`${citizenStyle(context.nonce)}<div class="card">
<nav class="tabs" aria-label="${t.signInTitle}"><a href="${base}?lang=${context.lang}">${t.tabNumber}</a><a href="${base}/qr?lang=${context.lang}" aria-current="page">${t.tabQr}</a></nav>
<h1>${t.signInTitle}</h1>
<p class="hint">${t.signInFor(context.clientName)}</p>
${noticeLine(values.notice)}
<div id="qr-login" data-status-url="${base}/qr/status" data-complete-url="${base}/qr/complete?lang=${context.lang}" data-expired-text="${t.qrExpired}">
<p>${t.qrHelp}</p>
<div class="qr" role="img" aria-label="${t.qrImageLabel}">${values.svg}</div>
<p class="binding"><strong>${t.qrMatchCode}:</strong> <code data-match-code>${values.matchCode}</code></p>
<p class="hint">${t.qrMatchBrowserHint}</p>
<p id="qr-status" role="status" aria-live="polite">${t.qrWaiting}</p>
<p id="qr-renew" hidden><a href="${base}/qr?lang=${context.lang}&amp;new=1">${t.qrNewCode}</a></p>
<p class="hint">${t.qrTestLink}: <a href="${values.link}" target="_blank" rel="noopener">${values.link}</a></p>
<noscript><p><a class="button" href="${base}/qr/complete?lang=${context.lang}">${t.qrContinue}</a></p></noscript>
</div>
<form method="post" action="${base}/abort">
<input type="hidden" name="csrf" value="${context.csrf}"><input type="hidden" name="lang" value="${context.lang}">
<div class="actions"><button type="submit" class="secondary">${t.cancel}</button></div>
</form>
</div>
<script nonce="${context.nonce}">${QR_POLL_SCRIPT}</script>`,
  )
}

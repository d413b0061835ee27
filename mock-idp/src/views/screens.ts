import type { SmsMessage } from '../sms/outbox.js'
import { VNEID_PATHS } from '../vneid/paths.js'
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

/** The development SMS outbox. */
export function smsOutboxScreen(lang: Lang, path: string, nonce: string, messagesList: SmsMessage[]): string {
  const title = lang === 'vi' ? 'Hộp thư SMS (thử nghiệm)' : 'SMS outbox (development)'
  return page(
    { lang, title, path, scriptNonce: nonce },
    html`<div class="card"><h1>${title}</h1>
<table><thead><tr><th>${lang === 'vi' ? 'Thời gian' : 'Time'}</th><th>${lang === 'vi' ? 'Số điện thoại' : 'Phone'}</th><th>${lang === 'vi' ? 'Nội dung' : 'Message'}</th></tr></thead>
<tbody>${messagesList.map(
      (m) =>
        html`<tr><td>${new Date(m.sentAt * 1000).toISOString().slice(11, 19)}</td><td>${m.to}</td><td data-sms="${m.id}">${m.text}</td></tr>`,
    )}</tbody></table></div>`,
  )
}

/**
 * The provider's home page: what this is and where a tester goes (phone simulator, citizen portal, SMS
 * outbox, discovery). `localTools` shows the outbox link and the passcode (requests from this machine to a
 * loopback issuer only).
 */
export function homeScreen(
  lang: Lang,
  path: string,
  nonce: string,
  values: { passcode: string; localTools: boolean },
): string {
  const vi = lang === 'vi'
  const title = vi ? 'Nhà cung cấp định danh điện tử (mô phỏng)' : 'National e-ID provider (mock)'
  const links: [string, string, string][] = [
    [
      '/phone',
      vi ? 'Điện thoại mô phỏng (ứng dụng VNeID)' : 'Phone simulator (the VNeID app)',
      vi
        ? 'duyệt yêu cầu đăng nhập tách rời (CIBA) và quét mã QR'
        : 'approve decoupled sign-ins (CIBA) and scan QR codes',
    ],
    [
      '/account',
      vi ? 'Cổng công dân' : 'Citizen portal',
      vi ? 'xem và rút lại sự đồng ý chia sẻ dữ liệu' : 'see and withdraw consents to share data',
    ],
    ...(values.localTools
      ? ([
          [
            '/dev/sms',
            vi ? 'Hộp thư SMS' : 'SMS outbox',
            vi ? 'mã OTP đã "gửi"' : 'the one-time codes "sent"',
          ],
        ] as [string, string, string][])
      : []),
    [
      '/.well-known/openid-configuration',
      'OpenID Connect discovery',
      vi ? 'cho nhà phát triển' : 'for developers',
    ],
    [
      VNEID_PATHS.authorize,
      vi ? 'Giao thức VNeID' : 'VNeID dialect',
      `${vi ? 'cho ứng dụng đăng ký "dialect": "vneid"; token' : 'for clients registered with "dialect": "vneid"; token'} ${VNEID_PATHS.token}, userinfo ${VNEID_PATHS.userinfo}`,
    ],
  ]
  return page(
    { lang, title, path, scriptNonce: nonce },
    html`<div class="card"><h1>${title}</h1>
<p>${vi ? 'Môi trường thử nghiệm của dinhdanh: mọi công dân là dữ liệu tổng hợp. Ứng dụng (ngân hàng, bệnh viện, …) chuyển bạn đến đây để đăng nhập.' : 'The dinhdanh test environment: every citizen is synthetic. Apps (banks, hospitals, …) send you here to sign in.'}</p>
${values.localTools ? html`<p>${vi ? 'Mật mã của mọi công dân:' : 'Every citizen’s passcode:'} <code>${values.passcode}</code></p>` : ''}
<ul>${links.map(([href, label, note]) => html`<li><a href="${href}">${label}</a>: ${note}</li>`)}</ul>
</div>`,
  )
}

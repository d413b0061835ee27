import type { SmsMessage } from '../../sms/outbox.js'
import { html } from '../../views/html.js'
import type { Lang } from '../../views/i18n.js'
import { page } from '../../views/layout.js'

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

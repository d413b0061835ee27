import type { SmsMessage } from '../../sms/outbox.js'
import { html, type SafeHtml } from '../../views/html.js'
import type { Lang } from '../../views/i18n.js'
import { page } from '../../views/layout.js'

const VIETNAM_TIME = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Asia/Ho_Chi_Minh',
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
})

/**
 * When an SMS was sent, in Vietnam's time (Asia/Ho_Chi_Minh, UTC+7 all year) as the apps show it, to the
 * second (a tester matches a passcode to the attempt that sent it): `HH:MM:SS dd/mm/yyyy`, and the same
 * instant as an ISO 8601 string with its +07:00 offset for the `<time>` element.
 *
 * @example
 * ```ts
 * outboxTime(Date.UTC(2026, 11, 4, 18, 30, 5) / 1000)
 * // { text: '01:30:05 05/12/2026', iso: '2026-12-05T01:30:05+07:00' }
 * ```
 */
export function outboxTime(epochSec: number): { text: string; iso: string } {
  const parts = Object.fromEntries(
    VIETNAM_TIME.formatToParts(new Date(epochSec * 1000)).map((part) => [part.type, part.value]),
  )
  return {
    text: `${parts.hour}:${parts.minute}:${parts.second} ${parts.day}/${parts.month}/${parts.year}`,
    iso: `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}+07:00`,
  }
}

function timeCell(epochSec: number): SafeHtml {
  const { text, iso } = outboxTime(epochSec)
  return html`<time datetime="${iso}">${text}</time>`
}

/** The development SMS outbox: times in Vietnam (UTC+7), marked as such, like every other screen. */
export function smsOutboxScreen(lang: Lang, path: string, nonce: string, messagesList: SmsMessage[]): string {
  const title = lang === 'vi' ? 'Hộp thư SMS (thử nghiệm)' : 'SMS outbox (development)'
  const timeHeading = lang === 'vi' ? 'Thời gian (giờ Việt Nam, UTC+7)' : 'Time (Vietnam time, UTC+7)'
  return page(
    { lang, title, path, scriptNonce: nonce },
    html`<div class="card"><h1>${title}</h1>
<table><thead><tr><th>${timeHeading}</th><th>${lang === 'vi' ? 'Số điện thoại' : 'Phone'}</th><th>${lang === 'vi' ? 'Nội dung' : 'Message'}</th></tr></thead>
<tbody>${messagesList.map(
      (m) =>
        html`<tr><td>${timeCell(m.sentAt)}</td><td>${m.to}</td><td data-sms="${m.id}">${m.text}</td></tr>`,
    )}</tbody></table></div>`,
  )
}

import { citizenStyle, type Notice, noticeLine } from '../../views/citizen-page.js'
import { html, SafeHtml } from '../../views/html.js'
import { messages } from '../../views/i18n.js'
import { page } from '../../views/layout.js'
import type { ScreenContext } from '../../views/screens.js'

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

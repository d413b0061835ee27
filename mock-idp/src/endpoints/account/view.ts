import {
  type CitizenPageContext,
  citizenSignInForm,
  citizenStyle,
  type Notice,
  noticeLine,
  signedInBar,
} from '../../views/citizen-page.js'
import { html, type SafeHtml } from '../../views/html.js'
import { type Lang, messages } from '../../views/i18n.js'
import { page } from '../../views/layout.js'

/** One consent as the citizen portal lists it (labels already in the page's language). */
export interface PortalConsent {
  id: string
  clientId: string
  /** The relying party's name in the page's language. */
  clientName: string
  attributeLabels: string[]
  purpose: string
  grantedAt: number
  method: string
  status: 'active' | 'withdrawn'
  withdrawnAt?: number
  textShown: string
}

/**
 * A date and time in Vietnam (Asia/Ho_Chi_Minh), the Vietnamese way: `14:05 17/05/2026`.
 *
 * @example
 * ```ts
 * formatVietnamTime(1_779_000_000, 'vi') // '…:… dd/mm/yyyy (giờ Việt Nam)'
 * ```
 */
export function formatVietnamTime(epochSec: number, lang: Lang): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Asia/Ho_Chi_Minh',
      day: '2-digit',
      month: '2-digit',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(new Date(epochSec * 1000))
      .map((part) => [part.type, part.value]),
  )
  return `${parts.hour}:${parts.minute} ${parts.day}/${parts.month}/${parts.year} (${messages(lang).vietnamTime})`
}

function timeElement(epochSec: number, lang: Lang): SafeHtml {
  return html`<time datetime="${new Date(epochSec * 1000).toISOString()}">${formatVietnamTime(epochSec, lang)}</time>`
}

/**
 * The citizen portal's sign-in screen.
 *
 * @example
 * ```ts
 * res.type('html').send(accountSignInScreen(context, {}))
 * ```
 */
export function accountSignInScreen(
  context: CitizenPageContext,
  values: { personalId?: string; error?: string; notice?: Notice },
): string {
  const t = messages(context.lang)
  const { notice, ...form } = values
  return page(
    { lang: context.lang, title: t.accountTitle, path: context.path, scriptNonce: context.nonce },
    html`${citizenStyle(context.nonce)}<div class="card">
<h1>${t.accountTitle}</h1>
${noticeLine(notice)}
${citizenSignInForm(context, { action: '/account/sign-in', intro: t.accountSignInIntro, ...form })}
</div>`,
  )
}

function consentDetails(context: CitizenPageContext, consent: PortalConsent, withPurpose: boolean): SafeHtml {
  const t = messages(context.lang)
  return html`<dl>
${withPurpose ? html`<dt>${t.purpose}</dt><dd>${consent.purpose || t.noPurpose}</dd>` : ''}
<dt>${t.consentData}</dt><dd>${consent.attributeLabels.length > 0 ? consent.attributeLabels.join(', ') : t.consentNoData}</dd>
<dt>${t.consentWhen}</dt><dd>${timeElement(consent.grantedAt, context.lang)}</dd>
<dt>${t.consentMethod}</dt><dd>${t.consentMethodName(consent.method)}</dd>
<dt>${t.consentStatus}</dt><dd>${
    consent.status === 'active'
      ? t.statusActive
      : html`<span class="status-withdrawn">${t.statusWithdrawn(formatVietnamTime(consent.withdrawnAt ?? 0, context.lang))}</span>`
  }</dd>
</dl>`
}

function consentCard(context: CitizenPageContext, consent: PortalConsent, index: number): SafeHtml {
  const t = messages(context.lang)
  const titleId = `consent-${index}-title`
  return html`<section class="request" aria-labelledby="${titleId}">
<h3 id="${titleId}"><span class="hint">${t.purpose}:</span> ${consent.purpose || t.noPurpose}</h3>
${consentDetails(context, consent, false)}
<details><summary>${t.textShown}</summary>${consent.textShown.split('\n').map((line) => html`<p>${line}</p>`)}</details>
${
  consent.status === 'active'
    ? html`<div class="actions"><a class="button secondary" href="/account/consents/${consent.id}/withdraw?lang=${context.lang}" aria-label="${t.withdrawFor(consent.clientName)}">${t.withdraw}</a></div>`
    : ''
}
</section>`
}

/** One organisation's consents: a collapsible section, open while any of them is active. */
function organisationSection(
  context: CitizenPageContext,
  consents: readonly PortalConsent[],
  offset: number,
): SafeHtml {
  const t = messages(context.lang)
  const active = consents.filter((consent) => consent.status === 'active')
  const withdrawn = consents.filter((consent) => consent.status !== 'active')
  const name = consents[0]?.clientName ?? ''
  return html`<details class="org"${active.length > 0 ? html` open` : ''}>
<summary><span class="org-name">${name}</span> <span class="hint">${t.orgCounts(active.length, withdrawn.length)}</span></summary>
${active.map((consent, i) => consentCard(context, consent, offset + i))}
${
  withdrawn.length > 0
    ? html`<details class="withdrawn"><summary>${t.withdrawnHeading(withdrawn.length)}</summary>${withdrawn.map((consent, i) => consentCard(context, consent, offset + active.length + i))}</details>`
    : ''
}
</details>`
}

/**
 * The consents grouped by organisation (in the order of each one's newest consent), so ten consents do
 * not make one long column.
 *
 * @example
 * ```ts
 * groupByOrganisation(consents).map((group) => group[0]?.clientName)
 * ```
 */
export function groupByOrganisation(consents: readonly PortalConsent[]): PortalConsent[][] {
  const groups = new Map<string, PortalConsent[]>()
  for (const consent of [...consents].sort((a, b) => b.grantedAt - a.grantedAt)) {
    const group = groups.get(consent.clientId) ?? []
    group.push(consent)
    groups.set(consent.clientId, group)
  }
  return [...groups.values()]
}

/**
 * The citizen portal: every consent of the signed-in citizen, grouped by organisation, its exact text, and
 * Withdraw (which asks for confirmation first).
 *
 * @example
 * ```ts
 * res.type('html').send(accountConsentsScreen(context, { name: citizen.fullName, consents }))
 * ```
 */
export function accountConsentsScreen(
  context: CitizenPageContext,
  values: { name: string; consents: PortalConsent[]; notice?: Notice },
): string {
  const t = messages(context.lang)
  let offset = 0
  const sections = groupByOrganisation(values.consents).map((group) => {
    const section = organisationSection(context, group, offset)
    offset += group.length
    return section
  })
  return page(
    { lang: context.lang, title: t.accountTitle, path: context.path, scriptNonce: context.nonce },
    html`${citizenStyle(context.nonce)}<div class="card">
<h1>${t.accountTitle}</h1>
${noticeLine(values.notice)}
${signedInBar(context, { name: values.name, action: '/account/sign-out' })}
<p>${t.accountIntro}</p>
${values.consents.length === 0 ? html`<p class="hint">${t.consentsNone}</p>` : sections}
</div>`,
  )
}

/**
 * The confirmation step before a withdrawal (a page of its own, so it works without JavaScript): what
 * is withdrawn and what follows, then the CSRF-protected form that withdraws.
 *
 * @example
 * ```ts
 * res.type('html').send(accountWithdrawConfirmScreen(context, consent))
 * ```
 */
export function accountWithdrawConfirmScreen(context: CitizenPageContext, consent: PortalConsent): string {
  const t = messages(context.lang)
  return page(
    { lang: context.lang, title: t.withdrawConfirmTitle, path: context.path, scriptNonce: context.nonce },
    html`${citizenStyle(context.nonce)}<div class="card">
<h1>${t.withdrawConfirmTitle}</h1>
<p>${t.withdrawConfirmIntro(consent.clientName)}</p>
${consentDetails(context, consent, true)}
<p class="hint">${t.withdrawConfirmEffect}</p>
<form method="post" action="/account/consents/${consent.id}/withdraw">
<input type="hidden" name="csrf" value="${context.csrf}"><input type="hidden" name="lang" value="${context.lang}">
<div class="actions"><button type="submit" aria-label="${t.withdrawFor(consent.clientName)}">${t.withdrawConfirm}</button><a class="button secondary" href="/account?lang=${context.lang}">${t.keepConsent}</a></div>
</form>
</div>`,
  )
}

/**
 * A refusal on the portal (a bad form, a consent that is not the citizen's) with a link back.
 *
 * @example
 * ```ts
 * res.status(403).type('html').send(accountNoticeScreen(context, { text: t.csrf, kind: 'error' }))
 * ```
 */
export function accountNoticeScreen(context: CitizenPageContext, notice: Notice): string {
  const t = messages(context.lang)
  return page(
    { lang: context.lang, title: t.noticeTitle, path: context.path, scriptNonce: context.nonce },
    html`${citizenStyle(context.nonce)}<div class="card">
<h1>${t.noticeTitle}</h1>
${noticeLine(notice)}
<p><a href="/account?lang=${context.lang}">${t.accountTitle}</a></p>
</div>`,
  )
}

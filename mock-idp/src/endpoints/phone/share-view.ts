import type { CitizenPageContext, Notice } from '../../views/citizen-page.js'
import { citizenHiddenFields, citizenStyle, noticeLine, signedInBar } from '../../views/citizen-page.js'
import { html } from '../../views/html.js'
import { type Lang, messages } from '../../views/i18n.js'
import { page } from '../../views/layout.js'
import { attributeChoices, type RequestedAttribute } from './view.js'

const SHARE_TEXTS = {
  vi: {
    shareFrom: 'Chia sẻ dữ liệu từ ứng dụng định danh',
    notYours:
      'Yêu cầu chia sẻ này dành cho một công dân khác. Chỉ người có số định danh mà đơn vị đã gửi yêu cầu mới có thể xác nhận. Hãy đăng xuất nếu đây không phải điện thoại của bạn.',
    gone: 'Yêu cầu chia sẻ không còn hiệu lực: đã hết hạn, đã được trả lời, hoặc không tồn tại. Hãy quay lại đơn vị và bắt đầu lại.',
    installTitle: 'Cài đặt ứng dụng VNeID',
    installBody:
      'Liên kết này cần ứng dụng định danh điện tử VNeID trên điện thoại. Hãy cài VNeID từ App Store hoặc Google Play, kích hoạt tài khoản, rồi mở lại liên kết.',
    installDev:
      'Môi trường thử nghiệm: kịch bản app_not_installed đang bật, nên điện thoại mô phỏng không mở yêu cầu này.',
  },
  en: {
    shareFrom: 'Share data from the e-ID app',
    notYours:
      'This sharing request is for another citizen. Only the person whose ID number the organisation sent the request for can approve it. Sign out if this is not your phone.',
    gone: 'This sharing request is no longer valid: it expired, was already answered, or does not exist. Go back to the organisation and start again.',
    installTitle: 'Install the VNeID app',
    installBody:
      'This link needs the VNeID national e-ID app on your phone. Install VNeID from the App Store or Google Play, activate your account, then open the link again.',
    installDev:
      'Test environment: the app_not_installed scenario is on, so the phone simulator does not open this request.',
  },
} as const

/**
 * The texts of the share screens that no other screen uses, Vietnamese first.
 *
 * @example
 * ```ts
 * res.status(404).send(phoneNoticeScreen(page, { text: shareTexts(page.lang).gone, kind: 'error' }))
 * ```
 */
export function shareTexts(lang: Lang): (typeof SHARE_TEXTS)[Lang] {
  return SHARE_TEXTS[lang]
}

/** A sharing transaction, as the phone shows it. */
export interface PhoneShareRequest {
  txnId: string
  clientName: string
  purpose: string
  attributes: RequestedAttribute[]
}

/**
 * The app's sharing screen: who asks, why, each attribute with nothing ticked, approve and refuse. Its
 * text is the consent text recorded on approval (`consentText` of src/consent/grant-consent.ts).
 *
 * @example
 * ```ts
 * res.type('html').send(phoneShareScreen(page, { name: citizen.fullName, request }))
 * ```
 */
export function phoneShareScreen(
  context: CitizenPageContext,
  values: { name: string; request: PhoneShareRequest; notice?: Notice },
): string {
  const t = messages(context.lang)
  const { request } = values
  return page(
    { lang: context.lang, title: t.consentTitle, path: context.path, scriptNonce: context.nonce },
    html`${citizenStyle(context.nonce)}<div class="card">
${signedInBar(context, { name: values.name, action: '/phone/sign-out' })}
${noticeLine(values.notice)}
<p class="hint">${shareTexts(context.lang).shareFrom}</p>
<h1>${t.consentTitle}</h1>
<section class="request" aria-labelledby="share-client">
<h2 id="share-client">${request.clientName}</h2>
<p>${t.consentIntro(request.clientName)}</p>
<p><strong>${t.purpose}:</strong> ${request.purpose}</p>
<form method="post" action="/phone/share/${request.txnId}">
${citizenHiddenFields(context)}
${attributeChoices(context, 'share-attr', request.attributes)}
<p class="hint">${t.consentRights}</p>
<div class="actions"><button type="submit" name="decision" value="approve">${t.approve}</button><button type="submit" name="decision" value="refuse" class="secondary">${t.reject}</button></div>
</form>
</section>
</div>`,
  )
}

/**
 * What the app link shows when the VNeID app is "not installed" (scenario `app_not_installed`).
 *
 * @example
 * ```ts
 * res.type('html').send(installAppScreen(lang, path, nonce))
 * ```
 */
export function installAppScreen(lang: Lang, path: string, nonce: string): string {
  const s = shareTexts(lang)
  return page(
    { lang, title: s.installTitle, path, scriptNonce: nonce },
    html`${citizenStyle(nonce)}<div class="card">
<h1>${s.installTitle}</h1>
<p>${s.installBody}</p>
<p class="hint">${s.installDev}</p>
</div>`,
  )
}

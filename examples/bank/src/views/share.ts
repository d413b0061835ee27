/** The pages of account opening by sharing from the VNeID app (src/routes/share.ts). */
import type { AttributeName } from '@dinhdanh/client'
import {
  type Bilingual,
  formatVnd,
  html,
  langOf,
  notice,
  raw,
  type SafeHtml,
  speaker,
} from 'dinhdanh-example-shared'
import type { Response } from 'express'
import type { DemoFaceMatch } from '../share/face-match.js'
import type { Account } from '../store.js'
import { attributeLabel, maskId } from './format.js'

/** The few rules the share pages add to the shared stylesheet (the CSP allows inline styles, no script). */
export const SHARE_STYLE = raw(
  '<style>.faces{display:flex;gap:1.5rem;flex-wrap:wrap}.faces img{border:1px solid #ccc;border-radius:6px}.qr svg{width:220px;height:220px}</style>',
)

/**
 * The start form: the personal number (12 digits, spaces allowed as printed on the card), what the app
 * will ask for and why.
 */
export function shareStartBody(
  res: Response,
  options: { csrf: string; purpose: Bilingual; attributes: readonly AttributeName[]; problem?: Bilingual },
): SafeHtml {
  const say = speaker(res)
  return html`${options.problem ? html`<div id="share-problem">${notice('warning', options.problem[langOf(res)])}</div>` : ''}
<section class="panel" id="share-start">
<p>${say('Bạn nhập số định danh cá nhân; ngân hàng gửi yêu cầu chia sẻ đến ứng dụng VNeID của bạn. Bạn mở ứng dụng (quét mã QR hoặc bấm liên kết), xem ai hỏi, vì sao, chọn thông tin chia sẻ và đồng ý. Sau đó ngân hàng đối chiếu khuôn mặt của bạn với ảnh chân dung trên thẻ căn cước.', 'Type your personal ID number; the bank sends a sharing request to your VNeID app. You open the app (scan the QR code or tap the link), see who asks, why, tick what to share and approve. The bank then matches your face against the portrait on your ID card.')}</p>
<p class="why"><strong>${say('Mục đích:', 'Purpose:')}</strong> ${options.purpose[langOf(res)]}</p>
<p>${say('Thông tin được hỏi:', 'Asked for:')} ${options.attributes.map((name) => attributeLabel(name, res)).join(', ')}</p>
<form method="post" action="/open-account/share" class="stack">
<input type="hidden" name="_csrf" value="${options.csrf}">
<label for="personal-id">${say('Số định danh cá nhân (12 chữ số, như trên thẻ căn cước)', 'Personal ID number (12 digits, as on your ID card)')}</label>
<input id="personal-id" name="personalId" inputmode="numeric" autocomplete="off" maxlength="20" required pattern="[0-9 ]{12,20}">
<button type="submit" id="start-share" class="vneid">${say('Gửi yêu cầu đến ứng dụng VNeID', 'Send the request to the VNeID app')}</button>
</form>
</section>`
}

/**
 * The waiting page: on a phone the app link as a button (the QR code folded away), on a desktop the QR
 * code (the link folded away). It reloads itself (meta refresh: the CSP allows no script).
 */
export function shareWaitingBody(
  res: Response,
  options: { appLink: string; qrSvg: string; phone: boolean; expiresAt: number },
): SafeHtml {
  const say = speaker(res)
  const link = html`<p><a class="button vneid" id="app-link" href="${options.appLink}">${say('Mở ứng dụng VNeID', 'Open the VNeID app')}</a></p>`
  // The QR code's SVG comes from the qrcode library (paths only, no text), from the gateway's link.
  const qr = html`<figure id="share-qr" class="qr">${raw(options.qrSvg)}<figcaption>${say('Quét mã bằng ứng dụng VNeID trên điện thoại', 'Scan it with the VNeID app on your phone')}</figcaption></figure>`
  const minutes = Math.max(1, Math.round((options.expiresAt * 1000 - Date.now()) / 60_000))
  return html`<section class="panel" id="share-waiting" data-device="${options.phone ? 'phone' : 'desktop'}">
${notice('info', say(`Đang chờ bạn đồng ý trong ứng dụng VNeID (yêu cầu hết hạn sau khoảng ${minutes} phút). Trang này tự cập nhật.`, `Waiting for your approval in the VNeID app (the request expires in about ${minutes} min). This page updates itself.`))}
${options.phone ? link : qr}
<details><summary>${options.phone ? say('Dùng máy tính? Hiện mã QR', 'On a computer? Show the QR code') : say('Đang dùng điện thoại có ứng dụng VNeID? Mở liên kết', 'On the phone with the VNeID app? Open the link')}</summary>${options.phone ? qr : link}</details>
<p><a href="/open-account/share/wait" id="check-now">${say('Kiểm tra ngay', 'Check now')}</a> · <a href="/open-account/share">${say('Bắt đầu lại', 'Start again')}</a></p>
</section>`
}

/** The reasons a sharing ends without an account, each with its own words. */
export type ShareEnd =
  | 'refused'
  | 'expired'
  | 'already_fetched'
  | 'unknown'
  | 'mismatch'
  | 'invalid_link'
  | 'incomplete'
  | 'already_customer'
  | 'unavailable'
  | 'other_citizen'
  | 'too_many'
  | 'busy'

const ENDS: Record<ShareEnd, { title: Bilingual; body: Bilingual }> = {
  refused: {
    title: { vi: 'Bạn đã từ chối chia sẻ', en: 'You refused to share' },
    body: {
      vi: 'Bạn đã từ chối yêu cầu trong ứng dụng VNeID. Ngân hàng không nhận được thông tin nào và chưa mở tài khoản. Bạn có thể thử lại, mở tài khoản bằng đăng nhập VNeID, hoặc đến quầy.',
      en: 'You refused the request in the VNeID app. The bank received nothing and opened no account. You can try again, open the account by signing in with VNeID, or visit a branch.',
    },
  },
  expired: {
    title: { vi: 'Yêu cầu đã hết hạn', en: 'The request expired' },
    body: {
      vi: 'Yêu cầu chia sẻ đã hết hạn trước khi bạn đồng ý. Ngân hàng không nhận được thông tin nào. Vui lòng gửi yêu cầu mới.',
      en: 'The sharing request expired before you approved it. The bank received nothing. Please send a new request.',
    },
  },
  already_fetched: {
    title: { vi: 'Yêu cầu này đã được dùng', en: 'This request was already used' },
    body: {
      vi: 'Dữ liệu của yêu cầu này đã được ngân hàng nhận một lần (VNeID chỉ gửi một lần). Vì ngân hàng không giữ lại, vui lòng gửi yêu cầu mới.',
      en: 'The data of this request was already received once (VNeID gives it only once). As the bank kept nothing, please send a new request.',
    },
  },
  unknown: {
    title: { vi: 'Không tìm thấy yêu cầu', en: 'The request was not found' },
    body: {
      vi: 'VNeID không còn biết yêu cầu chia sẻ này. Ngân hàng không nhận được thông tin nào. Vui lòng gửi yêu cầu mới.',
      en: 'VNeID no longer knows this sharing request. The bank received nothing. Please send a new request.',
    },
  },
  mismatch: {
    title: { vi: 'Yêu cầu không thuộc phiên này', en: 'This request is not this session’s' },
    body: {
      vi: 'Liên kết này thuộc một yêu cầu chia sẻ được gửi từ thiết bị hoặc phiên khác. Nếu bạn bắt đầu trên máy tính, hãy tiếp tục trên máy tính đó: trang chờ sẽ tự chuyển sang bước tiếp theo. Ngân hàng không dùng liên kết này để lấy dữ liệu.',
      en: 'This link belongs to a sharing request sent from another device or session. If you started on a computer, continue there: its waiting page moves on by itself. The bank fetches nothing for this link.',
    },
  },
  invalid_link: {
    title: { vi: 'Liên kết không hợp lệ', en: 'The link is not valid' },
    body: {
      vi: 'Liên kết quay lại từ ứng dụng VNeID không hợp lệ. Ngân hàng không làm gì với nó. Vui lòng bắt đầu lại.',
      en: 'The link back from the VNeID app is not valid. The bank did nothing with it. Please start again.',
    },
  },
  incomplete: {
    title: { vi: 'Chưa đủ thông tin để mở tài khoản', en: 'Not enough to open the account' },
    body: {
      vi: 'Ngân hàng chưa nhận đủ thông tin theo quy định eKYC (họ tên và số định danh, địa chỉ, số điện thoại, thẻ căn cước và ảnh chân dung). Dữ liệu đã nhận đã bị xóa, chưa có tài khoản nào được mở. Bạn có thể gửi yêu cầu mới và chọn đủ các mục.',
      en: 'The bank did not receive everything the eKYC rules require (name and personal ID number, address, phone, ID card and portrait). What arrived was deleted and no account was opened. You can send a new request and tick every item.',
    },
  },
  already_customer: {
    title: { vi: 'Bạn đã có tài khoản', en: 'You already have an account' },
    body: {
      vi: 'Khuôn mặt khớp (demo), và bạn đã có tài khoản tại Ngân hàng Sen Vàng: ngân hàng không mở tài khoản thứ hai. Dữ liệu vừa nhận đã bị xóa. Hãy đăng nhập ngân hàng điện tử bằng VNeID.',
      en: 'The faces match (demo), and you already have an account at Golden Lotus Bank: the bank opens no second one. What just arrived was deleted. Sign in to internet banking with VNeID.',
    },
  },
  other_citizen: {
    title: { vi: 'Dữ liệu không đúng người', en: 'Data about someone else' },
    body: {
      vi: 'VNeID gửi dữ liệu không phải của số định danh bạn đã nhập. Ngân hàng đã bỏ dữ liệu đó và chưa mở tài khoản. Vui lòng gửi yêu cầu mới.',
      en: 'VNeID sent data that is not about the personal ID number you typed. The bank discarded it and opened no account. Please send a new request.',
    },
  },
  too_many: {
    title: { vi: 'Quá nhiều yêu cầu', en: 'Too many requests' },
    body: {
      vi: 'Đã có quá nhiều yêu cầu chia sẻ được gửi từ trình duyệt hoặc mạng này, hoặc cho số định danh này, trong thời gian ngắn. Để bảo vệ người dân khỏi các yêu cầu không mong muốn, vui lòng thử lại sau khoảng 15 phút, hoặc mở tài khoản bằng đăng nhập VNeID.',
      en: 'Too many sharing requests were sent from this browser or network, or for this personal ID number, in a short time. To protect citizens from unwanted requests, please try again in about 15 minutes, or open the account by signing in with VNeID.',
    },
  },
  busy: {
    title: { vi: 'Hệ thống đang bận', en: 'The service is busy' },
    body: {
      vi: 'Hiện có quá nhiều yêu cầu chia sẻ đang chờ. Ngân hàng không gửi yêu cầu nào và không nhận thông tin nào. Vui lòng thử lại sau ít phút.',
      en: 'Too many sharing requests are waiting right now. The bank sent no request and received nothing. Please try again in a few minutes.',
    },
  },
  unavailable: {
    title: { vi: 'Chưa dùng được tính năng này', en: 'Not available here' },
    body: {
      vi: 'Ngân hàng chưa được cấu hình để nhận dữ liệu chia sẻ từ ứng dụng VNeID (thiếu EID_SHARE_CLIENT_ID). Bạn vẫn có thể mở tài khoản bằng đăng nhập VNeID.',
      en: 'The bank is not set up to receive data shared from the VNeID app (no EID_SHARE_CLIENT_ID). You can still open the account by signing in with VNeID.',
    },
  },
}

/** A sharing that ended without an account: its title and a friendly body with the way forward. */
export function shareEndPage(res: Response, end: ShareEnd): { title: Bilingual; body: SafeHtml } {
  const say = speaker(res)
  const { title, body } = ENDS[end]
  const next =
    end === 'already_customer'
      ? html`<a class="button" href="/banking">${say('Đăng nhập ngân hàng điện tử', 'Sign in to internet banking')}</a>`
      : html`<a class="button vneid" href="/open-account/share">${say('Gửi yêu cầu mới', 'Send a new request')}</a> <a class="button secondary" href="/open-account">${say('Mở tài khoản bằng đăng nhập VNeID', 'Open the account by signing in with VNeID')}</a>`
  return {
    title,
    body: html`<div id="share-ended" data-reason="${end}">${notice(['mismatch', 'invalid_link', 'too_many'].includes(end) ? 'warning' : 'info', body[langOf(res)])}</div>
<p>${next}</p>`,
  }
}

/**
 * The face-match step. It shows nothing the citizen shared (no name, birth date, card or portrait): the
 * browser that started the sharing is not yet known to be the citizen's (anyone can type a personal
 * number, and the approval may come from a phished QR code). The demo "camera" is on the server: the
 * form only says "take it". The mismatch illustration is a form of its own that never opens an account.
 */
export function faceStepBody(
  res: Response,
  options: { csrf: string; receivedBy: 'result' | 'webhook' },
): SafeHtml {
  const say = speaker(res)
  return html`${notice('success', say('VNeID đã gửi thông tin bạn đồng ý chia sẻ. Bước cuối: đối chiếu khuôn mặt. Ngân hàng chỉ hiển thị thông tin sau khi khuôn mặt khớp.', 'VNeID sent what you agreed to share. Last step: the face match. The bank shows nothing of it before the faces match.'))}
<section class="panel" id="face-step" data-received-by="${options.receivedBy}">
${demoNotice(res)}
<form method="post" action="/open-account/share/face" class="stack">
<input type="hidden" name="_csrf" value="${options.csrf}">
<button type="submit" id="take-selfie">${say('Chụp ảnh khuôn mặt (demo) và mở tài khoản', 'Take a selfie (demo) and open the account')}</button>
</form>
<form method="post" action="/open-account/share/face/demo-mismatch" class="stack">
<input type="hidden" name="_csrf" value="${options.csrf}">
<button type="submit" id="take-other-selfie" class="secondary">${say('Minh họa DEMO: khuôn mặt của người khác (không bao giờ mở tài khoản)', 'DEMO illustration: someone else’s face (never opens an account)')}</button>
</form>
</section>`
}

function demoNotice(res: Response): SafeHtml {
  const say = speaker(res)
  return html`<p class="note" id="demo-face-match"><strong>DEMO.</strong> ${say('Đây không phải so khớp khuôn mặt thật. Ảnh "chụp" là hình vẽ tổng hợp, và phép so sánh chỉ đối chiếu từng nét vẽ của hai hình. Theo Thông tư 17/2024/TT-NHNN, ngân hàng thật so khớp khuôn mặt (kèm kiểm tra người thật) bằng giải pháp sinh trắc học được chứng nhận.', 'This is not real face matching. The "selfie" is a synthetic drawing and the comparison only checks the two drawings feature by feature. Under Circular 17/2024/TT-NHNN a real bank matches faces (with a liveness check) using a certified biometric solution.')}</p>`
}

/**
 * The outcome of the face match. A match: a masked confirmation only (the account number, the masked
 * personal number, the consent id, the demo comparison), no shared data, no image. No match: the demo's
 * "selfie" of someone else (nothing of the citizen), and that no account was opened.
 */
export function faceResultBody(
  res: Response,
  options: {
    /** The demo selfie, shown only for a mismatch (it is someone else's face). */
    otherSelfieUrl?: string | undefined
    match: DemoFaceMatch
    account: Account | undefined
    consentId: string | undefined
    personalId: string
  },
): SafeHtml {
  const say = speaker(res)
  const lang = langOf(res)
  const { match, account } = options
  const outcome = account
    ? html`<div id="account-opened-share">${notice('success', say('Khuôn mặt khớp (demo). Chúc mừng! Tài khoản của bạn đã được mở.', 'The faces match (demo). Congratulations! Your account is open.'))}</div>
<dl><dt>${say('Số tài khoản', 'Account number')}</dt><dd id="account-number">${account.number}</dd>
<dt>${say('Số định danh', 'Personal ID number')}</dt><dd id="masked-personal-id">${maskId(options.personalId)}</dd>
<dt>${say('Số dư ban đầu (demo)', 'Opening balance (demo)')}</dt><dd>${formatVnd(account.balance, lang)}</dd>
<dt>${say('Mã sự đồng ý (VNeID)', 'Consent id (VNeID)')}</dt><dd><code id="share-consent-id">${options.consentId ?? '—'}</code></dd></dl>
<p>${say('Đăng nhập ngân hàng điện tử bằng VNeID để dùng tài khoản: lần đăng nhập đầu tiên gắn tài khoản này với tài khoản VNeID của bạn.', 'Sign in to internet banking with VNeID to use the account: the first sign-in links this account to your VNeID account.')}</p>
<p><a class="button" href="/banking" id="go-banking">${say('Đăng nhập ngân hàng điện tử', 'Sign in to internet banking')}</a></p>`
    : html`<div id="face-mismatch">${notice('warning', say('Khuôn mặt không khớp với ảnh chân dung (demo). Chưa có tài khoản nào được mở; dữ liệu đã nhận đã bị xóa. Bạn có thể gửi yêu cầu mới hoặc mở tài khoản tại quầy.', 'The face does not match the portrait (demo). No account was opened; what arrived was deleted. You can send a new request or open the account at a branch.'))}</div>
<p><a class="button vneid" href="/open-account/share">${say('Gửi yêu cầu mới', 'Send a new request')}</a></p>`
  const selfie = options.otherSelfieUrl
    ? html`<div class="faces"><figure><img id="demo-selfie" src="${options.otherSelfieUrl}" alt="${say('Ảnh chụp khuôn mặt của người khác (demo)', 'Someone else’s selfie (demo)')}" width="120" height="150"><figcaption>${say('Ảnh chụp (demo): người khác', 'Selfie (demo): someone else')}</figcaption></figure></div>`
    : ''
  // The feature table only for a match: for a mismatch it would tell which features the portrait has.
  const table = match.matched
    ? html`<h2>${say('So sánh DEMO', 'DEMO comparison')} (${Math.round(match.score * 100)}%)</h2>
<table><tr><th>${say('Nét', 'Feature')}</th><th>${say('Giống nhau', 'Same')}</th></tr>
${match.features.map((f) => html`<tr data-feature="${f.name}"><td>${f.label[lang]}</td><td>${f.same ? say('có', 'yes') : say('không', 'no')}</td></tr>`)}
</table>`
    : ''
  return html`<section class="panel" id="face-result" data-matched="${match.matched ? 'true' : 'false'}">
${selfie}
${table}
${demoNotice(res)}
<p class="note">${say('Ảnh chân dung là dữ liệu sinh trắc học: ngân hàng đã xóa nó ngay sau bước đối chiếu, không lưu vào hồ sơ và không hiển thị trên trang.', 'The portrait is biometric data: the bank deleted it right after the match, did not store it and does not show it.')}</p>
</section>
${outcome}`
}

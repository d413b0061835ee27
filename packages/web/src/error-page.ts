import type { EidError } from '@dinhdanh/client'

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
}

/**
 * Escapes text for HTML (R42: control characters removed, length capped at `max` characters).
 *
 * @example
 * ```ts
 * `<p>${escapeHtml(error.errorDescription)}</p>`
 * ```
 */
export function escapeHtml(value: unknown, max = 500): string {
  const text = String(value ?? '')
    .slice(0, max * 2 + 64)
    .replace(/[\p{Cc}]/gu, '')
  // Cut by code point, not UTF-16 unit, so a cap never splits an emoji into a lone surrogate.
  return Array.from(text)
    .slice(0, max)
    .join('')
    .replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c)
}

const TEXT = {
  vi: {
    title: 'Không thể đăng nhập',
    retry: 'Đăng nhập lại',
    home: 'Về trang chủ',
    missing:
      'Phiên đăng nhập đã hết hạn hoặc không tìm thấy. Có thể bạn đã mất quá 10 phút, trình duyệt đang chặn cookie, hoặc bạn đã mở liên kết trong một trình duyệt khác.',
    denied: 'Bạn đã hủy đăng nhập hoặc từ chối chia sẻ thông tin.',
    level:
      'Dịch vụ này yêu cầu tài khoản định danh điện tử mức 2 (kích hoạt trực tiếp tại cơ quan công an với thẻ căn cước gắn chip).',
    down: 'Hệ thống định danh điện tử tạm thời không phản hồi. Vui lòng thử lại sau ít phút.',
    generic: 'Đã có lỗi khi xác thực. Vui lòng thử lại.',
    citizen:
      'Bạn vừa xác thực bằng tài khoản của một công dân khác với người đang đăng nhập. Phiên đăng nhập hiện tại được giữ nguyên. Nếu muốn đổi tài khoản, hãy đăng xuất trước.',
    signedIn:
      'Bạn đã đăng nhập rồi: liên kết này là của một lần đăng nhập đã hoàn tất (bạn vừa bấm Quay lại hoặc tải lại trang). Không có gì thay đổi.',
    continue: 'Tiếp tục',
    other: 'English',
    code: 'Mã lỗi',
  },
  en: {
    title: 'Sign-in failed',
    retry: 'Sign in again',
    home: 'Home',
    missing:
      'Your sign-in expired or could not be found. You may have taken more than 10 minutes, your browser may block cookies, or the link was opened in another browser.',
    denied: 'You cancelled the sign-in or declined to share your information.',
    level:
      'This service needs a level-2 national e-ID account (activated in person at the police with your chip ID card).',
    down: 'The national e-ID service is not responding. Please try again in a few minutes.',
    generic: 'Something went wrong while signing you in. Please try again.',
    citizen:
      'You authenticated as another citizen than the one signed in. The current session was kept unchanged. To switch account, sign out first.',
    signedIn:
      'You are already signed in: this link belongs to a sign-in that has finished (you went Back or reloaded the page). Nothing changed.',
    continue: 'Continue',
    other: 'Tiếng Việt',
    code: 'Error code',
  },
} as const

/** Which explanation an error gets. */
function explanation(code: EidError['code'] | 'ERR_EID_TRANSACTION_MISSING'): keyof (typeof TEXT)['vi'] {
  switch (code) {
    case 'ERR_EID_TRANSACTION_MISSING':
    case 'ERR_EID_TRANSACTION_INVALID':
    case 'ERR_EID_SESSION_INVALID':
      return 'missing'
    case 'ERR_EID_ACCESS_DENIED':
      return 'denied'
    case 'ERR_EID_LEVEL_TOO_LOW':
      return 'level'
    case 'ERR_EID_CITIZEN_MISMATCH':
      return 'citizen'
    case 'ERR_EID_NETWORK':
    case 'ERR_EID_DISCOVERY':
    case 'ERR_EID_RESPONSE_INVALID':
      return 'down'
    default:
      return 'generic'
  }
}

/** What the page knows about the request besides the error. */
export interface ErrorPageContext {
  /** The language the citizen chose on the site (`uiLocales`); Vietnamese by default. */
  lang?: 'vi' | 'en'
  /** The request is signed in: an old callback (Back, reload) says so and offers to go on. */
  signedIn?: boolean
}

const STYLE =
  'body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;background:#f5f6f8;color:#1d2330;margin:0;padding:2rem 1rem;line-height:1.5}' +
  'main{max-width:34rem;margin:0 auto;background:#fff;border:1px solid #dde1e8;border-radius:.75rem;padding:1.5rem 1.75rem}' +
  'h1{font-size:1.35rem;margin:0 0 .75rem}a.button{display:inline-block;background:#b3261e;color:#fff;padding:.55rem 1.1rem;border-radius:.45rem;text-decoration:none;margin:.25rem .5rem .25rem 0}' +
  'a.secondary{background:#fff;color:#1d2330;border:1px solid #b9c0cc}details{margin-top:1.25rem;color:#4a5263}small{color:#5d6575}'

/**
 * The default error page: in the citizen's language (Vietnamese unless the site chose English), the other
 * language a click away, a styled card, no personal data, the stable code, and a way to start again (or,
 * for a finished sign-in's link opened again, a way to go on).
 *
 * @example
 * ```ts
 * res.status(400).type('html').send(renderSignInErrorPage('ERR_EID_ACCESS_DENIED', '/auth/login', { lang: 'en' }))
 * ```
 */
export function renderSignInErrorPage(
  code: EidError['code'] | 'ERR_EID_TRANSACTION_MISSING',
  retryHref: string,
  context: ErrorPageContext = {},
): string {
  const lang = context.lang ?? 'vi'
  const other = lang === 'vi' ? 'en' : 'vi'
  const signedIn = context.signedIn === true && explanation(code) === 'missing'
  const key = signedIn ? 'signedIn' : explanation(code)
  const actions = (l: 'vi' | 'en') =>
    signedIn
      ? `<a class="button" href="/">${TEXT[l].continue}</a>`
      : `<a class="button" href="${escapeHtml(retryHref)}">${TEXT[l].retry}</a><a class="button secondary" href="/">${TEXT[l].home}</a>`
  const block = (l: 'vi' | 'en') => `<h1>${signedIn ? TEXT[l].continue : TEXT[l].title}</h1>
<p>${TEXT[l][key]}</p>
<p>${actions(l)}</p>`
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${TEXT[lang].title}</title><style>${STYLE}</style></head>
<body><main><section lang="${lang}">${block(lang)}</section>
<details lang="${other}"><summary>${TEXT[lang].other}</summary>${block(other)}</details>
<p><small>${TEXT[lang].code}: <code>${escapeHtml(code)}</code></small></p></main></body></html>`
}

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

/**
 * The default error page: Vietnamese first, English below, no personal data, the stable code, and a way
 * to start again.
 *
 * @example
 * ```ts
 * res.status(400).type('html').send(renderSignInErrorPage('ERR_EID_ACCESS_DENIED', '/auth/login'))
 * ```
 */
export function renderSignInErrorPage(
  code: EidError['code'] | 'ERR_EID_TRANSACTION_MISSING',
  retryHref: string,
): string {
  const key = explanation(code)
  const block = (lang: 'vi' | 'en') => `<section lang="${lang}">
<h1>${TEXT[lang].title}</h1>
<p>${TEXT[lang][key]}</p>
<p><a href="${escapeHtml(retryHref)}">${TEXT[lang].retry}</a> · <a href="/">${TEXT[lang].home}</a></p>
</section>`
  return `<!doctype html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${TEXT.vi.title} / ${TEXT.en.title}</title></head>
<body>${block('vi')}<hr>${block('en')}<p><small>${TEXT.vi.code} / ${TEXT.en.code}: <code>${escapeHtml(code)}</code></small></p></body></html>`
}

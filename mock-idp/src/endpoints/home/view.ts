import { html } from '../../views/html.js'
import { type Lang, messages } from '../../views/i18n.js'
import { page } from '../../views/layout.js'
import { VNEID_PATHS } from '../../vneid/paths.js'

/**
 * The provider's home page: what this is and where a tester goes (phone simulator, citizen portal, SMS
 * outbox, discovery). `localTools` shows the outbox link and the passcode (requests from this machine to a
 * loopback issuer only).
 */
export function homeScreen(
  lang: Lang,
  path: string,
  nonce: string,
  values: {
    passcode: string
    localTools: boolean
    /** The citizen signed in at the provider in this browser, and the sign-out form's CSRF token. */
    signedIn?: { name: string; maskedId: string; csrf: string }
    signedOut?: boolean
  },
): string {
  const vi = lang === 'vi'
  const t = messages(lang)
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
${values.signedOut ? html`<p class="hint" role="status">${vi ? 'Đã đăng xuất khỏi nhà cung cấp. Lần đăng nhập tiếp theo sẽ hỏi lại số định danh.' : 'Signed out of the provider. The next sign-in asks for an ID number again.'}</p>` : ''}
${
  values.signedIn
    ? html`<div class="who"><p>${t.signedInAs} <strong>${values.signedIn.name}</strong> · <span class="masked">${values.signedIn.maskedId}</span></p>
<form method="post" action="/sign-out"><input type="hidden" name="csrf" value="${values.signedIn.csrf}"><input type="hidden" name="lang" value="${lang}"><button type="submit" class="secondary">${t.signOut}</button></form></div>`
    : ''
}
<p>${vi ? 'Môi trường thử nghiệm của dinhdanh: mọi công dân là dữ liệu tổng hợp. Ứng dụng (ngân hàng, bệnh viện, …) chuyển bạn đến đây để đăng nhập.' : 'The dinhdanh test environment: every citizen is synthetic. Apps (banks, hospitals, …) send you here to sign in.'}</p>
${values.localTools ? html`<p>${vi ? 'Mật mã của mọi công dân:' : 'Every citizen’s passcode:'} <code>${values.passcode}</code></p>` : ''}
<ul>${links.map(([href, label, note]) => html`<li><a href="${href}">${label}</a>: ${note}</li>`)}</ul>
</div>`,
  )
}

/** The languages of every screen; Vietnamese first. */
export type Lang = 'vi' | 'en'

const vi = {
  appName: 'Định danh điện tử (mô phỏng)',
  mockBanner: 'Môi trường thử nghiệm: dữ liệu công dân là giả lập, không phải người thật.',
  switchLang: 'English',
  signInTitle: 'Đăng nhập bằng tài khoản định danh điện tử',
  signInFor: (client: string) => `để tiếp tục đến ${client}`,
  personalId: 'Số định danh cá nhân (12 chữ số)',
  passcode: 'Mật khẩu (6 chữ số)',
  passcodeHint: 'Mọi công dân giả lập dùng chung một mật khẩu, ghi trên',
  passcodeWhere: 'trang chủ của nhà cung cấp thử nghiệm',
  continue: 'Tiếp tục',
  cancel: 'Hủy',
  tabNumber: 'Số định danh',
  tabQr: 'Mã QR',
  qrHelp: 'Mở ứng dụng định danh trên điện thoại (trang /phone) và quét mã này.',
  qrWaiting: 'Đang chờ xác nhận trên điện thoại…',
  otpTitle: 'Nhập mã xác thực',
  otpSent: (phone: string) => `Mã gồm 6 chữ số đã được gửi tới số điện thoại ${phone}.`,
  otpDev: 'Môi trường thử nghiệm: xem mã trong',
  smsOutbox: 'hộp thư SMS',
  otp: 'Mã xác thực (OTP)',
  verify: 'Xác nhận',
  consentTitle: 'Yêu cầu chia sẻ thông tin',
  signedInAs: 'Đang đăng nhập:',
  notYou: 'Không phải bạn? Đăng nhập bằng tài khoản khác',
  consentIntro: (client: string) => `${client} đề nghị được sử dụng các thông tin sau của bạn.`,
  purpose: 'Mục đích',
  noPurpose: '(đơn vị không nêu mục đích)',
  consentChoose: 'Chọn từng thông tin bạn đồng ý chia sẻ. Không có mục nào được chọn sẵn.',
  consentRights:
    'Bạn có thể rút lại sự đồng ý bất cứ lúc nào tại trang Quản lý chia sẻ dữ liệu (/account). Việc rút lại không ảnh hưởng đến dữ liệu đã xử lý hợp pháp trước đó.',
  consentRightsLead: 'Bạn có thể rút lại sự đồng ý bất cứ lúc nào tại trang',
  consentRightsPortal: 'Quản lý chia sẻ dữ liệu',
  consentRightsTail: '. Việc rút lại không ảnh hưởng đến dữ liệu đã xử lý hợp pháp trước đó.',
  allow: 'Đồng ý chia sẻ',
  deny: 'Từ chối',
  levelTitle: 'Tài khoản chưa đủ mức định danh',
  levelBody: (required: number, actual: number) =>
    `Dịch vụ này yêu cầu tài khoản định danh điện tử mức ${required}. Tài khoản của bạn đang ở mức ${actual}. Để nâng lên mức 2, hãy đến cơ quan công an gần nhất với thẻ căn cước gắn chip.`,
  backToService: 'Quay lại dịch vụ',
  errorTitle: 'Đã có lỗi xảy ra',
  staleTitle: 'Liên kết đăng nhập này đã hết hạn',
  staleBody:
    'Trang đăng nhập này đã được dùng xong hoặc đã hết hạn (ví dụ khi bạn bấm Quay lại hay tải lại trang sau khi đăng nhập). Không có gì bị mất: hãy quay lại dịch vụ và đăng nhập lại nếu cần.',
  backTo: (client: string) => `Quay lại ${client}`,
  toHome: 'Về trang chủ',
  errorCode: 'Mã lỗi',
  wrongCredentials: 'Số định danh hoặc mật khẩu không đúng.',
  invalidNumber: 'Số định danh cá nhân gồm đúng 12 chữ số.',
  tooManyAttempts: (wait: string) => `Bạn đã nhập sai quá nhiều lần. Vui lòng thử lại sau ${wait}.`,
  tooManyInThisSignIn: (wait: string) =>
    `Bạn đã nhập sai quá nhiều lần trong lượt đăng nhập này. Hãy bấm Hủy để quay lại dịch vụ và bắt đầu lượt đăng nhập mới${wait === '' ? '' : ` sau ${wait}`}.`,
  duration: (seconds: number) => (seconds < 60 ? `${seconds} giây` : `${Math.ceil(seconds / 60)} phút`),
  wrongOtp: 'Mã xác thực không đúng.',
  otpExpired: 'Mã xác thực đã hết hạn. Vui lòng đăng nhập lại.',
  otpExpiredResend: 'Mã xác thực đã hết hạn. Bấm "Gửi lại mã" để nhận mã mới.',
  otpNotReceived: 'Chưa nhận được mã hoặc mã đã hết hạn?',
  otpResend: 'Gửi lại mã',
  otpResent: 'Đã gửi mã mới. Mã cũ không còn dùng được.',
  otpResendLimit: (limit: number) =>
    `Đã gửi lại mã ${limit} lần cho lượt đăng nhập này. Hãy bấm Hủy để quay lại dịch vụ và bắt đầu lượt đăng nhập mới.`,
  accountPending: 'Tài khoản chưa được kích hoạt. Hãy kích hoạt bằng mã SMS trong ứng dụng định danh.',
  accountLocked: 'Tài khoản đang bị khóa. Vui lòng liên hệ cơ quan công an nơi cư trú.',
  accountRevoked: 'Số định danh này không còn hiệu lực.',
  noAccount: 'Công dân này chưa có tài khoản định danh điện tử.',
  csrf: 'Phiên làm việc đã hết hạn hoặc biểu mẫu không hợp lệ. Vui lòng thử lại từ đầu.',
  level: (n: number) => `Mức ${n}`,
  // Phone simulator (/phone), QR sign-in and the citizen portal (/account).
  signIn: 'Đăng nhập',
  signOut: 'Đăng xuất',
  greeting: (name: string) => `Xin chào, ${name}`,
  noticeTitle: 'Thông báo',
  phoneTitle: 'Ứng dụng định danh (điện thoại mô phỏng)',
  phoneSignInIntro:
    'Đăng nhập với tư cách công dân để xác nhận các yêu cầu gửi tới điện thoại của họ (xác thực tại quầy, đăng nhập bằng mã QR).',
  phoneSignedIn: 'Điện thoại đã đăng nhập.',
  cibaHeading: 'Yêu cầu xác thực đang chờ',
  cibaNone: 'Không có yêu cầu xác thực nào đang chờ.',
  bindingMessage: 'Mã đối chiếu',
  bindingHint: 'Chỉ xác nhận khi mã này trùng với mã hiển thị tại quầy hoặc trên màn hình của đơn vị.',
  requiredLevelNote: (required: number, actual: number) =>
    `Yêu cầu này cần tài khoản mức ${required}; tài khoản của bạn đang ở mức ${actual}. Nếu xác nhận, đơn vị sẽ nhận được lời từ chối.`,
  approve: 'Xác nhận',
  reject: 'Từ chối',
  cibaApproved: 'Đã xác nhận yêu cầu. Đơn vị sẽ nhận được kết quả.',
  cibaDenied: 'Đã từ chối yêu cầu.',
  requestGone: 'Yêu cầu không còn hiệu lực (đã hết hạn hoặc đã được xử lý).',
  nothingTicked:
    'Bạn chưa chọn thông tin nào để chia sẻ. Hãy chọn ít nhất một thông tin rồi bấm Xác nhận, hoặc bấm Từ chối.',
  qrPendingHeading: 'Đăng nhập bằng mã QR đang chờ',
  qrNone: 'Không có lượt đăng nhập bằng mã QR nào đang chờ.',
  qrMatchCode: 'Mã đối chiếu',
  qrMatchHint:
    'Chỉ xác nhận khi mã này trùng với mã hiển thị cạnh mã QR trên màn hình của bạn. Nếu không trùng, hãy từ chối: đó không phải yêu cầu của bạn.',
  qrMatchBrowserHint: 'Điện thoại sẽ hiển thị cùng mã này. Chỉ xác nhận khi hai mã trùng nhau.',
  qrSignInTo: (client: string) => `Đăng nhập vào ${client}?`,
  qrPhoneHint:
    'Chỉ xác nhận nếu chính bạn vừa quét mã QR trên màn hình đăng nhập của dịch vụ này. Không xác nhận mã do người khác gửi cho bạn.',
  qrApproved: 'Đã xác nhận. Hãy quay lại màn hình máy tính để tiếp tục.',
  qrRejected: 'Đã từ chối lượt đăng nhập.',
  qrScanLabel: 'Quét mã QR (dán liên kết có trong mã)',
  qrOpen: 'Mở',
  qrImageLabel: 'Mã QR đăng nhập',
  qrTestLink: 'Môi trường thử nghiệm: mở liên kết trong mã trên điện thoại mô phỏng',
  qrExpired: 'Mã QR đã hết hạn.',
  qrNewCode: 'Tạo mã mới',
  qrContinue: 'Tôi đã xác nhận trên điện thoại, tiếp tục',
  qrNotYet: 'Chưa có xác nhận từ điện thoại. Hãy quét mã, xác nhận trên điện thoại rồi thử lại.',
  accountTitle: 'Quản lý chia sẻ dữ liệu',
  accountSignInIntro: 'Đăng nhập để xem các đơn vị bạn đã đồng ý chia sẻ dữ liệu và rút lại sự đồng ý.',
  accountIntro:
    'Đây là mọi sự đồng ý chia sẻ dữ liệu của bạn. Bạn có thể rút lại bất cứ lúc nào; đơn vị sẽ được thông báo và không thể tiếp tục truy cập dữ liệu qua sự đồng ý đó.',
  consentsNone: 'Bạn chưa đồng ý chia sẻ dữ liệu với đơn vị nào.',
  consentData: 'Dữ liệu được chia sẻ',
  consentNoData: '(không có dữ liệu nào ngoài mã định danh tại đơn vị)',
  consentWhen: 'Thời điểm đồng ý',
  consentMethod: 'Cách thức',
  consentStatus: 'Trạng thái',
  consentMethodName: (method: string) =>
    method === 'web'
      ? 'Trên trang đăng nhập'
      : method === 'ciba'
        ? 'Xác nhận trên điện thoại'
        : method === 'app'
          ? 'Trong ứng dụng định danh'
          : method === 'auto_approve'
            ? 'Tự động (môi trường thử nghiệm)'
            : method,
  statusActive: 'Đang hiệu lực',
  statusWithdrawn: (when: string) => `Đã rút lại lúc ${when}`,
  textShown: 'Nội dung chính xác đã hiển thị khi đồng ý',
  withdraw: 'Rút lại sự đồng ý',
  withdrawFor: (client: string) => `Rút lại sự đồng ý với ${client}`,
  withdrawn: 'Đã rút lại sự đồng ý. Đơn vị sẽ được thông báo.',
  orgCounts: (active: number, withdrawn: number) =>
    `${active} đang hiệu lực${withdrawn > 0 ? ` · ${withdrawn} đã rút lại` : ''}`,
  withdrawnHeading: (count: number) => `Đã rút lại (${count})`,
  withdrawConfirmTitle: 'Rút lại sự đồng ý?',
  withdrawConfirmIntro: (client: string) => `Bạn sắp rút lại sự đồng ý chia sẻ dữ liệu với ${client}:`,
  withdrawConfirmEffect:
    'Đơn vị sẽ được thông báo và không thể tiếp tục truy cập dữ liệu của bạn qua sự đồng ý này. Việc này không thể hoàn tác; nếu cần, bạn có thể đồng ý lại ở lần đăng nhập sau.',
  withdrawConfirm: 'Xác nhận rút lại',
  keepConsent: 'Giữ nguyên',
  alreadyWithdrawn: 'Sự đồng ý này đã được rút lại trước đó.',
  consentNotFound: 'Không tìm thấy sự đồng ý này trong tài khoản của bạn.',
  signedOut: 'Bạn đã đăng xuất.',
  vietnamTime: 'giờ Việt Nam',
} as const

type Messages = {
  readonly [K in keyof typeof vi]: (typeof vi)[K] extends (...args: infer A) => string
    ? (...args: A) => string
    : string
}

const en: Messages = {
  appName: 'National e-ID (mock)',
  mockBanner: 'Test environment: citizen data is synthetic, not real people.',
  switchLang: 'Tiếng Việt',
  signInTitle: 'Sign in with your national e-ID',
  signInFor: (client) => `to continue to ${client}`,
  personalId: 'Personal identification number (12 digits)',
  passcode: 'Passcode (6 digits)',
  passcodeHint: 'Every synthetic citizen uses one passcode, shown on',
  passcodeWhere: "the test provider's home page",
  continue: 'Continue',
  cancel: 'Cancel',
  tabNumber: 'ID number',
  tabQr: 'QR code',
  qrHelp: 'Open the e-ID app on your phone (the /phone page) and scan this code.',
  qrWaiting: 'Waiting for approval on the phone…',
  otpTitle: 'Enter the verification code',
  otpSent: (phone) => `A 6-digit code was sent to ${phone}.`,
  otpDev: 'Test environment: read the code in the',
  smsOutbox: 'SMS outbox',
  otp: 'Verification code (OTP)',
  verify: 'Verify',
  consentTitle: 'Request to share your information',
  signedInAs: 'Signed in as',
  notYou: 'Not you? Sign in with another account',
  consentIntro: (client) => `${client} asks to use the following information about you.`,
  purpose: 'Purpose',
  noPurpose: '(no purpose given)',
  consentChoose: 'Tick each item you agree to share. Nothing is ticked for you.',
  consentRights:
    'You can withdraw your consent at any time on the Data sharing page (/account). Withdrawal does not affect processing lawfully done before it.',
  consentRightsLead: 'You can withdraw your consent at any time on the',
  consentRightsPortal: 'Data sharing page',
  consentRightsTail: '. Withdrawal does not affect processing lawfully done before it.',
  allow: 'Share',
  deny: 'Decline',
  levelTitle: 'Your account is not at the required level',
  levelBody: (required, actual) =>
    `This service needs a level-${required} national e-ID account. Yours is level ${actual}. To reach level 2, visit your local police office with your chip ID card.`,
  backToService: 'Back to the service',
  errorTitle: 'Something went wrong',
  staleTitle: 'This sign-in link has expired',
  staleBody:
    'This sign-in page was already completed or has expired (for example after Back or a reload once you had signed in). Nothing is lost: go back to the service and sign in again if you need to.',
  backTo: (client) => `Back to ${client}`,
  toHome: 'Go to the home page',
  errorCode: 'Error code',
  wrongCredentials: 'The ID number or passcode is wrong.',
  invalidNumber: 'The personal identification number has exactly 12 digits.',
  tooManyAttempts: (wait) => `Too many wrong attempts. Please try again in ${wait}.`,
  tooManyInThisSignIn: (wait) =>
    `Too many wrong attempts in this sign-in. Press Cancel to go back to the service and start a new sign-in${wait === '' ? '' : ` in ${wait}`}.`,
  duration: (seconds) => {
    if (seconds < 60) return seconds === 1 ? '1 second' : `${seconds} seconds`
    const minutes = Math.ceil(seconds / 60)
    return minutes === 1 ? '1 minute' : `${minutes} minutes`
  },
  wrongOtp: 'The verification code is wrong.',
  otpExpired: 'The verification code has expired. Please sign in again.',
  otpExpiredResend: 'The verification code has expired. Press "Resend code" to get a new one.',
  otpNotReceived: 'No code, or the code expired?',
  otpResend: 'Resend code',
  otpResent: 'A new code was sent. The old one no longer works.',
  otpResendLimit: (limit) =>
    `The code was resent ${limit} times for this sign-in. Press Cancel to go back to the service and start a new sign-in.`,
  accountPending: 'This account is not activated yet. Activate it with the SMS code in the e-ID app.',
  accountLocked: 'This account is locked. Please contact the police office where you live.',
  accountRevoked: 'This ID number is no longer valid.',
  noAccount: 'This citizen has no national e-ID account.',
  csrf: 'Your session expired or the form is invalid. Please start again.',
  level: (n) => `Level ${n}`,
  signIn: 'Sign in',
  signOut: 'Sign out',
  greeting: (name) => `Hello, ${name}`,
  noticeTitle: 'Notice',
  phoneTitle: 'e-ID app (phone simulator)',
  phoneSignInIntro:
    'Sign in as the citizen to approve requests sent to their phone (counter authentication, QR sign-in).',
  phoneSignedIn: 'The phone is signed in.',
  cibaHeading: 'Pending authentication requests',
  cibaNone: 'No authentication requests are waiting.',
  bindingMessage: 'Binding message',
  bindingHint: "Approve only if this matches the code shown at the counter or on the service's screen.",
  requiredLevelNote: (required, actual) =>
    `This request needs a level-${required} account; yours is level ${actual}. If you approve, the service receives a refusal.`,
  approve: 'Approve',
  reject: 'Reject',
  cibaApproved: 'Request approved. The service will receive the result.',
  cibaDenied: 'Request refused.',
  requestGone: 'This request is no longer pending (it expired or was already handled).',
  nothingTicked: 'You have not ticked anything to share. Tick at least one item and approve, or reject.',
  qrPendingHeading: 'Pending QR sign-ins',
  qrNone: 'No QR sign-ins are waiting.',
  qrMatchCode: 'Matching code',
  qrMatchHint:
    'Approve only if this code matches the one shown next to the QR code on your screen. If it does not, reject: it is not your request.',
  qrMatchBrowserHint: 'Your phone will show this same code. Approve only if the two match.',
  qrSignInTo: (client) => `Sign in to ${client}?`,
  qrPhoneHint:
    "Approve only if you just scanned the QR code on this service's sign-in screen yourself. Never approve a code someone sent you.",
  qrApproved: 'Approved. Go back to the computer screen to continue.',
  qrRejected: 'Sign-in refused.',
  qrScanLabel: 'Scan a QR code (paste the link it contains)',
  qrOpen: 'Open',
  qrImageLabel: 'Sign-in QR code',
  qrTestLink: 'Test environment: open the link in the code on the phone simulator',
  qrExpired: 'The QR code has expired.',
  qrNewCode: 'Get a new code',
  qrContinue: 'I have approved on the phone, continue',
  qrNotYet: 'No approval from the phone yet. Scan the code, approve it on the phone, then try again.',
  accountTitle: 'Data sharing',
  accountSignInIntro: 'Sign in to see which services you agreed to share data with, and to withdraw consent.',
  accountIntro:
    'These are all your data-sharing consents. You can withdraw any of them at any time; the service is notified and can no longer reach your data through that consent.',
  consentsNone: 'You have not agreed to share data with any service.',
  consentData: 'Data shared',
  consentNoData: '(no data besides your identifier at the service)',
  consentWhen: 'Consent given',
  consentMethod: 'How',
  consentStatus: 'Status',
  consentMethodName: (method) =>
    method === 'web'
      ? 'On the sign-in page'
      : method === 'ciba'
        ? 'Approved on the phone'
        : method === 'app'
          ? 'In the e-ID app'
          : method === 'auto_approve'
            ? 'Automatic (test environment)'
            : method,
  statusActive: 'Active',
  statusWithdrawn: (when) => `Withdrawn at ${when}`,
  textShown: 'Exact text shown when you agreed',
  withdraw: 'Withdraw consent',
  withdrawFor: (client) => `Withdraw consent given to ${client}`,
  withdrawn: 'Consent withdrawn. The service will be notified.',
  orgCounts: (active, withdrawn) => `${active} active${withdrawn > 0 ? ` · ${withdrawn} withdrawn` : ''}`,
  withdrawnHeading: (count) => `Withdrawn (${count})`,
  withdrawConfirmTitle: 'Withdraw consent?',
  withdrawConfirmIntro: (client) => `You are about to withdraw your consent to share data with ${client}:`,
  withdrawConfirmEffect:
    'The service will be notified and can no longer reach your data through this consent. This cannot be undone; you can agree again at a later sign-in if you need to.',
  withdrawConfirm: 'Confirm withdrawal',
  keepConsent: 'Keep it',
  alreadyWithdrawn: 'This consent was already withdrawn.',
  consentNotFound: 'This consent was not found in your account.',
  signedOut: 'You have signed out.',
  vietnamTime: 'Vietnam time',
}

/**
 * What a throttle refusal tells the citizen, from the throttle's decision: the actual wait, and whether a
 * fresh sign-in (`restartable`: a relying party's transaction) is what works.
 *
 * @example
 * ```ts
 * tooManyAttemptsText('vi', { reason: 'pair', retryAfterSec: 4, freshAfterSec: 4 }, true) // '… sau 4 giây.'
 * ```
 */
export function tooManyAttemptsText(
  lang: Lang,
  decision: { reason: 'attempt' | 'pair'; retryAfterSec: number; freshAfterSec: number },
  restartable: boolean,
): string {
  const t = messages(lang)
  if (restartable && decision.reason === 'attempt') {
    return t.tooManyInThisSignIn(decision.freshAfterSec > 0 ? t.duration(decision.freshAfterSec) : '')
  }
  return t.tooManyAttempts(t.duration(decision.retryAfterSec))
}

/** The messages of a language. */
export function messages(lang: Lang): Messages {
  return lang === 'en' ? en : vi
}

/** Picks the language: `?lang=` or the `lang` cookie, else `ui_locales`, else the default. */
export function pickLang(candidates: readonly unknown[], fallback: Lang): Lang {
  for (const candidate of candidates) {
    if (typeof candidate !== 'string') continue
    for (const tag of candidate.split(/[\s,]+/)) {
      const base = tag.toLowerCase().slice(0, 2)
      if (base === 'vi' || base === 'en') return base
    }
  }
  return fallback
}

/**
 * Ngân hàng Sen Vàng (Golden Lotus Bank): open a payment account online with VNeID (eKYC), and sign in
 * to internet banking.
 *
 * - Account opening needs level 2 (an e-ID account checked in person against the chip ID card) and asks
 *   for identity, address, phone and ID card with a stated purpose. The bank then fetches the consent
 *   record from the provider's consent API, verifies its signed receipt and stores it with the account.
 * - Existing customers sign in at level 1. A transfer over 10,000,000 VND needs level 2: a level-1
 *   session is sent through a step-up first, and the transfer waits server-side until it is confirmed.
 * - When the citizen withdraws the consent on the VNeID portal, the bank deletes the data it copied
 *   (keeping only what the law makes it keep) and marks the receipt withdrawn.
 */
import { timingSafeEqual } from 'node:crypto'
import { type AttributeName, type EidClient, type EidError, isEidError } from '@dinhdanh/client'
import {
  EID_ERROR_STATUS,
  eidAuth,
  renderSignInErrorPage,
  requireAttributes,
  requireSignIn,
} from '@dinhdanh/express'
import {
  type Bilingual,
  type ExampleConfig,
  formatVnd,
  friendlySignInErrors,
  html,
  langOf,
  languageSwitch,
  notice,
  problemOf,
  renderPage,
  type SafeHtml,
  siteBasics,
  speaker,
  uiLocaleOf,
} from 'dinhdanh-example-shared'
import express, { type Express, type NextFunction, type Request, type Response } from 'express'
import { BankStore, type OpeningRecord, TransferRefused } from './store.js'
import {
  accountBody,
  brand,
  confirmTransferBody,
  LARGE_TRANSFER_LIMIT,
  landingBody,
  noAccountBody,
  reviewBody,
  transferDoneBody,
  transferForm,
} from './views.js'

/**
 * The purpose shown on the VNeID consent screen at account opening. It says what the data is for and
 * on which rule the bank relies (the State Bank's rules on opening payment accounts by electronic
 * customer identification, Circular 17/2024/TT-NHNN), so the citizen can judge the request.
 */
export const EKYC_PURPOSE = 'Mở tài khoản thanh toán trực tuyến (eKYC) theo quy định của Ngân hàng Nhà nước'
const EKYC_PURPOSE_EN = 'Open a payment account online (eKYC) as the State Bank of Vietnam requires'

/**
 * What eKYC needs, and nothing more: identity (name, personal ID number, birth date, gender), the
 * current address, a phone number for transaction OTPs, and the ID card (its number, dates, issuer).
 * No health, education or driving data: the purpose does not need them.
 */
export const EKYC_ATTRIBUTES = [
  'identity',
  'address',
  'phone',
  'id_card',
] as const satisfies readonly AttributeName[]

/** Internet-banking sign-in of an existing customer: identity only, level 1. */
const SIGN_IN_PURPOSE = 'Đăng nhập ngân hàng điện tử Sen Vàng'

/**
 * Online transfers over 10,000,000 VND need strong authentication (State Bank Decision 2345/QĐ-NHNN,
 * biometric check against the chip ID card). The demo uses a VNeID level-2 authentication for it.
 */
const LARGE_TRANSFER_PURPOSE = 'Xác thực giao dịch chuyển khoản trên 10.000.000 ₫'

/** What `createApp` needs. */
export interface BankDeps {
  client: EidClient
  config: ExampleConfig
  /** The SQLite file of the bank's records (default `:memory:`). */
  databaseFile?: string
}

/**
 * Builds the bank's Express app (no listening, no environment reading).
 *
 * @example
 * ```ts
 * const app = createApp({ client, config, databaseFile: '.data/bank.sqlite' })
 * app.listen(3001)
 * ```
 */
export function createApp({ client, config, databaseFile = ':memory:' }: BankDeps): Express {
  const bank = new BankStore(databaseFile)
  const purpose: Bilingual = { vi: EKYC_PURPOSE, en: EKYC_PURPOSE_EN }
  const friendly = friendlySignInErrors(brand, {
    portalUrl: config.portalUrl,
    texts: {
      declined: {
        title: { vi: 'Bạn đã không chia sẻ dữ liệu', en: 'You chose not to share your data' },
        body: {
          vi: 'Bạn đã hủy hoặc từ chối chia sẻ trên VNeID, nên ngân hàng không nhận được thông tin nào và chưa mở tài khoản. Để mở tài khoản trực tuyến, ngân hàng cần họ tên, số định danh, địa chỉ, số điện thoại và thẻ căn cước theo quy định. Bạn có thể thử lại, hoặc mở tài khoản tại quầy.',
          en: 'You cancelled or declined on VNeID, so the bank received nothing and opened no account. To open an account online, the rules require your name, personal ID number, address, phone number and ID card. You can try again, or open an account at a branch.',
        },
      },
    },
  })

  const page = (req: Request, res: Response, title: Bilingual, body: SafeHtml, status = 200) =>
    res
      .status(status)
      .type('html')
      .send(renderPage(req, res, brand, { title, body, portalUrl: config.portalUrl }))

  /** Every sign-in error: our own page for "level too low", the kit's friendly pages for the rest. */
  function explain(error: EidError, req: Request, res: Response): void {
    if (problemOf(error) === 'level_too_low') levelTooLow(req, res)
    else friendly(error, req, res)
  }

  // A level-1 account at a level-2 step. The level-1 session (if any) stays; the page explains where
  // level 2 is obtained and what still works. A large transfer waiting for this step-up is cancelled.
  function levelTooLow(req: Request, res: Response): void {
    const say = speaker(res)
    const lang = langOf(res)
    const howTo = say(
      'Cách nâng lên mức 2: mang thẻ căn cước gắn chip đến cơ quan Công an (nơi làm thủ tục căn cước) để kích hoạt tài khoản định danh điện tử mức 2. Việc này làm một lần, trực tiếp, vì mức 2 đối chiếu khuôn mặt và thẻ của bạn.',
      'How to reach level 2: bring your chip ID card to the police (where ID cards are issued) to activate a level 2 e-ID account. It is done once, in person, because level 2 matches your face against your card.',
    )
    const pending = bank.pendingTransferOf(req.eid.subject)
    if (pending) {
      bank.cancelTransfer(pending.id)
      page(
        req,
        res,
        {
          vi: 'Giao dịch lớn cần tài khoản định danh mức 2',
          en: 'Large transfers need a level 2 e-ID account',
        },
        html`<div id="level-too-low" data-context="transfer">${notice('warning', say(`Theo quy định của Ngân hàng Nhà nước, chuyển khoản trực tuyến trên ${formatVnd(LARGE_TRANSFER_LIMIT, lang)} phải được xác thực mạnh. Ngân hàng dùng tài khoản định danh điện tử mức 2 cho việc này, nhưng tài khoản VNeID của bạn đang ở mức 1. Giao dịch ${formatVnd(pending.amount, lang)} đến ${pending.recipient} chưa được thực hiện và không bị trừ tiền.`, `State Bank rules require strong authentication for online transfers over ${formatVnd(LARGE_TRANSFER_LIMIT, lang)}. The bank uses a level 2 e-ID account for it, but your VNeID account is at level 1. The transfer of ${formatVnd(pending.amount, lang)} to ${pending.recipient} was not made and nothing was debited.`))}</div>
<p>${howTo}</p>
<p>${say(`Trong lúc đó, bạn vẫn chuyển khoản đến ${formatVnd(LARGE_TRANSFER_LIMIT, lang)} bình thường với tài khoản mức 1.`, `Meanwhile, transfers up to ${formatVnd(LARGE_TRANSFER_LIMIT, lang)} still work with your level 1 account.`)}</p>
<p><a class="button" id="small-transfer" href="/transfer">${say('Chuyển khoản đến 10.000.000 ₫', 'Transfer up to 10,000,000 VND')}</a></p>`,
        403,
      )
      return
    }
    page(
      req,
      res,
      { vi: 'Mở tài khoản trực tuyến cần định danh mức 2', en: 'Opening an account online needs level 2' },
      html`<div id="level-too-low" data-context="open-account">${notice('warning', say('Theo quy định về định danh khách hàng điện tử (eKYC), ngân hàng chỉ mở tài khoản trực tuyến khi danh tính của bạn được xác thực ở mức 2: tài khoản VNeID đã được cơ quan Công an đối chiếu trực tiếp với thẻ căn cước gắn chip. Tài khoản VNeID của bạn đang ở mức 1, nên ngân hàng chưa mở tài khoản và không nhận dữ liệu nào.', 'Under the electronic customer identification (eKYC) rules, the bank opens accounts online only when your identity is verified at level 2: a VNeID account checked in person by the police against your chip ID card. Your VNeID account is at level 1, so no account was opened and no data was received.'))}</div>
<p>${howTo}</p>
<p>${say('Bạn cũng có thể mở tài khoản tại bất kỳ chi nhánh nào của Ngân hàng Sen Vàng, mang theo thẻ căn cước.', 'You can also open an account at any Golden Lotus Bank branch with your ID card.')}</p>
<p><a class="button" href="/">${say('Về trang chủ', 'Back to the home page')}</a></p>`,
      403,
    )
  }

  function csrfValid(req: Request): boolean {
    const sent = Buffer.from(String(req.body?._csrf ?? ''))
    const expected = Buffer.from(req.eid.csrfToken)
    return sent.length === expected.length && timingSafeEqual(sent, expected)
  }

  function csrfRefused(req: Request, res: Response): void {
    const say = speaker(res)
    page(
      req,
      res,
      { vi: 'Yêu cầu không hợp lệ', en: 'Request refused' },
      html`<div id="csrf-refused">${notice('error', say('Biểu mẫu đã hết hạn hoặc không được gửi từ trang của ngân hàng. Không có giao dịch nào được thực hiện. Vui lòng tải lại trang và thử lại.', 'The form expired or did not come from the bank’s page. Nothing was done. Please reload the page and try again.'))}</div>`,
      403,
    )
  }

  function notFound(req: Request, res: Response): void {
    page(
      req,
      res,
      { vi: 'Không tìm thấy trang', en: 'Page not found' },
      html`<p><a href="/">${speaker(res)('Về trang chủ', 'Back to the home page')}</a></p>`,
      404,
    )
  }

  const app = express()
  app.disable('x-powered-by')
  app.use(siteBasics({ providerOrigin: new URL(config.issuer).origin }))
  app.use(languageSwitch())
  app.use(express.urlencoded({ extended: false, limit: '8kb' }))
  app.use(
    eidAuth({
      client,
      baseUrl: config.baseUrl,
      session: { secret: config.sessionSecret, cookieName: 'bank_session' },
      // The provider's screens in the language the citizen chose here.
      uiLocales: uiLocaleOf,
      onError: explain,
      // The citizen withdrew a consent on the VNeID portal. The adapter already removed those attributes
      // from every session; the bank deletes what it copied into its own database (see withdrawConsent
      // for what the law makes it keep). Idempotent: the provider retries events.
      onConsentWithdrawn: (event) => {
        bank.withdrawConsent(event.consentId, event.withdrawnAt)
      },
    }),
  )

  app.get('/', (req, res) =>
    page(req, res, { vi: 'Ngân hàng số Sen Vàng', en: 'Golden Lotus digital bank' }, landingBody(req, res)),
  )

  // Internet banking for existing customers: level 1 is enough to see the account and make ordinary
  // transfers, so the bank does not ask more than it needs; identity only (no address, no phone).
  app.get('/banking', requireSignIn({ purpose: SIGN_IN_PURPOSE }), (req, res) => {
    // Demo: an existing customer opened their account at a branch; the first sign-in creates it here.
    bank.ensureDemoAccount(req.eid.subject!)
    res.redirect(303, '/account')
  })

  // Account opening. One guard does both: level 2 (required by the eKYC rules) AND the four attributes
  // with the eKYC purpose. A signed-out visitor goes to VNeID once, for everything; a citizen already
  // signed in at level 1 is stepped up to level 2 and asked only for what is missing.
  const ekycGuard = requireAttributes(EKYC_ATTRIBUTES, { purpose: EKYC_PURPOSE, level: 2 })

  app.get('/open-account', ekycGuard, (req, res) => {
    const say = speaker(res)
    if (bank.accountOf(req.eid.subject)) {
      return page(
        req,
        res,
        { vi: 'Bạn đã có tài khoản', en: 'You already have an account' },
        html`<div id="already-customer">${notice('info', say('Bạn đã có tài khoản tại Ngân hàng Sen Vàng.', 'You already have an account at Golden Lotus Bank.'))}</div><p><a class="button" href="/account">${say('Xem tài khoản', 'See the account')}</a></p>`,
      )
    }
    page(
      req,
      res,
      { vi: 'Mở tài khoản trực tuyến', en: 'Open an account online' },
      reviewBody(req, res, { purpose, portalUrl: config.portalUrl }),
    )
  })

  app.post('/open-account', async (req, res) => {
    if (!csrfValid(req)) return csrfRefused(req, res)
    const { citizen, attributes, subject } = req.eid
    // The confirm must come from a level-2 session that still holds every eKYC attribute (a withdrawal
    // in between removes them): otherwise, back through the guard.
    if (
      !subject ||
      req.eid.level < 2 ||
      !EKYC_ATTRIBUTES.every((name) => req.eid.granted.includes(name)) ||
      !citizen ||
      !attributes.address ||
      !attributes.phone ||
      !attributes.idCard
    ) {
      return res.redirect(303, '/open-account')
    }
    if (bank.accountOf(subject)) return res.redirect(303, '/account')
    let receipts: OpeningRecord['receipts'] | undefined
    try {
      receipts = await consentReceipts(subject)
    } catch (error) {
      if (!isEidError(error)) throw error
      return receiptProblem(req, res, error)
    }
    if (!receipts) {
      return page(
        req,
        res,
        { vi: 'Chưa tìm thấy sự đồng ý', en: 'The consent was not found' },
        html`<div id="consent-missing">${notice('warning', speaker(res)('VNeID không còn sự đồng ý nào cho mục đích mở tài khoản (có thể bạn vừa rút lại). Chưa có tài khoản nào được mở. Vui lòng chia sẻ lại.', 'VNeID holds no active consent for opening an account (you may have just withdrawn it). No account was opened. Please share again.'))}</div><p><a class="button" href="/open-account">${speaker(res)('Thử lại', 'Try again')}</a></p>`,
        409,
      )
    }
    const card = attributes.idCard
    // Everything after the provider calls is one SQLite transaction: account, customer, receipts.
    bank.openAccount({
      subject,
      customer: {
        fullName: citizen.fullName,
        personalId: citizen.personalId,
        birthDate: citizen.birthDate,
        gender: citizen.gender,
        address: attributes.address.current.formatted,
        phone: attributes.phone.number,
        idCardNumber: card.number,
        idCardKind: card.kind,
        idCardIssued: card.issueDate,
        idCardExpires: card.expiryDate,
        idCardIssuedBy: card.issuedBy,
      },
      receipts,
    })
    res.redirect(303, '/account?opened=1')
  })

  /**
   * The signed receipts of the consents that cover the eKYC data, verified. The main one has the eKYC
   * purpose and the address, phone and ID card; when identity was shared earlier in the session (a
   * customer signed in first, then opened the account), the consent that covers identity is kept too.
   * `undefined` when the provider holds no such active consent.
   */
  async function consentReceipts(subject: string): Promise<OpeningRecord['receipts'] | undefined> {
    const records = [...(await client.consents.list({ subject, status: 'active' }))].sort(
      (a, b) => b.grantedAt - a.grantedAt,
    )
    const ekyc = records.find(
      (r) =>
        r.purpose === EKYC_PURPOSE &&
        EKYC_ATTRIBUTES.every((name) => name === 'identity' || r.attributes.includes(name)),
    )
    const identity = ekyc?.attributes.includes('identity')
      ? ekyc
      : records.find((r) => r.attributes.includes('identity'))
    if (!ekyc || !identity) return undefined
    const chosen = ekyc === identity ? [ekyc] : [ekyc, identity]
    return Promise.all(
      chosen.map(async (record) => {
        // The signature, issuer, audience and type are checked by the SDK; the bank also checks that the
        // receipt is about this citizen and this consent.
        const receipt = await client.verifyConsentReceipt(record.receipt)
        if (receipt.subject !== subject || receipt.consentId !== record.id) {
          throw new TypeError('consent receipt does not match its record')
        }
        return { jwt: record.receipt, receipt }
      }),
    )
  }

  // The consent API or the receipt check failed: nothing was stored (the provider calls come before
  // the database transaction), so the citizen can simply try again.
  function receiptProblem(req: Request, res: Response, error: EidError): void {
    const say = speaker(res)
    const down = problemOf(error) === 'provider_down'
    page(
      req,
      res,
      { vi: 'Chưa mở được tài khoản', en: 'The account could not be opened yet' },
      html`<div id="receipt-problem" data-problem="${down ? 'provider_down' : 'other'}">${notice('warning', down ? say('VNeID tạm thời không phản hồi, nên ngân hàng chưa lấy được biên nhận sự đồng ý có chữ ký. Chưa có tài khoản nào được mở và không có dữ liệu nào được lưu. Vui lòng thử lại sau ít phút.', 'VNeID is not responding right now, so the bank could not fetch the signed consent receipt. No account was opened and nothing was stored. Please try again in a few minutes.') : say('Ngân hàng chưa kiểm tra được biên nhận sự đồng ý của VNeID. Chưa có tài khoản nào được mở và không có dữ liệu nào được lưu.', 'The bank could not verify the VNeID consent receipt. No account was opened and nothing was stored.'))}</div>
<p><a class="button" href="/open-account">${say('Thử lại', 'Try again')}</a></p>`,
      down ? 503 : 502,
    )
  }

  app.get('/account', requireSignIn({ purpose: SIGN_IN_PURPOSE }), (req, res) => {
    const account = bank.accountOf(req.eid.subject)
    const title = { vi: 'Tài khoản của bạn', en: 'Your account' }
    if (!account) return page(req, res, title, noAccountBody(res))
    page(
      req,
      res,
      title,
      accountBody(req, res, {
        account,
        customer: bank.customerOf(account.number),
        receipts: bank.receiptsOf(account.number),
        transfers: bank.recentTransfers(account.number),
        justOpened: req.query.opened === '1',
        portalUrl: config.portalUrl,
        purpose,
      }),
    )
  })

  // Transfers. Level 1 is enough for the form and for amounts up to the limit.
  const transferTitle = { vi: 'Chuyển khoản', en: 'Transfer' }

  app.get('/transfer', requireSignIn({ purpose: SIGN_IN_PURPOSE }), (req, res) => {
    const account = bank.accountOf(req.eid.subject)
    if (!account) return page(req, res, transferTitle, noAccountBody(res))
    page(req, res, transferTitle, transferForm(req, res, account))
  })

  app.post('/transfer', requireSignIn(), (req, res) => {
    if (!csrfValid(req)) return csrfRefused(req, res)
    const say = speaker(res)
    const account = bank.accountOf(req.eid.subject)
    if (!account) return page(req, res, transferTitle, noAccountBody(res), 409)
    const form = {
      recipient: String(req.body.recipient ?? '').replace(/\s/g, ''),
      amount: String(req.body.amount ?? '').replace(/[.,\s_]/g, ''),
      note: String(req.body.note ?? '')
        .trim()
        .slice(0, 140),
    }
    const amount = /^\d{1,12}$/.test(form.amount) ? Number(form.amount) : Number.NaN
    const error = !/^\d{6,19}$/.test(form.recipient)
      ? say(
          'Số tài khoản người nhận gồm 6 đến 19 chữ số.',
          'The recipient account number has 6 to 19 digits.',
        )
      : form.recipient === account.number
        ? say('Không thể chuyển đến chính tài khoản này.', 'You cannot transfer to this same account.')
        : !(amount >= 1000)
          ? say('Số tiền tối thiểu là 1.000 ₫.', 'The minimum amount is 1,000 VND.')
          : amount > account.balance
            ? say('Số dư không đủ cho giao dịch này.', 'The balance is not enough for this transfer.')
            : undefined
    if (error) return page(req, res, transferTitle, transferForm(req, res, account, { ...form, error }), 400)
    const input = { recipient: form.recipient, amount, note: form.note }
    // Up to the limit, or already at level 2: this POST (with its CSRF token) is the confirmation.
    if (amount <= LARGE_TRANSFER_LIMIT || req.eid.level >= 2) {
      const transfer = executeOrExplain(req, res, () =>
        bank.createTransfer(account, input, { level: req.eid.level }),
      )
      if (transfer) res.redirect(303, `/transfer/${transfer.id}`)
      return
    }
    // Over the limit at level 1: the transfer waits in the database (10 minutes), and the citizen goes
    // through the level-2 step-up to the confirm page. Nothing is debited before the confirm POST.
    const pending = bank.createTransfer(account, input, 'pending')
    res.redirect(303, `/transfer/${pending.id}/confirm`)
  })

  // The step-up: `requireSignIn({ level: 2 })` sends a level-1 session to VNeID with acr_values=2 and
  // prompt=login, then back here. This GET only shows the confirm form; it never moves money.
  app.get(
    '/transfer/:id/confirm',
    requireSignIn({ level: 2, purpose: LARGE_TRANSFER_PURPOSE }),
    (req, res) => {
      const transfer = bank.transfer(String(req.params.id))
      if (!transfer || transfer.subject !== req.eid.subject) return notFound(req, res)
      if (transfer.status === 'done') return res.redirect(303, `/transfer/${transfer.id}`)
      if (transfer.status !== 'pending') return transferExpired(req, res)
      page(
        req,
        res,
        { vi: 'Xác nhận chuyển khoản', en: 'Confirm the transfer' },
        confirmTransferBody(req, res, transfer),
      )
    },
  )

  app.post('/transfer/:id/confirm', requireSignIn({ level: 2 }), (req, res) => {
    if (!csrfValid(req)) return csrfRefused(req, res)
    const transfer = bank.transfer(String(req.params.id))
    if (!transfer || transfer.subject !== req.eid.subject) return notFound(req, res)
    const done = executeOrExplain(req, res, () => bank.confirmTransfer(transfer.id, req.eid.level))
    if (done) res.redirect(303, `/transfer/${done.id}`)
  })

  app.get('/transfer/:id', requireSignIn(), (req, res) => {
    const transfer = bank.transfer(String(req.params.id))
    const account = bank.accountOf(req.eid.subject)
    if (!transfer || !account || transfer.subject !== req.eid.subject || transfer.status !== 'done') {
      return notFound(req, res)
    }
    page(
      req,
      res,
      { vi: 'Chuyển khoản thành công', en: 'Transfer made' },
      transferDoneBody(res, transfer, account.balance),
    )
  })

  function executeOrExplain<T>(req: Request, res: Response, run: () => T): T | undefined {
    try {
      return run()
    } catch (error) {
      if (!(error instanceof TransferRefused)) throw error
      if (error.reason === 'insufficient_funds') {
        page(
          req,
          res,
          transferTitle,
          html`<div id="transfer-error">${notice('error', speaker(res)('Số dư không đủ. Không có khoản tiền nào bị trừ.', 'The balance is not enough. Nothing was debited.'))}</div><p><a href="/transfer">${speaker(res)('Quay lại', 'Back')}</a></p>`,
          409,
        )
      } else transferExpired(req, res)
      return undefined
    }
  }

  function transferExpired(req: Request, res: Response): void {
    const say = speaker(res)
    page(
      req,
      res,
      transferTitle,
      html`<div id="transfer-expired">${notice('warning', say('Giao dịch này đã hết hạn xác nhận (10 phút) hoặc đã bị hủy. Không có khoản tiền nào bị trừ.', 'This transfer was not confirmed within 10 minutes or was cancelled. Nothing was debited.'))}</div><p><a class="button" href="/transfer">${say('Chuyển khoản mới', 'New transfer')}</a></p>`,
      410,
    )
  }

  app.use((req, res) => notFound(req, res))

  // Anything that escapes a route: an SDK error outside the sign-in routes and guards (which `onError`
  // already covers), or anything unexpected.
  // An SDK error gets the same friendly page as at /auth/login; nothing else is shown, nothing logged
  // but the error's name (no personal data, no token).
  app.use((error: unknown, req: Request, res: Response, _next: NextFunction) => {
    if (res.headersSent) return
    if (isEidError(error)) {
      explain(error, req, res)
      if (!res.headersSent) {
        res.status(EID_ERROR_STATUS[error.code]).type('html').send(renderSignInErrorPage(error.code, '/'))
      }
      return
    }
    console.error(`bank: unexpected ${(error as Error)?.name ?? 'error'}`)
    page(
      req,
      res,
      { vi: 'Đã có lỗi xảy ra', en: 'Something went wrong' },
      html`${notice('error', speaker(res)('Ngân hàng gặp sự cố kỹ thuật. Không có giao dịch nào được thực hiện dở dang. Vui lòng thử lại sau.', 'The bank hit a technical problem. No transaction was left half-done. Please try again later.'))}`,
      500,
    )
  })

  return app
}

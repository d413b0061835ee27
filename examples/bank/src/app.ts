/**
 * Ngân hàng Sen Vàng (Golden Lotus Bank): open a payment account online with VNeID (eKYC), and sign in
 * to internet banking.
 *
 * - Account opening needs level 2 (an e-ID account checked in person against the chip ID card) and asks
 *   for identity, address, phone and ID card with a stated purpose. The bank then fetches the consent
 *   record from the provider's consent API, verifies its signed receipt and stores it with the account.
 * - Existing customers sign in at level 1. A transfer over 10,000,000 VND, or one that takes the day's
 *   total over 20,000,000 VND, needs strong authentication for that transfer: it waits server-side, and
 *   its confirm page asks VNeID for a new level-2 authentication made after the transfer was requested
 *   (prompt=login, max_age), even when the session is already at level 2.
 * - When the citizen withdraws the consent on the VNeID portal, the bank deletes the data it copied
 *   (keeping only what the law makes it keep) and marks the receipt withdrawn.
 */
import { type AttributeName, type EidClient, type EidError, isEidError } from '@dinhdanh/client'
import { eidAuth, requireAttributes, requireSignIn } from '@dinhdanh/express'
import {
  type Bilingual,
  type EidProfile,
  formatVnd,
  friendlySignInErrors,
  html,
  langOf,
  languageSwitch,
  notice,
  problemOf,
  renderPage,
  type SafeHtml,
  type SiteConfig,
  signedInFormValid,
  siteBasics,
  speaker,
  uiLocaleOf,
  unexpectedErrors,
} from 'dinhdanh-example-shared'
import express, { type Express, type Request, type Response } from 'express'
import {
  type Authentication,
  BankStore,
  ConsentWithdrawnMeanwhile,
  DAILY_TRANSFER_LIMIT,
  LARGE_TRANSFER_LIMIT,
  type OpeningRecord,
  PENDING_TTL_SEC,
  type Transfer,
  TransferRefused,
} from './store.js'
import {
  type AbsentAttribute,
  accountBody,
  brand,
  confirmTransferBody,
  landingBody,
  noAccountBody,
  reviewBody,
  transferDoneBody,
  transferForm,
} from './views.js'
import { dialectBanner, dialectOpeningBody, largeTransferUnavailableBody } from './vneid-profile.js'

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
 * Online transfers over 10,000,000 VND, or over 20,000,000 VND in a day, need strong authentication for
 * each transaction (State Bank Decision 2345/QĐ-NHNN, biometric check against the chip ID card). The demo
 * uses a new VNeID level-2 authentication for it, shown with this purpose.
 */
const LARGE_TRANSFER_PURPOSE =
  'Xác thực giao dịch chuyển khoản trên 10.000.000 ₫ hoặc vượt 20.000.000 ₫ trong ngày'

/** A consent receipt that does not say what its record (and the bank's request) says. */
class ReceiptMismatch extends Error {}

/** What `createApp` needs. */
export interface BankDeps {
  client: EidClient
  config: SiteConfig
  /** The SQLite file of the bank's records (default `:memory:`). */
  databaseFile?: string
  /**
   * How `client` signs in: standard OpenID Connect (the default), or the VNeID dialect, which gives the
   * identity only and cannot ask for a fresh login: account opening and large transfers then explain
   * that they are not available (src/vneid-profile.ts).
   */
  profile?: EidProfile
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
export function createApp({
  client,
  config,
  databaseFile = ':memory:',
  profile = 'standard',
}: BankDeps): Express {
  const bank = new BankStore(databaseFile)
  const dialect = profile === 'vneid'
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
    const limit = formatVnd(LARGE_TRANSFER_LIMIT, lang)
    const daily = formatVnd(DAILY_TRANSFER_LIMIT, lang)
    if (pending) {
      bank.cancelTransfer(pending.id)
      page(
        req,
        res,
        {
          vi: 'Giao dịch lớn cần tài khoản định danh mức 2',
          en: 'Large transfers need a level 2 e-ID account',
        },
        html`<div id="level-too-low" data-context="transfer">${notice('warning', say(`Theo quy định của Ngân hàng Nhà nước, một giao dịch chuyển khoản trực tuyến trên ${limit}, hoặc khi tổng chuyển khoản trong ngày vượt ${daily}, phải được xác thực mạnh. Ngân hàng dùng tài khoản định danh điện tử mức 2 cho việc này, nhưng tài khoản VNeID của bạn đang ở mức 1. Giao dịch ${formatVnd(pending.amount, lang)} đến ${pending.recipient} chưa được thực hiện và không bị trừ tiền.`, `State Bank rules require strong authentication for an online transfer over ${limit}, or once the day's transfers go over ${daily} in total. The bank uses a level 2 e-ID account for it, but your VNeID account is at level 1. The transfer of ${formatVnd(pending.amount, lang)} to ${pending.recipient} was not made and nothing was debited.`))}</div>
<p>${howTo}</p>
<p>${say(`Trong lúc đó, với tài khoản mức 1 bạn vẫn chuyển khoản tối đa ${limit} mỗi lần và ${daily} mỗi ngày.`, `Meanwhile, transfers up to ${limit} at a time and ${daily} a day still work with your level 1 account.`)}</p>
<p><a class="button" id="small-transfer" href="/transfer">${say(`Chuyển khoản tối đa ${limit}`, `Transfer up to ${limit}`)}</a></p>`,
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
      // `/auth/login` is, in this app, the "share again" link of account opening (the review page links
      // to it with the missing attributes): the consent screen then shows the eKYC purpose, and the new
      // receipt covers that purpose. Internet banking signs in through `/banking` with its own purpose.
      defaults: { purpose: EKYC_PURPOSE },
      // ...and those links may ask only for the eKYC data: no link can put other data on that screen.
      queryAttributes: EKYC_ATTRIBUTES,
      onError: explain,
      // The citizen withdrew a consent on the VNeID portal. The adapter already removed those attributes
      // from every session; the bank deletes what it copied into its own database (see withdrawConsent
      // for what the law makes it keep). Idempotent: the provider retries events. The consent id is
      // remembered even when the bank holds no receipt for it yet (an account opening in flight).
      onConsentWithdrawn: (event) => {
        bank.withdrawConsent(event.consentId, event.withdrawnAt)
      },
    }),
  )

  app.get('/', (req, res) =>
    page(
      req,
      res,
      { vi: 'Ngân hàng số Sen Vàng', en: 'Golden Lotus digital bank' },
      dialect ? html`${dialectBanner(res)}${landingBody(req, res)}` : landingBody(req, res),
    ),
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
  // On the VNeID dialect, which releases the identity only, the guard asks for level 2 alone and the
  // page explains what eKYC needs that this sign-in cannot bring.
  const ekycGuard = dialect
    ? requireSignIn({ level: 2, purpose: EKYC_PURPOSE })
    : requireAttributes(EKYC_ATTRIBUTES, { purpose: EKYC_PURPOSE, level: 2 })

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
    if (dialect) {
      return page(
        req,
        res,
        { vi: 'Mở tài khoản trực tuyến', en: 'Open an account online' },
        dialectOpeningBody(req, res, { purpose, portalUrl: config.portalUrl }),
      )
    }
    page(
      req,
      res,
      { vi: 'Mở tài khoản trực tuyến', en: 'Open an account online' },
      reviewBody(req, res, { purpose, portalUrl: config.portalUrl, absent: absentEkycData(req) }),
    )
  })

  /**
   * The eKYC data the session does not hold. The guard asks for each attribute once per session: what
   * the citizen did not tick (or does not hold) is in `req.eid.missing`, what a data source failed to
   * give in `req.eid.unavailable`, and the review page explains it instead of asking in circles.
   */
  function absentEkycData(req: Request): AbsentAttribute[] {
    const { attributes, granted, unavailable } = req.eid
    const held: Record<(typeof EKYC_ATTRIBUTES)[number], unknown> = {
      identity: req.eid.citizen,
      address: attributes.address,
      phone: attributes.phone,
      id_card: attributes.idCard,
    }
    return EKYC_ATTRIBUTES.filter((name) => !granted.includes(name) || held[name] === undefined).map(
      (name) => ({
        name,
        why: unavailable.some((entry) => entry.attribute === name) ? 'unavailable' : 'missing',
      }),
    )
  }

  app.post('/open-account', async (req, res) => {
    if (!signedInFormValid(req, config.baseUrl)) return csrfRefused(req, res)
    const { citizen, attributes, subject } = req.eid
    // The confirm must come from a level-2 session that still holds every eKYC attribute (a withdrawal
    // in between removes them): otherwise, back to the review page, which explains what is missing and
    // offers to share it again (the guard does not ask again by itself, so this cannot loop).
    if (
      !subject ||
      req.eid.level < 2 ||
      absentEkycData(req).length > 0 ||
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
      if (error instanceof ReceiptMismatch) return receiptProblem(req, res, undefined)
      if (!isEidError(error)) throw error
      return receiptProblem(req, res, error)
    }
    if (!receipts) return consentMissing(req, res)
    const card = attributes.idCard
    // Everything after the provider calls is one SQLite transaction: account, customer, receipts. It
    // stores nothing when the citizen already has an account (a double submit) or when one of these
    // consents was withdrawn since the receipts were fetched.
    let opened: ReturnType<BankStore['openAccount']>
    try {
      opened = bank.openAccount({
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
    } catch (error) {
      if (error instanceof ConsentWithdrawnMeanwhile) return consentMissing(req, res)
      throw error
    }
    res.redirect(303, opened.created ? '/account?opened=1' : '/account')
  })

  function consentMissing(req: Request, res: Response): void {
    const say = speaker(res)
    page(
      req,
      res,
      { vi: 'Chưa tìm thấy sự đồng ý', en: 'The consent was not found' },
      html`<div id="consent-missing">${notice('warning', say('VNeID không còn sự đồng ý nào cho mục đích mở tài khoản (có thể bạn vừa rút lại). Chưa có tài khoản nào được mở và không có dữ liệu nào được lưu. Vui lòng chia sẻ lại.', 'VNeID holds no active consent for opening an account (you may have just withdrawn it). No account was opened and nothing was stored. Please share again.'))}</div><p><a class="button" href="/open-account">${say('Thử lại', 'Try again')}</a></p>`,
      409,
    )
  }

  /**
   * The signed receipts of the consents that cover the eKYC data, verified. The eKYC data (address,
   * phone, ID card) is covered by the newest active consents with the eKYC purpose: usually one, or two
   * when the citizen shared something again later ("share again" asks only for what was missing).
   * Identity is covered by one of them or, when it was shared earlier in the session (a customer signed in
   * first, then opened the account), by the consent of that sign-in. `undefined` when the provider holds
   * no such active consents. Throws {@link ReceiptMismatch} when a signed receipt does not say what its
   * record says, or when the signed receipts do not cover what the bank asked for.
   */
  async function consentReceipts(subject: string): Promise<OpeningRecord['receipts'] | undefined> {
    const records = [...(await client.consents.list({ subject, status: 'active' }))].sort(
      (a, b) => b.grantedAt - a.grantedAt,
    )
    const chosen = coverEkyc(records)
    if (!chosen) return undefined
    const receipts = await Promise.all(
      chosen.map(async (record) => {
        // The signature, issuer, audience and type are checked by the SDK. The bank checks that the
        // signed receipt is about this citizen and this consent, and states the purpose and the data of
        // the record: the record itself is not signed, only its receipt is proof.
        const receipt = await client.verifyConsentReceipt(record.receipt)
        if (
          receipt.subject !== subject ||
          receipt.consentId !== record.id ||
          receipt.purpose !== record.purpose ||
          !sameSet(receipt.attributes, record.attributes)
        ) {
          throw new ReceiptMismatch('the consent receipt does not match its record')
        }
        return { jwt: record.receipt, receipt }
      }),
    )
    // What the bank asked for, read from the signed receipts alone.
    if (coverEkyc(receipts.map(({ receipt }) => receipt))?.length !== receipts.length) {
      throw new ReceiptMismatch('the consent receipts do not cover the eKYC purpose and data')
    }
    return receipts
  }

  // The consent API or the receipt check failed: nothing was stored (the provider calls come before
  // the database transaction), so the citizen can simply try again.
  // A receipt that does not match (`error` undefined) is refused the same way: nothing is stored.
  function receiptProblem(req: Request, res: Response, error: EidError | undefined): void {
    const say = speaker(res)
    const down = error !== undefined && problemOf(error) === 'provider_down'
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
    const form = transferForm(req, res, account, {}, bank.todaysTotal(account.number))
    page(req, res, transferTitle, dialect ? html`${dialectBanner(res)}${form}` : form)
  })

  app.post('/transfer', requireSignIn(), (req, res) => {
    if (!signedInFormValid(req, config.baseUrl)) return csrfRefused(req, res)
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
    if (error) {
      const body = transferForm(req, res, account, { ...form, error }, bank.todaysTotal(account.number))
      return page(req, res, transferTitle, body, 400)
    }
    // On the VNeID dialect no authentication can be proved fresh: a transfer that needs one is refused
    // before it is recorded (and, should another one have raced it past the limit, cancelled below).
    const needsStrong = (total: number) =>
      amount > LARGE_TRANSFER_LIMIT || total + amount > DAILY_TRANSFER_LIMIT
    if (dialect && needsStrong(bank.todaysTotal(account.number))) {
      return page(req, res, transferTitle, largeTransferUnavailableBody(res, amount), 403)
    }
    // One SQLite transaction records the transfer and decides: within the limits (10,000,000 ₫ at a
    // time, 20,000,000 ₫ today in total), this POST with its CSRF token is the confirmation and the
    // account is debited; over them, the transfer waits for a strong confirmation, whatever the
    // session's level (a level-2 session signed in an hour ago is not a confirmation of this transfer).
    const transfer = executeOrExplain(req, res, () =>
      bank.createTransfer(
        account,
        { recipient: form.recipient, amount, note: form.note },
        authenticationOf(req),
      ),
    )
    if (!transfer) return
    if (dialect && transfer.status === 'pending') {
      bank.cancelTransfer(transfer.id)
      return page(req, res, transferTitle, largeTransferUnavailableBody(res, amount), 403)
    }
    res.redirect(
      303,
      transfer.status === 'done' ? `/transfer/${transfer.id}` : `/transfer/${transfer.id}/confirm`,
    )
  })

  /** The transfer of the URL when it is this citizen's and still waits for its confirmation. */
  function pendingOf(req: Request): Transfer | undefined {
    const transfer = bank.transfer(String(req.params.id))
    const now = Math.floor(Date.now() / 1000)
    return transfer?.status === 'pending' &&
      transfer.subject === req.eid.subject &&
      transfer.createdAt > now - PENDING_TTL_SEC
      ? transfer
      : undefined
  }

  /** The session's authentication, for the transfer rules: its level and the sign-in behind it. */
  function authenticationOf(req: Request): Authentication {
    return { level: req.eid.level, signIn: req.eid.signIn }
  }

  // Strong authentication of one transfer: level 2 AND a sign-in that demanded a new authentication,
  // started after the transfer was requested, and confirmed no other transfer (`mayConfirm` in
  // store.ts). Until then `maxAgeSec` is -1: no earlier authentication is recent enough, so the guard
  // sends the citizen to VNeID again with prompt=login (max_age=0), whatever `auth_time` says (a sign-in
  // in the same second as the request, or the provider's single sign-on, would otherwise pass). The same
  // guard protects the POST, which then gets 401 instead of a redirect. A transfer already done or gone
  // needs no fresh authentication: the handlers show it.
  const transferAuthentication = requireSignIn({
    level: 2,
    purpose: LARGE_TRANSFER_PURPOSE,
    maxAgeSec: (req) => {
      const transfer = pendingOf(req)
      if (!transfer || bank.mayConfirm(transfer, authenticationOf(req))) return undefined
      return -1
    },
  })

  // This GET only shows the confirm form; it never moves money.
  app.get('/transfer/:id/confirm', transferAuthentication, (req, res) => {
    const transfer = bank.transfer(String(req.params.id))
    if (!transfer || transfer.subject !== req.eid.subject) return notFound(req, res)
    if (transfer.status === 'done') return res.redirect(303, `/transfer/${transfer.id}`)
    if (!pendingOf(req)) return transferExpired(req, res)
    page(
      req,
      res,
      { vi: 'Xác nhận chuyển khoản', en: 'Confirm the transfer' },
      confirmTransferBody(req, res, transfer),
    )
  })

  app.post('/transfer/:id/confirm', transferAuthentication, (req, res) => {
    if (!signedInFormValid(req, config.baseUrl)) return csrfRefused(req, res)
    const transfer = bank.transfer(String(req.params.id))
    if (!transfer || transfer.subject !== req.eid.subject) return notFound(req, res)
    // The store checks again, in the debit's transaction, that the authentication is newer than the
    // request and confirmed nothing else (defence in depth); a double click shows the transfer as done.
    const done = executeOrExplain(req, res, () => bank.confirmTransfer(transfer.id, authenticationOf(req)))
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
      } else if (error.reason === 'reauthentication_required') {
        page(
          req,
          res,
          transferTitle,
          html`<div id="transfer-reauthentication">${notice('warning', speaker(res)('Giao dịch này cần một lần xác thực VNeID mức 2 mới, thực hiện sau khi bạn tạo giao dịch. Không có khoản tiền nào bị trừ.', 'This transfer needs a new VNeID level 2 authentication, made after you asked for the transfer. Nothing was debited.'))}</div><p><a class="button" href="${req.originalUrl}">${speaker(res)('Xác thực lại và xác nhận', 'Authenticate again and confirm')}</a></p>`,
          403,
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
  // already covers), or anything unexpected. A friendly page, never a stack trace.
  app.use(
    unexpectedErrors(brand, {
      explain,
      message: {
        vi: 'Ngân hàng gặp sự cố kỹ thuật. Không có giao dịch nào được thực hiện dở dang. Vui lòng thử lại sau.',
        en: 'The bank hit a technical problem. No transaction was left half-done. Please try again later.',
      },
    }),
  )

  return app
}

/** The same attribute names, in any order. */
function sameSet(a: readonly AttributeName[], b: readonly AttributeName[]): boolean {
  return a.length === b.length && a.every((name) => b.includes(name)) && b.every((name) => a.includes(name))
}

/**
 * The consents (newest first) that together cover the eKYC request: those with the eKYC purpose that add
 * address, phone or ID card, then, when none of them covers identity, the newest one that does (whatever
 * its purpose). `undefined` when they do not cover it all.
 */
function coverEkyc<T extends { purpose: string; attributes: readonly AttributeName[] }>(
  newestFirst: readonly T[],
): T[] | undefined {
  const needed = new Set<AttributeName>(EKYC_ATTRIBUTES.filter((name) => name !== 'identity'))
  const chosen: T[] = []
  for (const consent of newestFirst) {
    if (consent.purpose !== EKYC_PURPOSE || !consent.attributes.some((name) => needed.has(name))) continue
    chosen.push(consent)
    for (const name of consent.attributes) needed.delete(name)
  }
  if (needed.size > 0 || chosen.length === 0) return undefined
  if (!chosen.some((consent) => consent.attributes.includes('identity'))) {
    const identity = newestFirst.find((consent) => consent.attributes.includes('identity'))
    if (!identity) return undefined
    chosen.push(identity)
  }
  return chosen
}

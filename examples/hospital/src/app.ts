/**
 * Bệnh viện Đa khoa Hồng Hà: patient check-in with VNeID.
 *
 * Two journeys:
 * - Online check-in (`/check-in`): the patient signs in with VNeID and shares their health-insurance card
 *   and vaccination history; the page checks the card against today's date, explains an expired, missing
 *   or unreachable card, and gives a queue number.
 * - The reception desk (`/desk`): a clerk types the patient's personal ID number, the patient approves on
 *   their own phone (decoupled sign-in, OpenID Connect CIBA in poll mode), and the desk shows the result.
 */
import { type AttributeName, type EidClient, EidProviderError } from '@dinhdanh/client'
import { safeParsePersonalId } from '@dinhdanh/client/schemas'
import { eidAuth, requireAttributes, requireSignIn } from '@dinhdanh/express'
import {
  type Bilingual,
  type Brand,
  type ExampleConfig,
  formatDate,
  friendlySignInErrors,
  fromThisSite,
  html,
  langOf,
  languageSwitch,
  notice,
  renderPage,
  type SafeHtml,
  sharedDataPanel,
  signedInFormValid,
  siteBasics,
  speaker,
  uiLocaleOf,
  unexpectedErrors,
} from 'dinhdanh-example-shared'
import express, { type Express, type Request, type Response } from 'express'
import {
  CHECK_IN_ATTRIBUTES,
  CHECK_IN_PURPOSE,
  DEPARTMENTS,
  insuranceStatus,
  PAYMENT_LABELS,
  type Payment,
  paymentOptions,
  Queue,
} from './check-in.js'
import {
  DEFAULT_DESK_PIN,
  DeskAccess,
  DeskBusyError,
  type DeskRequest,
  DeskRequests,
  type PinThrottleOptions,
} from './desk.js'
import { insurancePanel, vaccinationPanel } from './views.js'

/** The hospital's brand on every page. */
export const brand: Brand = {
  name: { vi: 'Bệnh viện Đa khoa Hồng Hà', en: 'Hồng Hà General Hospital' },
  tagline: { vi: 'Tiếp đón người bệnh bằng VNeID', en: 'Patient check-in with VNeID' },
  mark: 'HH',
  color: '#0b6e4f',
  nav: [
    { href: '/', vi: 'Trang chủ', en: 'Home' },
    { href: '/check-in', vi: 'Đăng ký khám', en: 'Check in' },
    { href: '/desk', vi: 'Quầy tiếp đón', en: 'Reception desk' },
  ],
}

/** The purpose of the desk's decoupled sign-in, shown on the patient's phone. */
export const DESK_PURPOSE: Bilingual = {
  vi: 'Tiếp nhận người bệnh tại quầy: kiểm tra thẻ bảo hiểm y tế và tiền sử tiêm chủng',
  en: 'Registering the patient at the desk: checking the health-insurance card and vaccination history',
}

/**
 * The demo's desk PIN when `deskPin` is not given. It is published on the demo's pages, so `server.ts`
 * refuses to start with it anywhere but on loopback (see `deskPinFromEnv`).
 */
export { DEFAULT_DESK_PIN }

/** What `createApp` needs. */
export interface HospitalDeps {
  client: EidClient
  config: ExampleConfig
  /**
   * The PIN that unlocks the reception desk (default {@link DEFAULT_DESK_PIN}, the demo's published PIN:
   * fine in tests and on loopback only; `server.ts` checks that with `deskPinFromEnv`).
   */
  deskPin?: string
  /** How wrong desk PINs are throttled (defaults: 5 per address and 50 in all per 10 minutes). */
  deskPinThrottle?: PinThrottleOptions
  /** The clock the card validity is checked against (tests pin it). */
  now?: () => Date
}

/**
 * Builds the hospital's app.
 *
 * @example
 * ```ts
 * const { pin } = deskPinFromEnv(process.env) // throws when the demo PIN would be reachable from outside
 * const app = createApp({ client, config, deskPin: pin })
 * app.listen(3002)
 * ```
 */
export function createApp({
  client,
  config,
  deskPin,
  deskPinThrottle,
  now = () => new Date(),
}: HospitalDeps): Express {
  const app = express()
  const queue = new Queue()
  const desk = new DeskAccess({
    pin: deskPin ?? DEFAULT_DESK_PIN,
    secret: config.sessionSecret,
    secure: config.baseUrl.startsWith('https:'),
    ...(deskPinThrottle && { throttle: deskPinThrottle }),
  })
  const deskRequests = new DeskRequests()
  const explainError = friendlySignInErrors(brand, {
    portalUrl: config.portalUrl,
    texts: {
      declined: {
        title: { vi: 'Bạn đã không chia sẻ dữ liệu', en: 'You chose not to share' },
        body: {
          vi: 'Bạn đã hủy hoặc từ chối chia sẻ trên VNeID, nên chưa thể đăng ký khám trực tuyến. Bạn vẫn có thể đăng ký trực tiếp tại quầy tiếp đón với thẻ bảo hiểm y tế giấy.',
          en: 'You cancelled or declined on VNeID, so online check-in cannot go ahead. You can still check in at the reception desk with your paper health-insurance card.',
        },
      },
    },
  })

  app.disable('x-powered-by')
  app.use(siteBasics({ providerOrigin: new URL(config.issuer).origin }))
  app.use(languageSwitch())
  app.use(express.urlencoded({ extended: false, limit: '8kb' }))
  app.use(
    eidAuth({
      client,
      baseUrl: config.baseUrl,
      session: { secret: config.sessionSecret, cookieName: 'hospital_session' },
      // The provider's screens in the language the citizen chose here.
      uiLocales: uiLocaleOf,
      onError: explainError,
      // `/auth/login` (the "share again" link) asks anew for the same data, with the same purpose.
      defaults: { attributes: [...CHECK_IN_ATTRIBUTES], purpose: CHECK_IN_PURPOSE.vi },
      // Links may ask for the check-in data again, nothing else (a crafted link cannot add education…).
      queryAttributes: CHECK_IN_ATTRIBUTES,
    }),
  )

  const page = (req: Request, res: Response, title: Bilingual, body: SafeHtml, refreshSec?: number) =>
    res.type('html').send(
      renderPage(req, res, brand, {
        title,
        body,
        portalUrl: config.portalUrl,
        ...(refreshSec && { refreshSec }),
      }),
    )

  const message = (req: Request, res: Response, status: number, title: Bilingual, body: SafeHtml) => {
    res.status(status)
    page(
      req,
      res,
      title,
      html`${body}<p><a class="button secondary" href="/">${speaker(res)('Về trang chủ', 'Home')}</a></p>`,
    )
  }

  app.get('/', (req, res) => {
    const say = speaker(res)
    page(
      req,
      res,
      { vi: 'Đăng ký khám bệnh trực tuyến bằng VNeID', en: 'Check in online for your visit with VNeID' },
      html`<p>${say('Không cần xếp hàng lấy số, không cần khai lại thông tin: đăng nhập bằng VNeID, chia sẻ thẻ bảo hiểm y tế và lịch sử tiêm chủng, chọn khoa khám và nhận số thứ tự.', 'No queue for a number, no forms to fill in: sign in with VNeID, share your health-insurance card and vaccination history, choose a department and get your queue number.')}</p>
${notice('info', say('Bệnh viện chỉ nhận thẻ bảo hiểm y tế, lịch sử tiêm chủng và thông tin định danh của bạn, chỉ để tiếp nhận khám. Bạn xem và rút lại sự đồng ý bất cứ lúc nào trên cổng công dân VNeID.', 'The hospital receives only your health-insurance card, vaccination history and identity, only to register your visit. You can see and withdraw your consent at any time on the VNeID citizen portal.'))}
<p><a class="button vneid" id="check-in" href="/check-in">${say('Đăng ký khám bằng VNeID', 'Check in with VNeID')}</a></p>
<p class="muted">${say('Nhân viên tiếp đón:', 'Reception staff:')} <a id="desk-link" href="/desk">${say('mở quầy tiếp đón', 'open the reception desk')}</a></p>`,
    )
  })

  // --- Online check-in -------------------------------------------------------------------------------

  // Level 1 is enough to check in: see `paymentOptions` in check-in.ts for how the level then decides
  // whether the card in VNeID replaces presenting it (level 2) or reception checks the chip ID card.
  // Signed out, the guard signs the patient in with identity (the medical record must know who the
  // patient is), the card and the vaccinations; signed in, it asks only for what was never asked in this
  // session. It asks once: a patient without a card is not sent back to VNeID on every visit.
  const askForCheckIn = requireAttributes(CHECK_IN_ATTRIBUTES, { purpose: CHECK_IN_PURPOSE.vi })

  /**
   * The card and vaccinations of the signed-in patient, and whether their source did not answer. What did
   * not arrive is either in `req.eid.unavailable` (the register was down) or in `req.eid.missing` (not
   * ticked, or not held: no card).
   */
  function checkInData(req: Request) {
    const { attributes, unavailable } = req.eid
    const down = (name: AttributeName) => unavailable.some((entry) => entry.attribute === name)
    return {
      card: attributes.healthInsurance,
      vaccinations: attributes.vaccination,
      cardUnavailable: down('health_insurance'),
      vaccinationUnavailable: down('vaccination'),
    }
  }

  app.get('/check-in', askForCheckIn, (req, res) => {
    const data = checkInData(req)
    const status = insuranceStatus({ card: data.card, unavailable: data.cardUnavailable }, now())
    const options = paymentOptions(status, req.eid.level)
    const ticket = queue.ticketOf(req.eid.subject ?? '', now())
    const say = speaker(res)
    const lang = langOf(res)
    const citizen = req.eid.citizen
    // The guard does not ask again for an item not shared (card or vaccinations); this link does (the
    // login route always asks anew). It is offered once, under the first item that did not arrive.
    const cardNotReceived = status.kind === 'missing' || status.kind === 'unavailable'
    const retry = html`<p><a class="button secondary" id="share-again" href="/auth/login?attributes=health_insurance,vaccination&amp;returnTo=%2Fcheck-in">${say('Chia sẻ lại từ VNeID', 'Share again from VNeID')}</a></p>`
    const queueBox = ticket
      ? html`<section class="card" id="queue-ticket" data-number="${ticket.number}">
<p>${say('Số thứ tự:', 'Queue number:')} <strong id="queue-number">${ticket.number}</strong></p>
<p>${say('Khoa', 'Department')}: ${ticket.department.name[lang]} · ${PAYMENT_LABELS[ticket.payment][lang]}</p>
<p class="muted">${ticket.payment === 'insurance' ? say('Mời bạn đến thẳng khu chờ của khoa, không cần qua quầy tiếp đón.', 'Please go straight to the waiting area of the department; no need to stop at reception.') : say('Mời bạn đến quầy tiếp đón trước khi vào khu chờ.', 'Please stop at reception before going to the waiting area.')}</p>
</section>`
      : html`<form method="post" action="/check-in/queue" class="panel stack" id="queue-form">
<h2>${say('Lấy số thứ tự', 'Get a queue number')}</h2>
<input type="hidden" name="_csrf" value="${req.eid.csrfToken}">
<label for="department">${say('Khoa khám', 'Department')}</label>
<select id="department" name="department">${DEPARTMENTS.map((d) => html`<option value="${d.id}">${d.name[lang]}</option>`)}</select>
<fieldset><legend>${say('Hình thức khám', 'How the visit is paid')}</legend>
${options.map((option, index) => html`<div><input type="radio" id="payment-${option}" name="payment" value="${option}"${index === 0 ? html` checked` : ''}> <label for="payment-${option}">${PAYMENT_LABELS[option][lang]}</label></div>`)}
</fieldset>
<button type="submit" id="take-number">${say('Lấy số', 'Get my number')}</button>
</form>`
    page(
      req,
      res,
      { vi: 'Đăng ký khám bệnh', en: 'Check-in' },
      html`<p>${say('Xin chào', 'Hello')} <strong id="patient-name">${citizen?.fullName ?? ''}</strong>.</p>
${queueBox}
${insurancePanel(res, status, req.eid.level, 'patient')}
${cardNotReceived ? retry : ''}
${vaccinationPanel(res, data.vaccinations, data.vaccinationUnavailable, 'patient')}
${!cardNotReceived && data.vaccinations === undefined ? retry : ''}
${sharedDataPanel(res, {
  purpose: CHECK_IN_PURPOSE,
  rows: [
    [{ vi: 'Họ và tên', en: 'Full name' }, citizen?.fullName],
    [{ vi: 'Số định danh cá nhân', en: 'Personal ID number' }, citizen?.personalId],
    [{ vi: 'Ngày sinh', en: 'Date of birth' }, formatDate(citizen?.birthDate)],
    [
      { vi: 'Thẻ bảo hiểm y tế', en: 'Health-insurance card' },
      data.card?.number ??
        (data.cardUnavailable
          ? say('Hệ thống BHYT không phản hồi', 'Insurance system not responding')
          : say('Không nhận được', 'Not received')),
    ],
    [
      { vi: 'Lịch sử tiêm chủng', en: 'Vaccination history' },
      data.vaccinations
        ? say(`${data.vaccinations.length} mũi tiêm`, `${data.vaccinations.length} doses`)
        : data.vaccinationUnavailable
          ? say('Hệ thống tiêm chủng không phản hồi', 'Vaccination register not responding')
          : say('Không được chia sẻ', 'Not shared'),
    ],
  ],
  portalUrl: config.portalUrl,
  note: {
    vi: 'Bệnh viện lưu số thứ tự và mã định danh VNeID (sub) của bạn trong ngày khám; hồ sơ bệnh án được lưu theo quy định về khám chữa bệnh.',
    en: 'The hospital keeps your queue number and your VNeID subject id for the day of the visit; medical records are kept as health-care law requires.',
  },
})}`,
    )
  })

  app.post('/check-in/queue', requireSignIn(), (req, res) => {
    const say = speaker(res)
    if (!signedInFormValid(req, config.baseUrl)) return refuseForgedPost(req, res)
    const department = DEPARTMENTS.find((d) => d.id === req.body.department)
    // The payment is decided again on the server: never trust a radio button for "billed to insurance".
    const data = checkInData(req)
    const status = insuranceStatus({ card: data.card, unavailable: data.cardUnavailable }, now())
    const allowed = paymentOptions(status, req.eid.level)
    const payment = allowed.find((option) => option === req.body.payment) as Payment | undefined
    if (!department || !payment) {
      return message(
        req,
        res,
        400,
        { vi: 'Chưa lấy được số', en: 'No number yet' },
        html`${notice('error', say('Vui lòng chọn khoa khám và một hình thức khám có trong danh sách.', 'Please choose a department and one of the listed ways to pay.'))}<p><a href="/check-in">${say('Quay lại', 'Back')}</a></p>`,
      )
    }
    queue.take(req.eid.subject ?? '', now(), department, payment)
    res.redirect(303, '/check-in')
  })

  function refuseForgedPost(req: Request, res: Response): void {
    message(
      req,
      res,
      403,
      { vi: 'Yêu cầu không hợp lệ', en: 'Request refused' },
      notice(
        'error',
        speaker(res)(
          'Biểu mẫu đã hết hạn hoặc không gửi từ trang của bệnh viện. Vui lòng tải lại trang và thử lại.',
          "The form expired or was not sent from the hospital's page. Please reload the page and try again.",
        ),
      ),
    )
  }

  // --- Reception desk: decoupled sign-in (CIBA) -------------------------------------------------------

  function pinForm(req: Request, res: Response, status: number, error?: string): void {
    const say = speaker(res)
    res.status(status)
    page(
      req,
      res,
      { vi: 'Quầy tiếp đón', en: 'Reception desk' },
      html`${notice('info', say('Trang dành cho nhân viên tiếp đón. Bản trình diễn mở quầy bằng mã PIN; bệnh viện thật dùng hệ thống đăng nhập nhân viên của mình.', 'For reception staff only. The demo unlocks the desk with a PIN; a real hospital uses its own staff sign-in.'))}
${error ? html`<div id="desk-pin-error">${notice('error', error)}</div>` : ''}
<form method="post" action="/desk/unlock" class="panel stack" id="desk-pin-form">
<label for="pin">${say('Mã PIN của quầy', 'Desk PIN')}</label>
<input type="password" id="pin" name="pin" inputmode="numeric" autocomplete="off" maxlength="12" required>
<button type="submit" id="desk-unlock">${say('Mở quầy', 'Unlock the desk')}</button>
</form>`,
    )
  }

  /** The unlocked desk's id, or answers with the PIN form (401) and returns `undefined`. */
  function deskOf(req: Request, res: Response): string | undefined {
    const deskId = desk.current(req)
    if (!deskId) pinForm(req, res, 401)
    return deskId
  }

  function deskForm(
    req: Request,
    res: Response,
    deskId: string,
    values: {
      status?: number
      personalId?: string
      bindingMessage?: string
      error?: string | SafeHtml
    } = {},
  ): void {
    const say = speaker(res)
    res.status(values.status ?? 200)
    page(
      req,
      res,
      { vi: 'Quầy tiếp đón', en: 'Reception desk' },
      html`<p>${say('Nhập số định danh cá nhân của người bệnh. Người bệnh xác nhận trên ứng dụng VNeID của mình; quầy nhận thẻ bảo hiểm y tế và lịch sử tiêm chủng.', "Type the patient's personal ID number. The patient approves on their own VNeID app; the desk receives the health-insurance card and the vaccination history.")}</p>
${values.error ? html`<div id="desk-error">${notice('error', values.error)}</div>` : ''}
<form method="post" action="/desk/requests" class="panel stack" id="desk-form">
<input type="hidden" name="_csrf" value="${desk.csrfToken(deskId)}">
<label for="patient-number">${say('Số định danh cá nhân (12 chữ số)', 'Personal ID number (12 digits)')}</label>
<input type="text" id="patient-number" name="personalId" inputmode="numeric" autocomplete="off" maxlength="20" required value="${values.personalId ?? ''}">
<label for="binding-message">${say('Mã hiển thị trên điện thoại (tên quầy)', 'Code shown on the phone (desk name)')}</label>
<input type="text" id="binding-message" name="bindingMessage" maxlength="32" required value="${values.bindingMessage ?? 'Quầy 1'}">
<button type="submit" id="desk-start">${say('Gửi yêu cầu xác nhận', 'Send the approval request')}</button>
</form>
<form method="post" action="/desk/lock"><input type="hidden" name="_csrf" value="${desk.csrfToken(deskId)}"><button type="submit" class="secondary" id="desk-lock">${say('Khóa quầy', 'Lock the desk')}</button></form>`,
    )
  }

  app.get('/desk', (req, res) => {
    const deskId = deskOf(req, res)
    if (deskId) deskForm(req, res, deskId)
  })

  // Staff unlock the desk signed out: the adapter's CSRF token would be one value for everyone, so the
  // same-origin check is what refuses a post from another site (the PIN itself is the secret).
  app.post('/desk/unlock', (req, res) => {
    const say = speaker(res)
    if (!fromThisSite(req, config.baseUrl)) return refuseForgedPost(req, res)
    const outcome = desk.unlock(req, res, req.body.pin)
    if (outcome.status === 'ok') return res.redirect(303, '/desk')
    if (outcome.status === 'wrong') return pinForm(req, res, 401, say('Mã PIN không đúng.', 'Wrong PIN.'))
    const minutes = Math.ceil(outcome.retryAfterSec / 60)
    res.set('retry-after', String(outcome.retryAfterSec))
    if (outcome.status === 'throttled') {
      return pinForm(
        req,
        res,
        429,
        say(
          `Nhập sai quá nhiều lần. Vui lòng thử lại sau ${minutes} phút.`,
          `Too many wrong attempts. Please try again in ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}.`,
        ),
      )
    }
    // Too many wrong PINs from all addresses together: nobody can unlock for the rest of the window.
    pinForm(
      req,
      res,
      429,
      say(
        `Việc mở quầy tạm dừng cho tất cả mọi người vì có quá nhiều lần nhập sai mã PIN. Vui lòng thử lại sau ${minutes} phút; các quầy đang mở vẫn làm việc bình thường. Nếu cần gấp, hãy báo bộ phận công nghệ thông tin của bệnh viện.`,
        `Unlocking the desk is paused for everyone after too many wrong PINs. Please try again in ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}; desks that are already unlocked keep working. If it is urgent, tell the hospital's IT department.`,
      ),
    )
  })

  app.post('/desk/lock', (req, res) => {
    const deskId = deskOf(req, res)
    if (!deskId) return
    if (!desk.validCsrf(deskId, req.body._csrf) || !fromThisSite(req, config.baseUrl))
      return refuseForgedPost(req, res)
    desk.lock(res)
    res.redirect(303, '/desk')
  })

  app.post('/desk/requests', async (req, res, next) => {
    const deskId = deskOf(req, res)
    if (!deskId) return
    if (!desk.validCsrf(deskId, req.body._csrf) || !fromThisSite(req, config.baseUrl))
      return refuseForgedPost(req, res)
    const say = speaker(res)
    const typed = String(req.body.personalId ?? '').replace(/[\s.-]/g, '')
    const bindingMessage = String(req.body.bindingMessage ?? '').trim()
    const parsed = safeParsePersonalId(typed)
    if (!parsed.ok) {
      const why = {
        format: say('cần đúng 12 chữ số', 'it must be exactly 12 digits'),
        province: say('3 chữ số đầu không phải mã tỉnh', 'the first 3 digits are not a province code'),
        century: say('chữ số thứ 4 không hợp lệ', 'the 4th digit is not valid'),
        future: say('năm sinh trong số này chưa đến', 'the birth year in this number is in the future'),
      }[parsed.reason]
      return deskForm(req, res, deskId, {
        status: 400,
        personalId: typed.slice(0, 20),
        bindingMessage,
        error: `${say('Số định danh không hợp lệ', 'Invalid personal ID number')}: ${why}.`,
      })
    }
    // Shown on the phone and at the desk so the patient approves the right request: plain words only.
    if (!/^[\p{L}\p{N} .,:#/+_-]{1,32}$/u.test(bindingMessage)) {
      return deskForm(req, res, deskId, {
        status: 400,
        personalId: typed,
        bindingMessage: '',
        error: say(
          'Mã hiển thị: 1 đến 32 chữ cái, chữ số, dấu cách hoặc .,:#/+_-',
          'Code shown on the phone: 1 to 32 letters, digits, spaces or .,:#/+_-',
        ),
      })
    }
    // Take the slot first (every limit at once), so no phone rings in vain and two requests sent at the
    // same moment cannot both pass; give it back if the provider does not take the request.
    let slot: ReturnType<DeskRequests['reserve']>
    try {
      slot = deskRequests.reserve({ deskId, personalId: parsed.value.value })
    } catch (error) {
      if (!(error instanceof DeskBusyError)) return next(error)
      return deskBusy(req, res, deskId, error, { personalId: typed, bindingMessage })
    }
    try {
      // Level 1, as online: the result page says when the card needs the chip ID card checked. The same
      // attributes as online check-in; the purpose (shown on the phone) says it is for the desk.
      const handle = await client.backchannelSignIn({
        loginHint: parsed.value.value,
        bindingMessage,
        attributes: CHECK_IN_ATTRIBUTES,
        purpose: DESK_PURPOSE.vi,
      })
      const entry = slot.start({
        bindingMessage,
        wait: async (signal) => {
          const result = await client.waitForBackchannelSignIn(handle, { signal })
          // The desk reads the data once: give the tokens back at once (best effort).
          client.revoke(result.tokens).catch(() => undefined)
          return result
        },
      })
      res.redirect(303, `/desk/requests/${entry.id}`)
    } catch (error) {
      slot.release()
      // CIBA Core 13: the number has no e-ID account that can approve (none, locked, not yet activated).
      if (error instanceof EidProviderError && error.error === 'unknown_user_id') {
        return deskForm(req, res, deskId, {
          status: 400,
          personalId: typed,
          bindingMessage,
          error: say(
            'Số này chưa có tài khoản VNeID đang hoạt động. Hãy tiếp nhận bằng thẻ bảo hiểm y tế giấy.',
            'This number has no active VNeID account. Register the patient with the paper health-insurance card.',
          ),
        })
      }
      next(error)
    }
  })

  /** Why the desk cannot send this request now, on the desk's form (the typed values kept). */
  function deskBusy(
    req: Request,
    res: Response,
    deskId: string,
    error: DeskBusyError,
    values: { personalId: string; bindingMessage: string },
  ): void {
    const say = speaker(res)
    const retryAfterSec = error.details.retryAfterSec ?? 60
    let status: number
    let text: string | SafeHtml
    switch (error.reason) {
      case 'number_pending': {
        status = 409
        const own = error.details.requestId
        text = html`${say(
          'Số định danh này đã có một yêu cầu đang chờ người bệnh xác nhận. Mời người bệnh trả lời trên điện thoại, hoặc chờ yêu cầu hết hạn rồi gửi lại.',
          'This personal ID number already has a request waiting for the patient to approve. Ask the patient to answer it on their phone, or wait until it expires and send it again.',
        )}${own ? html` <a id="desk-pending-request" href="/desk/requests/${own}">${say('Xem yêu cầu đang chờ', 'See the waiting request')}</a>` : ''}`
        break
      }
      case 'rate':
        status = 429
        res.set('retry-after', String(retryAfterSec))
        text = say(
          `Quầy đã gửi nhiều yêu cầu trong một phút. Vui lòng chờ ${retryAfterSec} giây rồi gửi lại.`,
          `This desk has sent many requests in the last minute. Please wait ${retryAfterSec} seconds and send it again.`,
        )
        break
      case 'desk_full':
        status = 429
        text = say(
          'Quầy đang có quá nhiều yêu cầu chờ người bệnh xác nhận. Hãy chờ người bệnh trả lời, hoặc xóa các yêu cầu đã xong, rồi gửi lại.',
          'This desk has too many requests waiting for patients to approve. Wait for the patients to answer, or clear the finished ones, then send it again.',
        )
        break
      case 'full':
        status = 503
        text = say(
          'Có quá nhiều yêu cầu đang chờ xác nhận. Vui lòng thử lại sau ít phút.',
          'Too many requests are waiting for approval. Please try again in a few minutes.',
        )
        break
    }
    deskForm(req, res, deskId, {
      status,
      ...values,
      error: html`<span data-busy="${error.reason}">${text}</span>`,
    })
  }

  app.get('/desk/requests/:id', (req, res) => {
    const deskId = deskOf(req, res)
    if (!deskId) return
    const entry = deskRequests.get(String(req.params.id), deskId)
    if (!entry) {
      return message(
        req,
        res,
        404,
        { vi: 'Không tìm thấy yêu cầu', en: 'Request not found' },
        notice(
          'info',
          speaker(res)(
            'Yêu cầu đã kết thúc hoặc đã được xóa khỏi quầy (sau 15 phút).',
            'The request has ended or was cleared from the desk (after 15 minutes).',
          ),
        ),
      )
    }
    const waiting = entry.outcome.status === 'waiting'
    page(
      req,
      res,
      { vi: 'Yêu cầu tại quầy', en: 'Desk request' },
      deskRequestBody(res, entry, deskId),
      waiting ? 2 : undefined,
    )
  })

  app.post('/desk/requests/:id/close', (req, res) => {
    const deskId = deskOf(req, res)
    if (!deskId) return
    if (!desk.validCsrf(deskId, req.body._csrf) || !fromThisSite(req, config.baseUrl))
      return refuseForgedPost(req, res)
    deskRequests.remove(String(req.params.id), deskId)
    res.redirect(303, '/desk')
  })

  function deskRequestBody(res: Response, entry: DeskRequest, deskId: string): SafeHtml {
    const say = speaker(res)
    const outcome = entry.outcome
    const done = html`<form method="post" action="/desk/requests/${entry.id}/close"><input type="hidden" name="_csrf" value="${desk.csrfToken(deskId)}"><button type="submit" id="desk-done">${say('Xong, xóa khỏi màn hình', 'Done, clear the screen')}</button></form>`
    const header = html`<p>${say('Mã hiển thị', 'Code shown')}: <strong id="binding">${entry.bindingMessage}</strong> · ${say('số định danh', 'ID number')} …${entry.numberHint}</p>`
    switch (outcome.status) {
      case 'waiting':
        return html`<div id="desk-result" data-status="waiting">${header}
${notice('info', say('Đang chờ người bệnh xác nhận trên ứng dụng VNeID. Trang tự cập nhật mỗi 2 giây.', 'Waiting for the patient to approve on their VNeID app. This page refreshes every 2 seconds.'))}
<p class="muted">${say('Bản trình diễn: người bệnh xác nhận trên', 'Demo: the patient approves on')} <a id="phone-simulator" href="${config.issuer}/phone">${say('điện thoại mô phỏng của VNeID', "VNeID's phone simulator")}</a> ${say('(đăng nhập bằng số định danh và mật khẩu 123456).', '(sign in with the ID number and passcode 123456).')}</p></div>`
      case 'approved': {
        const patient = outcome.patient
        const status = insuranceStatus({ card: patient.card, unavailable: patient.cardUnavailable }, now())
        return html`<div id="desk-result" data-status="approved">${header}
${notice('success', say('Người bệnh đã xác nhận.', 'The patient approved.'))}
<section class="panel" id="patient"><h2>${say('Người bệnh', 'Patient')}</h2><dl>
<dt>${say('Họ và tên', 'Full name')}</dt><dd id="desk-patient-name">${patient.citizen?.fullName ?? '—'}</dd>
<dt>${say('Ngày sinh', 'Date of birth')}</dt><dd>${formatDate(patient.citizen?.birthDate)}</dd>
<dt>${say('Mức tài khoản', 'Account level')}</dt><dd>${patient.level}</dd></dl></section>
${insurancePanel(res, status, patient.level, 'desk')}
${vaccinationPanel(res, patient.vaccinations, patient.vaccinationUnavailable, 'desk')}
${done}</div>`
      }
      case 'nothing_shared':
        return html`<div id="desk-result" data-status="nothing_shared">${header}${notice('warning', say('Người bệnh đã xác nhận nhưng không có thông tin nào được chia sẻ (không chọn mục nào, hoặc không có hồ sơ cho mục đã chọn). Hãy tiếp nhận bằng giấy tờ.', 'The patient approved, but nothing was shared (nothing ticked, or no record for what was ticked). Register them with their papers.'))}${done}</div>`
      case 'refused':
        return html`<div id="desk-result" data-status="refused">${header}${notice('warning', say('Người bệnh đã từ chối trên điện thoại. Không có dữ liệu nào được chia sẻ; hãy tiếp nhận bằng giấy tờ.', 'The patient refused on the phone. Nothing was shared; register them with their papers.'))}${done}</div>`
      case 'expired':
        return html`<div id="desk-result" data-status="expired">${header}${notice('warning', say('Yêu cầu đã hết hạn vì người bệnh chưa xác nhận kịp. Hãy gửi lại yêu cầu.', 'The request expired before the patient approved it. Send a new request.'))}${done}</div>`
      case 'provider_down':
        return html`<div id="desk-result" data-status="provider_down">${header}${notice('warning', say('VNeID tạm thời không phản hồi. Hãy tiếp nhận bằng thẻ bảo hiểm y tế giấy hoặc thử lại sau ít phút.', 'VNeID is not responding right now. Register the patient with the paper card, or try again in a few minutes.'))}${done}</div>`
      case 'failed':
        return html`<div id="desk-result" data-status="failed" data-code="${outcome.code}">${header}${notice('error', say('Không hoàn tất được yêu cầu. Hãy gửi lại yêu cầu hoặc tiếp nhận bằng giấy tờ.', 'The request could not be completed. Send a new one, or register the patient with their papers.'))}${done}</div>`
    }
  }

  // --- Not found, and errors -------------------------------------------------------------------------

  app.use((req, res) => {
    message(req, res, 404, { vi: 'Không tìm thấy trang', en: 'Page not found' }, html``)
  })

  // Anything that escapes a route: an SDK error a desk route did not handle itself, or anything
  // unexpected. A friendly page, never a stack trace.
  app.use(
    unexpectedErrors(brand, {
      explain: explainError,
      message: {
        vi: 'Chúng tôi chưa xử lý được yêu cầu. Vui lòng thử lại sau ít phút.',
        en: 'We could not handle the request. Please try again in a few minutes.',
      },
    }),
  )

  return app
}

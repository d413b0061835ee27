/**
 * Hãng bay Cánh Cò (Stork Air): online check-in for domestic flights with the national e-ID.
 *
 * Since 2 August 2023 a level-2 e-ID account (VNeID) can replace the ID card on domestic flights, so the
 * airline checks passengers in online with that same account:
 *
 * 1. The passenger finds the booking (booking code + name as on the booking): no e-ID yet, the airline does
 *    not ask anyone to share data for a booking that does not exist.
 * 2. `/check-in/<PNR>` requires a level-2 sign-in and asks for identity only (name, personal ID number, birth
 *    date, gender): no address, no phone, nothing else. Level 2 because the boarding pass stands in for the
 *    ID-card check; a level-1 account (registered online, never verified in person) proves too little.
 * 3. The name on the booking is matched with the name in the national record (`name-match.ts`): a match
 *    issues the boarding pass, a mismatch sends the passenger to the counter with their ID card.
 */
import { createHmac, randomBytes } from 'node:crypto'
import type { EidClient } from '@dinhdanh/client'
import { eidAuth, requireSignIn } from '@dinhdanh/express'
import {
  type Bilingual,
  type Brand,
  type DataRow,
  type ExampleConfig,
  formatDate,
  friendlySignInErrors,
  html,
  langOf,
  languageSwitch,
  notice,
  readCookie,
  renderPage,
  type SafeHtml,
  sameSecret,
  sharedDataPanel,
  siteBasics,
  speaker,
  uiLocaleOf,
  unexpectedErrors,
} from 'dinhdanh-example-shared'
import express, { type Express, type Request, type Response } from 'express'
import { bcbp, codeDrawing } from './boarding-pass.js'
import { type Booking, boardingTime, demoBookings, parsePnr } from './bookings.js'
import { boardingPassName, matchBookingName, sameNameIgnoringDiacritics } from './name-match.js'

/** The airline's brand on every page. */
export const brand: Brand = {
  name: { vi: 'Hãng bay Cánh Cò', en: 'Stork Air' },
  tagline: { vi: 'Bay nội địa, làm thủ tục bằng VNeID', en: 'Domestic flights, check in with VNeID' },
  mark: 'CC',
  color: '#0b6e99',
  nav: [{ href: '/', vi: 'Làm thủ tục trực tuyến', en: 'Online check-in' }],
}

/**
 * The purpose on the VNeID consent screen. It says what the identity is used for (matching the name on the
 * ticket), so the citizen can see why a check-in needs it and that nothing else is asked.
 */
export const PURPOSE = 'Làm thủ tục chuyến bay nội địa: đối chiếu họ tên trên vé với dữ liệu định danh'
const PURPOSE_TEXT: Bilingual = {
  vi: PURPOSE,
  en: 'Domestic flight check-in: matching the name on the ticket with your identity record',
}

/** A boarding pass issued for a booking. Only what the airline needs: no name, no personal ID number. */
export interface CheckIn {
  pnr: string
  /** The citizen's `sub` at the provider: the same account gets the same pass again. */
  subject: string
  /** The check-in sequence number printed on the pass. */
  sequence: number
  issuedAt: Date
}

/** What `createApp` needs. */
export interface TravelDeps {
  client: EidClient
  config: ExampleConfig
  /** The bookings (default: the demo bookings on tomorrow's flights). */
  bookings?: readonly Booking[]
  /** Where issued boarding passes are kept, by booking code (default: a new in-memory map). */
  checkIns?: Map<string, CheckIn>
}

const FORM_COOKIE = 'travel_form'

/** This browser's form id (random, set by the landing page), when it has a well-formed one. */
function formIdOf(req: Request): string | undefined {
  const value = readCookie(req, FORM_COOKIE)
  return value && /^[\w-]{16,64}$/.test(value) ? value : undefined
}

/** `001090001234` → `001••••••234`: the panel lists the number without putting it whole on a screen. */
function maskedId(personalId: string): string {
  return `${personalId.slice(0, 3)}${'•'.repeat(Math.max(0, personalId.length - 6))}${personalId.slice(-3)}`
}

/**
 * Builds the airline's site.
 *
 * @example
 * ```ts
 * const app = createApp({ client, config })
 * app.listen(3003)
 * ```
 */
export function createApp({ client, config, bookings, checkIns }: TravelDeps): Express {
  const app = express()
  const table = new Map((bookings ?? demoBookings(new Date())).map((booking) => [booking.pnr, booking]))
  const issued = checkIns ?? new Map<string, CheckIn>()
  const secure = config.baseUrl.startsWith('https:')
  // The landing form is posted by visitors who are not signed in yet, for whom `req.eid.csrfToken` is one
  // token shared by every anonymous visitor. So the form has a token of its own: an HMAC, keyed by the
  // session secret, of a random value kept in this browser's cookie. A forged post from another site has
  // the cookie but cannot read the page to learn the token. The field is `csrf`, not `_csrf`, so it is never
  // confused with the sign-out form's `_csrf` in the header (the adapter's token, for signed-in visitors).
  const formKey = createHmac('sha256', config.sessionSecret).update('travel:landing-form').digest()
  const formToken = (id: string) => createHmac('sha256', formKey).update(id).digest('base64url')

  const explainError = friendlySignInErrors(brand, {
    portalUrl: config.portalUrl,
    texts: {
      level_too_low: {
        title: {
          vi: 'Cần tài khoản định danh điện tử mức 2 để làm thủ tục',
          en: 'A level 2 e-ID account is needed to check in',
        },
        body: {
          vi: 'Từ 2/8/2023, tài khoản định danh điện tử mức 2 thay thế thẻ căn cước khi đi máy bay nội địa, và làm thủ tục trực tuyến cần chính tài khoản đó. Tài khoản VNeID của bạn đang ở mức 1. Bạn có thể nâng lên mức 2 tại cơ quan Công an (mang theo thẻ căn cước gắn chip), hoặc làm thủ tục tại quầy của Cánh Cò ở sân bay với thẻ căn cước hay hộ chiếu còn hạn.',
          en: 'Since 2 August 2023 a level 2 e-ID account replaces the ID card on domestic flights, and online check-in needs that same account. Your VNeID account is at level 1. You can upgrade it to level 2 at the police (bring your chip ID card), or check in at the Stork Air counter at the airport with your ID card or a valid passport.',
        },
      },
      declined: {
        title: {
          vi: 'Chưa làm thủ tục: bạn đã không chia sẻ thông tin định danh',
          en: 'Not checked in: you did not share your identity',
        },
        body: {
          vi: 'Không có họ tên từ dữ liệu định danh, chúng tôi không thể đối chiếu với tên trên vé, nên chưa cấp thẻ lên máy bay. Chúng tôi không nhận được dữ liệu nào. Bạn có thể thử lại, hoặc làm thủ tục tại quầy ở sân bay.',
          en: 'Without the name from your identity record we cannot match the name on the ticket, so no boarding pass was issued. We received no data. You can try again, or check in at the airport counter.',
        },
      },
    },
  })

  app.disable('x-powered-by')
  app.use(siteBasics({ providerOrigin: new URL(config.issuer).origin }))
  app.use(languageSwitch())
  app.use(express.urlencoded({ extended: false, limit: '4kb' }))
  app.use(
    eidAuth({
      client,
      baseUrl: config.baseUrl,
      session: { secret: config.sessionSecret, cookieName: 'travel_session' },
      // The provider's screens in the language the citizen chose here.
      uiLocales: uiLocaleOf,
      // `/auth/login` without a query asks for what check-in needs: level 2, identity, this purpose.
      defaults: { level: 2, purpose: PURPOSE },
      onError: explainError,
    }),
  )

  const page = (req: Request, res: Response, title: Bilingual, body: SafeHtml, status = 200) => {
    res
      .status(status)
      .type('html')
      .set('cache-control', 'no-store')
      .send(renderPage(req, res, brand, { title, body, portalUrl: config.portalUrl }))
  }

  const landing = (
    req: Request,
    res: Response,
    problem?: { status: number; id: string; text: SafeHtml | string },
  ) => {
    const say = speaker(res)
    const lang = langOf(res)
    let formId = formIdOf(req)
    if (!formId) {
      formId = randomBytes(24).toString('base64url')
      res.cookie(FORM_COOKIE, formId, { path: '/', httpOnly: true, sameSite: 'lax', secure })
    }
    const typed = problem
      ? { pnr: String(req.body?.pnr ?? ''), name: String(req.body?.name ?? '') }
      : undefined
    page(
      req,
      res,
      { vi: 'Làm thủ tục trực tuyến', en: 'Online check-in' },
      html`${problem ? html`<div id="${problem.id}">${notice('error', problem.text)}</div>` : ''}
${notice('info', say('Từ 2/8/2023, tài khoản định danh điện tử mức 2 (VNeID) thay thế thẻ căn cước khi bay nội địa. Làm thủ tục trực tuyến, bạn đăng nhập bằng VNeID mức 2 và chỉ chia sẻ thông tin định danh cơ bản: chúng tôi đối chiếu họ tên trên vé với dữ liệu định danh rồi cấp thẻ lên máy bay.', 'Since 2 August 2023 a level 2 e-ID account (VNeID) replaces the ID card on domestic flights. To check in online you sign in with VNeID at level 2 and share your basic identity only: we match the name on the ticket with your identity record, then issue the boarding pass.'))}
<section class="panel">
<h2>${say('Tìm đặt chỗ', 'Find your booking')}</h2>
<form class="stack" id="check-in-form" method="post" action="/check-in">
<input type="hidden" name="csrf" value="${formToken(formId)}">
<label for="pnr">${say('Mã đặt chỗ (6 ký tự)', 'Booking code (6 characters)')}</label>
<input type="text" id="pnr" name="pnr" required maxlength="6" autocomplete="off" value="${typed?.pnr ?? ''}">
<label for="passenger-name">${say('Họ và tên hành khách (như trên vé)', "Passenger's name (as on the booking)")}</label>
<input type="text" id="passenger-name" name="name" required maxlength="100" value="${typed?.name ?? ''}">
<button type="submit" id="find-booking">${say('Làm thủ tục', 'Check in')}</button>
</form>
</section>
<section class="panel" id="demo-bookings">
<h2>${say('Mã đặt chỗ để thử', 'Booking codes to try')}</h2>
<p class="muted">${say('Vé mẫu trên các chuyến bay ngày mai. Đăng nhập bằng công dân mẫu được ghi bên cạnh (mật mã 123456).', "Sample bookings on tomorrow's flights. Sign in as the sample citizen given beside each (passcode 123456).")}</p>
<table><thead><tr><th>${say('Mã', 'Code')}</th><th>${say('Chuyến bay', 'Flight')}</th><th>${say('Tên trên vé', 'Name on booking')}</th><th>${say('Thử với', 'Try with')}</th></tr></thead>
<tbody>${[...table.values()].map(
        (booking) =>
          html`<tr data-pnr="${booking.pnr}"><td><code>${booking.pnr}</code></td><td>${booking.flight.number} · ${booking.flight.from.code} → ${booking.flight.to.code}</td><td>${booking.passengerName}</td><td>${booking.demoHint?.[lang] ?? '—'}</td></tr>`,
      )}</tbody></table>
</section>`,
      problem?.status,
    )
  }

  app.get('/', (req, res) => landing(req, res))

  // Step 1: find the booking. The code and the name are what the passenger knows; diacritics are ignored
  // here (people type names on all sorts of keyboards). This proves nothing about who is at the keyboard:
  // the e-ID check on the next page does. Unknown code and wrong name get the same answer, so the form
  // does not tell a stranger which codes exist.
  app.post('/check-in', (req, res) => {
    const say = speaker(res)
    const formId = formIdOf(req)
    if (!formId || !sameSecret(req.body?.csrf, formToken(formId))) {
      page(
        req,
        res,
        { vi: 'Biểu mẫu đã hết hạn', en: 'The form has expired' },
        html`<div id="csrf-refused">${notice('warning', say('Biểu mẫu này không còn hợp lệ (mở từ trang khác, hoặc cookie đã bị xóa). Vui lòng mở lại trang làm thủ tục và thử lại.', 'This form is no longer valid (sent from another page, or its cookie was cleared). Please open the check-in page again and retry.'))}</div>
<p><a class="button" href="/">${say('Mở lại trang làm thủ tục', 'Open the check-in page again')}</a></p>`,
        403,
      )
      return
    }
    const pnr = parsePnr(req.body?.pnr)
    const name = String(req.body?.name ?? '').slice(0, 100)
    if (!pnr || name.trim() === '') {
      landing(req, res, {
        status: 400,
        id: 'invalid-booking-input',
        text: say(
          'Vui lòng nhập mã đặt chỗ gồm 6 chữ cái hoặc chữ số, và họ tên hành khách.',
          "Please enter the 6-character booking code (letters or digits) and the passenger's name.",
        ),
      })
      return
    }
    const booking = table.get(pnr)
    if (!booking || !sameNameIgnoringDiacritics(name, booking.passengerName)) {
      landing(req, res, {
        status: 404,
        id: 'booking-not-found',
        text: say(
          'Không tìm thấy đặt chỗ với mã và họ tên này. Hãy kiểm tra lại email xác nhận đặt vé.',
          'No booking was found with this code and name. Please check your booking confirmation email.',
        ),
      })
      return
    }
    res.redirect(303, `/check-in/${booking.pnr}`)
  })

  // Step 2: only for a booking that exists (before any e-ID sign-in), then level 2 with identity only.
  // `requireSignIn` asks for no attribute beyond identity; the purpose is what the consent screen shows.
  app.get(
    '/check-in/:pnr',
    (req, res, next) => {
      const booking = table.get(parsePnr(req.params.pnr) ?? '')
      if (booking) {
        res.locals.booking = booking
        next()
        return
      }
      const say = speaker(res)
      page(
        req,
        res,
        { vi: 'Không tìm thấy đặt chỗ', en: 'Booking not found' },
        html`<div id="unknown-booking">${notice('warning', say('Không có đặt chỗ nào với mã này. Hãy kiểm tra mã trong email xác nhận đặt vé.', 'There is no booking with this code. Please check the code in your booking confirmation email.'))}</div>
<p><a class="button" href="/">${say('Về trang làm thủ tục', 'Back to check-in')}</a></p>`,
        404,
      )
    },
    requireSignIn({ level: 2, purpose: PURPOSE }),
    (req, res) => {
      const booking = res.locals.booking as Booking
      const citizen = req.eid.citizen
      // The identity consent can be withdrawn at the citizen portal during the session: sign in afresh.
      if (!citizen || !req.eid.subject) {
        res.redirect(303, `/auth/login?returnTo=${encodeURIComponent(`/check-in/${booking.pnr}`)}`)
        return
      }
      const say = speaker(res)
      const match = matchBookingName(booking.passengerName, citizen.fullName)
      if (!match.match) {
        page(
          req,
          res,
          { vi: 'Chưa thể làm thủ tục trực tuyến', en: 'We cannot check you in online' },
          html`<div id="name-mismatch" data-reason="${match.reason}">${notice('warning', say(`Họ tên trên đặt chỗ ${booking.pnr} không khớp với họ tên trong dữ liệu định danh của tài khoản VNeID đang đăng nhập (${citizen.fullName}). Chúng tôi chưa cấp thẻ lên máy bay.`, `The name on booking ${booking.pnr} does not match the name in the identity record of the VNeID account signed in (${citizen.fullName}). No boarding pass was issued.`))}</div>
<section class="panel">
<h2>${say('Bạn cần làm gì', 'What to do')}</h2>
<ul>
<li>${say('Đến quầy làm thủ tục của Cánh Cò tại sân bay, mang theo thẻ căn cước (hoặc tài khoản VNeID mức 2): nhân viên sẽ đối chiếu và sửa tên trên vé nếu đó là lỗi chính tả.', 'Go to the Stork Air check-in counter at the airport with your ID card (or your level 2 VNeID account): staff will check it and correct the name on the booking if it is a typo.')}</li>
${match.reason === 'diacritics-differ' ? html`<li>${say('Tên trên vé có dấu khác với tên trong dữ liệu định danh (ví dụ "Ân" và "An" là hai tên khác nhau).', 'The name on the booking has different diacritics from your identity record ("Ân" and "An" are different names).')}</li>` : ''}
<li>${say('Nếu bạn đặt vé cho người khác, người đó cần tự làm thủ tục bằng tài khoản VNeID của mình (đăng xuất ở góc trên).', 'If you booked for someone else, that person must check in with their own VNeID account (sign out at the top).')}</li>
</ul>
</section>`,
          409,
        )
        return
      }
      let checkIn = issued.get(booking.pnr)
      if (checkIn && checkIn.subject !== req.eid.subject) {
        // Two citizens can share a name: the first account that checked in keeps the pass.
        page(
          req,
          res,
          { vi: 'Đặt chỗ này đã được làm thủ tục', en: 'This booking is already checked in' },
          html`<div id="already-checked-in">${notice('warning', say('Đặt chỗ này đã được làm thủ tục bằng một tài khoản VNeID khác. Vui lòng đến quầy làm thủ tục tại sân bay với thẻ căn cước.', 'This booking was already checked in with another VNeID account. Please go to the check-in counter at the airport with your ID card.'))}</div>`,
          409,
        )
        return
      }
      if (!checkIn) {
        checkIn = {
          pnr: booking.pnr,
          subject: req.eid.subject,
          sequence: issued.size + 1,
          issuedAt: new Date(),
        }
        issued.set(booking.pnr, checkIn)
      }
      boardingPassPage(req, res, booking, checkIn, match.rule)
    },
  )

  function boardingPassPage(
    req: Request,
    res: Response,
    booking: Booking,
    checkIn: CheckIn,
    rule: string,
  ): void {
    const citizen = req.eid.citizen
    if (!citizen) return
    const say = speaker(res)
    const lang = langOf(res)
    const { flight } = booking
    const data = bcbp(booking, citizen.fullName, checkIn.sequence)
    // Everything the `identity` attribute brought, field by field, and nothing else was asked.
    const rows: DataRow[] = [
      [{ vi: 'Họ và tên', en: 'Full name' }, citizen.fullName],
      [{ vi: 'Họ', en: 'Family name' }, citizen.familyName],
      [{ vi: 'Chữ đệm', en: 'Middle name' }, citizen.middleName],
      [{ vi: 'Tên', en: 'Given name' }, citizen.givenName],
      [{ vi: 'Số định danh cá nhân', en: 'Personal ID number' }, maskedId(citizen.personalId)],
      [{ vi: 'Ngày sinh', en: 'Date of birth' }, formatDate(citizen.birthDate)],
      [
        { vi: 'Giới tính', en: 'Gender' },
        citizen.gender === 'male' ? say('Nam', 'Male') : say('Nữ', 'Female'),
      ],
      [{ vi: 'Mức định danh', en: 'Level of assurance' }, String(req.eid.level)],
      [{ vi: 'Hạng mục đã đồng ý chia sẻ', en: 'Consented items' }, req.eid.granted.join(', ') || undefined],
    ]
    page(
      req,
      res,
      { vi: 'Thẻ lên máy bay', en: 'Boarding pass' },
      html`${notice('success', say('Làm thủ tục thành công: họ tên trên vé khớp với dữ liệu định danh của bạn.', 'Checked in: the name on the ticket matches your identity record.'))}
<section class="card" id="boarding-pass" data-pnr="${booking.pnr}" data-match="${rule}">
<h2>${flight.number} · ${flight.from.code} → ${flight.to.code}</h2>
<dl>
<dt>${say('Hành khách', 'Passenger')}</dt><dd id="passenger">${citizen.fullName}</dd>
<dt>${say('Tên in trên thẻ', 'Name as printed')}</dt><dd><code>${boardingPassName(citizen.fullName)}</code></dd>
<dt>${say('Hành trình', 'Route')}</dt><dd>${flight.from.city[lang]} → ${flight.to.city[lang]}</dd>
<dt>${say('Ngày bay', 'Date')}</dt><dd>${formatDate(flight.date)}</dd>
<dt>${say('Giờ khởi hành', 'Departure')}</dt><dd>${flight.departs}</dd>
<dt>${say('Giờ lên máy bay', 'Boarding time')}</dt><dd id="boarding-time">${boardingTime(flight.departs)}</dd>
<dt>${say('Cửa', 'Gate')}</dt><dd id="gate">${flight.gate}</dd>
<dt>${say('Ghế', 'Seat')}</dt><dd id="seat">${booking.seat}</dd>
<dt>${say('Mã đặt chỗ', 'Booking code')}</dt><dd>${booking.pnr}</dd>
<dt>${say('Số thứ tự', 'Sequence')}</dt><dd>${String(checkIn.sequence).padStart(3, '0')}</dd>
</dl>
<figure>${codeDrawing(data, say('Mã lên máy bay', 'Boarding code'))}
<figcaption><pre id="bcbp">${data}</pre><span class="muted">${say('Hình minh họa của bản trình diễn, không phải mã QR quét được.', 'A demo illustration, not a scannable QR code.')}</span></figcaption></figure>
</section>
${notice('info', say('Tại sân bay: xuất trình tài khoản định danh điện tử mức 2 trên ứng dụng VNeID (hoặc thẻ căn cước) cùng thẻ lên máy bay tại điểm kiểm tra an ninh. Cửa lên máy bay đóng 20 phút trước giờ khởi hành.', 'At the airport: show your level 2 e-ID account in the VNeID app (or your ID card) with the boarding pass at security. The gate closes 20 minutes before departure.'))}
${sharedDataPanel(res, {
  purpose: PURPOSE_TEXT,
  rows,
  portalUrl: config.portalUrl,
  note: {
    vi: 'Chúng tôi chỉ yêu cầu thông tin định danh cơ bản, không yêu cầu dữ liệu nào khác (không địa chỉ, số điện thoại, thẻ bảo hiểm y tế hay giấy phép lái xe). Chúng tôi chỉ lưu trạng thái đã làm thủ tục của đặt chỗ này, không lưu số định danh của bạn.',
    en: 'We asked for your basic identity only and for no other data (no address, phone number, health insurance or driving licence). We keep only the check-in status of this booking, not your personal ID number.',
  },
})}`,
    )
  }

  app.use((req, res) => {
    const say = speaker(res)
    page(
      req,
      res,
      { vi: 'Không tìm thấy trang', en: 'Page not found' },
      html`<p id="not-found">${say('Trang này không tồn tại.', 'This page does not exist.')} <a href="/">${say('Về trang làm thủ tục', 'Back to check-in')}</a></p>`,
      404,
    )
  })

  // Anything that escapes a route (a bug, a failing store, an SDK error outside the sign-in routes and
  // guards, which `onError` already covers): a friendly page, never a stack trace.
  app.use(
    unexpectedErrors(brand, {
      explain: explainError,
      message: {
        vi: 'Rất tiếc, hệ thống làm thủ tục đang gặp sự cố. Vui lòng thử lại sau ít phút, hoặc làm thủ tục tại quầy ở sân bay.',
        en: 'Sorry, check-in is having trouble. Please try again in a few minutes, or check in at the airport counter.',
      },
    }),
  )

  return app
}

/**
 * The demo's landing page (port 3000): the example relying parties, what each shows, and the
 * synthetic citizens to try them with. It signs nobody in.
 */
import { type IsoDate, isIsoDate, toVietnamIsoDate } from '@dinhdanh/client/schemas'
import { type Persona, type personas, personasOn } from '@dinhdanh/testing'
import {
  type Brand,
  html,
  languageSwitch,
  renderPage,
  type SafeHtml,
  siteBasics,
  speaker,
} from 'dinhdanh-example-shared'
import type { DemoApp } from 'dinhdanh-example-shared/demo'
import express, { type Express, type Response } from 'express'

const brand: Brand = {
  name: { vi: 'dinhdanh: bản trình diễn', en: 'dinhdanh: the demo' },
  tagline: {
    vi: 'Đăng nhập và chia sẻ dữ liệu bằng định danh điện tử quốc gia',
    en: 'Sign-in and consented data sharing with the national e-ID',
  },
  mark: 'ĐD',
  color: '#005a9c',
  nav: [],
}

type PersonaName = keyof typeof personas

/** One journey to try: which example, with whom, and what happens. */
interface Journey {
  app: DemoApp['name']
  title: { vi: string; en: string }
  summary: { vi: string; en: string }
  tries: readonly { persona: PersonaName; expect: { vi: string; en: string } }[]
  /** A note under the table, after a link into the app when `link` is given. */
  extra?: { vi: string; en: string; link?: { path: string; vi: string; en: string } }
}

const JOURNEYS: readonly Journey[] = [
  {
    app: 'bank',
    title: {
      vi: 'Ngân hàng Sen Vàng: mở tài khoản trực tuyến (eKYC)',
      en: 'Golden Lotus Bank: open an account online (eKYC)',
    },
    summary: {
      vi: 'Cần tài khoản mức 2; ngân hàng xin họ tên, địa chỉ, số điện thoại và thẻ căn cước cho một mục đích, lưu biên nhận đồng ý đã ký. Mỗi lần chuyển khoản trên 10.000.000 ₫ được xác nhận bằng một lần xác thực mức 2 mới.',
      en: 'Needs a level-2 account; the bank asks for identity, address, phone and ID card for one purpose and stores the signed consent receipt. Each transfer over 10,000,000 VND is confirmed by a fresh level-2 authentication.',
    },
    tries: [
      {
        persona: 'level2Adult',
        expect: {
          vi: 'mở tài khoản, xem biên nhận, chuyển khoản lớn',
          en: 'opens the account, sees the receipt, makes a large transfer',
        },
      },
      {
        persona: 'level1Adult',
        expect: {
          vi: 'bị từ chối eKYC với lời giải thích; chuyển khoản nhỏ được, lớn thì không',
          en: 'refused eKYC with an explanation; small transfers work, large ones do not',
        },
      },
    ],
  },
  {
    app: 'hospital',
    title: {
      vi: 'Bệnh viện Đa khoa Hồng Hà: đăng ký khám',
      en: 'Hồng Hà General Hospital: patient check-in',
    },
    summary: {
      vi: 'Xin thẻ BHYT và lịch sử tiêm chủng; thẻ hết hạn hoặc không có được xử lý nhẹ nhàng. Quầy tiếp đón dùng đăng nhập tách rời (CIBA): bệnh nhân duyệt trên điện thoại mô phỏng.',
      en: 'Asks for the health-insurance card and vaccinations; an expired or missing card is handled gracefully. The reception desk uses decoupled sign-in (CIBA): the patient approves on the simulated phone.',
    },
    tries: [
      {
        persona: 'level2Adult',
        expect: { vi: 'thẻ BHYT còn hạn, số thứ tự', en: 'valid card, queue number' },
      },
      {
        persona: 'noHealthInsurance',
        expect: { vi: 'không có thẻ: khám dịch vụ', en: 'no card: self-paying visit' },
      },
      {
        persona: 'healthInsuranceSourceDown',
        expect: { vi: 'hệ thống BHYT không phản hồi', en: 'the insurance register is not responding' },
      },
    ],
    extra: {
      link: { path: '/desk', vi: 'Quầy tiếp đón (/desk)', en: 'Reception desk (/desk)' },
      vi: 'mã PIN 2468. Bệnh nhân duyệt yêu cầu trên điện thoại mô phỏng của VNeID.',
      en: 'PIN 2468. The patient approves the request on the VNeID phone simulator.',
    },
  },
  {
    app: 'travel',
    title: {
      vi: 'Hãng bay Cánh Cò: làm thủ tục chuyến bay nội địa',
      en: 'Stork Air: domestic-flight online check-in',
    },
    summary: {
      vi: 'Cần tài khoản mức 2 (thay thẻ căn cước khi bay nội địa từ 2/8/2023); chỉ chia sẻ thông tin định danh; họ tên trên vé được đối chiếu với dữ liệu quốc gia (có dấu, không dấu, NFC/NFD).',
      en: 'Needs a level-2 account (it replaces the ID card on domestic flights since 2 August 2023); only identity is shared; the booking name is matched against the national record (with or without diacritics, NFC/NFD).',
    },
    tries: [
      {
        persona: 'level2Adult',
        expect: {
          vi: 'thẻ lên máy bay (mã đặt chỗ trên trang hãng bay)',
          en: 'boarding pass (booking codes on the airline page)',
        },
      },
      { persona: 'nfdName', expect: { vi: 'tên dạng NFD vẫn khớp', en: 'an NFD name still matches' } },
      {
        persona: 'level1Adult',
        expect: { vi: 'được giải thích vì sao cần mức 2', en: 'told why level 2 is needed' },
      },
    ],
  },
  {
    app: 'retail',
    title: {
      vi: 'Hầm rượu Đà Lạt Xưa: mua hàng giới hạn độ tuổi',
      en: 'Old Đà Lạt Wine Cellar: an age-restricted purchase',
    },
    summary: {
      vi: 'Chỉ hỏi "đủ 18 tuổi?" (age_over_18), không xin danh tính: cửa hàng không bao giờ biết ngày sinh. Người chưa đủ 18 tuổi được từ chối lịch sự.',
      en: 'Asks only "18 or over?" (age_over_18), no identity: the shop never learns the birth date. A minor is refused politely.',
    },
    tries: [
      { persona: 'level2Adult', expect: { vi: 'mua được', en: 'can buy' } },
      { persona: 'teen16', expect: { vi: 'bị từ chối lịch sự', en: 'refused politely' } },
      { persona: 'turns18Tomorrow', expect: { vi: 'mai mới đủ 18: bị từ chối', en: '18 tomorrow: refused' } },
    ],
  },
  {
    app: 'pharmacy',
    title: {
      vi: 'Nhà thuốc Cỏ Mây: mua thuốc theo đơn có BHYT (Hono)',
      en: 'Cỏ Mây Pharmacy: a prescription covered by health insurance (Hono)',
    },
    summary: {
      vi: 'Cần tài khoản mức 2 và thẻ BHYT: nhà thuốc kiểm tra hạn thẻ, mức hưởng, rồi tính số tiền bạn trả. Viết trên Hono với @dinhdanh/hono.',
      en: 'Needs a level-2 account and the health-insurance card: the pharmacy checks its dates and benefit level, then works out what you pay. Built on Hono with @dinhdanh/hono.',
    },
    tries: [
      {
        persona: 'level2Adult',
        expect: { vi: 'thẻ còn hạn, mức hưởng 4: trả 20%', en: 'valid card, benefit level 4: pays 20%' },
      },
      {
        persona: 'noHealthInsurance',
        expect: { vi: 'không có thẻ: giá tự chi trả', en: 'no card: the price without insurance' },
      },
      {
        persona: 'healthInsuranceSourceDown',
        expect: { vi: 'hệ thống BHYT không phản hồi', en: 'the insurance register is not responding' },
      },
      {
        persona: 'level1Adult',
        expect: { vi: 'được giải thích vì sao cần mức 2', en: 'told why level 2 is needed' },
      },
    ],
    extra: {
      vi: 'Thẻ đã hết hạn: thử số 001088000012 (công dân tổng hợp, thẻ hết hạn 17/03/2026).',
      en: 'An expired card: try 001088000012 (a synthetic citizen whose card expired on 17/03/2026).',
    },
  },
]

/** Where the landing page links to. */
export interface LandingDeps {
  /** The mock provider's issuer URL. */
  issuer: string
  /** The public URL of each example. */
  apps: readonly { name: DemoApp['name']; url: string }[]
  /**
   * The mock provider's day (its `--today`): `'YYYY-MM-DD'`, or `'clock'` (default) for today in Vietnam at
   * each request. The personas' numbers are those of `personasOn(day)`: some follow the year (ADR 0005).
   */
  today?: IsoDate | 'clock'
}

/**
 * Builds the landing page.
 *
 * @example
 * ```ts
 * createApp({ issuer: 'http://127.0.0.1:4000', apps: [{ name: 'bank', url: 'http://localhost:3001' }] }).listen(3000)
 * ```
 */
export function createApp({ issuer, apps, today = 'clock' }: LandingDeps): Express {
  if (today !== 'clock' && !isIsoDate(today))
    throw new TypeError(`expected today as 'clock' or YYYY-MM-DD, got ${today}`)
  const dayNow = () => (today === 'clock' ? toVietnamIsoDate(new Date()) : today)
  const app = express()
  app.disable('x-powered-by')
  app.use(siteBasics({ providerOrigin: new URL(issuer).origin }))
  app.use(languageSwitch())
  app.get('/', (req, res) => {
    res.type('html').send(
      renderPage(req, res, brand, {
        title: { vi: 'Đăng nhập bằng định danh điện tử quốc gia', en: 'Sign in with the national e-ID' },
        body: body(res, issuer, apps, personasOn(dayNow())),
        portalUrl: `${issuer}/account`,
      }),
    )
  })
  app.use((_req, res) => {
    res.status(404).type('text').send('Not found')
  })
  return app
}

function body(
  res: Response,
  issuer: string,
  apps: LandingDeps['apps'],
  ofDay: Readonly<Record<PersonaName, Persona>>,
): SafeHtml {
  const say = speaker(res)
  const lang = say('vi', 'en') as 'vi' | 'en'
  // Each cell carries its column's name: a phone shows the tables row by row, labelled (no header row).
  const [citizen, number, outcome] = [
    say('Công dân', 'Citizen'),
    say('Số định danh', 'Number'),
    say('Kết quả', 'What happens'),
  ]
  return html`<p>${say('Năm ứng dụng mẫu dùng @dinhdanh/client với nhà cung cấp định danh mô phỏng: bốn trên Express (@dinhdanh/express), nhà thuốc trên Hono (@dinhdanh/hono). Mọi công dân là dữ liệu tổng hợp.', 'Five example apps built on @dinhdanh/client with the mock identity provider: four on Express (@dinhdanh/express), the pharmacy on Hono (@dinhdanh/hono). Every citizen is synthetic.')}</p>
<section class="panel" id="how-to-sign-in">
<h2>${say('Cách đăng nhập', 'How to sign in')}</h2>
<ol>
<li>${say('Nhập số định danh của một công dân bên dưới và mật mã', 'Type the number of a citizen below and the passcode')} <code>123456</code>.</li>
<li>${say('Mã OTP gửi qua SMS nằm trong', 'The SMS one-time code is in the')} <a href="${issuer}/dev/sms">${say('hộp thư SMS mô phỏng', 'simulated SMS outbox')}</a>.</li>
<li>${say('Chọn dữ liệu muốn chia sẻ (không có ô nào được chọn sẵn), rồi đồng ý.', 'Tick what to share (nothing is pre-ticked), then agree.')}</li>
</ol>
<p><a href="${issuer}/phone">${say('Điện thoại mô phỏng (ứng dụng VNeID)', 'Phone simulator (the VNeID app)')}</a> · <a href="${issuer}/account">${say('Cổng công dân: xem và rút lại sự đồng ý', 'Citizen portal: see and withdraw consents')}</a></p>
</section>
${JOURNEYS.map((journey) => {
  const url = apps.find((entry) => entry.name === journey.app)?.url ?? '#'
  return html`<section class="panel" id="journey-${journey.app}">
<h2><a href="${url}">${journey.title[lang]}</a></h2>
<p>${journey.summary[lang]}</p>
<table class="stacked"><thead><tr><th>${citizen}</th><th>${number}</th><th>${outcome}</th></tr></thead><tbody>
${journey.tries.map((entry) => html`<tr><td data-label="${citizen}">${ofDay[entry.persona].description[lang]}</td><td data-label="${number}"><code>${ofDay[entry.persona].personalId}</code></td><td data-label="${outcome}">${entry.expect[lang]}</td></tr>`)}
</tbody></table>
${journey.extra ? html`<p class="note">${journey.extra.link ? html`<a href="${url}${journey.extra.link.path}">${journey.extra.link[lang]}</a>: ` : ''}${journey.extra[lang]}</p>` : ''}
<p><a class="button" id="open-${journey.app}" href="${url}">${say('Mở ứng dụng', 'Open the app')} (${new URL(url, 'http://x').host})</a></p>
</section>`
})}`
}

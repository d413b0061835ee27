import { personas } from '@dinhdanh/testing'
import { DEMO_APPS } from 'dinhdanh-example-shared/demo'
import {
  Browser,
  type ExampleUnderTest,
  fieldValue,
  type Page,
  startExample,
  textOf,
} from 'dinhdanh-example-shared/testing'
import type { Express } from 'express'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { type CheckIn, createApp, PURPOSE } from './app.js'

const travel = DEMO_APPS.find((app) => app.name === 'travel')!
const JWT = /eyJ[\w-]+\.[\w-]+\./
const { level2Adult, level1Adult, nfdName } = personas

/** Finds a booking on the landing page the way a passenger does; returns the redirect. */
async function findBooking(rp: ExampleUnderTest<Express>, browser: Browser, pnr: string, name: string) {
  const landing = await browser.get(rp.url('/'))
  return browser.post(
    rp.url('/check-in'),
    { pnr, name, csrf: fieldValue(landing, 'csrf') },
    { follow: false },
  )
}

function expectNoBoardingPass(page: Page) {
  expect(page.body).not.toContain('id="boarding-pass"')
  expect(page.body).not.toMatch(JWT)
}

describe('Hãng bay Cánh Cò: online check-in', () => {
  let rp: ExampleUnderTest<Express>
  const checkIns = new Map<string, CheckIn>()

  beforeAll(async () => {
    rp = await startExample(travel, ({ client, config }) => createApp({ client, config, checkIns }))
  })
  afterEach(async () => {
    await rp.admin('DELETE', '/scenarios')
    checkIns.clear()
  })
  afterAll(() => rp.close())

  it('shows the form and the booking codes to try, without asking for any sign-in', async () => {
    const page = await new Browser().get(rp.url('/'))
    expect(page.status).toBe(200)
    const text = textOf(page)
    expect(text).toContain('Làm thủ tục trực tuyến')
    expect(text).toContain('Mã đặt chỗ để thử')
    for (const pnr of ['K7AN2H', 'H8NFD3', 'ASC4AN', 'MX9ANH', 'L1NGOC'])
      expect(page.body).toContain(`data-pnr="${pnr}"`)
    expect(text).toContain(level2Adult.personalId)
    expect(page.headers.get('set-cookie')).toContain('travel_form=')
  })

  it('checks a level-2 adult in and issues the boarding pass, with identity only shared', async () => {
    const browser = new Browser()
    const found = await findBooking(rp, browser, 'k7an2h', 'nguyen van an')
    expect(found.status).toBe(303)
    expect(found.location?.pathname).toBe('/check-in/K7AN2H')

    const page = await rp.signInAs(browser, level2Adult.personalId, '/check-in/K7AN2H')
    expect(page.status).toBe(200)
    expect(page.url.pathname).toBe('/check-in/K7AN2H')
    const text = textOf(page)
    expect(text).toContain('Thẻ lên máy bay')
    expect(page.body).toMatch(/id="passenger">Nguyễn Văn An</)
    expect(page.body).toMatch(/id="seat">12A</)
    expect(page.body).toMatch(/id="gate">12</)
    expect(page.body).toMatch(/id="boarding-time">06:25</)
    expect(page.body).toContain('data-match="same"')
    expect(page.body).toMatch(/id="bcbp">M1NGUYEN\/VAN AN {7}EK7AN2H HANSGNCC 0201 /)
    expect(page.body).toContain('<svg id="boarding-code"')
    // The shared-data panel: the identity fields, the purpose, and nothing else.
    expect(text).toContain('Dữ liệu chúng tôi nhận được từ VNeID')
    expect(text).toContain(PURPOSE)
    expect(text).toContain('001••••••234')
    expect(text).toContain('17/05/1990')
    expect(text).toContain('không yêu cầu dữ liệu nào khác')
    expect(text).not.toContain(level2Adult.personalId)
    expect(text).not.toContain('Tràng Tiền') // his address was not asked
    expect(text).not.toContain('0101234567') // nor his health insurance
    expect(page.body).not.toMatch(JWT)
    expect(checkIns.get('K7AN2H')).toMatchObject({ pnr: 'K7AN2H', sequence: 1 })

    // At the provider: one consent, for identity only, with the airline's purpose.
    const { consents } = (await rp.admin('GET', '/consents?client_id=demo-travel')) as {
      consents: { attributes: string[]; purpose: string }[]
    }
    expect(consents.at(-1)).toMatchObject({ attributes: ['identity'], purpose: PURPOSE })

    // The same passenger, signed in, finds the booking again: the same pass, not a second one.
    const again = await findBooking(rp, browser, 'K7AN2H', 'Nguyễn Văn An')
    expect(again.status).toBe(303)
    expect((await browser.get(again.location!)).status).toBe(200)
    expect(checkIns.size).toBe(1)
  })

  it('matches a booking stored in NFD with the NFC national record', async () => {
    const page = await rp.signInAs(new Browser(), nfdName.personalId, '/check-in/H8NFD3')
    expect(page.status).toBe(200)
    expect(page.body).toContain(`id="passenger">${nfdName.overrides.fullName}<`)
    expect(page.body).toContain('M1NGUYEN/THI NGOC HUYEEH8NFD3') // BCBP's name field is 20 characters
    expect(checkIns.has('H8NFD3')).toBe(true)
  })

  it('matches a booking in uppercase without diacritics', async () => {
    const page = await rp.signInAs(new Browser(), level2Adult.personalId, '/check-in/ASC4AN')
    expect(page.status).toBe(200)
    expect(page.body).toContain('data-match="without-diacritics"')
    expect(page.body).toMatch(/id="seat">23F</)
  })

  it('refuses a booking whose name differs: the counter, and no boarding pass', async () => {
    const page = await rp.signInAs(new Browser(), level2Adult.personalId, '/check-in/MX9ANH')
    expect(page.status).toBe(409)
    expect(page.body).toContain('id="name-mismatch" data-reason="different"')
    const text = textOf(page)
    expect(text).toContain('không khớp')
    expect(text).toContain('quầy làm thủ tục')
    expect(text).toContain('thẻ căn cước')
    expectNoBoardingPass(page)
    expect(checkIns.has('MX9ANH')).toBe(false)
  })

  it('keeps a pass with the account that checked in first (two citizens can share a name)', async () => {
    checkIns.set('K7AN2H', { pnr: 'K7AN2H', subject: 'another-citizen', sequence: 1, issuedAt: new Date() })
    const page = await rp.signInAs(new Browser(), level2Adult.personalId, '/check-in/K7AN2H')
    expect(page.status).toBe(409)
    expect(page.body).toContain('id="already-checked-in"')
    expectNoBoardingPass(page)
  })

  it('explains to a level-1 citizen that domestic flights need level 2', async () => {
    const page = await rp.signInAs(new Browser(), level1Adult.personalId, '/check-in/L1NGOC')
    expect(page.status).toBe(403)
    const text = textOf(page)
    expect(text).toContain('Cần tài khoản định danh điện tử mức 2 để làm thủ tục')
    expect(text).toContain('Từ 2/8/2023, tài khoản định danh điện tử mức 2 thay thế thẻ căn cước')
    expect(page.body).toContain('data-problem="level_too_low"')
    expectNoBoardingPass(page)
    expect(checkIns.size).toBe(0)
  })

  it('explains a refused consent, and issues nothing', async () => {
    await rp.admin('POST', '/scenarios', { name: 'consent_denied' })
    const page = await rp.signInAs(new Browser(), level2Adult.personalId, '/check-in/K7AN2H')
    expect(page.status).toBe(403)
    expect(textOf(page)).toContain('bạn đã không chia sẻ thông tin định danh')
    expectNoBoardingPass(page)
    expect(checkIns.size).toBe(0)
  })

  it('answers an unknown booking code before any sign-in', async () => {
    const browser = new Browser()
    const direct = await browser.get(rp.url('/check-in/ZZZ999'), { follow: false })
    expect(direct.status).toBe(404)
    expect(direct.body).toContain('id="unknown-booking"')
    const typed = await findBooking(rp, browser, 'ZZZ999', 'Nguyễn Văn An')
    expect(typed.status).toBe(404)
    expect(typed.body).toContain('id="booking-not-found"')
    const wrongName = await findBooking(rp, browser, 'K7AN2H', 'Trần Văn Bình')
    expect(wrongName.status).toBe(404)
    expect(wrongName.body).toContain('id="booking-not-found"') // the same answer: codes are not revealed
    const malformed = await findBooking(rp, browser, 'K7-AN', 'Nguyễn Văn An')
    expect(malformed.status).toBe(400)
  })

  it('refuses the check-in form without its token, or with another browser’s', async () => {
    const browser = new Browser()
    await browser.get(rp.url('/'))
    const missing = await browser.post(
      rp.url('/check-in'),
      { pnr: 'K7AN2H', name: 'Nguyễn Văn An' },
      { follow: false },
    )
    expect(missing.status).toBe(403)
    expect(missing.body).toContain('id="csrf-refused"')
    const other = fieldValue(await new Browser().get(rp.url('/')), 'csrf')
    const stolen = await browser.post(
      rp.url('/check-in'),
      { pnr: 'K7AN2H', name: 'Nguyễn Văn An', csrf: other },
      { follow: false },
    )
    expect(stolen.status).toBe(403)
  })

  it('switches to English, and remembers it through the check-in', async () => {
    const browser = new Browser()
    const landing = await browser.get(rp.url('/?lang=en'))
    expect(textOf(landing)).toContain('Online check-in')
    expect(textOf(landing)).toContain('Booking codes to try')
    const page = await rp.signInAs(browser, level2Adult.personalId, '/check-in/K7AN2H')
    expect(page.status).toBe(200)
    expect(textOf(page)).toContain('Boarding pass')
    expect(textOf(page)).toContain('We asked for your basic identity only')
    const back = await browser.get(rp.url('/check-in/K7AN2H?lang=vi'))
    expect(textOf(back)).toContain('Thẻ lên máy bay')
  })
})

describe('when VNeID is down', () => {
  let rp: ExampleUnderTest<Express>

  beforeAll(async () => {
    rp = await startExample(travel, ({ client, config }) => createApp({ client, config }))
    await rp.stopProvider()
  })
  afterAll(() => rp.close())

  it('shows a friendly 503 when check-in starts the sign-in, and at /auth/login', async () => {
    const browser = new Browser()
    const page = await browser.get(rp.url('/check-in/K7AN2H'))
    expect(page.status).toBe(503)
    expect(textOf(page)).toContain('VNeID tạm thời không phản hồi')
    expect(page.body).toContain('data-problem="provider_down"')
    expect(page.body).not.toContain(' at ') // no stack trace
    const login = await browser.get(rp.url('/auth/login?returnTo=/check-in/K7AN2H'))
    expect(login.status).toBe(503)
    // The landing page does not need the provider.
    expect((await browser.get(rp.url('/'))).status).toBe(200)
  })
})

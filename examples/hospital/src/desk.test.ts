import { EidBackchannelExpiredError, EidNetworkError, EidProviderError } from '@dinhdanh/client'
import { citizenWithPersona, personas } from '@dinhdanh/testing'
import { DEMO_APPS } from 'dinhdanh-example-shared/demo'
import {
  adminApi,
  Browser,
  type ExampleUnderTest,
  fieldValue,
  type Page,
  startExample,
  textOf,
} from 'dinhdanh-example-shared/testing'
import type { Express } from 'express'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from './app.js'
import { DeskBusyError, DeskRequests, outcomeOfError } from './desk-requests.js'

const hospital = DEMO_APPS.find((app) => app.name === 'hospital')!
let rp: ExampleUnderTest<Express>

// No auto-approval here: the patient approves (or refuses) on the provider's phone simulator, as in real
// life. (With `autoApprove` the mock would approve every decoupled request by itself at once.)
beforeAll(async () => {
  rp = await startExample(
    hospital,
    ({ client, config }) => createApp({ client, config, deskPin: '2468', now: () => new Date('2026-07-01') }),
    { idp: { autoApprove: false } },
  )
})
afterAll(() => rp?.close())

/** A browser with the desk unlocked, on the desk's form. */
async function unlockedDesk(): Promise<{ browser: Browser; page: Page }> {
  const browser = new Browser()
  const pinForm = await browser.get(rp.url('/desk'))
  expect(pinForm.status).toBe(401)
  const page = await browser.post(rp.url('/desk/unlock'), { pin: '2468' })
  return { browser, page }
}

/** Starts a decoupled sign-in at the desk and returns the waiting page. */
async function startRequest(browser: Browser, desk: Page, personalId: string, bindingMessage: string) {
  return browser.post(rp.url('/desk/requests'), {
    _csrf: fieldValue(desk, '_csrf'),
    personalId,
    bindingMessage,
  })
}

/** The patient's phone: signs in to the simulator and approves or refuses the request with this message. */
async function decideOnPhone(
  personalId: string,
  bindingMessage: string,
  decision: 'approve' | 'deny',
  // What the patient ticks on the phone (nothing is pre-ticked).
  attributes: readonly string[] = ['identity', 'health_insurance', 'vaccination'],
) {
  const phone = new Browser()
  const signInForm = await phone.get(`${rp.idp.url}/phone`)
  const otpForm = await phone.post(`${rp.idp.url}/phone/sign-in`, {
    csrf: fieldValue(signInForm, 'csrf'),
    personalId,
    passcode: '123456',
  })
  // The phone signs in with the SMS one-time code too (read from the provider's outbox).
  const { messages } = (await adminApi(rp.idp)('GET', '/sms')) as {
    messages: Array<{ to: string; text: string; sentAt: number }>
  }
  const to = citizenWithPersona(personalId)?.phone?.number
  const sms = messages.filter((m) => m.to === to).sort((a, b) => b.sentAt - a.sentAt)[0]
  const home = await phone.post(`${rp.idp.url}/phone/otp`, {
    csrf: fieldValue(otpForm, 'csrf'),
    otp: /\b(\d{6})\b/.exec(sms?.text ?? '')?.[1] ?? '',
  })
  expect(home.body).toContain(bindingMessage)
  const section = home.body.split('<section').find((part) => part.includes(bindingMessage)) ?? ''
  const action = /action="(\/phone\/ciba\/[^"]+)"/.exec(section)?.[1] ?? ''
  expect(action).not.toBe('')
  const done = await phone.post(`${rp.idp.url}${action}`, {
    csrf: fieldValue(home, 'csrf'),
    decision,
    attributes,
  })
  expect(done.status).toBe(200)
}

/** Reloads the desk's request page (as its 2-second refresh does) until it is no longer waiting. */
async function settled(browser: Browser, url: URL): Promise<Page> {
  for (let i = 0; i < 60; i++) {
    const page = await browser.get(url)
    if (!page.body.includes('data-status="waiting"')) return page
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  throw new Error('the desk request never settled')
}

describe("the desk's PIN hint (#15, point 6)", () => {
  it('the locked desk shows the demo PIN on loopback, in both languages', async () => {
    const browser = new Browser()
    const vi = await browser.get(rp.url('/desk'))
    expect(vi.status).toBe(401)
    expect(vi.body).toContain(
      '<p class="note" id="desk-pin-hint">Mã PIN của bản trình diễn: <code>2468</code>',
    )
    const en = await browser.get(rp.url('/desk?lang=en'))
    expect(textOf(en)).toContain("The demo's PIN: 2468")
  })

  it('a desk with a PIN of its own never shows it', async () => {
    const own = await startExample(hospital, ({ client, config }) =>
      createApp({ client, config, deskPin: '90817364' }),
    )
    try {
      const page = await new Browser().get(own.url('/desk'))
      expect(page.status).toBe(401)
      expect(page.body).toContain('id="desk-pin-form"')
      expect(page.body).not.toContain('desk-pin-hint')
      expect(page.body).not.toContain('90817364')
    } finally {
      await own.close()
    }
  })
})

describe('reception desk', () => {
  it('is locked without the PIN: 401 and the PIN form; a wrong PIN is refused', async () => {
    const browser = new Browser()
    const locked = await browser.get(rp.url('/desk'))
    expect(locked.status).toBe(401)
    expect(locked.body).toContain('id="desk-pin-form"')
    expect(locked.body).not.toContain('id="desk-form"')
    const post = await browser.post(rp.url('/desk/requests'), { personalId: personas.level2Adult.personalId })
    expect(post.status).toBe(401)
    // A post from another site is refused even with the right PIN (no desk cookie is set).
    const forged = await browser.post(
      rp.url('/desk/unlock'),
      { pin: '2468' },
      { headers: { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' } },
    )
    expect(forged.status).toBe(403)
    expect((await browser.get(rp.url('/desk'))).status).toBe(401)
    const wrong = await browser.post(rp.url('/desk/unlock'), { pin: '0000' })
    expect(wrong.status).toBe(401)
    expect(textOf(wrong)).toContain('Mã PIN không đúng.')
    const { page } = await unlockedDesk()
    expect(page.status).toBe(200)
    expect(page.body).toContain('id="desk-form"')
  })

  it('explains a bad personal ID number; a number without an active VNeID account just waits', async () => {
    const { browser, page } = await unlockedDesk()
    const short = await startRequest(browser, page, '12345', 'Quầy 3')
    expect(short.status).toBe(400)
    expect(textOf(short)).toContain('Số định danh không hợp lệ: cần đúng 12 chữ số.')
    const province = await startRequest(browser, page, '003090001234', 'Quầy 3')
    expect(textOf(province)).toContain('3 chữ số đầu không phải mã tỉnh')
    // The provider tells no account status (finding 8 of issue 12): the request waits like any other and
    // is never answered, as if the patient ignored it.
    const noAccount = await startRequest(browser, page, personas.toddler4NoAccount.personalId, 'Quầy 3')
    expect(noAccount.status).toBe(200)
    expect(noAccount.body).toContain('data-status="waiting"')
    await browser.post(rp.url(`${noAccount.url.pathname}/close`), { _csrf: fieldValue(page, '_csrf') })
  })

  it('refuses the desk form without its CSRF token or from another site', async () => {
    const { browser, page } = await unlockedDesk()
    const fields = { personalId: personas.level2Adult.personalId, bindingMessage: 'Quầy 3' }
    expect((await browser.post(rp.url('/desk/requests'), fields)).status).toBe(403)
    const crossSite = await browser.post(
      rp.url('/desk/requests'),
      { ...fields, _csrf: fieldValue(page, '_csrf') },
      { headers: { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' } },
    )
    expect(crossSite.status).toBe(403)
  })

  it('the patient approves on the phone simulator: the desk shows name, card and vaccinations', async () => {
    const { browser, page } = await unlockedDesk()
    const waiting = await startRequest(browser, page, personas.level2Adult.personalId, 'Quầy 3 mã 4821')
    expect(waiting.status).toBe(200)
    expect(waiting.url.pathname).toMatch(/^\/desk\/requests\/[\w-]{22}$/)
    expect(waiting.body).toContain('data-status="waiting"')
    expect(waiting.body).toContain('<meta http-equiv="refresh" content="2">')
    expect(textOf(waiting)).toContain('Đang chờ người bệnh xác nhận trên ứng dụng VNeID')
    expect(textOf(waiting)).toContain('Quầy 3 mã 4821')
    expect(waiting.body).toContain(`href="${rp.idp.url}/phone"`)

    await decideOnPhone(personas.level2Adult.personalId, 'Quầy 3 mã 4821', 'approve')
    const result = await settled(browser, waiting.url)
    expect(result.body).toContain('data-status="approved"')
    const text = textOf(result)
    expect(text).toContain('Người bệnh đã xác nhận.')
    expect(text).toContain('Nguyễn Văn An')
    expect(text).toContain('0101234567')
    expect(text).toContain('Vero Cell')
    expect(result.body).toContain('data-insurance-status="valid"')
    expect(result.body).not.toContain('http-equiv="refresh"')
    // In English too.
    expect(textOf(await browser.get(new URL(`${waiting.url.pathname}?lang=en`, rp.baseUrl)))).toContain(
      'The patient approved.',
    )
    // Another desk cannot open this patient's result.
    const other = await unlockedDesk()
    expect((await other.browser.get(waiting.url)).status).toBe(404)
    // Done: the data is cleared from the desk.
    const done = await browser.post(rp.url(`${waiting.url.pathname}/close`), {
      _csrf: fieldValue(result, '_csrf'),
    })
    expect(done.url.pathname).toBe('/desk')
    expect((await browser.get(waiting.url)).status).toBe(404)
  })

  it('the patient refuses on the phone: the desk says so, with no data', async () => {
    const { browser, page } = await unlockedDesk()
    const waiting = await startRequest(browser, page, personas.teen16.personalId, 'Quầy 7')
    await decideOnPhone(personas.teen16.personalId, 'Quầy 7', 'deny')
    const result = await settled(browser, waiting.url)
    expect(result.body).toContain('data-status="refused"')
    expect(textOf(result)).toContain('Người bệnh đã từ chối trên điện thoại')
    expect(textOf(result)).not.toContain('Huỳnh Gia Bảo')
  })

  it('finding 9: an approval that brings nothing shows "nothing was shared", not a green confirmation', async () => {
    // The patient ticks only the health-insurance card, and has none: nothing reaches the desk.
    const persona = personas.noHealthInsurance
    const { browser, page } = await unlockedDesk()
    const waiting = await startRequest(browser, page, persona.personalId, 'Quầy 2')
    await decideOnPhone(persona.personalId, 'Quầy 2', 'approve', ['health_insurance'])
    const result = await settled(browser, waiting.url)
    expect(result.body).toContain('data-status="nothing_shared"')
    expect(result.body).not.toContain('data-status="approved"')
    expect(textOf(result)).toContain('Người bệnh đã xác nhận nhưng không có thông tin nào được chia sẻ')
    expect(textOf(result)).not.toContain('Người bệnh đã xác nhận.')
    expect(result.body).not.toContain('id="desk-patient-name"')
    expect(textOf(await browser.get(new URL(`${waiting.url.pathname}?lang=en`, rp.baseUrl)))).toContain(
      'The patient approved, but nothing was shared',
    )
  })

  it('one waiting request per number: the same desk is shown its request, another desk is told to wait', async () => {
    const { browser, page } = await unlockedDesk()
    const number = personas.level1Adult.personalId
    const waiting = await startRequest(browser, page, number, 'Quầy 4')
    expect(waiting.body).toContain('data-status="waiting"')
    const again = await startRequest(browser, page, number, 'Quầy 4')
    expect(again.status).toBe(409)
    expect(again.body).toContain('data-busy="number_pending"')
    expect(textOf(again)).toContain('Số định danh này đã có một yêu cầu đang chờ người bệnh xác nhận')
    expect(again.body).toContain(`id="desk-pending-request" href="${waiting.url.pathname}"`)
    expect(again.body).toContain(`value="${number}"`)
    const other = await unlockedDesk()
    const fromOther = await startRequest(other.browser, other.page, number, 'Quầy 5')
    expect(fromOther.status).toBe(409)
    expect(fromOther.body).not.toContain('id="desk-pending-request"')
    // Cleared at the desk: the number is free again (the provider still holds the first request).
    // (The waiting page has no form: the desk's forms share one token.)
    await browser.post(rp.url(`${waiting.url.pathname}/close`), { _csrf: fieldValue(page, '_csrf') })
    const afterClose = await startRequest(other.browser, other.page, number, 'Quầy 5')
    expect(afterClose.body).toContain('data-status="waiting"')
    await other.browser.post(rp.url(`${afterClose.url.pathname}/close`), {
      _csrf: fieldValue(other.page, '_csrf'),
    })
    expect((await other.browser.get(afterClose.url)).status).toBe(404)
  })

  it('a desk sending too many requests in a minute is asked to wait (429)', async () => {
    const { browser, page } = await unlockedDesk()
    // Ten numbers nobody else uses: each request reaches the provider (and counts).
    const numberOf = (i: number) => `0010905555${String(i).padStart(2, '0')}`
    for (let i = 0; i < 10; i++) {
      const sent = await startRequest(browser, page, numberOf(i), 'Quầy 6')
      expect(sent.status).toBe(200)
      await browser.post(rp.url(`${sent.url.pathname}/close`), { _csrf: fieldValue(page, '_csrf') })
    }
    const limited = await startRequest(browser, page, numberOf(10), 'Quầy 6')
    expect(limited.status).toBe(429)
    expect(limited.body).toContain('data-busy="rate"')
    expect(textOf(limited)).toMatch(
      /Quầy đã gửi nhiều yêu cầu trong một phút\. Vui lòng chờ \d+ giây rồi gửi lại\./,
    )
  })

  it('the provider down: a friendly 503 when the desk sends a request', async () => {
    const { browser, page } = await unlockedDesk()
    await rp.stopProvider()
    const down = await startRequest(browser, page, personas.level2Adult.personalId, 'Quầy 3')
    expect(down.status).toBe(503)
    expect(textOf(down)).toContain('VNeID tạm thời không phản hồi')
  })
})

describe('desk requests (unit)', () => {
  it('explains each way a wait ends', () => {
    const denied = new EidProviderError({
      code: 'ERR_EID_ACCESS_DENIED',
      error: 'access_denied',
      endpoint: 'token',
    })
    expect(outcomeOfError(denied)).toEqual({ status: 'refused' })
    expect(outcomeOfError(new EidBackchannelExpiredError())).toEqual({ status: 'expired' })
    expect(outcomeOfError(new EidNetworkError({ timeout: false }))).toEqual({ status: 'provider_down' })
    expect(outcomeOfError(new Error('bug'))).toEqual({ status: 'failed', code: 'internal' })
  })

  it('is bounded, forgets requests after the TTL and stops their polls', async () => {
    let now = 0
    const requests = new DeskRequests({ max: 2, ttlMs: 1000, now: () => now })
    const signals: AbortSignal[] = []
    const wait = (signal: AbortSignal) => {
      signals.push(signal)
      return new Promise<never>(() => undefined)
    }
    const first = requests.start({ deskId: 'd1', bindingMessage: 'Quầy 1', personalId: '001090001234', wait })
    expect(first.numberHint).toBe('234')
    requests.start({ deskId: 'd1', bindingMessage: 'Quầy 2', personalId: '001090001235', wait })
    expect(() =>
      requests.start({ deskId: 'd1', bindingMessage: 'Quầy 3', personalId: '001090001236', wait }),
    ).toThrow(DeskBusyError)
    expect(requests.get(first.id, 'd2')).toBeUndefined()
    expect(requests.get(first.id, 'd1')?.outcome).toEqual({ status: 'waiting' })
    now = 1000
    expect(requests.get(first.id, 'd1')).toBeUndefined()
    expect(signals.every((signal) => signal.aborted)).toBe(true)
  })
})

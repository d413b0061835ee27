import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { personas } from '@dinhdanh/testing'
import Database from 'better-sqlite3'
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
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createApp, EKYC_PURPOSE } from './app.js'
import { BankStore, prepareDatabaseFile, TransferRefused, vietnamDayStart } from './store.js'

const JWT = /eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+/
const an = personas.level2Adult.personalId
const ngoc = personas.level1Adult.personalId

let rp: ExampleUnderTest<Express>
let dir: string
let dbFile: string

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bank-test-'))
  dbFile = join(dir, 'bank.sqlite')
  rp = await startExample(DEMO_APPS.find((a) => a.name === 'bank')!, ({ client, config }) =>
    createApp({ client, config, databaseFile: dbFile }),
  )
})
afterEach(async () => {
  await rp.close()
  rmSync(dir, { recursive: true, force: true })
})

/** Reads the bank's SQLite file as another process would. */
function query<T>(sql: string, ...params: unknown[]): T[] {
  const db = new Database(dbFile, { readonly: true })
  try {
    return db.prepare(sql).all(...params) as T[]
  } finally {
    db.close()
  }
}
const balance = () => query<{ balance: number }>('SELECT balance FROM accounts')[0]?.balance
const count = (table: string) => query<{ n: number }>(`SELECT count(*) AS n FROM ${table}`)[0]!.n

async function openAccount(browser: Browser): Promise<Page> {
  const review = await rp.signInAs(browser, an, '/open-account')
  expect(review.status).toBe(200)
  return browser.post(rp.url('/open-account'), { _csrf: fieldValue(review, '_csrf') })
}

async function transfer(browser: Browser, amount: string, recipient = '0123456789'): Promise<Page> {
  const form = await browser.get(rp.url('/transfer'))
  expect(form.status).toBe(200)
  return browser.post(rp.url('/transfer'), {
    _csrf: fieldValue(form, '_csrf'),
    recipient,
    amount,
    note: 'Tiền nhà',
  })
}

describe('landing page', () => {
  it('offers online opening and internet banking, in Vietnamese then English', async () => {
    const browser = new Browser()
    const vi = await browser.get(rp.url('/'))
    expect(vi.status).toBe(200)
    expect(vi.body).toContain('id="open-account"')
    expect(textOf(vi)).toContain('Mở tài khoản trực tuyến bằng VNeID')
    expect(textOf(vi)).toContain('Đăng nhập ngân hàng điện tử')
    const en = await browser.get(rp.url('/?lang=en'))
    expect(textOf(en)).toContain('Open an account online with VNeID')
    // The choice is remembered.
    expect(textOf(await browser.get(rp.url('/')))).toContain('Sign in to internet banking')
  })
})

describe('account opening (eKYC, level 2)', () => {
  it('shows the data received, opens the account and stores the verified consent receipt', async () => {
    const browser = new Browser()
    const review = await rp.signInAs(browser, an, '/open-account')
    expect(review.status).toBe(200)
    const text = textOf(review)
    for (const expected of [
      'Nguyễn Văn An',
      an,
      '12 Tràng Tiền',
      EKYC_PURPOSE,
      'Số điện thoại',
      `${an} (CC)`,
    ]) {
      expect(text).toContain(expected)
    }
    expect(review.body).toContain('id="confirm-open"')
    expect(review.body).not.toMatch(JWT)

    const account = await browser.post(rp.url('/open-account'), { _csrf: fieldValue(review, '_csrf') })
    expect(account.status).toBe(200)
    expect(account.url.pathname).toBe('/account')
    const shown = textOf(account)
    expect(shown).toContain('Chúc mừng! Tài khoản của bạn đã được mở.')
    expect(shown).toContain('50.000.000 ₫')
    expect(shown).toContain('Đã kiểm tra chữ ký của nhà cung cấp định danh')
    expect(account.body).not.toMatch(JWT)

    const [stored] = query<{ consent_id: string; receipt_jwt: string; purpose: string; attributes: string }>(
      'SELECT * FROM consent_receipts',
    )
    expect(stored?.purpose).toBe(EKYC_PURPOSE)
    expect(JSON.parse(stored!.attributes)).toEqual(
      expect.arrayContaining(['identity', 'address', 'phone', 'id_card']),
    )
    expect(shown).toContain(stored!.consent_id)
    // The stored JWT verifies against the provider's keys and names the consent the provider recorded.
    const receipt = await rp.client.verifyConsentReceipt(stored!.receipt_jwt)
    expect(receipt.consentId).toBe(stored!.consent_id)
    const consents = (await rp.admin('GET', '/consents?client_id=demo-bank')) as unknown as
      | { id: string }[]
      | { consents: { id: string }[] }
    expect(JSON.stringify(consents)).toContain(stored!.consent_id)
    const [customer] = query<{ full_name: string; address: string; phone: string }>('SELECT * FROM customers')
    expect(customer).toMatchObject({
      full_name: 'Nguyễn Văn An',
      address: expect.stringContaining('Tràng Tiền'),
    })
    expect(customer?.phone).toMatch(/^\+84\d{9}$/)
    // The account page masks the ID card number like the personal ID (on a chip card it is the same).
    expect(shown).toContain('••••••••1234 (CC)')
    expect(shown).not.toContain(an)
  })

  it('a double submit opens one account and shows it both times', async () => {
    const browser = new Browser()
    const review = await rp.signInAs(browser, an, '/open-account')
    const form = { _csrf: fieldValue(review, '_csrf') }
    const pages = await Promise.all([
      browser.post(rp.url('/open-account'), form),
      browser.post(rp.url('/open-account'), form),
    ])
    expect(pages.map((p) => [p.status, p.url.pathname])).toEqual([
      [200, '/account'],
      [200, '/account'],
    ])
    expect([count('accounts'), count('customers'), count('consent_receipts')]).toEqual([1, 1, 1])
    const again = await browser.post(rp.url('/open-account'), form)
    expect(again.url.pathname).toBe('/account')
    expect(count('accounts')).toBe(1)
  })

  it('explains data that did not arrive (source down), without a confirm button, and shares again', async () => {
    await rp.admin('POST', '/scenarios', { name: 'source_down', source: 'phone' })
    const browser = new Browser()
    const review = await rp.signInAs(browser, an, '/open-account')
    expect(review.status).toBe(200)
    expect(review.url.pathname).toBe('/open-account')
    expect(review.body).toContain('id="ekyc-incomplete"')
    expect(review.body).toContain('data-attribute="phone" data-why="unavailable"')
    expect(textOf(review)).toContain('nguồn dữ liệu của VNeID tạm thời không phản hồi')
    expect(review.body).not.toContain('id="confirm-open"')
    const href = /id="share-again" href="([^"]+)"/.exec(review.body)?.[1]?.replaceAll('&amp;', '&')
    expect(href).toBe('/auth/login?level=2&attributes=phone&returnTo=%2Fopen-account')
    // finding 7: the share-again link may ask for eKYC data, and a crafted one for nothing else.
    expect((await new Browser().get(rp.url('/auth/login?level=2&attributes=health_insurance'))).status).toBe(
      400,
    )
    // A forged or stale confirm comes back to the explanation: no loop to VNeID, nothing stored.
    const posted = await browser.post(rp.url('/open-account'), { _csrf: fieldValue(review, '_csrf') })
    expect(posted.url.pathname).toBe('/open-account')
    expect(posted.body).toContain('id="ekyc-incomplete"')
    expect(count('accounts')).toBe(0)
    const english = textOf(await browser.get(rp.url('/open-account?lang=en')))
    expect(english).toContain('the VNeID data source was not responding')
    await browser.get(rp.url('/?lang=vi'))

    await rp.admin('DELETE', '/scenarios')
    const shared = await browser.get(rp.url(href!))
    expect(shared.url.pathname).toBe('/open-account')
    expect(shared.body).toContain('id="confirm-open"')
    expect(shared.body).not.toContain('id="ekyc-incomplete"')
    const account = await browser.post(rp.url('/open-account'), { _csrf: fieldValue(shared, '_csrf') })
    expect(account.body).toContain('id="account-opened"')
    const [customer] = query<{ phone: string }>('SELECT phone FROM customers')
    expect(customer?.phone).toMatch(/^\+84\d{9}$/)
    for (const { purpose } of query<{ purpose: string }>('SELECT purpose FROM consent_receipts')) {
      expect(purpose).toBe(EKYC_PURPOSE)
    }
  })

  it('asks a signed-in citizen only for the missing data, and keeps both receipts', async () => {
    const browser = new Browser()
    const none = await rp.signInAs(browser, an, '/account')
    expect(none.body).toContain('id="no-account"')
    const review = await browser.get(rp.url('/open-account')) // incremental consent: address, phone, ID card
    expect(textOf(review)).toContain('12 Tràng Tiền')
    await browser.post(rp.url('/open-account'), { _csrf: fieldValue(review, '_csrf') })
    const receipts = query<{ purpose: string; attributes: string }>(
      'SELECT purpose, attributes FROM consent_receipts',
    )
    expect(receipts.map((r) => r.purpose).sort()).toEqual([
      EKYC_PURPOSE,
      'Đăng nhập ngân hàng điện tử Sen Vàng',
    ])
    expect(receipts.find((r) => r.purpose === EKYC_PURPOSE)?.attributes).not.toContain('identity')
  })

  it('deletes the stored personal data when the citizen withdraws the consent', async () => {
    const browser = new Browser()
    const opened = await openAccount(browser)
    expect(opened.url.pathname).toBe('/account')
    expect(opened.body).toContain('id="withdraw-link"')
    const [{ consent_id }] = query<{ consent_id: string }>('SELECT consent_id FROM consent_receipts') as [
      { consent_id: string },
    ]
    await rp.admin('POST', `/consents/${consent_id}/withdraw`)
    for (let i = 0; i < 50 && query('SELECT 1 FROM customers WHERE address IS NULL').length === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    const [customer] = query<Record<string, unknown>>('SELECT * FROM customers')
    expect(customer).toMatchObject({
      full_name: 'Nguyễn Văn An',
      personal_id: an,
      address: null,
      phone: null,
      birth_date: null,
      id_card_number: null,
    })
    expect(query('SELECT status FROM consent_receipts')).toEqual([{ status: 'withdrawn' }])
    const page = await browser.get(rp.url('/account'))
    expect(page.body).toContain('id="consent-withdrawn"')
    // Issue #15, point 9: nothing left to withdraw, so nothing offers it.
    expect(page.body).not.toContain('id="withdraw-link"')
    expect(textOf(page)).not.toContain('Rút lại sự đồng ý trên cổng')
    expect(textOf(page)).toContain('ngân hàng đã xóa: ngày sinh, giới tính, địa chỉ, số điện thoại')
    expect(textOf(page)).not.toContain('Tràng Tiền')
  })

  it('explains to a level-1 citizen that eKYC needs level 2, and stores nothing', async () => {
    const page = await rp.signInAs(new Browser(), ngoc, '/open-account')
    expect(page.status).toBe(403)
    expect(page.body).toContain('data-context="open-account"')
    expect(textOf(page)).toContain('chỉ mở tài khoản trực tuyến khi danh tính của bạn được xác thực ở mức 2')
    expect(textOf(page)).toContain('cơ quan Công an')
    expect(count('accounts')).toBe(0)
  })

  it('shows a friendly page when the citizen refuses consent', async () => {
    await rp.admin('POST', '/scenarios', { name: 'consent_denied' })
    const page = await rp.signInAs(new Browser(), an, '/open-account')
    expect(page.status).toBe(403)
    expect(textOf(page)).toContain('Bạn đã không chia sẻ dữ liệu')
    expect(textOf(page)).toContain('ngân hàng không nhận được thông tin nào')
  })

  it('stores nothing when the consent API is down, and opens the account on retry', async () => {
    const browser = new Browser()
    const review = await rp.signInAs(browser, an, '/open-account')
    await rp.admin('POST', '/scenarios', { name: 'server_error', endpoint: 'consent_api', status: 503 })
    const failed = await browser.post(rp.url('/open-account'), { _csrf: fieldValue(review, '_csrf') })
    expect(failed.status).toBe(503)
    expect(failed.body).toContain('data-problem="provider_down"')
    expect(textOf(failed)).toContain('Chưa có tài khoản nào được mở và không có dữ liệu nào được lưu')
    expect([count('accounts'), count('customers'), count('consent_receipts')]).toEqual([0, 0, 0])
    await rp.admin('DELETE', '/scenarios')
    const retried = await browser.post(rp.url('/open-account'), { _csrf: fieldValue(review, '_csrf') })
    expect(retried.url.pathname).toBe('/account')
    expect(count('consent_receipts')).toBe(1)
  })

  it('refuses a confirm without the CSRF token', async () => {
    const browser = new Browser()
    await rp.signInAs(browser, an, '/open-account')
    const forged = await browser.post(rp.url('/open-account'), { _csrf: 'forged' })
    expect(forged.status).toBe(403)
    expect(forged.body).toContain('id="csrf-refused"')
    expect(count('accounts')).toBe(0)
  })

  it('shows a friendly 503 when the provider is down', async () => {
    await rp.stopProvider()
    const page = await new Browser().get(rp.url('/open-account'))
    expect(page.status).toBe(503)
    expect(textOf(page)).toContain('VNeID tạm thời không phản hồi')
    expect(page.body).not.toMatch(/\n\s+at /) // no stack trace
  })
})

describe('transfers', () => {
  it('makes a transfer up to 10,000,000 VND at level 1', async () => {
    const browser = new Browser()
    const account = await rp.signInAs(browser, ngoc, '/banking')
    expect(account.url.pathname).toBe('/account')
    expect(textOf(account)).toContain('50.000.000 ₫')
    const done = await transfer(browser, '10000000')
    expect(done.status).toBe(200)
    expect(done.body).toContain('id="transfer-done"')
    expect(textOf(done)).toContain('VNeID mức 1')
    expect(textOf(done)).toContain('40.000.000 ₫')
    expect(done.body).not.toMatch(JWT)
  })

  it('refuses a larger transfer for a level-1 account, explains, and keeps small transfers working', async () => {
    const browser = new Browser()
    await rp.signInAs(browser, ngoc, '/banking')
    const refused = await transfer(browser, '20.000.000')
    expect(refused.status).toBe(403)
    expect(refused.body).toContain('data-context="transfer"')
    expect(textOf(refused)).toContain('cơ quan Công an')
    expect(textOf(refused)).toContain(
      'bạn vẫn chuyển khoản tối đa 10.000.000 ₫ mỗi lần và 20.000.000 ₫ mỗi ngày',
    )
    expect(refused.body).toContain('Chuyển khoản tối đa 10.000.000 ₫')
    expect(query('SELECT status FROM transfers')).toEqual([{ status: 'cancelled' }])
    // The level-1 session stays: a small transfer still goes through, and nothing else was debited.
    const small = await transfer(browser, '2000000')
    expect(textOf(small)).toContain('48.000.000 ₫')
  })

  it('applies the daily limit: two transfers of 10,000,000 pass at level 1, the third needs level 2', async () => {
    const browser = new Browser()
    await rp.signInAs(browser, ngoc, '/banking')
    expect((await transfer(browser, '10000000')).body).toContain('id="transfer-done"')
    const second = await transfer(browser, '10.000.000')
    expect(second.body).toContain('id="transfer-done"')
    expect(textOf(await browser.get(rp.url('/transfer')))).toContain('Đã chuyển hôm nay: 20.000.000 ₫')
    const third = await transfer(browser, '1000')
    expect(third.status).toBe(403)
    expect(third.body).toContain('data-context="transfer"')
    expect(textOf(third)).toContain('khi tổng chuyển khoản trong ngày vượt 20.000.000 ₫')
    expect(query('SELECT amount, status FROM transfers ORDER BY created_at, rowid')).toEqual([
      { amount: 10_000_000, status: 'done' },
      { amount: 10_000_000, status: 'done' },
      { amount: 1000, status: 'cancelled' },
    ])
    expect(balance()).toBe(30_000_000)
  })

  it('sends a level-2 citizen signed in before the transfer through VNeID again, and executes only after', async () => {
    const browser = new Browser()
    await rp.signInAs(browser, an, '/banking') // often in the same second as the transfer: still not enough
    const form = await browser.get(rp.url('/transfer'))
    const posted = await browser.post(
      rp.url('/transfer'),
      { _csrf: fieldValue(form, '_csrf'), recipient: '0123456789', amount: '25000000' },
      { follow: false },
    )
    expect(posted.status).toBe(303)
    const confirmPath = posted.location!.pathname
    expect(confirmPath).toMatch(/^\/transfer\/[\w-]+\/confirm$/)
    expect(query('SELECT status FROM transfers')).toEqual([{ status: 'pending' }])
    expect(balance()).toBe(50_000_000)

    // The level-2 session is not enough: the confirm page sends the citizen to VNeID first.
    const start = await browser.get(rp.url(confirmPath), { follow: false })
    expect(start.status).toBe(302)
    expect(start.location?.origin).toBe(new URL(rp.config.issuer).origin)
    // Confirming with the old authentication is refused (an API-style 401), and nothing is debited.
    const early = await browser.post(
      rp.url(confirmPath),
      { _csrf: fieldValue(form, '_csrf') },
      { follow: false },
    )
    expect(early.status).toBe(401)
    expect(query('SELECT status FROM transfers')).toEqual([{ status: 'pending' }])

    const transferConsents = async () => {
      const answer = (await rp.admin('GET', '/consents?client_id=demo-bank')) as
        | { purpose: string }[]
        | { consents: { purpose: string }[] }
      const records = Array.isArray(answer) ? answer : answer.consents
      return records.filter((r) => r.purpose.startsWith('Xác thực giao dịch')).length
    }
    expect(await transferConsents()).toBe(0)
    const confirm = await browser.get(start.location!) // VNeID (prompt=login) and back
    expect(confirm.url.pathname).toBe(confirmPath)
    expect(confirm.body).toContain('id="confirm-transfer"')
    expect(await transferConsents()).toBe(1) // the second trip to the provider, for this transfer
    expect(balance()).toBe(50_000_000)

    const done = await browser.post(rp.url(confirmPath), { _csrf: fieldValue(confirm, '_csrf') })
    expect(done.body).toContain('id="transfer-done"')
    expect(textOf(done)).toContain('VNeID mức 2')
    expect(textOf(done)).toContain('25.000.000 ₫')
    expect(query('SELECT amount, level, status FROM transfers')).toEqual([
      { amount: 25_000_000, level: 2, status: 'done' },
    ])
    // A double click on confirm shows the same done page and debits once.
    const again = await browser.post(rp.url(confirmPath), { _csrf: fieldValue(confirm, '_csrf') })
    expect(again.url.pathname).toBe(done.url.pathname)
    expect(again.body).toContain('id="transfer-done"')
    expect(balance()).toBe(25_000_000)
  })

  it("finding 1: a plain sign-in round trip (the provider's single sign-on) confirms no transfer", async () => {
    const browser = new Browser()
    // The attack needs the sign-in and the request in one second (what `auth_time` cannot tell apart):
    // start at the top of a second so that they usually are.
    await new Promise((resolve) => setTimeout(resolve, 1000 - (Date.now() % 1000)))
    await rp.signInAs(browser, an, '/banking')
    const request = async () => {
      const form = await browser.get(rp.url('/transfer'))
      const posted = await browser.post(
        rp.url('/transfer'),
        { _csrf: fieldValue(form, '_csrf'), recipient: '0123456789', amount: '11000000' },
        { follow: false },
      )
      return { path: posted.location!.pathname, csrf: fieldValue(form, '_csrf') }
    }
    /** `/auth/login?returnTo=…` through the provider and its callback, stopping before the page itself. */
    const plainSignIn = async (returnTo: string) => {
      let page = await browser.get(rp.url(`/auth/login?returnTo=${encodeURIComponent(returnTo)}`), {
        follow: false,
      })
      for (let hop = 0; page.location && page.location.pathname !== returnTo; hop++) {
        expect(hop).toBeLessThan(20)
        page = await browser.get(page.location, { follow: false })
      }
      expect(page.status).toBe(303)
    }
    const first = await request()
    await plainSignIn(first.path)
    const refused = await browser.post(rp.url(first.path), { _csrf: first.csrf }, { follow: false })
    expect(refused.status).toBe(401)
    const again = await browser.get(rp.url(first.path), { follow: false })
    expect(again.location?.origin).toBe(new URL(rp.config.issuer).origin)
    // The real re-authentication (the guard's prompt=login) confirms it...
    const confirm = await browser.get(again.location!)
    expect(confirm.body).toContain('id="confirm-transfer"')
    await browser.post(rp.url(first.path), { _csrf: fieldValue(confirm, '_csrf') })
    // ...and a second transfer asked for in the same second is not confirmed by it, nor by a plain trip.
    const second = await request()
    expect((await browser.post(rp.url(second.path), { _csrf: second.csrf }, { follow: false })).status).toBe(
      401,
    )
    await plainSignIn(second.path)
    expect((await browser.post(rp.url(second.path), { _csrf: second.csrf }, { follow: false })).status).toBe(
      401,
    )
    expect(query('SELECT status FROM transfers ORDER BY created_at, rowid')).toEqual([
      { status: 'done' },
      { status: 'pending' },
    ])
    expect(balance()).toBe(50_000_000 - 11_000_000)
  })

  it('the store refuses a confirmation by any sign-in but a new authentication started after the request', () => {
    const bank = new BankStore()
    const account = bank.ensureDemoAccount('sub-1')
    const signIn = (id: string, startedAt: number, reauthenticated: boolean) => ({
      level: 2,
      signIn: { id, startedAt, reauthenticated },
    })
    const requesting = signIn('requesting', Date.now() - 60_000, true)
    const pending = bank.createTransfer(
      account,
      { recipient: '0123456789', amount: 25_000_000, note: '' },
      requesting,
    )
    expect(pending.status).toBe('pending') // level 2 is not a confirmation by itself
    const { createdAtMs } = pending
    for (const session of [
      requesting, // the sign-in before it
      signIn('sso', createdAtMs + 5, false), // after it, but answered from the provider's single sign-on
      signIn('same-ms', createdAtMs, true),
      signIn('before', createdAtMs - 1, true),
      { level: 1, signIn: { id: 'level-1', startedAt: createdAtMs + 5, reauthenticated: true } },
      { level: 2, signIn: undefined },
    ]) {
      expect(() => bank.confirmTransfer(pending.id, session)).toThrow(TransferRefused)
    }
    expect(bank.transfer(pending.id)?.status).toBe('pending')
    expect(bank.accountOf('sub-1')?.balance).toBe(50_000_000)
    const done = bank.confirmTransfer(pending.id, signIn('fresh', createdAtMs + 1, true))
    expect(done.status).toBe('done')
    expect(done.confirmedBySignIn).toBe('fresh')
    expect(bank.accountOf('sub-1')?.balance).toBe(25_000_000)
  })

  it('finding 1: one authentication confirms one transfer, however close the requests', () => {
    const bank = new BankStore()
    const account = bank.ensureDemoAccount('sub-3')
    const first = bank.createTransfer(
      account,
      { recipient: '0123456789', amount: 11_000_000, note: '' },
      {
        level: 2,
        signIn: undefined,
      },
    )
    const second = bank.createTransfer(
      account,
      { recipient: '0123456789', amount: 11_000_000, note: '' },
      {
        level: 2,
        signIn: undefined,
      },
    )
    const fresh = { level: 2, signIn: { id: 'one', startedAt: Date.now() + 1, reauthenticated: true } }
    expect(bank.confirmTransfer(first.id, fresh).status).toBe('done')
    expect(bank.confirmTransfer(first.id, fresh).status).toBe('done') // a double click is not a second use
    expect(bank.mayConfirm(second, fresh)).toBe(false)
    expect(() => bank.confirmTransfer(second.id, fresh)).toThrow(TransferRefused)
    expect(bank.transfer(second.id)?.status).toBe('pending')
    const another = { level: 2, signIn: { id: 'two', startedAt: Date.now() + 1, reauthenticated: true } }
    expect(bank.confirmTransfer(second.id, another).status).toBe('done')
  })

  it('counts the daily limit from midnight in Vietnam (UTC+7)', () => {
    const at = Date.UTC(2026, 0, 1, 16, 59, 59) / 1000 // 23:59:59 on 1 January in Hà Nội
    expect(vietnamDayStart(at)).toBe(Date.UTC(2025, 11, 31, 17) / 1000)
    expect(vietnamDayStart(at + 1)).toBe(Date.UTC(2026, 0, 1, 17) / 1000)
    const bank = new BankStore()
    const account = bank.ensureDemoAccount('sub-2')
    const made = bank.createTransfer(
      account,
      { recipient: '0123456789', amount: 10_000_000, note: '' },
      { level: 1, signIn: undefined },
    )
    bank.db.prepare('UPDATE transfers SET executed_at = ? WHERE id = ?').run(at, made.id)
    expect(bank.todaysTotal(account.number, at)).toBe(10_000_000)
    expect(bank.todaysTotal(account.number, at + 1)).toBe(0)
  })

  it('refuses a transfer without the CSRF token, and a signed-out post', async () => {
    const browser = new Browser()
    await rp.signInAs(browser, ngoc, '/banking')
    const forged = await browser.post(rp.url('/transfer'), {
      _csrf: 'x',
      recipient: '0123456789',
      amount: '1000000',
    })
    expect(forged.status).toBe(403)
    expect(count('transfers')).toBe(0)
    const anonymous = await new Browser().post(rp.url('/transfer'), {
      recipient: '0123456789',
      amount: '1000000',
    })
    expect(anonymous.status).toBe(401)
  })

  it('rejects invalid input with an explanation', async () => {
    const browser = new Browser()
    await rp.signInAs(browser, ngoc, '/banking')
    const page = await transfer(browser, '60000000')
    expect(page.status).toBe(400)
    expect(textOf(page)).toContain('Số dư không đủ')
  })
})

describe('the database file', () => {
  it('is readable by its owner only (0600), in a folder created with 0700', () => {
    expect(statSync(dbFile).mode & 0o777).toBe(0o600)
    for (const extra of [`${dbFile}-wal`, `${dbFile}-shm`]) {
      if (existsSync(extra)) expect(statSync(extra).mode & 0o777).toBe(0o600)
    }
    const file = join(dir, 'new', '.data', 'bank.sqlite')
    prepareDatabaseFile(file)
    expect(statSync(join(dir, 'new', '.data')).mode & 0o777).toBe(0o700)
    expect(statSync(file).mode & 0o777).toBe(0o600)
  })
})

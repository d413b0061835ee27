import { mkdtempSync, rmSync } from 'node:fs'
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
    expect((await openAccount(browser)).url.pathname).toBe('/account')
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
    expect(textOf(refused)).toContain('bạn vẫn chuyển khoản đến 10.000.000 ₫ bình thường')
    expect(query('SELECT status FROM transfers')).toEqual([{ status: 'cancelled' }])
    // The level-1 session stays: a small transfer still goes through, and nothing else was debited.
    const small = await transfer(browser, '2000000')
    expect(textOf(small)).toContain('48.000.000 ₫')
  })

  it('makes a larger transfer at level 2', async () => {
    const browser = new Browser()
    await rp.signInAs(browser, an, '/banking')
    const done = await transfer(browser, '25000000')
    expect(done.body).toContain('id="transfer-done"')
    expect(textOf(done)).toContain('VNeID mức 2')
    expect(textOf(done)).toContain('25.000.000 ₫')
    expect(query('SELECT amount, level, status FROM transfers')).toEqual([
      { amount: 25_000_000, level: 2, status: 'done' },
    ])
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

/**
 * Account opening by sharing from the VNeID app (src/routes/share.ts) against the real mock provider in
 * process: the bank's share client registered as the demo registers it, the phone simulator driven over
 * HTTP (number and passcode, the SMS code, ticks, approve or refuse), the app's callback, the signed
 * webhook, the DEMO face match and the account in SQLite.
 */
import { createHmac, randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { citizenWithPersona, personas, portraitClaims } from '@dinhdanh/testing'
import Database from 'better-sqlite3'
import { DEMO_APPS, shareClientMetadata } from 'dinhdanh-example-shared/demo'
import {
  Browser,
  type ExampleUnderTest,
  fieldValue,
  type Page,
  startExample,
  textOf,
} from 'dinhdanh-example-shared/testing'
import type { Express } from 'express'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createApp, createShareClient, SHARE_ATTRIBUTES } from './app.js'

const bankApp = DEMO_APPS.find((a) => a.name === 'bank')!
const an = personas.level2Adult.personalId
const secret = randomBytes(24).toString('base64url')
const webhookSecret = randomBytes(36).toString('base64url')

let rp: ExampleUnderTest<Express>
let dir: string
let dbFile: string

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bank-share-test-'))
  dbFile = join(dir, 'bank.sqlite')
  rp = await startExample(
    bankApp,
    async ({ client, config }) =>
      createApp({
        client,
        config,
        databaseFile: dbFile,
        share: await createShareClient(config, {
          clientId: 'demo-bank-ekyc',
          clientSecret: secret,
          webhookSecret,
        }),
      }),
    { clients: (baseUrl) => [shareClientMetadata(bankApp, baseUrl, { secret, webhookSecret })] },
  )
})
afterEach(async () => {
  await rp.close()
  rmSync(dir, { recursive: true, force: true })
})

function query<T>(sql: string, ...params: unknown[]): T[] {
  const db = new Database(dbFile, { readonly: true })
  try {
    return db.prepare(sql).all(...params) as T[]
  } finally {
    db.close()
  }
}

/** A customer on the bank's site starts a sharing for `personalId`: the waiting page. */
async function startSharing(browser: Browser, personalId = an): Promise<Page> {
  const form = await browser.get(rp.url('/open-account/share'))
  expect(form.status).toBe(200)
  // Typed as printed on the card, in groups.
  const printed = personalId.replace(/^(\d{3})(\d{3})(\d{3})(\d{3})$/, '$1 $2 $3 $4')
  const waiting = await browser.post(rp.url('/open-account/share'), {
    _csrf: fieldValue(form, '_csrf'),
    personalId: printed,
  })
  expect(waiting.url.pathname).toBe('/open-account/share/wait')
  expect(waiting.status).toBe(200)
  return waiting
}

/** The app link the waiting page offers (folded away on a desktop, under the QR code). */
const appLinkOf = (page: Page) => {
  const href = /id="app-link" href="([^"]+)"/.exec(page.body)?.[1]
  if (!href) throw new Error('no app link on the waiting page')
  return href.replace(/&amp;/g, '&')
}

/** The newest SMS code the outbox holds for this citizen. */
async function latestCode(personalId: string): Promise<string> {
  const phone = citizenWithPersona(personalId)?.phone?.number
  const { messages } = (await rp.admin('GET', '/sms')) as {
    messages: { to: string; text: string; sentAt: number }[]
  }
  const newest = messages.filter((m) => m.to === phone).sort((a, b) => b.sentAt - a.sentAt)[0]
  return /\b(\d{6})\b/.exec(newest?.text ?? '')?.[1] ?? ''
}

/**
 * The citizen's phone: opens the app link in the mock's phone simulator, signs in (number, passcode,
 * SMS code), ticks `attributes` and approves, or refuses. Returns where the app sends the browser back.
 */
async function answerOnPhone(
  appLink: string,
  decision: 'approve' | 'refuse',
  attributes: readonly string[] = SHARE_ATTRIBUTES,
): Promise<URL> {
  const phone = new Browser()
  const signIn = await phone.get(appLink)
  expect(signIn.body).toContain('name="passcode"')
  const otp = await phone.post(new URL('/phone/sign-in', rp.idp.url), {
    csrf: fieldValue(signIn, 'csrf'),
    personalId: an,
    passcode: '123456',
    lang: 'vi',
    next: fieldValue(signIn, 'next'),
  })
  expect(otp.body).toContain('name="otp"')
  const screen = await phone.post(new URL('/phone/otp', rp.idp.url), {
    csrf: fieldValue(otp, 'csrf'),
    otp: await latestCode(an),
    lang: 'vi',
  })
  expect(screen.body).toContain('name="decision"')
  const answered = await phone.post(
    screen.url,
    { csrf: fieldValue(screen, 'csrf'), lang: 'vi', decision, ...(decision === 'approve' && { attributes }) },
    { follow: false },
  )
  expect(answered.status).toBe(303)
  return answered.location!
}

/** The bank's records that could hold the portrait, as text. */
const storedText = () =>
  JSON.stringify([
    query('SELECT * FROM accounts'),
    query('SELECT * FROM customers'),
    query('SELECT * FROM consent_receipts'),
  ])

describe('account opening by sharing from the VNeID app', () => {
  it('start → approve on the phone → callback → face match → account opened with the consent id; the portrait is not kept', async () => {
    const desktop = new Browser()
    const home = await desktop.get(rp.url('/'))
    expect(home.body).toContain('id="share-from-app"')
    expect(textOf(home)).toContain('Chia sẻ từ ứng dụng VNeID')

    const waiting = await startSharing(desktop)
    // A desktop: the QR code of the link, and the page refreshes itself.
    expect(waiting.body).toContain('data-device="desktop"')
    expect(waiting.body).toMatch(/<figure id="share-qr"[^>]*><svg /)
    expect(waiting.body).toContain('http-equiv="refresh"')
    const appLink = appLinkOf(waiting)
    expect(appLink.startsWith(`${rp.idp.url}/share/`)).toBe(true)

    const callback = await answerOnPhone(appLink, 'approve')
    expect(callback.href.startsWith(rp.url('/callback/vneid/'))).toBe(true)
    const face = await desktop.get(callback)
    expect(face.url.pathname).toBe('/open-account/share/face')
    // The portrait VNeID shared, shown as it came (the mock's synthetic drawing of this citizen).
    const expected = `data:image/svg+xml;base64,${portraitClaims(citizenWithPersona(an)!).portrait.data}`
    expect(face.body).toContain(`id="shared-portrait" src="${expected}"`)
    expect(face.body).toContain('id="demo-face-match"')

    const opened = await desktop.post(rp.url('/open-account/share/face'), {
      _csrf: fieldValue(face, '_csrf'),
      selfie: 'self',
    })
    expect(opened.status).toBe(201)
    expect(opened.body).toContain('id="account-opened-share"')
    expect(opened.body).toContain('data-matched="true"')
    const consentId = /id="share-consent-id">([^<]+)</.exec(opened.body)?.[1]
    const number = /id="account-number">(\d+)</.exec(opened.body)?.[1]
    expect(consentId).toMatch(/\S/)

    const [account] = query<{ number: string; subject: string; kind: string }>('SELECT * FROM accounts')
    expect(account).toEqual(expect.objectContaining({ number, kind: 'ekyc', subject: `vneid-app:${an}` }))
    expect(query('SELECT personal_id, full_name FROM customers')).toEqual([
      { personal_id: an, full_name: 'Nguyễn Văn An' },
    ])
    expect(query('SELECT consent_id, method FROM consent_receipts')).toEqual([
      { consent_id: consentId, method: 'app' },
    ])
    // Deleted at the match: not in the database, and the session that held it is gone.
    const portraitData = portraitClaims(citizenWithPersona(an)!).portrait.data
    expect(storedText()).not.toContain(portraitData.slice(0, 40))
    const again = await desktop.get(rp.url('/open-account/share/face'))
    expect(again.url.pathname).toBe('/open-account/share')

    // The first internet-banking sign-in of the same citizen takes the account over.
    const account2 = await rp.signInAs(new Browser(), an, '/banking')
    expect(account2.url.pathname).toBe('/account')
    expect(account2.body).toContain(`id="account-number">${number}<`)
    expect(account2.body).toContain('class="receipt-app"')
  })

  it('a face that does not match (demo): no account, the shared data discarded', async () => {
    const desktop = new Browser()
    const face = await desktop.get(await answerOnPhone(appLinkOf(await startSharing(desktop)), 'approve'))
    const refused = await desktop.post(rp.url('/open-account/share/face'), {
      _csrf: fieldValue(face, '_csrf'),
      selfie: 'other',
    })
    expect(refused.status).toBe(422)
    expect(refused.body).toContain('id="face-mismatch"')
    expect(query('SELECT * FROM accounts')).toEqual([])
  })

  it('refused in the app: a friendly bilingual page, no account', async () => {
    const desktop = new Browser()
    const callback = await answerOnPhone(appLinkOf(await startSharing(desktop)), 'refuse')
    const page = await desktop.get(callback)
    expect(page.body).toContain('data-reason="refused"')
    expect(textOf(page)).toContain('Bạn đã từ chối yêu cầu trong ứng dụng VNeID')
    const en = await desktop.get(rp.url('/open-account/share?lang=en'))
    expect(textOf(en)).toContain('Share from the VNeID app')
    expect(query('SELECT * FROM accounts')).toEqual([])
  })

  it("another session's transaction at the callback is refused and fetches nothing", async () => {
    const owner = new Browser()
    const stranger = new Browser()
    const callback = await answerOnPhone(appLinkOf(await startSharing(owner)), 'approve')
    await startSharing(stranger)
    const refused = await stranger.get(callback)
    expect(refused.status).toBe(403)
    expect(refused.body).toContain('data-reason="mismatch"')
    // The owner's one-time data is still there for the owner.
    const face = await owner.get(callback)
    expect(face.url.pathname).toBe('/open-account/share/face')
    // And a link that is not one is refused before anything is looked up.
    const broken = await owner.get(rp.url('/callback/vneid/..%2F..'))
    expect(broken.body).toContain('data-reason="invalid_link"')
  })

  it('the signed webhook moves the waiting page on; a mis-signed one is refused', async () => {
    const desktop = new Browser()
    const waiting = await startSharing(desktop)
    // The phone approves; its browser never comes back to the bank (no callback).
    await answerOnPhone(appLinkOf(waiting), 'approve')
    await vi.waitFor(
      async () => {
        const { deliveries } = (await rp.admin('GET', '/share-webhooks')) as {
          deliveries: { outcome: string; httpStatus?: number }[]
        }
        expect(deliveries.some((d) => d.outcome === 'delivered' && d.httpStatus === 204)).toBe(true)
      },
      { timeout: 15_000, interval: 100 },
    )
    const face = await desktop.get(rp.url('/open-account/share/wait'))
    expect(face.url.pathname).toBe('/open-account/share/face')
    expect(face.body).toContain('data-received-by="webhook"')

    const body = JSON.stringify({
      txnId: 'not-a-real-one',
      status: 'REFUSED',
      eventId: '0b6e2f3c-8d61-4a3e-9d2b-2f7a4c1e5b90',
      timestamp: Math.floor(Date.now() / 1000),
    })
    const post = (payload: string, signature: string) =>
      fetch(rp.url('/webhooks/vneid-share'), {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-signature': signature },
        body: payload,
      })
    const sign = (payload: string, key: string) => createHmac('sha256', key).update(payload).digest('hex')
    expect((await post(body, sign(body, 'another-secret-of-at-least-32-characters!'))).status).toBe(401)
    expect((await post(body.replace('REFUSED', 'APPROVED'), sign(body, webhookSecret))).status).toBe(401)
    // Signed with the registered secret: accepted (about no live transaction: nothing to do).
    expect((await post(body, sign(body, webhookSecret))).status).toBe(204)
  })
})

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
import type { ShareLimits } from './share/limits.js'

const bankApp = DEMO_APPS.find((a) => a.name === 'bank')!
const an = personas.level2Adult.personalId
const secret = randomBytes(24).toString('base64url')
const webhookSecret = randomBytes(36).toString('base64url')

let rp: ExampleUnderTest<Express>
let dir: string
let dbFile: string

/** The bank (with `shareLimits`, else the defaults) and the mock provider, in process. */
async function boot(shareLimits?: Partial<ShareLimits>) {
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
        ...(shareLimits && { shareLimits }),
      }),
    { clients: (baseUrl) => [shareClientMetadata(bankApp, baseUrl, { secret, webhookSecret })] },
  )
}

/** The bank again, with other limits (a fresh database). */
async function rebootWith(shareLimits: Partial<ShareLimits>) {
  await rp.close()
  rmSync(dbFile, { force: true })
  await boot(shareLimits)
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bank-share-test-'))
  dbFile = join(dir, 'bank.sqlite')
  await boot()
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
  citizen = an,
): Promise<URL> {
  const phone = new Browser()
  const signIn = await phone.get(appLink)
  expect(signIn.body).toContain('name="passcode"')
  const otp = await phone.post(new URL('/phone/sign-in', rp.idp.url), {
    csrf: fieldValue(signIn, 'csrf'),
    personalId: citizen,
    passcode: '123456',
    lang: 'vi',
    next: fieldValue(signIn, 'next'),
  })
  expect(otp.body).toContain('name="otp"')
  const screen = await phone.post(new URL('/phone/otp', rp.idp.url), {
    csrf: fieldValue(otp, 'csrf'),
    otp: await latestCode(citizen),
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
    // Nothing shared is shown before the face match (see the tests of the security review below).
    expect(face.body).not.toContain('data:image/svg+xml;base64,')
    expect(face.body).toContain('id="demo-face-match"')

    const opened = await desktop.post(rp.url('/open-account/share/face'), {
      _csrf: fieldValue(face, '_csrf'),
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

  it('a face that does not match (the demo illustration, a path of its own): no account, the shared data discarded', async () => {
    const desktop = new Browser()
    const face = await desktop.get(await answerOnPhone(appLinkOf(await startSharing(desktop)), 'approve'))
    const refused = await desktop.post(rp.url('/open-account/share/face/demo-mismatch'), {
      _csrf: fieldValue(face, '_csrf'),
    })
    expect(refused.status).toBe(422)
    expect(refused.body).toContain('id="face-mismatch"')
    expect(refused.body).toContain('data-matched="false"')
    // Someone else's drawing: not the citizen's portrait.
    const portraitData = portraitClaims(citizenWithPersona(an)!).portrait.data
    expect(refused.body).not.toContain(portraitData)
    expect(query('SELECT * FROM accounts')).toEqual([])
    // The data is gone with the session: the main form cannot be posted afterwards.
    const after = await desktop.post(rp.url('/open-account/share/face'), { _csrf: fieldValue(face, '_csrf') })
    expect(after.status).toBe(403)
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

/** The value of the cookie `name` this browser sends to `url`. */
const cookieOf = (browser: Browser, url: string, name: string) =>
  new RegExp(`(?:^|; )${name}=([^;]*)`).exec(browser.cookieHeader(url) ?? '')?.[1]

/** A start of `personalId` from a new or given browser: the page it lands on. */
async function tryStart(personalId: string, browser = new Browser()): Promise<Page> {
  const form = await browser.get(rp.url('/open-account/share'))
  return browser.post(rp.url('/open-account/share'), { _csrf: fieldValue(form, '_csrf'), personalId })
}

const reasonOf = (page: Page) => /data-reason="(\w+)"/.exec(page.body)?.[1]

describe('security review (#16)', () => {
  it('finding 1: a visitor who starts a sharing for someone else’s number sees nothing shared before the face match, and at most a masked confirmation after it', async () => {
    const citizen = citizenWithPersona(an)!
    const attacker = new Browser()
    const waiting = await startSharing(attacker, an)
    // The citizen approves in the app (a phished QR code); their phone's browser is sent away.
    const back = await new Browser().get(await answerOnPhone(appLinkOf(waiting), 'approve'))
    expect(reasonOf(back)).toBe('mismatch')

    const face = await attacker.get(rp.url('/open-account/share/wait'))
    expect(face.url.pathname).toBe('/open-account/share/face')
    const shown = [
      citizen.fullName,
      citizen.fullName.split(' ').at(-1)!,
      '17/05/1990',
      citizen.birthDate,
      '••••',
      'data:image/svg+xml;base64,',
      portraitClaims(citizen).portrait.data,
    ]
    // A value that starts or ends with a letter or digit counts only as a whole word there: the given name
    // "An" may well occur inside a random CSRF token or nonce.
    const leaks = (body: string, value: string) => {
      const word = /[\p{L}\p{N}]/u
      const escaped = value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
      const before = word.test(value.at(0) ?? '') ? '(?<![\\p{L}\\p{N}_-])' : ''
      const after = word.test(value.at(-1) ?? '') ? '(?![\\p{L}\\p{N}_-])' : ''
      return new RegExp(`${before}${escaped}${after}`, 'u').test(body)
    }
    for (const value of shown) expect(leaks(face.body, value), value).toBe(false)
    // The demo camera is on the server: no choice of face in the form.
    expect(face.body).not.toContain('name="selfie"')

    const opened = await attacker.post(rp.url('/open-account/share/face'), {
      _csrf: fieldValue(face, '_csrf'),
    })
    expect(opened.status).toBe(201)
    for (const value of shown.filter((v) => v !== '••••'))
      expect(leaks(opened.body, value), value).toBe(false)
    expect(opened.body).not.toContain(an)
    expect(opened.body).toMatch(/id="masked-personal-id">•+1234</)
  })

  it('finding 1: the face-step forms carry no choice of face; the mismatch illustration never opens an account, whatever is posted', async () => {
    const desktop = new Browser()
    const face = await desktop.get(await answerOnPhone(appLinkOf(await startSharing(desktop)), 'approve'))
    expect(face.body).toContain('action="/open-account/share/face/demo-mismatch"')
    const illustration = await desktop.post(rp.url('/open-account/share/face/demo-mismatch'), {
      _csrf: fieldValue(face, '_csrf'),
      selfie: 'self',
      matched: 'true',
    })
    expect(illustration.status).toBe(422)
    expect(illustration.body).toContain('data-matched="false"')
    expect(query('SELECT * FROM accounts')).toEqual([])
  })

  it('finding 1: starts are limited per personal number (a 429 page), whoever starts them', async () => {
    await rebootWith({ perPersonalId: 2, perIp: 100, perSession: 100 })
    expect((await tryStart(an)).url.pathname).toBe('/open-account/share/wait')
    expect((await tryStart(an)).url.pathname).toBe('/open-account/share/wait')
    const third = await tryStart(an)
    expect(third.status).toBe(429)
    expect(reasonOf(third)).toBe('too_many')
    expect(third.headers.get('retry-after')).toMatch(/^\d+$/)
    expect(textOf(third)).toContain('Quá nhiều yêu cầu')
    // Another number is not held back by it.
    expect((await tryStart(personas.level1Adult.personalId)).url.pathname).toBe('/open-account/share/wait')
  })

  it('finding 1: starts are limited per client IP', async () => {
    await rebootWith({ perIp: 2, perPersonalId: 100, perSession: 100 })
    expect((await tryStart(an)).url.pathname).toBe('/open-account/share/wait')
    expect((await tryStart(personas.level1Adult.personalId)).url.pathname).toBe('/open-account/share/wait')
    const third = await tryStart(personas.locked.personalId)
    expect(third.status).toBe(429)
    expect(reasonOf(third)).toBe('too_many')
  })

  it('finding 1: starts are limited per share session, carried over the rotated cookie', async () => {
    await rebootWith({ perSession: 2, perIp: 100, perPersonalId: 100 })
    const browser = new Browser()
    expect((await tryStart(an, browser)).url.pathname).toBe('/open-account/share/wait')
    expect((await tryStart(personas.level1Adult.personalId, browser)).url.pathname).toBe(
      '/open-account/share/wait',
    )
    const third = await tryStart(personas.locked.personalId, browser)
    expect(third.status).toBe(429)
    expect(reasonOf(third)).toBe('too_many')
  })

  it('finding 1: every start gets a new share cookie; the one before names nothing (session fixation)', async () => {
    const browser = new Browser()
    const url = rp.url('/open-account/share/wait')
    await startSharing(browser)
    const first = cookieOf(browser, url, 'bank_share')
    await startSharing(browser)
    const second = cookieOf(browser, url, 'bank_share')
    expect(first).toMatch(/\S{20,}/)
    expect(second).toMatch(/\S{20,}/)
    expect(second).not.toBe(first)
    const planted = await fetch(url, { headers: { cookie: `bank_share=${first}` }, redirect: 'manual' })
    expect(planted.status).toBe(303)
    expect(planted.headers.get('location')).toBe('/open-account/share')
    expect((await browser.get(url)).url.pathname).toBe('/open-account/share/wait')
  })

  it('finding 2: a customer’s number is answered as anyone else’s; "already a customer" comes only after the approval and the face match', async () => {
    // An account opened from the app for `an`.
    const first = new Browser()
    const face = await first.get(await answerOnPhone(appLinkOf(await startSharing(first)), 'approve'))
    expect(
      (await first.post(rp.url('/open-account/share/face'), { _csrf: fieldValue(face, '_csrf') })).status,
    ).toBe(201)

    // The start of a customer's number and of anyone else's: the same waiting page.
    const customer = await tryStart(an)
    const stranger = await tryStart(personas.level1Adult.personalId)
    for (const page of [customer, stranger]) {
      expect(page.status).toBe(200)
      expect(page.url.pathname).toBe('/open-account/share/wait')
      expect(page.body).toContain('id="share-waiting"')
      expect(page.body).not.toContain('data-reason')
    }

    // The citizen approves and passes the face match: now they are told, and no second account exists.
    const again = new Browser()
    const face2 = await again.get(await answerOnPhone(appLinkOf(await startSharing(again)), 'approve'))
    expect(face2.url.pathname).toBe('/open-account/share/face')
    const told = await again.post(rp.url('/open-account/share/face'), { _csrf: fieldValue(face2, '_csrf') })
    expect(told.status).toBe(409)
    expect(reasonOf(told)).toBe('already_customer')
    expect(textOf(told)).toContain('Bạn đã có tài khoản')
    expect(query('SELECT number FROM accounts')).toHaveLength(1)
  })

  it('finding 3: showing the form creates no session, so GETs cannot evict one in flight; when full, a start gets a friendly 503', async () => {
    await rebootWith({ maxSessions: 2 })
    const victim = new Browser()
    await startSharing(victim)
    // Cookie-less visitors, far more than the cap: none is given a share session.
    for (let i = 0; i < 4; i++)
      await Promise.all(
        Array.from({ length: 10 }, async () => {
          const response = await fetch(rp.url('/open-account/share'))
          await response.arrayBuffer()
          expect(response.headers.getSetCookie().join('\n')).not.toMatch(/(^|\n)bank_share=/)
        }),
      )
    expect((await victim.get(rp.url('/open-account/share/wait'))).url.pathname).toBe(
      '/open-account/share/wait',
    )
    expect((await tryStart(personas.level1Adult.personalId)).url.pathname).toBe('/open-account/share/wait')
    const full = await tryStart(personas.locked.personalId)
    expect(full.status).toBe(503)
    expect(reasonOf(full)).toBe('busy')
    expect(full.headers.get('retry-after')).toMatch(/^\d+$/)
    expect(textOf(full)).toContain('Hệ thống đang bận')
    // Nobody was evicted to make room.
    expect((await victim.get(rp.url('/open-account/share/wait'))).url.pathname).toBe(
      '/open-account/share/wait',
    )
  })

  it('finding 3: live share sessions are capped per client IP', async () => {
    await rebootWith({ liveSessionsPerIp: 2 })
    expect((await tryStart(an)).url.pathname).toBe('/open-account/share/wait')
    expect((await tryStart(personas.level1Adult.personalId)).url.pathname).toBe('/open-account/share/wait')
    const third = await tryStart(personas.locked.personalId)
    expect(third.status).toBe(503)
    expect(reasonOf(third)).toBe('busy')
  })

  it('finding 3: the start form’s token goes with its own short-lived cookie; the origin check stays', async () => {
    const a = new Browser()
    const b = new Browser()
    const formA = await a.get(rp.url('/open-account/share'))
    await b.get(rp.url('/open-account/share'))
    expect(cookieOf(a, rp.url('/open-account/share'), 'bank_share_form')).toMatch(/\S{20,}/)
    expect(formA.headers.get('set-cookie')).toMatch(/bank_share_form=.*HttpOnly.*SameSite=Strict/i)
    const tokenA = fieldValue(formA, '_csrf')
    // B posts A's token with B's cookie; a visitor with no cookie posts it; a forged token.
    expect((await b.post(rp.url('/open-account/share'), { _csrf: tokenA, personalId: an })).status).toBe(403)
    expect(
      (await new Browser().post(rp.url('/open-account/share'), { _csrf: tokenA, personalId: an })).status,
    ).toBe(403)
    const forged = tokenA.replace(/^\d+/, String(Date.now() + 60_000))
    expect((await a.post(rp.url('/open-account/share'), { _csrf: forged, personalId: an })).status).toBe(403)
    // From another site, with the right pair: refused too.
    const crossSite = await a.post(
      rp.url('/open-account/share'),
      { _csrf: tokenA, personalId: an },
      { headers: { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' } },
    )
    expect(crossSite.status).toBe(403)
    // The right pair, from this site: accepted.
    expect(
      (await a.post(rp.url('/open-account/share'), { _csrf: tokenA, personalId: an })).url.pathname,
    ).toBe('/open-account/share/wait')
  })
})

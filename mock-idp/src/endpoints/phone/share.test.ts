import { createHmac } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { citizenWithPersona, personas, portraitClaims } from '@dinhdanh/testing'
import { CookieJar } from '@dinhdanh/testing/browser'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import type { MockIdp } from '../../server.js'
import { BrowserTab, formField } from '../../testing/browser-tab.js'
import { signInOnPhone } from '../../testing/phone-sign-in.js'
import { type DialectRp, dialectRp, startDialectIdp } from '../../vneid/dialect-testing.js'
import { callbackFor, shareEntry, sharePost, startShare } from '../../vneid/share/share-testing.js'

const CITIZEN = personas.level2Adult.personalId
const OTHER_CITIZEN = personas.teen16.personalId
const SECRET = 'a-webhook-secret-of-at-least-32-characters'

let idp: MockIdp
let rp: DialectRp
let receiver: Server
/** What the relying party's webhook received: raw body and signature. */
const delivered: { body: string; signature: string }[] = []

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = ''
    req.setEncoding('utf8')
    req.on('data', (chunk: string) => {
      body += chunk
    })
    req.on('end', () => {
      delivered.push({ body, signature: String(req.headers['x-signature'] ?? '') })
      res.statusCode = 204
      res.end()
    })
  })
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve))
  const { port } = receiver.address() as AddressInfo
  rp = dialectRp('share-app-bank', {
    client_name: 'Ngân hàng <b>Thử</b>',
    ...shareEntry('share-app-bank', { uri: `http://127.0.0.1:${port}/webhooks/vneid-share`, secret: SECRET }),
  })
  idp = await startDialectIdp([rp])
})
afterAll(async () => {
  await idp?.close()
  await new Promise<void>((resolve) => receiver?.close(() => resolve()))
})

const admin = (path: string, init: RequestInit = {}) =>
  fetch(`${idp.url}/__admin${path}`, {
    ...init,
    headers: { authorization: `Bearer ${idp.adminToken}`, 'content-type': 'application/json' },
  })
afterEach(async () => {
  await admin('/scenarios', { method: 'DELETE' })
})

/** A phone tab that opened the app link of `txnId` and signed in as `personalId`; returns the page shown. */
async function openOnPhone(txnId: string, personalId: string, lang = 'vi') {
  const tab = new BrowserTab(new CookieJar(), idp.url)
  const opened = await tab.follow(await tab.get(`/share/${txnId}?lang=${lang}`))
  expect(opened.page).toContain('name="passcode"')
  const { page, status } = await signInOnPhone(tab, idp, opened.page ?? '', { personalId, lang })
  return { tab, page, status }
}

const result = (txnId: string) => sharePost(idp, rp, 'shareResult', { txnId })

describe('the app side of a share', () => {
  it('whole flow: start, approve on the phone, callback, result with the data once, consent in the portal', async () => {
    const txnId = await startShare(idp, rp, CITIZEN, ['identity', 'id_card', 'portrait'])
    const { tab, page } = await openOnPhone(txnId, CITIZEN)
    // Who asks (escaped), why, each attribute with nothing ticked; Vietnamese first with the switch.
    expect(page).toContain('<html lang="vi">')
    expect(page).toContain('Ngân hàng &lt;b&gt;Thử&lt;/b&gt;')
    expect(page).toContain('Mở tài khoản thanh toán')
    expect(page).toContain('Ảnh chân dung')
    expect(page).toContain('(dữ liệu cá nhân nhạy cảm)')
    expect(page).toContain('English')
    expect(page.match(/type="checkbox"/g)).toHaveLength(3)
    expect(page).not.toMatch(/checked/)
    expect(page).toContain('name="viewport" content="width=device-width,initial-scale=1"')

    const approved = await tab.post(`/phone/share/${txnId}`, {
      csrf: formField(page, 'csrf'),
      lang: 'vi',
      decision: 'approve',
      attributes: ['identity', 'portrait'],
    })
    expect(approved.status).toBe(303)
    expect(approved.headers.get('location')).toBe(
      `${callbackFor(rp.clientId)}/${encodeURIComponent(`${txnId}|APPROVED`)}`,
    )

    const first = await result(txnId)
    expect(first.status).toBe(200)
    expect(first.json).toMatchObject({ txnId, status: 'APPROVED', citizenPid: CITIZEN })
    const data = first.json.data as Record<string, unknown>
    expect(data.personal_id).toBe(CITIZEN)
    expect(data.name).toBe('Nguyễn Văn An')
    expect(data).toMatchObject(portraitClaims(citizenWithPersona(CITIZEN)!) as Record<string, unknown>)
    expect(data).not.toHaveProperty('id_card') // not ticked
    // The data is given once.
    const second = await result(txnId)
    expect(second.status).toBe(410)
    expect(second.json.error).toBe('already_fetched')

    // The consent is a consent like a sign-in's: the portal lists it, and can withdraw it.
    const portal = new BrowserTab(new CookieJar(), idp.url)
    const form = await (await portal.get('/account?lang=vi')).text()
    const listed = await portal.follow(
      await portal.post('/account/sign-in', {
        csrf: formField(form, 'csrf'),
        personalId: CITIZEN,
        passcode: '123456',
        lang: 'vi',
      }),
    )
    const consentId = String(first.json.consentId)
    expect(listed.page).toContain('Mở tài khoản thanh toán')
    expect(listed.page).toContain('Trong ứng dụng định danh')
    expect(listed.page).toContain(`/account/consents/${consentId}/withdraw`)
    const withdrawn = await portal.post(`/account/consents/${consentId}/withdraw`, {
      csrf: formField(listed.page ?? '', 'csrf'),
    })
    expect(withdrawn.status).toBe(303)

    // The webhook got the same result, signed over the raw body.
    await vi.waitFor(() => expect(delivered.some((d) => d.body.includes(txnId))).toBe(true), {
      timeout: 20_000,
    })
    const event = delivered.find((d) => d.body.includes(txnId))!
    expect(event.signature).toBe(createHmac('sha256', SECRET).update(event.body).digest('hex'))
    const body = JSON.parse(event.body) as Record<string, unknown>
    expect(body).toMatchObject({ txnId, status: 'APPROVED', citizenPid: CITIZEN, consentId })
    expect(body.eventId).toMatch(/^[0-9a-f-]{36}$/)
    expect(typeof body.timestamp).toBe('number')
    const log = (await (await admin('/share-webhooks')).json()) as { deliveries: Record<string, unknown>[] }
    const entry = log.deliveries.find((d) => d.eventId === body.eventId)
    expect(entry).toMatchObject({ outcome: 'delivered', httpStatus: 204, attempt: 1 })
    expect(JSON.stringify(log)).not.toContain(SECRET)
    expect(JSON.stringify(log)).not.toContain(CITIZEN)
  })

  it('refuse: back to the callback with REFUSED; the result says REFUSED', async () => {
    const txnId = await startShare(idp, rp, CITIZEN)
    const { tab, page } = await openOnPhone(txnId, CITIZEN, 'en')
    expect(page).toContain('<html lang="en">')
    expect(page).toContain('Request to share your information')
    const refused = await tab.post(`/phone/share/${txnId}`, {
      csrf: formField(page, 'csrf'),
      lang: 'en',
      decision: 'refuse',
    })
    expect(refused.headers.get('location')).toBe(
      `${callbackFor(rp.clientId)}/${encodeURIComponent(`${txnId}|REFUSED`)}`,
    )
    expect((await result(txnId)).json).toEqual({ txnId, status: 'REFUSED' })
    // Answered: the link now shows that it is gone, and no second decision is taken.
    const again = await tab.follow(await tab.get(`/share/${txnId}?lang=en`))
    expect(again.status).toBe(404)
    expect(again.page).toContain('no longer valid')
  })

  it('an approval with nothing ticked asks again; the transaction stays pending', async () => {
    const txnId = await startShare(idp, rp, CITIZEN)
    const { tab, page } = await openOnPhone(txnId, CITIZEN)
    const empty = await tab.post(`/phone/share/${txnId}`, {
      csrf: formField(page, 'csrf'),
      decision: 'approve',
    })
    expect(empty.status).toBe(400)
    expect(await empty.text()).toContain('Bạn chưa chọn thông tin nào để chia sẻ')
    expect((await result(txnId)).json.status).toBe('PENDING')
  })

  it('only the citizen the transaction was started for may answer (bilingual refusal)', async () => {
    const txnId = await startShare(idp, rp, CITIZEN)
    const { tab, page, status } = await openOnPhone(txnId, OTHER_CITIZEN)
    expect(status).toBe(403)
    expect(page).toContain('Yêu cầu chia sẻ này dành cho một công dân khác')
    expect(page).not.toContain('type="checkbox"')
    // Even a forged form post with a valid CSRF token of this phone.
    const home = await (await tab.get('/phone?lang=en')).text()
    const forged = await tab.post(`/phone/share/${txnId}`, {
      csrf: formField(home, 'csrf'),
      lang: 'en',
      decision: 'approve',
      attributes: ['identity'],
    })
    expect(forged.status).toBe(403)
    expect(await forged.text()).toContain('This sharing request is for another citizen')
    expect((await result(txnId)).json.status).toBe('PENDING')
  })

  it('refuses a decision without the CSRF token, or from another site', async () => {
    const txnId = await startShare(idp, rp, CITIZEN)
    const { tab, page } = await openOnPhone(txnId, CITIZEN)
    const noToken = await tab.post(`/phone/share/${txnId}`, { decision: 'approve', attributes: 'identity' })
    expect(noToken.status).toBe(403)
    const crossSite = await tab.post(
      `/phone/share/${txnId}`,
      { csrf: formField(page, 'csrf'), decision: 'approve', attributes: 'identity' },
      { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
    )
    expect(crossSite.status).toBe(403)
    expect((await result(txnId)).json.status).toBe('PENDING')
  })

  it('an unknown transaction shows a clear bilingual page', async () => {
    const tab = new BrowserTab(new CookieJar(), idp.url)
    const unknown = await tab.follow(await tab.get('/share/no-such-transaction'))
    expect(unknown.status).toBe(404)
    expect(unknown.page).toContain('Yêu cầu chia sẻ không còn hiệu lực')
    expect(unknown.page).toContain('English')
  })
})

describe('the share scenarios', () => {
  const scenario = (body: Record<string, unknown>) =>
    admin('/scenarios', { method: 'POST', body: JSON.stringify(body) })

  it('share_refused: the app refuses at once, the link goes back with REFUSED', async () => {
    await scenario({ name: 'share_refused' })
    const txnId = await startShare(idp, rp, CITIZEN)
    expect((await result(txnId)).json).toEqual({ txnId, status: 'REFUSED' })
    const link = await new BrowserTab(new CookieJar(), idp.url).get(`/share/${txnId}`)
    expect(link.headers.get('location')).toBe(
      `${callbackFor(rp.clientId)}/${encodeURIComponent(`${txnId}|REFUSED`)}`,
    )
  })

  it('share_expired: the transaction is expired from the start; the link shows the expired page', async () => {
    await scenario({ name: 'share_expired' })
    const txnId = await startShare(idp, rp, CITIZEN)
    expect((await result(txnId)).json).toEqual({ txnId, status: 'EXPIRED' })
    const page = await new BrowserTab(new CookieJar(), idp.url).get(`/phone/share/${txnId}?lang=en`)
    expect(page.status).toBe(404)
    expect(await page.text()).toContain('This sharing request is no longer valid')
  })

  it('app_not_installed: the link shows "install VNeID", in both languages', async () => {
    await scenario({ name: 'app_not_installed' })
    const txnId = await startShare(idp, rp, CITIZEN)
    const tab = new BrowserTab(new CookieJar(), idp.url)
    const vi = await tab.get(`/share/${txnId}`)
    expect(vi.status).toBe(200)
    expect(await vi.text()).toContain('Cài đặt ứng dụng VNeID')
    expect(await (await tab.get(`/share/${txnId}?lang=en`)).text()).toContain('Install the VNeID app')
    expect((await result(txnId)).json.status).toBe('PENDING')
  })

  it('share_slow: an approved result stays PENDING for the set seconds', async () => {
    await scenario({ name: 'share_slow', seconds: 600 })
    const txnId = await startShare(idp, rp, CITIZEN)
    const { tab, page } = await openOnPhone(txnId, CITIZEN)
    const approved = await tab.post(`/phone/share/${txnId}`, {
      csrf: formField(page, 'csrf'),
      decision: 'approve',
      attributes: 'identity',
    })
    expect(approved.headers.get('location')).toContain(encodeURIComponent('|APPROVED'))
    expect((await result(txnId)).json).toEqual({ txnId, status: 'PENDING' })
  })

  it('a scenario is validated by the admin API', async () => {
    expect((await scenario({ name: 'share_slow' })).status).toBe(400)
    expect((await scenario({ name: 'share_slow', seconds: 0 })).status).toBe(400)
  })
})

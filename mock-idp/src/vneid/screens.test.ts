import { personas } from '@dinhdanh/testing'
import { CookieJar } from '@dinhdanh/testing/browser'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { admin } from '../protocol/support.js'
import type { MockIdp } from '../server.js'
import { BrowserTab, formField } from '../testing/browser-tab.js'
import {
  authorizationUrl,
  type DialectRp,
  dialectRp,
  rawParameters,
  startDialectIdp,
  tokenRequest,
  userinfoRequest,
} from './dialect-testing.js'

/** The dialect through the very same screens as a standard client: number and passcode, SMS code, consent. */
let idp: MockIdp
let rp: DialectRp

beforeAll(async () => {
  rp = dialectRp('vneid-screens', { encrypt: false, client_name: 'Ngân hàng Demo' })
  idp = await startDialectIdp([rp], { autoApprove: false })
})
afterAll(() => idp?.close())

async function latestOtp(): Promise<string> {
  const sms = await admin(idp, 'GET', '/sms')
  const messages = sms.json.messages as { text: string }[]
  return /\b(\d{6})\b/.exec(messages[0]?.text ?? '')?.[1] ?? ''
}

describe('VNeID dialect through the screens', () => {
  it('passcode, SMS code and consent, then ?code&state at the relying party and the citizen at userinfo', async () => {
    const persona = personas.level2Adult
    const tab = new BrowserTab(new CookieJar(), idp.url)
    const start = authorizationUrl(idp, rp, { state: 'st-1' })
    const login = await tab.follow(await tab.get(start), rp.redirectUri)
    expect(login.page).toContain('Đăng nhập bằng tài khoản định danh điện tử')
    expect(login.page).toContain('Ngân hàng Demo')
    const uid = /\/interaction\/([\w-]+)\/login/.exec(login.page ?? '')?.[1] ?? ''
    const csrf = formField(login.page ?? '', 'csrf')

    const otp = await tab.follow(
      await tab.post(`/interaction/${uid}/login`, {
        csrf,
        personalId: persona.personalId,
        passcode: '123456',
      }),
      rp.redirectUri,
    )
    expect(otp.page).toContain('Nhập mã xác thực')

    const consent = await tab.follow(
      await tab.post(`/interaction/${uid}/otp`, { csrf, otp: await latestOtp() }),
      rp.redirectUri,
    )
    expect(consent.page).toContain('Yêu cầu chia sẻ thông tin')
    expect(consent.page).not.toMatch(/checked/)
    const consentUid = /\/interaction\/([\w-]+)\/consent/.exec(consent.page ?? '')?.[1] ?? ''

    const done = await tab.follow(
      await tab.post(`/interaction/${consentUid}/consent`, {
        csrf: formField(consent.page ?? '', 'csrf'),
        decision: 'allow',
        attributes: ['identity'],
      }),
      rp.redirectUri,
    )
    const callback = rawParameters(done.location ?? '')
    expect(callback.get('state')).toBe('st-1')
    const token = await tokenRequest(idp, rp, { code: callback.get('code') })
    const userinfo = await userinfoRequest(idp, String(token.json.access_token))
    expect(userinfo.json).toMatchObject({
      citizenPid: persona.personalId,
      accountLevel: 2,
      birthDate: '17/05/1990',
    })
  })

  it('the citizen cancelling on the passcode screen → error=access_denied&state at the relying party', async () => {
    const tab = new BrowserTab(new CookieJar(), idp.url)
    const login = await tab.follow(
      await tab.get(authorizationUrl(idp, rp, { state: 'st-2' })),
      rp.redirectUri,
    )
    const uid = /\/interaction\/([\w-]+)\/login/.exec(login.page ?? '')?.[1] ?? ''
    const done = await tab.follow(
      await tab.post(`/interaction/${uid}/abort`, { csrf: formField(login.page ?? '', 'csrf') }),
      rp.redirectUri,
    )
    const callback = rawParameters(done.location ?? '')
    expect(callback.get('error')).toBe('access_denied')
    expect(callback.get('state')).toBe('st-2')
    expect(callback.has('code')).toBe(false)
  })

  it('the internal return is used once: replaying it shows an error page, never a second code', async () => {
    const tab = new BrowserTab(new CookieJar(), idp.url)
    const login = await tab.follow(await tab.get(authorizationUrl(idp, rp)), rp.redirectUri)
    const uid = /\/interaction\/([\w-]+)\/login/.exec(login.page ?? '')?.[1] ?? ''
    // Catch the internal return on its way: follow until /vneid/return, visit it, then visit it again.
    const afterAbort = await tab.follow(
      await tab.post(`/interaction/${uid}/abort`, { csrf: formField(login.page ?? '', 'csrf') }),
      `${idp.url}/vneid/return`,
    )
    const internalReturn = afterAbort.location ?? ''
    expect(internalReturn).toContain('/vneid/return?')
    expect((await tab.get(internalReturn)).status).toBe(302)
    const replay = await tab.get(internalReturn)
    expect(replay.status).toBe(400)
    expect(await replay.text()).toContain('start a new one')
  })
})

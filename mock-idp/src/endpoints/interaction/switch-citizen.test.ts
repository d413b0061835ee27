import { createClient, type EidClient } from '@dinhdanh/client'
import { type TestClient, testClient } from '@dinhdanh/test/support/clients.js'
import { citizenWithPersona, personas } from '@dinhdanh/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createMockIdp, type MockIdp } from '../../index.js'
import { formField } from '../../testing/browser-tab.js'
import { latestOtp, uidOf, walkToConsent } from '../../testing/screen-walk.js'

/** Persona switching in one browser (#15, point 2): who is signed in, "not you?", and sign-out. */
let idp: MockIdp
let rp: TestClient
let eid: EidClient

beforeAll(async () => {
  rp = await testClient('switch-rp', { client_name: 'Cửa hàng Thử nghiệm' })
  idp = await createMockIdp({ port: 0, store: 'memory', clients: [rp.metadata], logLevel: 'silent' })
  eid = await createClient({
    issuer: idp.url,
    clientId: rp.metadata.client_id,
    clientAuth: { method: 'private_key_jwt', privateJwk: rp.privateJwk },
    redirectUri: rp.redirectUri,
  })
})
afterAll(() => idp?.close())

const an = personas.level2Adult
const nameOf = (personalId: string) => citizenWithPersona(personalId)?.fullName ?? '?'

/** Signs `an` in through the screens and grants, leaving the provider session in the tab. */
async function signedInAsAn(purpose: string) {
  const walk = await walkToConsent(idp, eid, rp.redirectUri, {
    personalId: an.personalId,
    attributes: ['phone'],
    purpose,
  })
  const uid = uidOf(walk.page, 'consent')
  const done = await walk.tab.follow(
    await walk.tab.post(`/interaction/${uid}/consent`, {
      csrf: formField(walk.page, 'csrf'),
      decision: 'allow',
      attributes: 'phone',
    }),
    rp.redirectUri,
  )
  expect(done.location).toContain('code=')
  return walk.tab
}

describe('switching citizen in one browser', () => {
  it('the consent screen says who is signed in (masked); "not you?" restarts the same sign-in at the login step', async () => {
    const tab = await signedInAsAn('Mua hàng lần 1')
    // Single sign-on: the next sign-in (another purpose) skips the login screen…
    const sso = await walkToConsent(idp, eid, rp.redirectUri, {
      attributes: ['phone'],
      purpose: 'Mua hàng lần 2',
      tab,
    })
    expect(sso.page).toContain('Yêu cầu chia sẻ thông tin')
    // …and now says so, with the number masked.
    expect(sso.page).toContain(
      `Đang đăng nhập: <strong>${nameOf(an.personalId)}</strong> · <span class="masked">001 090 ••• 234</span>`,
    )
    expect(sso.page).not.toContain(an.personalId)
    const uid = uidOf(sso.page, 'consent')
    expect(sso.page).toContain(`action="/interaction/${uid}/not-you"`)

    // Click 1: "Không phải bạn?" → the login screen of the same authorization request.
    const login = await tab.follow(
      await tab.post(`/interaction/${uid}/not-you`, { csrf: formField(sso.page, 'csrf') }),
      rp.redirectUri,
    )
    expect(login.page).toContain('name="passcode"')
    const loginUid = uidOf(login.page ?? '')
    const csrf = formField(login.page ?? '', 'csrf')
    await tab.follow(
      await tab.post(`/interaction/${loginUid}/login`, {
        csrf,
        personalId: personas.teen16.personalId,
        passcode: '123456',
      }),
    )
    const consent = await tab.follow(
      await tab.post(`/interaction/${loginUid}/otp`, { csrf, otp: await latestOtp(idp) }),
      rp.redirectUri,
    )
    expect(consent.page).toContain(`<strong>${nameOf(personas.teen16.personalId)}</strong>`)
    const done = await tab.follow(
      await tab.post(`/interaction/${uidOf(consent.page ?? '', 'consent')}/consent`, {
        csrf: formField(consent.page ?? '', 'csrf'),
        decision: 'allow',
        attributes: ['identity', 'phone'],
      }),
      rp.redirectUri,
    )
    // The same transaction completes, as the other citizen.
    const result = await eid.completeSignIn(done.location ?? '', sso.transaction)
    expect(result.citizen?.personalId).toBe(personas.teen16.personalId)
  })

  it('"not you?" needs the form\'s CSRF token', async () => {
    const tab = await signedInAsAn('Mua hàng lần 3')
    const sso = await walkToConsent(idp, eid, rp.redirectUri, {
      attributes: ['phone'],
      purpose: 'Mua hàng lần 4',
      tab,
    })
    const uid = uidOf(sso.page, 'consent')
    expect((await tab.post(`/interaction/${uid}/not-you`, {})).status).toBe(403)
    const still = await tab.follow(await tab.get(`/interaction/${uid}`))
    expect(still.page).toContain('Đang đăng nhập:')
  })

  it("the provider's home page shows who is signed in and signs out (CSRF-protected): the next sign-in asks for a number", async () => {
    const tab = await signedInAsAn('Mua hàng lần 5')
    const home = await (await tab.get('/')).text()
    expect(home).toContain(`<strong>${nameOf(an.personalId)}</strong>`)
    expect(home).toContain('action="/sign-out"')
    expect((await tab.post('/sign-out', {})).status).toBe(403)
    const out = await tab.follow(await tab.post('/sign-out', { csrf: formField(home, 'csrf') }))
    expect(out.page).toContain('Đã đăng xuất khỏi nhà cung cấp')
    expect(out.page).not.toContain('Đang đăng nhập:')
    const next = await walkToConsent(idp, eid, rp.redirectUri, {
      attributes: ['phone'],
      purpose: 'Mua hàng lần 6',
      tab,
    })
    expect(next.page).toContain('name="passcode"')
  })

  it('signing out of the citizen portal ends the provider session too', async () => {
    const tab = await signedInAsAn('Mua hàng lần 7')
    const form = await (await tab.get('/account')).text()
    const portal = await tab.follow(
      await tab.post('/account/sign-in', {
        csrf: formField(form, 'csrf'),
        personalId: an.personalId,
        passcode: '123456',
      }),
    )
    const out = await tab.follow(
      await tab.post('/account/sign-out', { csrf: formField(portal.page ?? '', 'csrf') }),
    )
    expect(out.page).toContain('Bạn đã đăng xuất.')
    const next = await walkToConsent(idp, eid, rp.redirectUri, {
      attributes: ['phone'],
      purpose: 'Mua hàng lần 8',
      tab,
    })
    expect(next.page).toContain('name="passcode"')
  })
})

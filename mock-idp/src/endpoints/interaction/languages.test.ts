import { createClient, type EidClient } from '@dinhdanh/client'
import { type TestClient, testClient } from '@dinhdanh/test/support/clients.js'
import { personas } from '@dinhdanh/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createMockIdp, type MockIdp } from '../../index.js'
import { walkToConsent } from '../../testing/screen-walk.js'

/** The relying party's name and purpose in both languages (#15, point 7). */
let idp: MockIdp
let bank: TestClient
let plain: TestClient
let bankEid: EidClient
let plainEid: EidClient

const sdkFor = (idpUrl: string, rp: TestClient) =>
  createClient({
    issuer: idpUrl,
    clientId: rp.metadata.client_id,
    clientAuth: { method: 'private_key_jwt', privateJwk: rp.privateJwk },
    redirectUri: rp.redirectUri,
  })

beforeAll(async () => {
  bank = await testClient('lang-bank', { client_name: 'Ngân hàng Thử nghiệm', 'client_name#en': 'Test Bank' })
  plain = await testClient('lang-plain', { client_name: 'Nhà thuốc Thử nghiệm' })
  idp = await createMockIdp({
    port: 0,
    store: 'memory',
    clients: [bank.metadata, plain.metadata],
    registration: true,
    logLevel: 'silent',
  })
  bankEid = await sdkFor(idp.url, bank)
  plainEid = await sdkFor(idp.url, plain)
})
afterAll(() => idp?.close())

describe('names and purposes in the screen language', () => {
  it('the English screens show client_name#en and purpose#en; the Vietnamese ones the Vietnamese', async () => {
    const walk = await walkToConsent(idp, bankEid, bank.redirectUri, {
      personalId: personas.level2Adult.personalId,
      attributes: ['phone'],
      purpose: 'Mở tài khoản thanh toán',
      extraParams: { 'purpose#en': 'Opening a payment account' },
      lang: 'en',
    })
    expect(walk.page).toContain('<html lang="en">')
    expect(walk.page).toContain('Test Bank asks to use the following information about you.')
    expect(walk.page).toContain('<strong>Purpose:</strong> Opening a payment account')
    expect(walk.page).not.toContain('Ngân hàng Thử nghiệm')
    expect(walk.page).not.toContain('Mở tài khoản thanh toán')
    const uid = /\/interaction\/([\w-]+)\/consent/.exec(walk.page)?.[1] ?? ''
    const vietnamese = await (await walk.tab.get(`/interaction/${uid}?lang=vi`)).text()
    expect(vietnamese).toContain('Ngân hàng Thử nghiệm đề nghị được sử dụng các thông tin sau của bạn.')
    expect(vietnamese).toContain('<strong>Mục đích:</strong> Mở tài khoản thanh toán')
  })

  it('without English ones, the English screens fall back to the Vietnamese name and purpose', async () => {
    const walk = await walkToConsent(idp, plainEid, plain.redirectUri, {
      personalId: personas.teen16.personalId,
      attributes: ['phone'],
      purpose: 'Mua thuốc theo đơn',
      lang: 'en',
    })
    expect(walk.page).toContain('Nhà thuốc Thử nghiệm asks to use the following information about you.')
    expect(walk.page).toContain('<strong>Purpose:</strong> Mua thuốc theo đơn')
  })

  it('dynamic registration accepts client_name#en and refuses one that is not text', async () => {
    const register = (metadata: Record<string, unknown>) =>
      fetch(`${idp.url}/reg`, {
        method: 'POST',
        headers: { authorization: `Bearer ${idp.adminToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          redirect_uris: ['http://127.0.0.1:9/cb'],
          token_endpoint_auth_method: 'none',
          ...metadata,
        }),
      })
    const ok = await register({ client_name: 'Khách sạn Thử nghiệm', 'client_name#en': 'Test Hotel' })
    expect(ok.status).toBe(201)
    expect(await ok.json()).toMatchObject({ 'client_name#en': 'Test Hotel' })
    const bad = await register({ 'client_name#en': 42 })
    expect(bad.status).toBe(400)
  })
})

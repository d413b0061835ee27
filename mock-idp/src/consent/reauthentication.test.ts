import { createClient, type EidClient } from '@dinhdanh/client'
import { type TestClient, testClient } from '@dinhdanh/test/support/clients.js'
import { personas } from '@dinhdanh/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createMockIdp, type MockIdp } from '../index.js'
import type { BrowserTab } from '../testing/browser-tab.js'
import { formField } from '../testing/browser-tab.js'
import { uidOf, walkToConsent } from '../testing/screen-walk.js'

/**
 * A re-authentication is not a new consent (#15, point 4): the bank signs a customer in for internet
 * banking, then confirms each large transfer with prompt=login under a purpose of its own. The provider
 * session remembers one grant per client, so every transfer used to show the consent screen again and
 * add a record, and the portal listed duplicates.
 */
let idp: MockIdp
let rp: TestClient
let eid: EidClient
const an = personas.level2Adult

beforeAll(async () => {
  rp = await testClient('reauth-rp', { client_name: 'Ngân hàng Thử nghiệm' })
  idp = await createMockIdp({ port: 0, store: 'memory', clients: [rp.metadata], logLevel: 'silent' })
  eid = await createClient({
    issuer: idp.url,
    clientId: rp.metadata.client_id,
    clientAuth: { method: 'private_key_jwt', privateJwk: rp.privateJwk },
    redirectUri: rp.redirectUri,
  })
})
afterAll(() => idp?.close())

async function records(): Promise<{ purpose: string; status: string }[]> {
  const response = await fetch(`${idp.url}/__admin/consents?personal_id=${an.personalId}`, {
    headers: { authorization: `Bearer ${idp.adminToken}` },
  })
  return ((await response.json()) as { consents: { purpose: string; status: string }[] }).consents
}

/** Signs in (with the passcode and code when `login`), ticking phone if the consent screen comes. */
async function signIn(purpose: string, tab?: BrowserTab, login = true) {
  const walk = await walkToConsent(idp, eid, rp.redirectUri, {
    ...(login && { personalId: an.personalId }),
    attributes: ['phone'],
    purpose,
    ...(tab && { tab }),
    ...(login && tab && { extraParams: { prompt: 'login' } }),
  })
  if (walk.location?.startsWith(rp.redirectUri)) return { tab: walk.tab, consentScreen: false }
  const uid = uidOf(walk.page, 'consent')
  expect(uid, 'the consent screen').not.toBe('')
  const done = await walk.tab.follow(
    await walk.tab.post(`/interaction/${uid}/consent`, {
      csrf: formField(walk.page, 'csrf'),
      decision: 'allow',
      attributes: 'phone',
    }),
    rp.redirectUri,
  )
  expect(done.location).toContain('code=')
  return { tab: walk.tab, consentScreen: true }
}

describe('re-authentication and consent records', () => {
  it('a sign-in for a purpose the citizen already consented to, after one for another purpose, asks no consent and records none', async () => {
    const first = await signIn('Đăng nhập ngân hàng điện tử')
    expect(first.consentScreen).toBe(true)
    const transfer = await signIn('Xác thực giao dịch chuyển khoản lớn', first.tab)
    expect(transfer.consentScreen).toBe(true)
    // Back to internet banking, then a second large transfer, both with a fresh login.
    const again = await signIn('Đăng nhập ngân hàng điện tử', first.tab)
    expect(again.consentScreen).toBe(false)
    const secondTransfer = await signIn('Xác thực giao dịch chuyển khoản lớn', first.tab)
    expect(secondTransfer.consentScreen).toBe(false)
    const active = (await records()).filter((record) => record.status === 'active')
    expect(active.map((record) => record.purpose).sort()).toEqual([
      'Xác thực giao dịch chuyển khoản lớn',
      'Đăng nhập ngân hàng điện tử',
    ])
  })

  it('a withdrawn consent is not reused: the consent screen comes again', async () => {
    const before = await records()
    const transfer = before.find((record) => record.purpose === 'Xác thực giao dịch chuyển khoản lớn') as
      | { id?: string }
      | undefined
    expect(transfer?.id).toBeDefined()
    const withdrawn = await fetch(`${idp.url}/__admin/consents/${transfer?.id}/withdraw`, {
      method: 'POST',
      headers: { authorization: `Bearer ${idp.adminToken}` },
    })
    expect(withdrawn.ok).toBe(true)
    const next = await signIn('Xác thực giao dịch chuyển khoản lớn')
    expect(next.consentScreen).toBe(true)
  })
})

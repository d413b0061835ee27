import { createClient } from '@dinhdanh/client'
import { type TestClient, testClient } from '@dinhdanh/test/support/clients.js'
import { personas } from '@dinhdanh/testing'
import { followToRedirectUri } from '@dinhdanh/testing/browser'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createMockIdp, type MockIdp } from './index.js'

let idp: MockIdp
let rp: TestClient

beforeAll(async () => {
  rp = await testClient()
  idp = await createMockIdp({
    port: 0,
    store: 'memory',
    autoApprove: true,
    clients: [rp.metadata],
    logLevel: 'silent',
  })
})
afterAll(() => idp?.close())

describe('createMockIdp with --auto-approve', () => {
  it('signs a level-2 citizen in through PAR, PKCE and private_key_jwt, granting what was asked', async () => {
    const eid = await createClient({
      issuer: idp.url,
      clientId: rp.metadata.client_id,
      clientAuth: { method: 'private_key_jwt', privateJwk: rp.privateJwk },
      redirectUri: rp.redirectUri,
    })
    const persona = personas.level2Adult
    const { url, transaction } = await eid.signIn({
      level: 2,
      attributes: ['health_insurance', 'age_over_18'] as const,
      purpose: 'Khám bệnh có BHYT',
      loginHint: persona.personalId,
    })
    const callback = await followToRedirectUri(url, rp.redirectUri)
    const result = await eid.completeSignIn(callback, transaction)
    expect(result.level).toBe(2)
    expect(result.citizen?.personalId).toBe(persona.personalId)
    expect(result.attributes.ageOver18).toBe(true)
    expect(result.consentId).toMatch(/^c_/)
  })

  it('shows --auto-approve in GET /__admin/settings, and PATCH { autoApprove: false } turns it off (#15)', async () => {
    const admin = (init: RequestInit = {}) =>
      fetch(`${idp.url}/__admin/settings`, {
        ...init,
        headers: { authorization: `Bearer ${idp.adminToken}`, 'content-type': 'application/json' },
      })
    expect(await (await admin()).json()).toMatchObject({ autoApprove: true })
    const patched = await admin({ method: 'PATCH', body: JSON.stringify({ autoApprove: false }) })
    expect(await patched.json()).toMatchObject({ autoApprove: false })
    try {
      const eid = await createClient({
        issuer: idp.url,
        clientId: rp.metadata.client_id,
        clientAuth: { method: 'private_key_jwt', privateJwk: rp.privateJwk },
        redirectUri: rp.redirectUri,
      })
      const { url } = await eid.signIn({ level: 1, loginHint: personas.level2Adult.personalId })
      // Without auto-approval the provider shows its sign-in screen instead of redirecting back.
      await expect(followToRedirectUri(url, rp.redirectUri)).rejects.toThrow(/expected a redirect/)
    } finally {
      await admin({ method: 'PATCH', body: JSON.stringify({ autoApprove: true }) })
    }
    expect(await (await admin()).json()).toMatchObject({ autoApprove: true })
  })
})

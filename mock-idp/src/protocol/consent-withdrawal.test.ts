import { CONSENT_WITHDRAWN_EVENT } from '@dinhdanh/client'
import { personas } from '@dinhdanh/testing'
import { jwtVerify } from 'jose'
import * as client from 'openid-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { MockIdp } from '../server.js'
import { type Receiver, startReceiver } from './receiver.js'
import { admin, get, providerKeys, RelyingParty, signIn, startIdp } from './support.js'

let idp: MockIdp
let rp: RelyingParty
let receiver: Receiver

beforeAll(async () => {
  receiver = await startReceiver(202)
  rp = await RelyingParty.create('consent-rp', { consent_event_uri: `${receiver.url}/consent-events` })
  idp = await startIdp([rp])
})
afterAll(async () => {
  await idp?.close()
  await receiver?.close()
})

const purpose = 'Khám bệnh có BHYT'

/** The relying party's consent-API token (client credentials, scope `consents`). */
async function consentApiToken(): Promise<string> {
  const { access_token, scope } = await client.clientCredentialsGrant(rp.config, { scope: 'consents' })
  expect(scope).toBe('consents')
  return access_token
}

async function consentsOf(sub: string): Promise<Record<string, unknown>[]> {
  const token = await consentApiToken()
  const response = await get(`${idp.url}/consent-api/consents?sub=${encodeURIComponent(sub)}`, {
    authorization: `Bearer ${token}`,
  })
  expect(response.status).toBe(200)
  return response.json.consents as Record<string, unknown>[]
}

describe('consent withdrawal', () => {
  it('revokes the tokens and delivers a verifiable consent-withdrawn security event', async () => {
    const { tokens } = await signIn(rp, {
      personalId: personas.level2Adult.personalId,
      scope: 'openid identity health_insurance offline_access',
      params: { purpose },
    })
    const sub = tokens.claims()?.sub ?? ''
    const consentId = String(tokens.claims()?.consent_id)

    // Found through the relying party's consent API...
    const [consent] = await consentsOf(sub)
    expect(consent).toMatchObject({
      id: consentId,
      sub,
      client_id: rp.clientId,
      purpose,
      status: 'active',
      attributes: ['identity', 'health_insurance'],
    })
    expect(consent?.receipt).toBeTypeOf('string')
    // ...and through the admin API.
    const listed = await admin(idp, 'GET', `/consents?client_id=${rp.clientId}`)
    expect((listed.json.consents as { id: string }[]).map((c) => c.id)).toContain(consentId)

    // The tokens work before the withdrawal.
    await expect(client.fetchUserInfo(rp.config, tokens.access_token, sub)).resolves.toHaveProperty(
      'personal_id',
    )

    const withdrawn = await admin(idp, 'POST', `/consents/${consentId}/withdraw`)
    expect(withdrawn.status).toBe(200)
    expect(withdrawn.json.consent).toMatchObject({ id: consentId, status: 'withdrawn', withdrawnBy: 'admin' })

    // The event, POSTed to consent_event_uri (RFC 8935) as a signed SET (RFC 8417).
    const delivery = await receiver.next(3000)
    expect(delivery.path).toBe('/consent-events')
    expect(delivery.contentType).toBe('application/secevent+jwt')
    const { payload, protectedHeader } = await jwtVerify(delivery.body, providerKeys(idp), {
      issuer: idp.url,
      audience: rp.clientId,
      typ: 'secevent+jwt',
      subject: sub,
      requiredClaims: ['iat', 'jti', 'events'],
    })
    expect(protectedHeader.alg).toBe('ES256')
    const events = payload.events as Record<string, Record<string, unknown>>
    expect(Object.keys(events)).toEqual([CONSENT_WITHDRAWN_EVENT])
    expect(events[CONSENT_WITHDRAWN_EVENT]).toMatchObject({
      consent_id: consentId,
      purpose,
      attributes: ['identity', 'health_insurance'],
    })
    expect(events[CONSENT_WITHDRAWN_EVENT]?.withdrawn_at).toBeTypeOf('number')
    // Nothing in it that would let it pass for an ID token.
    expect(payload).not.toHaveProperty('nonce')

    // Everything issued under the consent is dead.
    const refresh = await client
      .refreshTokenGrant(rp.config, tokens.refresh_token ?? '')
      .catch((error: unknown) => error)
    expect(refresh).toBeInstanceOf(client.ResponseBodyError)
    expect((refresh as client.ResponseBodyError).error).toBe('invalid_grant')
    const userinfo = await get(`${idp.url}/me`, { authorization: `Bearer ${tokens.access_token}` })
    expect(userinfo.status).toBe(401)
    expect(userinfo.json.error).toBe('invalid_token')
    expect(await client.tokenIntrospection(rp.config, tokens.access_token)).toEqual({ active: false })

    // The admin API logs the delivery; the consent API shows the withdrawal.
    const deliveries = (await admin(idp, 'GET', '/deliveries')).json.deliveries as Record<string, unknown>[]
    expect(deliveries).toContainEqual(
      expect.objectContaining({
        consentId,
        clientId: rp.clientId,
        eventId: payload.jti,
        attempt: 1,
        status: 'delivered',
        httpStatus: 202,
      }),
    )
    expect((await consentsOf(sub)).find((c) => c.id === consentId)).toMatchObject({ status: 'withdrawn' })

    // A consent is withdrawn once: a second withdrawal finds nothing active, and no second event is sent.
    expect((await admin(idp, 'POST', `/consents/${consentId}/withdraw`)).status).toBe(404)
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(receiver.received).toHaveLength(1)
  })

  it('revokes the tokens when the relying party withdraws through the consent API', async () => {
    const { tokens } = await signIn(rp, {
      personalId: personas.level1Adult.personalId,
      scope: 'openid identity offline_access',
      params: { purpose: 'Mở tài khoản' },
    })
    const consentId = String(tokens.claims()?.consent_id)
    const response = await fetch(`${idp.url}/consent-api/consents/${consentId}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${await consentApiToken()}` },
    })
    expect(response.status).toBe(200)
    expect(await response.json()).toMatchObject({ id: consentId, status: 'withdrawn' })
    const refresh = await client
      .refreshTokenGrant(rp.config, tokens.refresh_token ?? '')
      .catch((error: unknown) => error)
    expect((refresh as client.ResponseBodyError).error).toBe('invalid_grant')
    expect(await client.tokenIntrospection(rp.config, tokens.access_token)).toEqual({ active: false })
  })

  it('refuses the consent API without a consents-scoped client-credentials token', async () => {
    const { tokens } = await signIn(rp, { personalId: personas.level2Adult.personalId })
    for (const authorization of [undefined, 'Bearer nope', `Bearer ${tokens.access_token}`]) {
      const response = await get(`${idp.url}/consent-api/consents`, authorization ? { authorization } : {})
      expect(response.status, String(authorization)).toBe(401)
      expect(response.json.error).toBe('invalid_token')
    }
  })
})

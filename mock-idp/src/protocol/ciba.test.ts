import { personas } from '@dinhdanh/testing'
import * as client from 'openid-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { MockIdp } from '../server.js'
import { clientAuth, postForm, RelyingParty, startIdp } from './support.js'

let idp: MockIdp
let rp: RelyingParty
let other: RelyingParty

beforeAll(async () => {
  rp = await RelyingParty.create('ciba-rp')
  other = await RelyingParty.create('ciba-other-rp')
  idp = await startIdp([rp, other])
})
afterAll(() => idp?.close())

/**
 * Polls as `openid-client` does, but sooner than the provider's `interval`: the auto-approved request
 * is resolved within milliseconds, and waiting the full interval would only slow the suite down.
 */
function poll(config: client.Configuration, response: client.BackchannelAuthenticationResponse) {
  return client.pollBackchannelAuthenticationGrant(config, { ...response, interval: 0.05 })
}

describe('CIBA poll mode with --auto-approve', () => {
  it('signs a level-2 citizen in through /backchannel and the token endpoint', async () => {
    const citizen = personas.level2Adult
    const started = await client.initiateBackchannelAuthentication(rp.config, {
      scope: 'openid identity health_insurance',
      login_hint: citizen.personalId,
      binding_message: 'Mã 4821',
      acr_values: '2',
      purpose: 'Khám bệnh có BHYT',
    })
    expect(started.auth_req_id).toMatch(/^[\w-]{20,}$/)
    expect(started.expires_in).toBeGreaterThan(0)

    const tokens = await poll(rp.config, started)
    expect(tokens.claims()).toMatchObject({ iss: idp.url, aud: rp.clientId, acr: '2' })
    const userinfo = await client.fetchUserInfo(rp.config, tokens.access_token, tokens.claims()?.sub ?? '')
    expect(userinfo).toMatchObject({
      personal_id: citizen.personalId,
      health_insurance: { number: '0101234567' },
    })
    expect(userinfo.consent_id).toMatch(/^c_/)
  })

  it('O09: the CIBA ID token carries the level achieved, not the one asked', async () => {
    const started = await client.initiateBackchannelAuthentication(rp.config, {
      scope: 'openid',
      login_hint: personas.level2Adult.personalId,
      acr_values: '1',
    })
    expect((await poll(rp.config, started)).claims()?.acr).toBe('2')
  })

  it('refuses a level-1 citizen asked for level 2 (access_denied when polling)', async () => {
    const started = await client.initiateBackchannelAuthentication(rp.config, {
      scope: 'openid',
      login_hint: personas.level1Adult.personalId,
      acr_values: '2',
    })
    const error = await poll(rp.config, started).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(client.ResponseBodyError)
    expect((error as client.ResponseBodyError).error).toBe('access_denied')
  })

  it('refuses a citizen without an account (toddler4NoAccount) at /backchannel: unknown_user_id', async () => {
    // CIBA Core §13: the hint identifies no end-user who can authenticate.
    const error = await client
      .initiateBackchannelAuthentication(rp.config, {
        scope: 'openid',
        login_hint: personas.toddler4NoAccount.personalId,
      })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(client.ResponseBodyError)
    expect((error as client.ResponseBodyError).error).toBe('unknown_user_id')
  })

  it('refuses an auth_req_id polled by another client (invalid_grant)', async () => {
    const started = await client.initiateBackchannelAuthentication(rp.config, {
      scope: 'openid',
      login_hint: personas.level2Adult.personalId,
    })
    const error = await poll(other.config, started).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(client.ResponseBodyError)
    expect((error as client.ResponseBodyError).error).toBe('invalid_grant')
  })

  it('refuses a request without openid or without a hint', async () => {
    const auth = await clientAuth(idp, rp)
    const noHint = await postForm(`${idp.url}/backchannel`, { ...auth, scope: 'openid' })
    expect(noHint.status).toBe(400)
    expect(noHint.json.error).toBe('invalid_request')
    const noOpenid = await postForm(`${idp.url}/backchannel`, {
      ...(await clientAuth(idp, rp)),
      scope: 'identity',
      login_hint: personas.level2Adult.personalId,
    })
    expect(noOpenid.status).toBe(400)
    expect(noOpenid.json.error).toBe('invalid_request')
  })
})

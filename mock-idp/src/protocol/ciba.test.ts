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

  it('a citizen who cannot sign in (no account, pending, locked, revoked) is refused at poll time, as the sign-in refuses', async () => {
    const { toddler4NoAccount, awaitingActivation, locked, deceased } = personas
    for (const persona of [toddler4NoAccount, awaitingActivation, locked, deceased]) {
      const started = await client.initiateBackchannelAuthentication(rp.config, {
        scope: 'openid',
        login_hint: persona.personalId,
      })
      const error = await poll(rp.config, started).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(client.ResponseBodyError)
      expect((error as client.ResponseBodyError).error).toBe('access_denied')
    }
  })

  it('unknown_user_id only for a hint that is no personal number at all', async () => {
    for (const login_hint of ['12345', 'nguyen.van.an@example.vn']) {
      const error = await client
        .initiateBackchannelAuthentication(rp.config, { scope: 'openid', login_hint })
        .catch((e: unknown) => e)
      expect((error as client.ResponseBodyError).error).toBe('unknown_user_id')
    }
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

describe('CIBA with citizens who answer on their phone (no auto-approve)', () => {
  let quiet: MockIdp
  let desk: RelyingParty

  beforeAll(async () => {
    desk = await RelyingParty.create('ciba-desk-rp')
    quiet = await startIdp([desk], { autoApprove: false })
  })
  afterAll(() => quiet?.close())

  it('finding 8: /backchannel and the first poll answer alike for active, pending, locked, revoked and no-account numbers', async () => {
    const numbers = {
      active: personas.level2Adult.personalId,
      pending: personas.awaitingActivation.personalId,
      locked: personas.locked.personalId,
      deceased: personas.deceased.personalId,
      noAccount: personas.toddler4NoAccount.personalId,
    }
    const answers: Record<string, unknown> = {}
    for (const [name, login_hint] of Object.entries(numbers)) {
      const started = await postForm(`${quiet.url}/backchannel`, {
        ...(await clientAuth(quiet, desk)),
        scope: 'openid identity',
        login_hint,
        binding_message: 'Quầy 2',
      })
      const polled = await postForm(`${quiet.url}/token`, {
        ...(await clientAuth(quiet, desk)),
        grant_type: 'urn:openid:params:grant-type:ciba',
        auth_req_id: String(started.json.auth_req_id),
      })
      answers[name] = {
        status: started.status,
        fields: Object.keys(started.json).sort(),
        expiresIn: started.json.expires_in,
        authReqId: /^[\w-]{20,}$/.test(String(started.json.auth_req_id)),
        poll: [polled.status, polled.json.error],
      }
    }
    const expected = {
      status: 200,
      fields: ['auth_req_id', 'expires_in'],
      expiresIn: expect.any(Number),
      authReqId: true,
      poll: [400, 'authorization_pending'],
    }
    expect(answers).toEqual(Object.fromEntries(Object.keys(numbers).map((name) => [name, expected])))
    expect(new Set(Object.values(answers).map((a) => (a as { expiresIn: number }).expiresIn)).size).toBe(1)
  })
})

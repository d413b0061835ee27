import { personas } from '@dinhdanh/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { admin } from '../protocol/support.js'
import type { MockIdp } from '../server.js'
import {
  callbackFor,
  type DialectRp,
  dialectRp,
  startDialectIdp,
  tokenRequest,
  userinfoRequest,
} from './dialect-testing.js'

let idp: MockIdp
let rp: DialectRp
let isoRp: DialectRp

beforeAll(async () => {
  rp = dialectRp('vneid-plain', { encrypt: false })
  isoRp = dialectRp('vneid-plain-iso', { encrypt: false, birth_date_format: 'yyyy-MM-dd' })
  idp = await startDialectIdp([rp, isoRp])
})
afterAll(() => idp?.close())

const level2 = personas.level2Adult
const level1 = personas.level1Adult

/** Authorization (auto-approve by login_hint), token and userinfo, as a correct integrator does them. */
async function signIn(client: DialectRp, params: Record<string, string>) {
  const callback = await callbackFor(idp, client, params)
  const token = await tokenRequest(idp, client, { code: callback.params.get('code') })
  const userinfo = await userinfoRequest(idp, String(token.json.access_token))
  return { callback, token, userinfo }
}

describe('VNeID dialect, plain ("encrypt": false), through --auto-approve', () => {
  it('authorize → callback ?code&state → form token request → userinfo with the dialect claims', async () => {
    const { callback, token, userinfo } = await signIn(rp, { login_hint: level2.personalId })
    expect(callback.url.startsWith(`${rp.redirectUri}?code=`)).toBe(true)
    expect([...callback.params.keys()]).toEqual(['code', 'state'])
    expect(callback.params.get('state')).toBe(callback.state)

    expect(token.status).toBe(200)
    expect(token.headers.get('cache-control')).toBe('no-store')
    expect(Object.keys(token.json).sort()).toEqual(['access_token', 'expires_in', 'token_type'])
    expect(token.json).toMatchObject({ token_type: 'Bearer', expires_in: expect.any(Number) })

    expect(userinfo.status).toBe(200)
    expect(userinfo.json).toMatchObject({
      citizenPid: level2.personalId,
      fullName: 'Nguyễn Văn An',
      birthDate: '17/05/1990',
      accountType: 'CONG_DAN',
      accountLevel: 2,
    })
    // The dialect has one fullName and no subject: the standard names do not leak through.
    for (const name of ['sub', 'personal_id', 'name', 'given_name', 'family_name', 'birthdate']) {
      expect(userinfo.json).not.toHaveProperty(name)
    }
  })

  it('accountLevel is the level achieved: 1 for a level-1 account, even with acr_values=2 (ignored, as at VNeID)', async () => {
    const { userinfo } = await signIn(rp, {
      login_hint: level1.personalId,
      acr_values: '2',
      nonce: 'n',
      code_challenge: 'x'.repeat(43),
      code_challenge_method: 'S256',
    })
    expect(userinfo.json).toMatchObject({ citizenPid: level1.personalId, accountLevel: 1 })
  })

  it('birth_date_format "yyyy-MM-dd" in the clients file gives ISO birth dates', async () => {
    const { userinfo } = await signIn(isoRp, { login_hint: level2.personalId })
    expect(userinfo.json.birthDate).toBe('1990-05-17')
  })

  it('other attributes named in scope come through consent and pass through under their own names', async () => {
    const { userinfo } = await signIn(rp, { login_hint: level2.personalId, scope: 'openid phone' })
    expect(userinfo.json).toHaveProperty('phone_number')
    expect(userinfo.json.citizenPid).toBe(level2.personalId)
  })

  it('keeps a consent record for the dialect client, like any other client', async () => {
    await signIn(rp, { login_hint: level2.personalId, purpose: 'Mở tài khoản' })
    const consents = await admin(idp, 'GET', `/consents?client_id=${rp.clientId}`)
    const records = consents.json.consents as Record<string, unknown>[]
    expect(records.some((c) => c.purpose === 'Mở tài khoản' && c.status === 'active')).toBe(true)
  })

  it('a per-request scenario (consent_denied) comes back as error=access_denied with the state', async () => {
    const callback = await callbackFor(idp, rp, {
      login_hint: level2.personalId,
      mock_scenario: 'consent_denied',
    })
    expect(callback.params.get('error')).toBe('access_denied')
    expect(callback.params.get('state')).toBe(callback.state)
    expect(callback.params.has('code')).toBe(false)
  })

  it('an endpoint scenario set through the admin API applies to the dialect token endpoint', async () => {
    const callback = await callbackFor(idp, rp, { login_hint: level2.personalId })
    await admin(idp, 'POST', '/scenarios', { body: { name: 'server_error', endpoint: 'token', status: 503 } })
    try {
      const token = await tokenRequest(idp, rp, { code: callback.params.get('code') })
      expect(token.status).toBe(503)
    } finally {
      await admin(idp, 'DELETE', '/scenarios')
    }
    // The code was not spent by the failed attempt.
    expect((await tokenRequest(idp, rp, { code: callback.params.get('code') })).status).toBe(200)
  })

  it("the home page names the dialect's paths", async () => {
    const home = await (await fetch(`${idp.url}/?lang=en`)).text()
    for (const path of ['/vneid/authorize', '/vneid/token', '/vneid/userinfo']) expect(home).toContain(path)
  })

  it('O02: a code is used once; the second attempt is invalid_grant and revokes the access token', async () => {
    const { callback, token } = await signIn(rp, { login_hint: level2.personalId })
    const again = await tokenRequest(idp, rp, { code: callback.params.get('code') })
    expect(again.status).toBe(400)
    expect(again.json.error).toBe('invalid_grant')
    expect(again.json.error_description).toContain('already redeemed')
    const after = await userinfoRequest(idp, String(token.json.access_token))
    expect(after.status).toBe(401)
    expect(after.json.error).toBe('invalid_token')
  })
})

import { personas } from '@dinhdanh/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { MockIdp } from '../server.js'
import {
  callbackFor,
  type DialectRp,
  dialectRp,
  openEnvelope,
  openSealed,
  pkcs1DecryptSupported,
  startDialectIdp,
  tokenRequest,
  userinfoRequest,
} from './dialect-testing.js'

/**
 * The encrypted dialect, read as a relying party does: Node's RSA PKCS#1 v1.5 decryption, which Node 20
 * refuses (CVE-2023-46809). These run in the Node 24 pass of .ci/run; on Node 20 they are skipped, loudly.
 */
const NODE22 = '(needs Node 22+: PKCS#1 v1.5 decryption)'
const encryptedIt = it.skipIf(!pkcs1DecryptSupported)

let idp: MockIdp
let rp: DialectRp
let cbc: DialectRp

beforeAll(async () => {
  rp = dialectRp('vneid-encrypted')
  cbc = dialectRp('vneid-encrypted-cbc', { aes_mode: 'cbc' })
  idp = await startDialectIdp([rp, cbc])
})
afterAll(() => idp?.close())

const citizen = { login_hint: personas.level2Adult.personalId }

/** The callback's encrypted code, decrypted, with what the token request needs. */
async function decryptedCallback(client: DialectRp, mode: 'ecb' | 'cbc' = 'ecb') {
  const callback = await callbackFor(idp, client, citizen)
  const encryptKey = callback.params.get('encrypt_key') ?? ''
  const code = openSealed(client, callback.params.get('code') ?? '', encryptKey, mode)
  return { callback, code, encryptKey }
}

describe('VNeID dialect with encryption (the default for a dialect client)', () => {
  it('the callback carries code and encrypt_key as raw base64 (+ / = not percent-encoded) — on every Node', async () => {
    const callback = await callbackFor(idp, rp, citizen)
    const query = callback.url.split('?')[1] ?? ''
    const [code, state, encryptKey] = query.split('&')
    expect(code).toMatch(/^code=[A-Za-z0-9+/]+=*$/)
    expect(state).toBe(`state=${callback.state}`)
    expect(encryptKey).toMatch(/^encrypt_key=[A-Za-z0-9+/]+=*$/)
    // A 2048-bit RSA key wraps to 256 bytes; the code is whole AES blocks.
    expect(Buffer.from(callback.params.get('encrypt_key') ?? '', 'base64')).toHaveLength(256)
    expect(Buffer.from(callback.params.get('code') ?? '', 'base64').length % 16).toBe(0)
  })

  encryptedIt(
    `a full sign-in: decrypted code + encrypt_key echoed → token envelope → userinfo envelope ${NODE22}`,
    async () => {
      const { code, encryptKey } = await decryptedCallback(rp)
      const token = await tokenRequest(idp, rp, { code, encrypt_key: encryptKey })
      expect(token.status).toBe(200)
      expect(Object.keys(token.json).sort()).toEqual(['data', 'key'])
      const tokens = openEnvelope(rp, token.json)
      expect(tokens).toMatchObject({
        token_type: 'Bearer',
        access_token: expect.any(String),
        expires_in: expect.any(Number),
      })
      expect(tokens).not.toHaveProperty('id_token')

      const userinfo = await userinfoRequest(idp, String(tokens.access_token))
      expect(Object.keys(userinfo.json).sort()).toEqual(['data', 'key'])
      expect(openEnvelope(rp, userinfo.json)).toMatchObject({
        citizenPid: personas.level2Adult.personalId,
        fullName: 'Nguyễn Văn An',
        birthDate: '17/05/1990',
        accountLevel: 2,
      })
    },
  )

  encryptedIt(`"aes_mode": "cbc" puts a random IV first and is otherwise the same ${NODE22}`, async () => {
    const { code, encryptKey } = await decryptedCallback(cbc, 'cbc')
    const token = await tokenRequest(idp, cbc, { code, encrypt_key: encryptKey })
    expect(openEnvelope(cbc, token.json, 'cbc')).toMatchObject({ token_type: 'Bearer' })
  })

  encryptedIt(
    `encrypt_key missing when the callback carried one → invalid_request saying to send it back ${NODE22}`,
    async () => {
      const { code } = await decryptedCallback(rp)
      const response = await tokenRequest(idp, rp, { code })
      expect(response.json.error).toBe('invalid_request')
      expect(response.json.error_description).toContain('encrypt_key is missing')
    },
  )

  encryptedIt(`encrypt_key with its "+" read as a space → explained ${NODE22}`, async () => {
    let attempt = await decryptedCallback(rp)
    // A 344-character base64 value without a "+" is rare; draw again until there is one.
    while (!attempt.encryptKey.includes('+')) attempt = await decryptedCallback(rp)
    const response = await tokenRequest(idp, rp, {
      code: attempt.code,
      encrypt_key: attempt.encryptKey.replaceAll('+', ' '),
    })
    expect(response.json.error_description).toContain('encrypt_key contains a space')
    // Still redeemable with the value as received.
    expect(
      (await tokenRequest(idp, rp, { code: attempt.code, encrypt_key: attempt.encryptKey })).status,
    ).toBe(200)
  })

  encryptedIt(
    `an encrypt_key from another callback → invalid_request; the code stays redeemable ${NODE22}`,
    async () => {
      const first = await decryptedCallback(rp)
      const second = await decryptedCallback(rp)
      const response = await tokenRequest(idp, rp, { code: first.code, encrypt_key: second.encryptKey })
      expect(response.json.error_description).toContain('not the one the callback carried')
      expect((await tokenRequest(idp, rp, { code: first.code, encrypt_key: first.encryptKey })).status).toBe(
        200,
      )
    },
  )
})

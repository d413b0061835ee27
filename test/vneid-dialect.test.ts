/**
 * The SDK's VNeID profile against the mock provider's VNeID dialect, over loopback, both from their
 * public package names (built output). Plain on every Node; encrypted needs RSA PKCS#1 v1.5 decryption,
 * which Node 20 refuses (CVE-2023-46809): those tests are skipped there, loudly, and run in the Node 24
 * pass of .ci/run.
 */
import { constants, generateKeyPairSync, privateDecrypt, publicEncrypt } from 'node:crypto'
import { createClient, type EidClient } from '@dinhdanh/client'
import { createMockIdp, type MockIdp } from '@dinhdanh/mock-idp'
import { personas } from '@dinhdanh/testing'
import { CookieJar, followToRedirectUri } from '@dinhdanh/testing/browser'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const pkcs1DecryptSupported = (() => {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  try {
    const sealed = publicEncrypt(
      { key: publicKey, padding: constants.RSA_PKCS1_PADDING },
      Buffer.from('probe'),
    )
    return privateDecrypt({ key: privateKey, padding: constants.RSA_PKCS1_PADDING }, sealed).length === 5
  } catch {
    return false
  }
})()
const NODE22 = '(needs Node 22+: PKCS#1 v1.5 decryption)'

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 })
const secret = 'vneid-dialect-secret-0123456789'
const plainRedirect = 'http://127.0.0.1:9/plain/callback'
const encryptedRedirect = 'http://127.0.0.1:9/encrypted/callback'
let idp: MockIdp

beforeAll(async () => {
  idp = await createMockIdp({
    port: 0,
    store: 'memory',
    autoApprove: true,
    logLevel: 'silent',
    clients: [
      {
        client_id: 'bank-plain',
        dialect: 'vneid',
        encrypt: false,
        client_secret: secret,
        redirect_uris: [plainRedirect],
      },
      {
        client_id: 'bank-encrypted',
        dialect: 'vneid',
        client_secret: secret,
        redirect_uris: [encryptedRedirect],
        jwks: { keys: [rsa.publicKey.export({ format: 'jwk' })] },
      },
    ],
  })
})
afterAll(() => idp?.close())

function dialectClient(clientId: string, redirectUri: string, envelopeKey?: string): Promise<EidClient> {
  return createClient({
    profile: 'vneid',
    issuer: idp.url,
    endpoints: {
      authorization: `${idp.url}/vneid/authorize`,
      token: `${idp.url}/vneid/token`,
      userinfo: `${idp.url}/vneid/userinfo`,
    },
    clientId,
    clientAuth: { method: 'client_secret_post', secret },
    redirectUri,
    ...(envelopeKey !== undefined && { envelopeKey }),
  })
}

const privatePem = () => rsa.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString()

describe('@dinhdanh/client (profile vneid) against @dinhdanh/mock-idp (dialect vneid)', () => {
  it('plain: signIn → the mock (auto-approve) → completeSignIn with the raw callback URL → the citizen at level 2', async () => {
    const eid = await dialectClient('bank-plain', plainRedirect)
    const persona = personas.level2Adult
    const { url, transaction } = await eid.signIn({ level: 2, loginHint: persona.personalId })
    const callback = await followToRedirectUri(url, plainRedirect, new CookieJar())
    const result = await eid.completeSignIn(callback, transaction)
    expect(result.level).toBe(2)
    expect(result.citizen).toMatchObject({ personalId: persona.personalId, birthDate: '1990-05-17' })
    // The same callback again is refused (the transaction is spent).
    await expect(eid.completeSignIn(callback, transaction)).rejects.toMatchObject({
      code: expect.stringMatching(/^ERR_EID_/),
    })
  })

  it('plain: a level-1 account asked for level 2 → ERR_EID_LEVEL_TOO_LOW with required 2 and actual 1', async () => {
    const eid = await dialectClient('bank-plain', plainRedirect)
    const { url, transaction } = await eid.signIn({ level: 2, loginHint: personas.level1Adult.personalId })
    const callback = await followToRedirectUri(url, plainRedirect, new CookieJar())
    await expect(eid.completeSignIn(callback, transaction)).rejects.toMatchObject({
      code: 'ERR_EID_LEVEL_TOO_LOW',
      required: 2,
      actual: 1,
    })
  })

  it.skipIf(pkcs1DecryptSupported)(
    'Node 20: a client with an envelopeKey is refused at createClient, saying to use Node 22 or later',
    async () => {
      await expect(dialectClient('bank-encrypted', encryptedRedirect, privatePem())).rejects.toMatchObject({
        code: 'ERR_EID_UNSUPPORTED',
        message: expect.stringContaining('22'),
      })
    },
  )

  it.skipIf(!pkcs1DecryptSupported)(
    `encrypted: code + encrypt_key in the callback, envelopes from token and userinfo ${NODE22}`,
    async () => {
      const eid = await dialectClient('bank-encrypted', encryptedRedirect, privatePem())
      const persona = personas.level2Adult
      const { url, transaction } = await eid.signIn({ loginHint: persona.personalId })
      const callback = await followToRedirectUri(url, encryptedRedirect, new CookieJar())
      expect(callback).toContain('&encrypt_key=')
      const result = await eid.completeSignIn(callback, transaction)
      expect(result.citizen?.personalId).toBe(persona.personalId)
      expect(result.level).toBe(2)
    },
  )

  it.skipIf(!pkcs1DecryptSupported)(
    `encrypted: a callback whose "+" became a space fails with a typed error ${NODE22}`,
    async () => {
      const eid = await dialectClient('bank-encrypted', encryptedRedirect, privatePem())
      const start = async () => {
        const { url, transaction } = await eid.signIn({ loginHint: personas.level2Adult.personalId })
        return { transaction, callback: await followToRedirectUri(url, encryptedRedirect, new CookieJar()) }
      }
      // A callback without any "+" is rare (base64 values of 44 and 344 characters); draw again then.
      let attempt = await start()
      for (let i = 0; i < 10 && !attempt.callback.includes('+'); i++) attempt = await start()
      const { callback, transaction } = attempt
      await expect(eid.completeSignIn(callback.replaceAll('+', '%20'), transaction)).rejects.toMatchObject({
        code: expect.stringMatching(/^ERR_EID_/),
      })
    },
  )
})

import { constants, generateKeyPairSync, privateDecrypt, publicEncrypt } from 'node:crypto'
import { createClient, type EidClient } from '@dinhdanh/client'
import { readRawQuery } from '@dinhdanh/client/vneid'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { personas } from '../personas.js'
import { mockVneid } from './vneid-dialect.js'

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

const ISSUER = 'https://sso.vneid.test'
const REDIRECT_URI = 'https://bank.test/auth/vneid/callback'
const SECRET = 'bank-secret-0123456789abcdef'
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 })

const vneid = mockVneid({
  issuer: ISSUER,
  clients: [
    { clientId: 'bank', clientSecret: SECRET, redirectUris: [REDIRECT_URI] },
    {
      clientId: 'bank-encrypted',
      clientSecret: SECRET,
      redirectUris: [REDIRECT_URI],
      publicKey: rsa.publicKey,
    },
  ],
})
const server = setupServer(...vneid.handlers)

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterEach(() => vneid.reset())
afterAll(() => server.close())

function dialectClient(clientId = 'bank', envelopeKey?: string): Promise<EidClient> {
  return createClient({
    profile: 'vneid',
    issuer: vneid.issuer,
    endpoints: vneid.endpoints,
    clientId,
    clientAuth: { method: 'client_secret_post', secret: SECRET },
    redirectUri: REDIRECT_URI,
    ...(envelopeKey !== undefined && { envelopeKey }),
  })
}

/** The browser's trip: the authorization URL answers with a redirect to the callback at once. */
async function callbackOf(url: string): Promise<string> {
  const response = await fetch(url, { redirect: 'manual' })
  expect(response.status).toBe(302)
  return response.headers.get('location') ?? ''
}

describe('mockVneid: the VNeID dialect for msw', () => {
  it('plain: signIn → callback with code and state → the SDK redeems it (secret in the form body) and reads the citizen', async () => {
    const eid = await dialectClient()
    vneid.signInAs(personas.level2Adult)
    const { url, transaction } = await eid.signIn({ level: 2 })
    const callback = await callbackOf(url)
    expect(callback.startsWith(`${REDIRECT_URI}?code=`)).toBe(true)
    expect([...readRawQuery(callback).keys()]).toEqual(['code', 'state'])
    const result = await eid.completeSignIn(callback, transaction)
    expect(result.level).toBe(2)
    expect(result.subject).toBe(personas.level2Adult.personalId)
    expect(result.citizen).toMatchObject({
      personalId: personas.level2Adult.personalId,
      fullName: 'Nguyễn Văn An',
      birthDate: '1990-05-17',
    })
    expect(result.providerClaims).toMatchObject({ birthDate: '17/05/1990', accountType: 'CONG_DAN' })
    const [request] = vneid.tokenRequests
    expect(Object.fromEntries(request ?? [])).toMatchObject({
      grant_type: 'authorization_code',
      client_id: 'bank',
      client_secret: SECRET,
      redirect_uri: REDIRECT_URI,
      code: readRawQuery(callback).get('code')?.[0],
    })
  })

  it('a level-1 account asked for level 2: the SDK refuses with ERR_EID_LEVEL_TOO_LOW (the provider ignores acr_values)', async () => {
    const eid = await dialectClient()
    vneid.signInAs(personas.level1Adult)
    const { url, transaction } = await eid.signIn({ level: 2 })
    await expect(eid.completeSignIn(await callbackOf(url), transaction)).rejects.toMatchObject({
      code: 'ERR_EID_LEVEL_TOO_LOW',
      required: 2,
      actual: 1,
    })
  })

  it('login_hint picks the citizen when nobody is signed in; with neither, the callback carries login_required', async () => {
    const eid = await dialectClient()
    const hinted = await eid.signIn({ loginHint: personas.level1Adult.personalId })
    const result = await eid.completeSignIn(await callbackOf(hinted.url), hinted.transaction)
    expect(result.subject).toBe(personas.level1Adult.personalId)
    const nobody = await eid.signIn()
    const callback = await callbackOf(nobody.url)
    expect(readRawQuery(callback).get('error')).toEqual(['login_required'])
    await expect(eid.completeSignIn(callback, nobody.transaction)).rejects.toMatchObject({
      code: expect.stringMatching(/^ERR_EID_/),
    })
  })

  it('a code is redeemed once: a second token request with it is invalid_grant', async () => {
    const eid = await dialectClient()
    vneid.signInAs(personas.level2Adult)
    const { url, transaction } = await eid.signIn()
    const callback = await callbackOf(url)
    await eid.completeSignIn(callback, transaction)
    const again = await fetch(vneid.endpoints.token, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(vneid.tokenRequests[0]),
    })
    expect(again.status).toBe(400)
    expect(await again.json()).toMatchObject({ error: 'invalid_grant' })
  })

  it('refuses what the real provider refuses: a JSON body, the secret in a header', async () => {
    const json = await fetch(vneid.endpoints.token, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    })
    expect(await json.json()).toMatchObject({ error: 'invalid_request' })
    const header = await fetch(vneid.endpoints.token, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`bank:${SECRET}`).toString('base64')}`,
      },
      body: 'grant_type=authorization_code&code=x',
    })
    expect(header.status).toBe(401)
  })

  it('encryption on (a client with a public key): the callback carries the encrypted code and encrypt_key raw, base64 unescaped', async () => {
    // Encrypting needs no PKCS#1 v1.5 decryption: this part runs on Node 20 too.
    const eid = await dialectClient() // only to start a transaction; the redirect is read, not redeemed
    const { url } = await eid.signIn()
    vneid.signInAs(personas.level2Adult)
    const callback = await callbackOf(url.replace('client_id=bank', 'client_id=bank-encrypted'))
    const query = readRawQuery(callback)
    expect([...query.keys()]).toEqual(['code', 'state', 'encrypt_key'])
    expect(query.get('encrypt_key')?.[0]).toMatch(/^[A-Za-z0-9+/]{342}==$/)
    expect(callback).not.toContain('%2B')
  })

  it.skipIf(!pkcs1DecryptSupported)(
    `encrypted: the SDK with the envelope key decrypts the code and the envelopes and reads the citizen ${NODE22}`,
    async () => {
      const pem = rsa.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString()
      const eid = await dialectClient('bank-encrypted', pem)
      vneid.signInAs(personas.level2Adult)
      const { url, transaction } = await eid.signIn()
      const callback = await callbackOf(url)
      expect(callback).toContain('&encrypt_key=')
      const result = await eid.completeSignIn(callback, transaction)
      expect(result.citizen?.personalId).toBe(personas.level2Adult.personalId)
      expect(vneid.tokenRequests[0]?.get('encrypt_key')).toBe(readRawQuery(callback).get('encrypt_key')?.[0])
    },
  )
})

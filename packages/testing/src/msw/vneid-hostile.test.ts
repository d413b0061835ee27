import { constants, createDecipheriv, generateKeyPairSync, privateDecrypt, publicEncrypt } from 'node:crypto'
import { createClient, type EidClient } from '@dinhdanh/client'
import { readRawQuery } from '@dinhdanh/client/vneid'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { personas } from '../personas.js'
import { editJson } from './tamper.js'
import { mockVneid } from './vneid-dialect.js'

const ISSUER = 'https://sso.vneid.test'
const REDIRECT_URI = 'https://bank.test/auth/vneid/callback'
const SECRET = 'bank-secret-0123456789abcdef'
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 })
const NODE22 = '(needs Node 22+: PKCS#1 v1.5 decryption)'
const pkcs1DecryptSupported = (() => {
  try {
    const sealed = publicEncrypt(
      { key: rsa.publicKey, padding: constants.RSA_PKCS1_PADDING },
      Buffer.from('probe'),
    )
    return privateDecrypt({ key: rsa.privateKey, padding: constants.RSA_PKCS1_PADDING }, sealed).length === 5
  } catch {
    return false
  }
})()

const vneid = mockVneid({
  issuer: ISSUER,
  clients: [
    { clientId: 'bank', clientSecret: SECRET, redirectUris: [REDIRECT_URI] },
    { clientId: 'bank-json', clientSecret: SECRET, tokenRequestFormat: 'json' },
    { clientId: 'bank-aes128', clientSecret: SECRET, publicKey: rsa.publicKey, keyBytes: 16 },
  ],
})
const server = setupServer(...vneid.handlers)

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterEach(() => vneid.reset())
afterAll(() => server.close())

function dialectClient(clientId = 'bank', dialect: Record<string, unknown> = {}): Promise<EidClient> {
  return createClient({
    profile: 'vneid',
    issuer: vneid.issuer,
    endpoints: vneid.endpoints,
    clientId,
    clientAuth: { method: 'client_secret_post', secret: SECRET },
    redirectUri: REDIRECT_URI,
    dialect,
  })
}

describe('mockVneid: a hostile VNeID (authorize, requests, tamper)', () => {
  it('authorize() plays the browser and requests() lists what the app sent, per endpoint', async () => {
    const eid = await dialectClient()
    vneid.signInAs(personas.level2Adult)
    const { url, transaction } = await eid.signIn({ level: 2 })
    const callback = await vneid.authorize(url)
    expect(callback.startsWith(`${REDIRECT_URI}?code=`)).toBe(true)
    expect(readRawQuery(callback).get('state')).toEqual([transaction.state])
    const result = await eid.completeSignIn(callback, transaction)
    expect(result.subject).toBe(personas.level2Adult.personalId)
    expect(vneid.requests().map((request) => request.endpoint)).toEqual([
      'authorization',
      'token',
      'userinfo',
    ])
    expect(vneid.requests('token')[0]?.form?.get('client_secret')).toBe(SECRET)
    expect(vneid.requests('userinfo')[0]?.headers.get('authorization')).toMatch(/^Bearer /)
    vneid.reset()
    expect(vneid.requests()).toEqual([])
  })

  it('authorize() forges the callback as text: state replaced or removed, params added raw', async () => {
    const eid = await dialectClient()
    vneid.signInAs(personas.level2Adult)
    const { url } = await eid.signIn()
    const replaced = await vneid.authorize(url, { state: 'not-this-one', params: { extra: 'a+b/c=' } })
    expect(readRawQuery(replaced).get('state')).toEqual(['not-this-one'])
    expect(replaced).toMatch(/&extra=a\+b\/c=$/)
    const removed = await vneid.authorize(url, { state: null })
    expect(readRawQuery(removed).has('state')).toBe(false)
    expect(readRawQuery(removed).has('code')).toBe(true)
    await expect(vneid.authorize('https://elsewhere.test/authorize')).rejects.toThrow(/authorization URL/)
  })

  it('tamper.nextResponse replaces the next answer once, after the kit handled the request', async () => {
    const eid = await dialectClient()
    vneid.signInAs(personas.level2Adult)
    vneid.tamper.nextResponse(
      'userinfo',
      editJson(({ citizenPid: _, ...claims }) => claims),
    )
    const first = await eid.signIn({ level: 2 })
    await expect(
      eid.completeSignIn(await vneid.authorize(first.url), first.transaction),
    ).rejects.toMatchObject({
      code: 'ERR_EID_ATTRIBUTE_INVALID',
    })
    const second = await eid.signIn({ level: 2 })
    const result = await eid.completeSignIn(await vneid.authorize(second.url), second.transaction)
    expect(result.subject).toBe(personas.level2Adult.personalId)
  })

  it('tamper persists with { persist: true } until clear(); the code is still spent by the kit', async () => {
    const eid = await dialectClient()
    vneid.signInAs(personas.level2Adult)
    vneid.tamper.nextResponse('token', () => new Response('<h1>503</h1>', { status: 503 }), { persist: true })
    for (let attempt = 0; attempt < 2; attempt++) {
      const { url, transaction } = await eid.signIn()
      await expect(eid.completeSignIn(await vneid.authorize(url), transaction)).rejects.toMatchObject({
        code: 'ERR_EID_RESPONSE_INVALID',
        status: 503,
      })
    }
    vneid.tamper.clear()
    const { url, transaction } = await eid.signIn()
    const callback = await vneid.authorize(url)
    await eid.completeSignIn(callback, transaction)
    const code = vneid.tokenRequests.at(-1)?.get('code')
    const again = await fetch(vneid.endpoints.token, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code: code ?? '',
        client_id: 'bank',
        client_secret: SECRET,
        redirect_uri: REDIRECT_URI,
      }),
    })
    expect(await again.json()).toMatchObject({ error: 'invalid_grant' })
  })

  it("tokenRequestFormat: 'json' accepts the SDK's JSON token request and refuses a form; the default refuses JSON", async () => {
    vneid.signInAs(personas.level2Adult)
    const json = await dialectClient('bank-json', { tokenRequestFormat: 'json' })
    const ok = await json.signIn()
    await json.completeSignIn(await vneid.authorize(ok.url), ok.transaction)
    expect(vneid.requests('token')[0]?.headers.get('content-type')).toMatch(/^application\/json/)
    expect(vneid.tokenRequests[0]?.get('client_id')).toBe('bank-json')

    const form = await dialectClient('bank-json')
    const refused = await form.signIn()
    await expect(
      form.completeSignIn(await vneid.authorize(refused.url), refused.transaction),
    ).rejects.toMatchObject({ code: 'ERR_EID_PROVIDER' })

    const jsonToForm = await dialectClient('bank', { tokenRequestFormat: 'json' })
    const wrong = await jsonToForm.signIn()
    await expect(
      jsonToForm.completeSignIn(await vneid.authorize(wrong.url), wrong.transaction),
    ).rejects.toMatchObject({ code: 'ERR_EID_PROVIDER' })
  })

  it.skipIf(!pkcs1DecryptSupported)(
    `keyBytes picks the AES key length of the encrypted code (the wrapped key unwraps to it) ${NODE22}`,
    async () => {
      vneid.signInAs(personas.level2Adult)
      const eid = await dialectClient()
      const { url } = await eid.signIn()
      const callback = await vneid.authorize(url.replace('client_id=bank', 'client_id=bank-aes128'))
      const query = readRawQuery(callback)
      const aesKey = privateDecrypt(
        { key: rsa.privateKey, padding: constants.RSA_PKCS1_PADDING },
        Buffer.from(query.get('encrypt_key')?.[0] ?? '', 'base64'),
      )
      expect(aesKey).toHaveLength(16)
      const decipher = createDecipheriv('aes-128-ecb', aesKey, null)
      const code = Buffer.concat([
        decipher.update(Buffer.from(query.get('code')?.[0] ?? '', 'base64')),
        decipher.final(),
      ]).toString()
      expect(code).toMatch(/^[\w-]{32}$/)
    },
  )
})

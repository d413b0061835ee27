/**
 * `@dinhdanh/express` with a `profile: 'vneid'` client against the mock provider's VNeID dialect, over
 * loopback: the adapter works unchanged, hands the SDK the raw callback URL (a `+` of the encrypted
 * code stays a `+`), and what the dialect cannot do (a fresh login with `maxAgeSec`, more attributes)
 * ends in the typed error page, never a crash. Plain on every Node; encrypted needs RSA PKCS#1 v1.5
 * decryption, which Node 20 refuses (CVE-2023-46809): skipped there, loudly, and run on Node 24 in .ci/run.
 */
import { constants, generateKeyPairSync, privateDecrypt, publicEncrypt } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createClient, type EidClient } from '@dinhdanh/client'
import { readRawQuery } from '@dinhdanh/client/vneid'
import { createMockIdp, type MockIdp } from '@dinhdanh/mock-idp'
import { personas } from '@dinhdanh/testing'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { requireAttributes } from './guards.js'
import { Browser, buildTestApp, type EidView, type Page, type TestApp, visit } from './testing/harness.js'

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

const secret = 'express-vneid-secret-0123456789'
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 })
const level2 = personas.level2Adult

interface Slot {
  server: Server
  origin: string
  handler: (req: IncomingMessage, res: ServerResponse) => void
}

async function listen(): Promise<Slot> {
  let handler: Slot['handler'] = (_req, res) => {
    res.end()
  }
  const server = createServer((req, res) => handler(req, res))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    server,
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    get handler() {
      return handler
    },
    set handler(next) {
      handler = next
    },
  }
}

let idp: MockIdp
let plainSite: Slot
let encryptedSite: Slot
/** Bodies of the token requests the clients made, in order. */
const tokenRequests: URLSearchParams[] = []
const realFetch = globalThis.fetch

beforeAll(async () => {
  plainSite = await listen()
  encryptedSite = await listen()
  idp = await createMockIdp({
    port: 0,
    store: 'memory',
    logLevel: 'silent',
    clients: [
      {
        client_id: 'express-vneid-plain',
        dialect: 'vneid',
        encrypt: false,
        client_secret: secret,
        redirect_uris: [`${plainSite.origin}/auth/callback`],
      },
      {
        client_id: 'express-vneid-encrypted',
        dialect: 'vneid',
        client_secret: secret,
        redirect_uris: [`${encryptedSite.origin}/auth/callback`],
        jwks: { keys: [rsa.publicKey.export({ format: 'jwk' })] },
      },
    ],
  })
  const response = await fetch(`${idp.url}/__admin/settings`, {
    method: 'PATCH',
    headers: { authorization: `Bearer ${idp.adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ autoApprove: true, autoApproveAs: level2.personalId }),
  })
  expect(response.status).toBe(200)
  globalThis.fetch = (async (input: string | URL | globalThis.Request, init?: RequestInit) => {
    const url = new URL(input instanceof globalThis.Request ? input.url : String(input))
    if (url.href === `${idp.url}/vneid/token`) tokenRequests.push(new URLSearchParams(String(init?.body)))
    return realFetch(input, init)
  }) as typeof fetch
})
afterAll(async () => {
  globalThis.fetch = realFetch
  for (const site of [plainSite, encryptedSite]) {
    site?.server.closeAllConnections()
    site?.server.close()
  }
  await idp?.close()
})

function dialectClient(site: Slot, clientId: string, envelopeKey?: string): Promise<EidClient> {
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
    redirectUri: `${site.origin}/auth/callback`,
    ...(envelopeKey !== undefined && { envelopeKey }),
  })
}

/** The standard test app of the adapter's tests, served at the site, with the raw URLs the SDK got. */
function serve(site: Slot, client: EidClient): TestApp & { callbackUrls: string[] } {
  const callbackUrls: string[] = []
  const complete = client.completeSignIn.bind(client)
  vi.spyOn(client, 'completeSignIn').mockImplementation((url, transaction) => {
    callbackUrls.push(String(url))
    return complete(url, transaction)
  })
  const test = buildTestApp({ client, origin: site.origin })
  site.handler = test.app
  return { ...test, callbackUrls }
}

/** From a page of the app through the provider (auto-approve) to the redirect back to the callback. */
async function toCallback(browser: Browser, start: string, callbackPrefix: string): Promise<URL> {
  let page: Page = await browser.get(start)
  for (let hop = 0; hop < 20; hop++) {
    if (!page.location) throw new Error(`no redirect from ${page.url.pathname}: HTTP ${page.status}`)
    if (page.location.href.startsWith(callbackPrefix)) return page.location
    page = await browser.get(page.location)
  }
  throw new Error('no redirect to the callback')
}

describe('@dinhdanh/express with a profile vneid client (the mock provider’s dialect)', () => {
  it('plain: a signed-out visitor of /me signs in through /vneid/authorize and lands on /me with the citizen at level 2', async () => {
    const client = await dialectClient(plainSite, 'express-vneid-plain')
    const test = serve(plainSite, client)
    const browser = new Browser()
    const first = await browser.get(`${plainSite.origin}/me`)
    expect(first.status).toBe(302)
    expect(first.location?.href.startsWith(`${idp.url}/vneid/authorize?`)).toBe(true)
    const { page } = await visit(browser, first)
    expect(page.url.href).toBe(`${plainSite.origin}/me`)
    expect(page.json<EidView>()).toMatchObject({
      isSignedIn: true,
      level: 2,
      subject: level2.personalId,
      citizen: { personalId: level2.personalId, birthDate: '1990-05-17' },
    })
    expect(test.errors).toEqual([])
    expect(test.crashes).toEqual([])
  })

  it('plain: the adapter hands completeSignIn the raw callback URL: a "+" in the query arrives as "+", not as a space', async () => {
    const client = await dialectClient(plainSite, 'express-vneid-plain')
    const test = serve(plainSite, client)
    const browser = new Browser()
    const callback = await toCallback(browser, `${plainSite.origin}/me`, `${plainSite.origin}/auth/callback`)
    // The mock's plain codes have no "+"; a parameter the SDK ignores carries raw base64 the same way.
    const raw = `${callback.href}&probe=a+b/c==`
    const { page } = await visit(browser, raw)
    expect(page.json<EidView>()).toMatchObject({ isSignedIn: true, subject: level2.personalId })
    expect(test.callbackUrls).toHaveLength(1)
    const received = test.callbackUrls[0] ?? ''
    expect(received).toBe(raw)
    expect(readRawQuery(received).get('probe')).toEqual(['a+b/c=='])
    expect(readRawQuery(received).get('code')).toEqual([callback.searchParams.get('code')])
  })

  it('plain: logout without an end-session endpoint ends the local session and goes back to the site', async () => {
    const client = await dialectClient(plainSite, 'express-vneid-plain')
    serve(plainSite, client)
    const browser = new Browser()
    await visit(browser, `${plainSite.origin}/me`)
    const form = await browser.get(`${plainSite.origin}/csrf`)
    const csrf = /name="_csrf" value="([^"]+)"/.exec(form.body)?.[1] ?? ''
    const out = await browser.post(`${plainSite.origin}/auth/logout`, { _csrf: csrf })
    expect(out.status).toBe(303)
    expect(out.location?.href).toBe(`${plainSite.origin}/`)
    const status = await browser.get(`${plainSite.origin}/status`)
    expect(status.json<EidView>().isSignedIn).toBe(false)
  })

  it('requireSignIn({ maxAgeSec }) on a dialect client: the typed error page (501 ERR_EID_UNSUPPORTED), signed out or in, never a crash', async () => {
    const client = await dialectClient(plainSite, 'express-vneid-plain')
    const test = serve(plainSite, client)
    const browser = new Browser()
    const signedOut = await browser.get(`${plainSite.origin}/fresh`)
    expect(signedOut.status).toBe(501)
    expect(signedOut.headers.get('content-type')).toMatch(/^text\/html/)
    expect(signedOut.body).toContain('ERR_EID_UNSUPPORTED')
    await visit(browser, `${plainSite.origin}/me`)
    // Signed in: the dialect gives no auth_time, so no sign-in is ever recent enough to pass either.
    const signedIn = await browser.get(`${plainSite.origin}/fresh`)
    expect(signedIn.status).toBe(501)
    expect(signedIn.body).toContain('ERR_EID_UNSUPPORTED')
    expect(test.errors.map((error) => error.code)).toEqual(['ERR_EID_UNSUPPORTED', 'ERR_EID_UNSUPPORTED'])
    expect(test.crashes).toEqual([])
    // The session is untouched.
    expect((await browser.get(`${plainSite.origin}/status`)).json<EidView>().isSignedIn).toBe(true)
  })

  it('requireAttributes on a dialect client (it releases the identity only), with or without identity: the same typed error page', async () => {
    const client = await dialectClient(plainSite, 'express-vneid-plain')
    const test = serve(plainSite, client)
    test.app.get('/age-check', requireAttributes(['age_over_18'], { identity: false }), (_req, res) => {
      res.send('passed')
    })
    for (const path of ['/insurance', '/age-check']) {
      const page = await new Browser().get(`${plainSite.origin}${path}`)
      expect(page.status).toBe(501)
      expect(page.body).toContain('ERR_EID_UNSUPPORTED')
    }
    expect(test.crashes).toEqual([])
  })

  it.skipIf(pkcs1DecryptSupported)(
    'Node 20: the encrypted dialect client is refused at createClient (ERR_EID_UNSUPPORTED, use Node 22+), before any app starts',
    async () => {
      const pem = rsa.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString()
      await expect(dialectClient(encryptedSite, 'express-vneid-encrypted', pem)).rejects.toMatchObject({
        code: 'ERR_EID_UNSUPPORTED',
        message: expect.stringContaining('22'),
      })
    },
  )

  it.skipIf(!pkcs1DecryptSupported)(
    `encrypted: an encrypted code containing a raw "+" and its encrypt_key go through the adapter to a signed-in page ${NODE22}`,
    async () => {
      const pem = rsa.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString()
      const client = await dialectClient(encryptedSite, 'express-vneid-encrypted', pem)
      const test = serve(encryptedSite, client)
      const prefix = `${encryptedSite.origin}/auth/callback`
      // About half of the mock's encrypted codes (base64 of AES ciphertext) hold a "+": draw until one does.
      let browser = new Browser()
      let callback = await toCallback(browser, `${encryptedSite.origin}/me`, prefix)
      const codeOf = (url: URL) => readRawQuery(url.href).get('code')?.[0] ?? ''
      for (let i = 0; i < 30 && !codeOf(callback).includes('+'); i++) {
        browser = new Browser()
        callback = await toCallback(browser, `${encryptedSite.origin}/me`, prefix)
      }
      expect(codeOf(callback)).toContain('+')
      expect(callback.search).toContain('&encrypt_key=')
      const from = tokenRequests.length
      const { page } = await visit(browser, callback)
      expect(page.url.href).toBe(`${encryptedSite.origin}/me`)
      expect(page.json<EidView>()).toMatchObject({
        isSignedIn: true,
        level: 2,
        citizen: { personalId: level2.personalId },
      })
      expect(test.callbackUrls.at(-1)).toBe(callback.href)
      // The token request carried the decrypted code and the encrypt_key exactly as received.
      const [token] = tokenRequests.slice(from)
      expect(token?.get('encrypt_key')).toBe(readRawQuery(callback.href).get('encrypt_key')?.[0])
      expect(token?.get('code')).not.toBe(codeOf(callback))
      expect(test.crashes).toEqual([])
    },
  )

  it.skipIf(!pkcs1DecryptSupported)(
    `encrypted: the same callback with its "+" turned into a space is the typed error page, not a sign-in ${NODE22}`,
    async () => {
      const pem = rsa.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString()
      const client = await dialectClient(encryptedSite, 'express-vneid-encrypted', pem)
      const test = serve(encryptedSite, client)
      const prefix = `${encryptedSite.origin}/auth/callback`
      let browser = new Browser()
      let callback = await toCallback(browser, `${encryptedSite.origin}/me`, prefix)
      for (let i = 0; i < 10 && !callback.search.includes('+'); i++) {
        browser = new Browser()
        callback = await toCallback(browser, `${encryptedSite.origin}/me`, prefix)
      }
      const mangled = callback.href.replaceAll('+', '%20')
      const page = await browser.get(mangled)
      expect(page.status).toBe(400)
      expect(page.body).toContain('ERR_EID_CALLBACK_INVALID')
      expect((await browser.get(`${encryptedSite.origin}/status`)).json<EidView>().isSignedIn).toBe(false)
      expect(test.crashes).toEqual([])
    },
  )
})

/**
 * The bank on the VNeID dialect (`EID_PROFILE=vneid`) against the real mock provider's dialect, in
 * process: built the way server.ts builds it (`vneidClientOptions`, the demo's dialect registration).
 * Plain on every Node; encrypted needs RSA PKCS#1 v1.5 decryption (Node 22+), skipped loudly on Node 20.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto'
import { createClient } from '@dinhdanh/client'
import { createMockIdp, type MockIdp } from '@dinhdanh/mock-idp'
import { personas } from '@dinhdanh/testing'
import { pkcs1DecryptionSupported, type SiteConfig, vneidClientOptions } from 'dinhdanh-example-shared'
import { DEMO_APPS, dialectClientMetadata } from 'dinhdanh-example-shared/demo'
import {
  adminApi,
  Browser,
  fieldValue,
  type LoopbackSite,
  listenOnLoopback,
  type Page,
  textOf,
} from 'dinhdanh-example-shared/testing'
import { afterEach, describe, expect, it } from 'vitest'
import { createApp } from './app.js'

const NODE22 = '(needs Node 22+: PKCS#1 v1.5 decryption)'
const bankApp = DEMO_APPS.find((app) => app.name === 'bank')!
const an = personas.level2Adult.personalId
const ngoc = personas.level1Adult.personalId

interface DialectBank {
  idp: MockIdp
  site: LoopbackSite
  url(path: string): string
  signInAs(browser: Browser, personalId: string, path: string): Promise<Page>
}

let running: DialectBank | undefined
afterEach(async () => {
  await running?.site.close()
  await running?.idp.close()
  running = undefined
})

/** The mock provider with the bank registered as a dialect client, and the bank on `profile: 'vneid'`. */
async function startDialectBank(encrypt: boolean): Promise<DialectBank> {
  const site = await listenOnLoopback()
  const baseUrl = `http://127.0.0.1:${site.port}`
  const secret = randomBytes(24).toString('base64url')
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const { kty, n, e } = rsa.publicKey.export({ format: 'jwk' })
  const idp = await createMockIdp({
    port: 0,
    store: 'memory',
    logLevel: 'silent',
    autoApprove: true,
    clients: [dialectClientMetadata(bankApp, baseUrl, { secret, publicJwk: { kty, n, e }, encrypt })],
  })
  const config: SiteConfig = {
    port: site.port,
    baseUrl,
    issuer: idp.url,
    clientId: bankApp.clientId,
    sessionSecret: randomBytes(36).toString('base64url'),
    portalUrl: `${idp.url}/account`,
  }
  const envelopeKey = encrypt ? rsa.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString() : undefined
  const client = await createClient(vneidClientOptions(config, { clientSecret: secret, envelopeKey })).catch(
    async (error: unknown) => {
      await site.close()
      await idp.close()
      throw error
    },
  )
  site.serve(createApp({ client, config, profile: 'vneid' }))
  const admin = adminApi(idp)
  running = {
    idp,
    site,
    url: (path) => new URL(path, baseUrl).href,
    async signInAs(browser, personalId, path) {
      await admin('PATCH', '/settings', { autoApproveAs: personalId })
      return browser.get(new URL(path, baseUrl))
    },
  }
  return running
}

async function transfer(bank: DialectBank, browser: Browser, amount: string): Promise<Page> {
  const form = await browser.get(bank.url('/transfer'))
  expect(form.status).toBe(200)
  return browser.post(bank.url('/transfer'), {
    _csrf: fieldValue(form, '_csrf'),
    recipient: '0123456789',
    amount,
    note: 'Tiền nhà',
  })
}

describe('the bank on the VNeID dialect (plain, "encrypt": false)', () => {
  it('says on its pages which profile it runs and what that profile cannot do', async () => {
    const bank = await startDialectBank(false)
    const home = await new Browser().get(bank.url('/'))
    expect(home.status).toBe(200)
    expect(home.body).toContain('id="vneid-dialect"')
    expect(textOf(home)).toContain('VNeID chỉ gửi danh tính')
  })

  it('internet banking: signs in through /vneid/authorize and shows the demo account', async () => {
    const bank = await startDialectBank(false)
    const browser = new Browser()
    const first = await browser.get(bank.url('/banking'), { follow: false })
    expect(first.status).toBe(302)
    expect(first.headers.get('location')).toContain('/vneid/authorize?')
    const account = await bank.signInAs(browser, an, '/banking')
    expect(account.status).toBe(200)
    expect(account.url.pathname).toBe('/account')
    expect(textOf(account)).toContain('50.000.000 ₫')
  })

  it('account opening: shows the identity that arrived, says address, phone and ID card cannot arrive, opens nothing', async () => {
    const bank = await startDialectBank(false)
    const browser = new Browser()
    const page = await bank.signInAs(browser, an, '/open-account')
    expect(page.status).toBe(200)
    expect(page.body).toContain('id="dialect-opening"')
    expect(page.body).toContain('data-absent="address,phone,id_card"')
    const text = textOf(page)
    expect(text).toContain('Nguyễn Văn An')
    expect(text).toContain(an)
    expect(text).toContain('không gửi địa chỉ, số điện thoại, thẻ căn cước')
    // No confirm form, and a forged confirm opens nothing: the session holds no eKYC data.
    expect(page.body).not.toContain('id="confirm-open"')
    const forced = await browser.post(bank.url('/open-account'), { _csrf: fieldValue(page, '_csrf') })
    expect(forced.url.pathname).toBe('/open-account')
    expect(forced.body).toContain('id="dialect-opening"')
    const account = await browser.get(bank.url('/account'))
    expect(account.body).not.toContain('Chúc mừng')
  })

  it('account opening by a level-1 account: refused by the level check, with how to reach level 2', async () => {
    const bank = await startDialectBank(false)
    const page = await bank.signInAs(new Browser(), ngoc, '/open-account')
    expect(page.status).toBe(403)
    expect(page.body).toContain('data-context="open-account"')
  })

  it('transfers: small ones go through; one over 10,000,000 ₫ or over 20,000,000 ₫ a day is explained as unavailable, nothing debited', async () => {
    const bank = await startDialectBank(false)
    const browser = new Browser()
    await bank.signInAs(browser, an, '/banking')
    const form = await browser.get(bank.url('/transfer'))
    expect(form.body).toContain('id="vneid-dialect"')

    const small = await transfer(bank, browser, '9000000')
    expect(small.status).toBe(200)
    expect(small.url.pathname).toMatch(/^\/transfer\/[\w-]+$/)

    const large = await transfer(bank, browser, '15000000')
    expect(large.status).toBe(403)
    expect(large.body).toContain('id="large-transfer-unavailable"')
    expect(textOf(large)).toContain('không bị trừ tiền')

    expect((await transfer(bank, browser, '9000000')).status).toBe(200)
    const overTheDay = await transfer(bank, browser, '9000000')
    expect(overTheDay.status).toBe(403)
    expect(overTheDay.body).toContain('id="large-transfer-unavailable"')

    const account = await browser.get(bank.url('/account'))
    expect(textOf(account)).toContain('32.000.000 ₫') // 50,000,000 - 2 × 9,000,000
  })
})

describe('the bank on the VNeID dialect, encrypted', () => {
  it.skipIf(!pkcs1DecryptionSupported())(
    `internet banking with encrypted codes and envelopes ${NODE22}`,
    async () => {
      const bank = await startDialectBank(true)
      const browser = new Browser()
      const account = await bank.signInAs(browser, an, '/banking')
      expect(account.status).toBe(200)
      expect(account.url.pathname).toBe('/account')
    },
  )

  it.skipIf(pkcs1DecryptionSupported())(
    'Node 20: the encrypted client is refused at createClient (ERR_EID_UNSUPPORTED), as server.ts reports it',
    async () => {
      await expect(startDialectBank(true)).rejects.toMatchObject({ code: 'ERR_EID_UNSUPPORTED' })
    },
  )
})

import { createClient } from '@dinhdanh/client'
import { testClient } from '@dinhdanh/test/support/clients.js'
import { personas } from '@dinhdanh/testing'
import { CookieJar } from '@dinhdanh/testing/browser'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createMockIdp, type MockIdp } from '../../index.js'
import { BrowserTab } from '../../testing/browser-tab.js'
import { signInOnPhone } from '../../testing/phone-sign-in.js'

/** The phone simulator shows the relying party's name and purpose in its language (#15, point 7). */
let idp: MockIdp
let eid: Awaited<ReturnType<typeof createClient>>

beforeAll(async () => {
  const rp = await testClient('phone-lang-rp', {
    client_name: 'Bệnh viện Thử nghiệm',
    'client_name#en': 'Test Hospital',
  })
  idp = await createMockIdp({ port: 0, store: 'memory', clients: [rp.metadata], logLevel: 'silent' })
  eid = await createClient({
    issuer: idp.url,
    clientId: rp.metadata.client_id,
    clientAuth: { method: 'private_key_jwt', privateJwk: rp.privateJwk },
    redirectUri: rp.redirectUri,
  })
})
afterAll(() => idp?.close())

describe('the phone simulator in English', () => {
  it('a decoupled request shows client_name#en and purpose#en on the English phone, the Vietnamese on the Vietnamese one', async () => {
    const persona = personas.level2Adult
    await eid.backchannelSignIn({
      loginHint: persona.personalId,
      bindingMessage: 'Quầy 2',
      purpose: 'Tiếp nhận bệnh nhân',
      extraParams: { 'purpose#en': 'Admitting the patient' },
    })
    const tab = new BrowserTab(new CookieJar(), idp.url)
    const form = await (await tab.get('/phone?lang=en')).text()
    const english = (await signInOnPhone(tab, idp, form, { personalId: persona.personalId, lang: 'en' })).page
    expect(english).toContain('Test Hospital')
    expect(english).toContain('Admitting the patient')
    expect(english).not.toContain('Bệnh viện Thử nghiệm')
    const vietnamese = await (await tab.get('/phone?lang=vi')).text()
    expect(vietnamese).toContain('Bệnh viện Thử nghiệm')
    expect(vietnamese).toContain('Tiếp nhận bệnh nhân')
  })
})

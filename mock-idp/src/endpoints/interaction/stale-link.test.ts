import { createClient, type EidClient } from '@dinhdanh/client'
import { type TestClient, testClient } from '@dinhdanh/test/support/clients.js'
import { personas } from '@dinhdanh/testing'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { createMockIdp, type MockIdp } from '../../index.js'
import { formField } from '../../testing/browser-tab.js'
import { uidOf, walkToConsent } from '../../testing/screen-walk.js'

/** Every log line of the provider, parsed (the logger is replaced to capture them). */
const logs = vi.hoisted(() => [] as { level: number; msg: string; event?: string }[])
vi.mock('../../logger.js', async () => {
  const { pino } = await import('pino')
  return {
    createLogger: () =>
      pino({ level: 'info' }, { write: (line: string) => void logs.push(JSON.parse(line)) }),
  }
})

let idp: MockIdp
let rp: TestClient
let eid: EidClient

beforeAll(async () => {
  rp = await testClient('stale-rp', {
    client_name: 'Cửa hàng Thử nghiệm',
    'client_name#en': 'Test Shop',
    client_uri: 'http://127.0.0.1:9/shop/',
  })
  idp = await createMockIdp({ port: 0, store: 'memory', clients: [rp.metadata] })
  eid = await createClient({
    issuer: idp.url,
    clientId: rp.metadata.client_id,
    clientAuth: { method: 'private_key_jwt', privateJwk: rp.privateJwk },
    redirectUri: rp.redirectUri,
  })
})
afterAll(() => idp?.close())

describe('a stale sign-in link (#15, points 3 and 11)', () => {
  it('a reload of a finished interaction, or Back to its resume, shows the styled page in Vietnamese with a way back to the relying party, logged at info', async () => {
    const walk = await walkToConsent(idp, eid, rp.redirectUri, {
      personalId: personas.level2Adult.personalId,
      attributes: ['phone'],
    })
    const uid = uidOf(walk.page, 'consent')
    const done = await walk.tab.follow(
      await walk.tab.post(`/interaction/${uid}/consent`, {
        csrf: formField(walk.page, 'csrf'),
        decision: 'allow',
        attributes: 'phone',
      }),
      rp.redirectUri,
    )
    expect(done.location).toContain('code=')
    const before = logs.length

    const reload = await walk.tab.get(`/interaction/${uid}`)
    expect(reload.status).toBe(400)
    const page = await reload.text()
    expect(page).toContain('<html lang="vi">')
    expect(page).toContain('Liên kết đăng nhập này đã hết hạn')
    expect(page).toContain(
      '<a class="button" href="http://127.0.0.1:9/shop/">Quay lại Cửa hàng Thử nghiệm</a>',
    )
    expect(page).not.toContain('interaction session not found')
    expect(page).toContain(`href="/interaction/${uid}?lang=en"`)
    const english = await (await walk.tab.get(`/interaction/${uid}?lang=en`)).text()
    expect(english).toContain('This sign-in link has expired')
    expect(english).toContain('>Back to Test Shop</a>')

    // Back from the relying party lands on the finished resume (`/auth/<uid>`): the same page.
    const resume = await walk.tab.get(`/auth/${uid}`)
    expect(resume.status).toBe(400)
    const resumed = await resume.text()
    expect(resumed).toContain('Liên kết đăng nhập này đã hết hạn')
    expect(resumed).toContain('Quay lại Cửa hàng Thử nghiệm')
    expect(resumed).not.toContain('authorization request has expired')

    const lines = logs.slice(before)
    expect(lines.map((line) => line.event)).toContain('stale_link')
    expect(lines.filter((line) => line.level >= 50)).toEqual([])
  })

  it('an unknown interaction link, in another browser, points to the home page', async () => {
    const before = logs.length
    const response = await fetch(`${idp.url}/interaction/never-issued-uid?lang=en`)
    expect(response.status).toBe(400)
    const page = await response.text()
    expect(page).toContain('This sign-in link has expired')
    expect(page).toContain('<a class="button" href="/">Go to the home page</a>')
    expect(logs.slice(before).filter((line) => line.level >= 50)).toEqual([])
  })
})

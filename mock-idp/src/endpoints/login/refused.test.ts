import { createClient, type EidClient } from '@dinhdanh/client'
import { type TestClient, testClient } from '@dinhdanh/test/support/clients.js'
import { personas } from '@dinhdanh/testing'
import { CookieJar } from '@dinhdanh/testing/browser'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { createMockIdp, type MockIdp } from '../../index.js'
import { BrowserTab, formField } from '../../testing/browser-tab.js'
import { uidOf } from '../../testing/screen-walk.js'

/** Every log line of the provider, as written (the logger is replaced to capture them). */
const logs = vi.hoisted(() => [] as string[])
vi.mock('../../logger.js', async () => {
  const { pino } = await import('pino')
  return { createLogger: () => pino({ level: 'info' }, { write: (line: string) => void logs.push(line) }) }
})

let idp: MockIdp
let rp: TestClient
let eid: EidClient

beforeAll(async () => {
  rp = await testClient('refused-rp', {
    client_name: 'Hãng bay Thử nghiệm',
    'client_name#en': 'Test Airline',
    client_uri: 'http://127.0.0.1:9/airline/',
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

const citizen = personas.level1Adult.personalId

/** A level-2 sign-in in a fresh tab, up to the login screen's passcode form posted by a level-1 citizen. */
async function postLevel1Passcode() {
  const { url, transaction } = await eid.signIn({ level: 2 })
  const tab = new BrowserTab(new CookieJar(), idp.url)
  const login = (await tab.follow(await tab.get(url))).page ?? ''
  const uid = uidOf(login)
  const csrf = formField(login, 'csrf')
  const posted = await tab.post(`/interaction/${uid}/login`, {
    csrf,
    personalId: citizen,
    passcode: '123456',
  })
  return { tab, uid, csrf, posted, transaction }
}

describe("the level refusal is a page of its own (POST/Redirect/GET, #15 point 3: Back after the airline's refusal)", () => {
  it('the passcode post answers 303 to GET /interaction/:uid/refused, which shows the bilingual refusal again on every load', async () => {
    const before = logs.length
    const { tab, uid, posted } = await postLevel1Passcode()
    expect(posted.status).toBe(303)
    const location = posted.headers.get('location') ?? ''
    expect(location).toBe(`/interaction/${uid}/refused?lang=vi`)
    expect(location).not.toContain(citizen)

    for (const load of [1, 2]) {
      const shown = await tab.get(location)
      expect(shown.status, `load ${load}`).toBe(200)
      expect(shown.headers.get('cache-control')).toBe('no-store')
      const page = await shown.text()
      expect(page).toContain('<html lang="vi">')
      expect(page).toContain('<h1>Tài khoản chưa đủ mức định danh</h1>')
      expect(page).toContain(
        'Dịch vụ này yêu cầu tài khoản định danh điện tử mức 2. Tài khoản của bạn đang ở mức 1.',
      )
      expect(page).toContain(`<form method="post" action="/interaction/${uid}/abort">`)
      expect(page).toContain('>Quay lại dịch vụ</button>')
      expect(page).toContain(`href="/interaction/${uid}/refused?lang=en"`)
      expect(page).not.toContain(citizen)
    }

    const english = await tab.get(`/interaction/${uid}/refused?lang=en`)
    expect(english.status).toBe(200)
    const page = await english.text()
    expect(page).toContain('<html lang="en">')
    expect(page).toContain('<h1>Your account is not at the required level</h1>')
    expect(page).toContain('This service needs a level-2 national e-ID account. Yours is level 1.')
    expect(page).toContain('>Back to the service</button>')
    expect(page).toContain(`href="/interaction/${uid}/refused?lang=vi"`)

    // No personal data in the logs: neither the number nor the name.
    const lines = logs.slice(before).join('\n')
    expect(lines).not.toContain(citizen)
    expect(lines).not.toContain(personas.level1Adult.overrides.fullName)
  })

  it('the button on the refusal page still carries unmet_authentication_requirements to the relying party; the page then reads as a stale link with the way back', async () => {
    const { tab, uid, posted, transaction } = await postLevel1Passcode()
    const refusal = (await tab.follow(posted)).page ?? ''
    expect(refusal).toContain('Tài khoản chưa đủ mức định danh')
    const back = await tab.follow(
      await tab.post(`/interaction/${uid}/abort`, { csrf: formField(refusal, 'csrf'), lang: 'vi' }),
      rp.redirectUri,
    )
    await expect(eid.completeSignIn(back.location ?? '', transaction)).rejects.toMatchObject({
      code: 'ERR_EID_LEVEL_TOO_LOW',
      required: 2,
    })

    // Back from the relying party (or a reload): the interaction is over, the styled stale-link page.
    const again = await tab.get(`/interaction/${uid}/refused?lang=vi`)
    expect(again.status).toBe(400)
    const page = await again.text()
    expect(page).toContain('<h1>Liên kết đăng nhập này đã hết hạn</h1>')
    expect(page).toContain(
      '<a class="button" href="http://127.0.0.1:9/airline/">Quay lại Hãng bay Thử nghiệm</a>',
    )
    expect(page).not.toMatch(/SessionNotFound|interaction session not found|at .+\.js:\d+/)
  })

  it('an expired or unknown interaction gives the styled stale-link page, not an error trace', async () => {
    const response = await fetch(`${idp.url}/interaction/never-issued-uid/refused?lang=en`)
    expect(response.status).toBe(400)
    const page = await response.text()
    expect(page).toContain('<h1>This sign-in link has expired</h1>')
    expect(page).toContain('<a class="button" href="/">Go to the home page</a>')
    expect(page).not.toMatch(/SessionNotFound|interaction session not found|at .+\.js:\d+/)
  })

  it('an interaction that was never refused sends its refusal address back to its own screen', async () => {
    const { url } = await eid.signIn({ level: 2 })
    const tab = new BrowserTab(new CookieJar(), idp.url)
    const uid = uidOf((await tab.follow(await tab.get(url))).page ?? '')
    const response = await tab.get(`/interaction/${uid}/refused?lang=en`)
    expect(response.status).toBe(303)
    expect(response.headers.get('location')).toBe(`/interaction/${uid}?lang=en`)
  })
})

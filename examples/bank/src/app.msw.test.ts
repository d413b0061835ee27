/**
 * The bank's journeys against the in-process e-ID of `@dinhdanh/testing/msw` (no mock provider process):
 * account opening with the stored, verified consent receipt; a large transfer confirmed after a real
 * level 1 → level 2 step-up (the msw kit can sign a level-2 citizen in at level 1, which the mock provider
 * cannot), and a level-2 session sent to VNeID again (prompt=login, max_age) for a large transfer; data
 * that did not arrive at account opening; and the failures: the consent API down while storing, a receipt
 * that does not match its record, a withdrawal racing the opening, a level-1 account refused at step-up.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createClient, type Jwk } from '@dinhdanh/client'
import { personas } from '@dinhdanh/testing'
import { mockEid, signInThroughApp } from '@dinhdanh/testing/msw'
import Database from 'better-sqlite3'
import type { ExampleConfig } from 'dinhdanh-example-shared'
import type { Express } from 'express'
import { exportJWK, generateKeyPair } from 'jose'
import { HttpResponse, http } from 'msw'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createApp, EKYC_PURPOSE } from './app.js'

const ISSUER = 'https://eid.test'
const BASE_URL = 'https://bank.test'

const keys = await generateKeyPair('ES256', { extractable: true })
const publicJwk = { ...(await exportJWK(keys.publicKey)), kid: 'bank-1', alg: 'ES256' }
const privateJwk = { ...(await exportJWK(keys.privateKey)), kid: 'bank-1', alg: 'ES256' } as Jwk

const eid = mockEid({
  issuer: ISSUER,
  clients: [
    { clientId: 'demo-bank', jwks: { keys: [publicJwk] }, redirectUris: [`${BASE_URL}/auth/callback`] },
  ],
})
const server = setupServer(...eid.handlers)

/** The parameters of every pushed authorization request (what the bank asked VNeID for). */
const pushed: URLSearchParams[] = []
server.events.on('request:start', async ({ request }) => {
  if (request.method === 'POST' && request.url === `${ISSUER}/par`) {
    pushed.push(new URLSearchParams(await request.clone().text()))
  }
})

type Agent = Awaited<ReturnType<typeof signInThroughApp>>['agent']

let app: Express
let dir: string
let dbFile: string

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterAll(() => server.close())
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bank-msw-'))
  dbFile = join(dir, 'bank.sqlite')
  const client = await createClient({
    issuer: ISSUER,
    clientId: 'demo-bank',
    clientAuth: { method: 'private_key_jwt', privateJwk },
    redirectUri: `${BASE_URL}/auth/callback`,
  })
  const config: ExampleConfig = {
    port: 0,
    baseUrl: BASE_URL,
    issuer: ISSUER,
    clientId: 'demo-bank',
    privateJwk,
    sessionSecret: 'a-test-secret-of-at-least-32-characters',
    portalUrl: `${ISSUER}/account`,
  }
  app = createApp({ client, config, databaseFile: dbFile })
})
afterEach(() => {
  server.resetHandlers()
  pushed.length = 0
  eid.reset()
  rmSync(dir, { recursive: true, force: true })
})

function query<T>(sql: string): T[] {
  const db = new Database(dbFile, { readonly: true })
  try {
    return db.prepare(sql).all() as T[]
  } finally {
    db.close()
  }
}

const csrfOf = (body: string) => /name="_csrf" value="([^"]+)"/.exec(body)?.[1] ?? ''
const text = (body: string) => body.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ')

async function post(agent: Agent, path: string, form: Record<string, string>): Promise<Response> {
  return agent.fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form),
  })
}

/** A guarded GET that sends the browser to the provider: follow it there and back, as a browser would. */
async function throughProvider(agent: Agent, path: string): Promise<Response> {
  const start = await agent.fetch(path)
  expect(start.status).toBe(302)
  await start.text() // drain: the loopback server closes once the body is read
  const authorization = await fetch(start.headers.get('location')!, { redirect: 'manual' })
  await authorization.text()
  const callback = new URL(authorization.headers.get('location')!)
  return agent.fetch(`${callback.pathname}${callback.search}`)
}

/**
 * The consent API's list as the kit answers it (genuinely signed receipts), with `receipt` overriding
 * what the signed receipts say.
 */
async function consentList(receipt: { purpose?: string } = {}) {
  return Promise.all(
    eid.consentRecords().map(async (r) => ({
      id: r.id,
      sub: r.sub,
      client_id: r.clientId,
      purpose: r.purpose,
      attributes: r.attributes,
      status: r.status,
      method: r.method,
      text_shown: r.textShown,
      granted_at: r.grantedAt,
      receipt: await eid.mintConsentReceipt({
        consentId: r.id,
        sub: r.sub,
        clientId: r.clientId,
        purpose: receipt.purpose ?? r.purpose,
        attributes: r.attributes,
        method: r.method,
        textShown: r.textShown,
        grantedAt: r.grantedAt,
      }),
    })),
  )
}

async function postTransfer(agent: Agent, amount: string): Promise<Response> {
  const form = await (await agent.fetch('/transfer')).text()
  return post(agent, '/transfer', { _csrf: csrfOf(form), recipient: '0123456789', amount })
}

describe('the bank against the msw e-ID', () => {
  it('opens an account at level 2 and stores the verified consent receipt', async () => {
    eid.signInAs(personas.level2Adult)
    const { agent, location } = await signInThroughApp(app, { loginPath: '/open-account' })
    expect(location).toBe('/open-account')
    const review = await agent.fetch('/open-account')
    const body = await review.text()
    expect(review.status).toBe(200)
    expect(text(body)).toContain('Nguyễn Văn An')
    expect(text(body)).toContain(EKYC_PURPOSE)

    const opened = await post(agent, '/open-account', { _csrf: csrfOf(body) })
    expect(opened.status).toBe(303)
    expect(opened.headers.get('location')).toBe('/account?opened=1')
    const [record] = eid.consentRecords()
    expect(record?.purpose).toBe(EKYC_PURPOSE)
    const [stored] = query<{ consent_id: string; status: string }>(
      'SELECT consent_id, status FROM consent_receipts',
    )
    expect(stored).toEqual({ consent_id: record?.id, status: 'active' })
    const account = await (await agent.fetch('/account?opened=1')).text()
    expect(text(account)).toContain('Chúc mừng! Tài khoản của bạn đã được mở.')
    expect(text(account)).toContain(record!.id)
  })

  it('confirms a large transfer after stepping a level-1 session up to level 2', async () => {
    eid.signInAs(personas.level2Adult, { level: 1 })
    const { agent } = await signInThroughApp(app, { loginPath: '/banking' })
    const banking = await agent.fetch('/banking')
    await banking.text()
    expect(banking.headers.get('location')).toBe('/account')
    const pending = await postTransfer(agent, '20000000')
    expect(pending.status).toBe(303)
    const confirmPath = pending.headers.get('location')!
    expect(confirmPath).toMatch(/^\/transfer\/[\w-]+\/confirm$/)
    expect(query('SELECT status FROM transfers')).toEqual([{ status: 'pending' }]) // nothing debited yet

    eid.signInAs(personas.level2Adult) // the citizen authenticates again, at level 2
    const back = await throughProvider(agent, confirmPath)
    expect(pushed.at(-1)?.get('acr_values')).toBe('2')
    expect(pushed.at(-1)?.get('prompt')).toBe('login')
    expect(back.headers.get('location')).toBe(confirmPath)
    const confirm = await (await agent.fetch(confirmPath)).text()
    expect(confirm).toContain('id="confirm-transfer"')
    const done = await post(agent, confirmPath, { _csrf: csrfOf(confirm) })
    expect(done.status).toBe(303)
    const receipt = text(await (await agent.fetch(done.headers.get('location')!)).text())
    expect(receipt).toContain('VNeID mức 2')
    expect(receipt).toContain('30.000.000 ₫')
  })

  it('sends a level-2 session to VNeID again (prompt=login, max_age) before a large transfer', async () => {
    eid.signInAs(personas.level2Adult)
    const { agent } = await signInThroughApp(app, { loginPath: '/banking' })
    await (await agent.fetch('/banking')).text()
    const pending = await postTransfer(agent, '12000000')
    const confirmPath = pending.headers.get('location')!
    expect(confirmPath).toMatch(/\/confirm$/)
    const before = pushed.length
    const start = await agent.fetch(confirmPath)
    await start.text()
    expect(start.status).toBe(302)
    expect(new URL(start.headers.get('location')!).origin).toBe(ISSUER)
    expect(pushed).toHaveLength(before + 1)
    const par = pushed.at(-1)!
    expect(par.get('prompt')).toBe('login')
    expect(Number(par.get('max_age'))).toBeGreaterThanOrEqual(0)
    expect(Number(par.get('max_age'))).toBeLessThan(5)
    expect(query('SELECT status FROM transfers')).toEqual([{ status: 'pending' }])

    const authorization = await fetch(start.headers.get('location')!, { redirect: 'manual' })
    await authorization.text()
    const callback = new URL(authorization.headers.get('location')!)
    await (await agent.fetch(`${callback.pathname}${callback.search}`)).text()
    const confirm = await (await agent.fetch(confirmPath)).text()
    expect(confirm).toContain('id="confirm-transfer"')
    const done = await post(agent, confirmPath, { _csrf: csrfOf(confirm) })
    expect(done.status).toBe(303)
    expect(query('SELECT level, status FROM transfers')).toEqual([{ level: 2, status: 'done' }])
    expect(query('SELECT balance FROM accounts')).toEqual([{ balance: 38_000_000 }])
  })

  it('explains data the citizen did not share, and asks again only for it', async () => {
    eid.signInAs(personas.level2Adult, { grant: ['identity', 'address', 'id_card'] })
    const { agent } = await signInThroughApp(app, { loginPath: '/open-account' })
    const review = await (await agent.fetch('/open-account')).text()
    expect(review).toContain('data-attribute="phone" data-why="missing"')
    expect(text(review)).toContain('bạn chưa chọn chia sẻ, hoặc VNeID không có dữ liệu này của bạn')
    expect(review).not.toContain('id="confirm-open"')
    const href = /id="share-again" href="([^"]+)"/.exec(review)?.[1]?.replaceAll('&amp;', '&')
    expect(href).toBe('/auth/login?level=2&attributes=phone&returnTo=%2Fopen-account')
    // The review page again, not a new trip to VNeID: the guard asked once.
    const again = await agent.fetch('/open-account')
    expect(again.status).toBe(200)
    await again.text()

    eid.signInAs(personas.level2Adult) // this time the citizen ticks the phone
    const back = await throughProvider(agent, href!)
    expect(back.headers.get('location')).toBe('/open-account')
    await back.text()
    expect(pushed.at(-1)?.get('purpose')).toBe(EKYC_PURPOSE)
    expect(pushed.at(-1)?.get('scope')?.split(' ')).toContain('phone')
    expect(pushed.at(-1)?.get('scope')?.split(' ')).not.toContain('address')
    const complete = await (await agent.fetch('/open-account')).text()
    expect(complete).toContain('id="confirm-open"')
    const opened = await post(agent, '/open-account', { _csrf: csrfOf(complete) })
    expect(opened.headers.get('location')).toBe('/account?opened=1')
    // Both eKYC consents (the first without the phone, the second with it) are kept.
    expect(
      query<{ consent_id: string }>('SELECT consent_id FROM consent_receipts ORDER BY consent_id'),
    ).toEqual(
      eid
        .consentRecords()
        .map((r) => ({ consent_id: r.id }))
        .sort((a, b) => a.consent_id.localeCompare(b.consent_id)),
    )
  })

  it('refuses a signed receipt that does not say what its record says, and stores nothing', async () => {
    eid.signInAs(personas.level2Adult)
    const { agent } = await signInThroughApp(app, { loginPath: '/open-account' })
    const body = await (await agent.fetch('/open-account')).text()
    // The record says eKYC; its receipt, genuinely signed by the provider, says another purpose.
    server.use(
      http.get(`${ISSUER}/consent-api/consents`, async () =>
        HttpResponse.json({ consents: await consentList({ purpose: 'Tiếp thị sản phẩm' }) }),
      ),
    )
    const refused = await post(agent, '/open-account', { _csrf: csrfOf(body) })
    expect(refused.status).toBe(502)
    const page = await refused.text()
    expect(page).toContain('id="receipt-problem"')
    expect(text(page)).toContain('không có dữ liệu nào được lưu')
    expect(query('SELECT * FROM accounts')).toEqual([])
    expect(query('SELECT * FROM customers')).toEqual([])
    expect(query('SELECT * FROM consent_receipts')).toEqual([])
  })

  it('stores nothing when the consent is withdrawn between fetching its receipt and storing it', async () => {
    eid.signInAs(personas.level2Adult)
    const { agent } = await signInThroughApp(app, { loginPath: '/open-account' })
    const body = await (await agent.fetch('/open-account')).text()
    const [record] = eid.consentRecords()
    server.use(
      http.get(`${ISSUER}/consent-api/consents`, async () => {
        const consents = await consentList()
        // The withdrawal reaches the bank while it is still reading the receipt.
        const event = await eid.mintConsentWithdrawnEvent({
          consentId: record!.id,
          sub: record!.sub,
          attributes: record!.attributes,
          clientId: 'demo-bank',
          purpose: record!.purpose,
        })
        const delivered = await agent.fetch('/auth/consent-events', {
          method: 'POST',
          headers: { 'content-type': 'application/secevent+jwt' },
          body: event,
        })
        expect(delivered.status).toBe(202)
        return HttpResponse.json({ consents })
      }),
    )
    const refused = await post(agent, '/open-account', { _csrf: csrfOf(body) })
    expect(refused.status).toBe(409)
    expect(await refused.text()).toContain('id="consent-missing"')
    expect(query('SELECT * FROM accounts')).toEqual([])
    expect(query('SELECT * FROM customers')).toEqual([])
    expect(query('SELECT * FROM consent_receipts')).toEqual([])
    expect(query('SELECT consent_id FROM withdrawn_consents')).toEqual([{ consent_id: record!.id }])
  })

  it('explains the refusal when a level-1 account cannot step up, and debits nothing', async () => {
    eid.signInAs(personas.level1Adult)
    const { agent } = await signInThroughApp(app, { loginPath: '/banking' })
    await (await agent.fetch('/banking')).text()
    const pending = await postTransfer(agent, '15000000')
    const refused = await throughProvider(agent, pending.headers.get('location')!)
    expect(refused.status).toBe(403)
    const body = await refused.text()
    expect(body).toContain('data-context="transfer"')
    expect(text(body)).toContain('cơ quan Công an')
    expect(query('SELECT status FROM transfers')).toEqual([{ status: 'cancelled' }])
    expect(query('SELECT balance FROM accounts')).toEqual([{ balance: 50_000_000 }])
  })

  it('stores nothing when the consent API fails while storing the receipt', async () => {
    eid.signInAs(personas.level2Adult)
    const { agent } = await signInThroughApp(app, { loginPath: '/open-account' })
    const body = await (await agent.fetch('/open-account')).text()
    eid.useScenario('server_error', { endpoint: 'consent_api', status: 503 })
    const failed = await post(agent, '/open-account', { _csrf: csrfOf(body) })
    expect(failed.status).toBe(503)
    expect(await failed.text()).toContain('data-problem="provider_down"')
    expect(query('SELECT * FROM accounts')).toEqual([])
    expect(query('SELECT * FROM consent_receipts')).toEqual([])
  })
})

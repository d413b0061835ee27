/**
 * The Hono flavour of the kit against the Express one: the same request gets the same page, the same
 * headers, the same language cookie and the same friendly error, so the pharmacy looks and behaves like
 * the other examples. The Express app runs on a loopback port; the Hono app is called through `fetch`.
 */
import { EidNetworkError, EidProviderError } from '@dinhdanh/client'
import express from 'express'
import { Hono } from 'hono'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as expressKit from './errors.js'
import * as hono from './hono.js'
import { html } from './html.js'
import { languageSwitch } from './i18n.js'
import { type Brand, renderPage, siteBasics } from './layout.js'

const brand: Brand = {
  name: { vi: 'Cửa hàng', en: 'Shop' },
  tagline: { vi: 'Khẩu hiệu', en: 'Tagline' },
  mark: 'CH',
  color: '#123456',
  nav: [{ href: '/', vi: 'Trang chủ', en: 'Home' }],
}
const PROVIDER = 'http://127.0.0.1:4000'
const PORTAL = `${PROVIDER}/account`
const title = { vi: 'Trang', en: 'Page' }
const silent = () => undefined

const honoApp = new Hono()
honoApp.use(hono.siteBasics({ providerOrigin: PROVIDER }), hono.languageSwitch())
honoApp.get('/page', (c) =>
  hono.renderPage(c, brand, { title, body: html`<p>${c.req.query('q') ?? ''}</p>` }),
)
honoApp.get('/down', () => {
  throw new EidNetworkError({ timeout: false, endpoint: 'par' })
})
honoApp.get('/refused', () => {
  throw new EidProviderError({ error: 'invalid_client', endpoint: 'token' })
})
honoApp.get('/bug', () => {
  throw new TypeError('boom')
})
honoApp.onError(
  hono.unexpectedErrors(brand, {
    explain: hono.friendlySignInErrors(brand, { portalUrl: PORTAL }),
    log: silent,
  }),
)

let origin = ''
let close: () => Promise<void>

beforeAll(async () => {
  const app = express()
  app.use(siteBasics({ providerOrigin: PROVIDER }), languageSwitch())
  app.get('/page', (req, res) => {
    res
      .type('html')
      .send(renderPage(req, res, brand, { title, body: html`<p>${String(req.query.q ?? '')}</p>` }))
  })
  app.get('/down', () => {
    throw new EidNetworkError({ timeout: false, endpoint: 'par' })
  })
  app.get('/refused', () => {
    throw new EidProviderError({ error: 'invalid_client', endpoint: 'token' })
  })
  app.get('/bug', () => {
    throw new TypeError('boom')
  })
  app.use(
    expressKit.unexpectedErrors(brand, {
      explain: expressKit.friendlySignInErrors(brand, { portalUrl: PORTAL }),
      log: silent,
    }),
  )
  const server = app.listen(0, '127.0.0.1')
  await new Promise((resolve) => server.once('listening', resolve))
  origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`
  close = () => new Promise((resolve) => server.close(() => resolve()))
})
afterAll(() => close())

/** The same request to both apps. */
async function both(path: string, headers: Record<string, string> = {}) {
  const [viaExpress, viaHono] = await Promise.all([
    fetch(`${origin}${path}`, { headers }),
    honoApp.fetch(new Request(`http://pharmacy.test${path}`, { headers })),
  ])
  return {
    express: { response: viaExpress, body: await viaExpress.text() },
    hono: { response: viaHono, body: await viaHono.text() },
  }
}

const SECURITY_HEADERS = [
  'content-security-policy',
  'x-content-type-options',
  'referrer-policy',
  'x-frame-options',
  'cache-control',
]

describe('the Hono flavour of the shared kit', () => {
  it('renders the same page with the same security headers, escaping what the request brings', async () => {
    const { express, hono } = await both('/page?q=%3Cscript%3E')
    expect(hono.response.status).toBe(200)
    expect(hono.body).toBe(express.body)
    expect(hono.body).toContain('<p>&lt;script&gt;</p>')
    for (const name of SECURITY_HEADERS)
      expect(hono.response.headers.get(name), name).toBe(express.response.headers.get(name))
  })

  it('switches the language the same way: ?lang=en, remembered in the same cookie', async () => {
    const { express, hono } = await both('/page?lang=en')
    expect(hono.body).toBe(express.body)
    expect(hono.body).toContain('<html lang="en">')
    const cookie = (response: Response) =>
      response.headers
        .getSetCookie()[0]
        ?.split(';')
        .map((part) => part.trim().toLowerCase())
        // Express adds Expires beside Max-Age (which wins in every browser); Hono sends Max-Age alone.
        .filter((part) => !part.startsWith('expires='))
        .sort()
    expect(cookie(hono.response)).toEqual(cookie(express.response))
    const later = await both('/page', { cookie: 'lang=en' })
    expect(later.hono.body).toBe(later.express.body)
    expect(later.hono.body).toContain('<html lang="en">')
  })

  it('serves the same stylesheet', async () => {
    const { express, hono } = await both('/assets/site.css')
    expect(hono.body).toBe(express.body)
    expect(hono.response.headers.get('content-type')).toContain('text/css')
  })

  it('explains VNeID being down with the same friendly page, and other SDK errors with the adapter page', async () => {
    const down = await both('/down')
    expect(down.hono.response.status).toBe(503)
    expect(down.hono.body).toBe(down.express.body)
    expect(down.hono.body).toContain('data-problem="provider_down"')
    const refused = await both('/refused')
    expect(refused.hono.response.status).toBe(refused.express.response.status)
    expect(refused.hono.body).toContain('ERR_EID_PROVIDER')
  })

  it('answers anything else with the branded 500 page, never the error', async () => {
    const { express, hono } = await both('/bug')
    expect(hono.response.status).toBe(500)
    expect(hono.body).toBe(express.body)
    expect(hono.body).toContain('id="server-error"')
    expect(hono.body).not.toContain('boom')
  })
})

import { EidNetworkError, EidProviderError } from '@dinhdanh/client'
import express from 'express'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { friendlySignInErrors, unexpectedErrors } from './errors.js'
import { languageSwitch } from './i18n.js'
import type { Brand } from './layout.js'

const brand: Brand = {
  name: { vi: 'Cửa hàng', en: 'Shop' },
  tagline: { vi: '', en: '' },
  mark: 'CH',
  color: '#123456',
  nav: [],
}
const logs: string[] = []
let origin = ''
let close: () => Promise<void>

beforeAll(async () => {
  const app = express()
  app.use(languageSwitch())
  app.get('/down', () => {
    throw new EidNetworkError({ timeout: false, endpoint: 'par' })
  })
  app.get('/refused', () => {
    throw new EidProviderError({ error: 'invalid_client', endpoint: 'token' })
  })
  app.get('/bug', () => {
    throw new TypeError('secret 001090001234 in a message')
  })
  app.use(
    unexpectedErrors(brand, {
      explain: friendlySignInErrors(brand, { portalUrl: 'http://127.0.0.1:4000/account' }),
      message: { vi: 'Cửa hàng gặp sự cố.', en: 'The shop hit a problem.' },
      log: (line) => logs.push(line),
    }),
  )
  const server = app.listen(0, '127.0.0.1')
  await new Promise((resolve) => server.once('listening', resolve))
  origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`
  close = () => new Promise((resolve) => server.close(() => resolve()))
})
afterAll(() => close())

describe('unexpectedErrors', () => {
  it('explains an SDK error the app has words for (the provider down)', async () => {
    const response = await fetch(`${origin}/down`)
    expect(response.status).toBe(503)
    expect(await response.text()).toContain('data-problem="provider_down"')
  })

  it("shows any other SDK error on the adapter's page with its stable code and status", async () => {
    const response = await fetch(`${origin}/refused`)
    expect(response.status).toBe(502)
    expect(await response.text()).toContain('<code>ERR_EID_PROVIDER</code>')
  })

  it('answers anything else with the friendly 500 page, no stack, and logs only the error name', async () => {
    const response = await fetch(`${origin}/bug?lang=en`)
    const body = await response.text()
    expect(response.status).toBe(500)
    expect(body).toContain('id="server-error"')
    expect(body).toContain('The shop hit a problem.')
    expect(body).not.toContain('TypeError')
    expect(body).not.toContain('001090001234')
    expect(logs).toContain('Shop: unexpected TypeError')
    expect(logs.join('\n')).not.toContain('001090001234')
  })
})

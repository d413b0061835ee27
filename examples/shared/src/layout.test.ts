import { request } from 'node:http'
import express from 'express'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { html } from './html.js'
import { languageSwitch } from './i18n.js'
import { type Brand, faviconHref, renderPage, siteBasics } from './layout.js'

const brand: Brand = {
  name: { vi: 'Cửa hàng', en: 'Shop' },
  tagline: { vi: 'Khẩu hiệu', en: 'Tagline' },
  mark: 'CH',
  color: '#123456',
  nav: [],
}
let origin = ''
let close: () => Promise<void>

beforeAll(async () => {
  const app = express()
  app.use(siteBasics({ providerOrigin: 'http://127.0.0.1:4000' }))
  app.use(languageSwitch())
  app.use((req, res) => {
    res.type('html').send(
      renderPage(req, res, brand, {
        title: { vi: 'Trang', en: 'Page' },
        body: html`<p id="echo">${String(req.query.q ?? '')}</p>`,
      }),
    )
  })
  const server = app.listen(0, '127.0.0.1')
  await new Promise((resolve) => server.once('listening', resolve))
  origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`
  close = () => new Promise((resolve) => server.close(() => resolve()))
})
afterAll(() => close())

describe('the pages of the examples', () => {
  it('send the security headers, and are never cached (they carry personal data)', async () => {
    const response = await fetch(`${origin}/account`)
    expect(response.headers.get('cache-control')).toBe('no-store')
    expect(response.headers.get('content-security-policy')).toContain("script-src 'none'")
    expect(response.headers.get('referrer-policy')).toBe('same-origin')
    expect(response.headers.get('x-content-type-options')).toBe('nosniff')
  })

  it('escape what a request puts in the page', async () => {
    const body = await (
      await fetch(`${origin}/?q=${encodeURIComponent('<script>alert(1)</script>"')}`)
    ).text()
    expect(body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&quot;')
    expect(body).not.toContain('<script>')
  })

  it('link the language switch to this path, never to a protocol-relative URL', async () => {
    // A raw request-target that a URL parser turns into the path `//evil.example/x` (browsers never send
    // it, a script can): the link must not become `//evil.example/x?lang=en`.
    const body = await new Promise<string>((resolve, reject) => {
      const { port } = new URL(origin)
      request({ host: '127.0.0.1', port, path: '/.//evil.example/x?y=1' }, (response) => {
        let text = ''
        response.on('data', (chunk) => {
          text += chunk
        })
        response.on('end', () => resolve(text))
      })
        .on('error', reject)
        .end()
    })
    const href = /class="lang" href="([^"]+)"/.exec(body)?.[1] ?? ''
    expect(href).toBe('/evil.example/x?y=1&amp;lang=en')
  })

  it('remember the language chosen with ?lang=en', async () => {
    const first = await fetch(`${origin}/?lang=en`)
    const cookie = first.headers.get('set-cookie')?.split(';')[0] ?? ''
    expect(cookie).toBe('lang=en')
    const later = await (await fetch(`${origin}/`, { headers: { cookie } })).text()
    expect(later).toContain('<html lang="en">')
  })

  it('carry their icon as a data: URI in the brand colour, so no page asks for /favicon.ico (#15)', async () => {
    const page = await (await fetch(`${origin}/`)).text()
    const href = /<link rel="icon" href="(data:image\/svg\+xml,[^"]+)">/.exec(page)?.[1] ?? ''
    expect(href).not.toBe('')
    const svg = decodeURIComponent(href.slice('data:image/svg+xml,'.length))
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/)
    expect(svg).toContain('fill="#123456"')
  })

  it('never put a colour that is not a colour into the icon', () => {
    expect(decodeURIComponent(faviconHref('red"/><script>'))).toContain('fill="#555"')
  })
})

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Browser } from './browser.js'
import { CookieJar } from './cookie-jar.js'
import { confirmProviderLogout, followToRedirectUri, throughProvider } from './provider.js'

/** What the server saw of each request. */
interface Seen {
  method: string
  path: string
  headers: IncomingMessage['headers']
  body: string
}

const seen: Seen[] = []
let server: Server
let origin: string

const html = (res: ServerResponse, body: string, headers: Record<string, string | string[]> = {}) => {
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...headers })
  res.end(body)
}
const redirect = (res: ServerResponse, location: string, setCookie: string[] = [], status = 302) => {
  res.writeHead(status, { location, 'set-cookie': setCookie })
  res.end()
}

/** A tiny app and provider in one: each route is one thing a browser must do right. */
function route(req: IncomingMessage, res: ServerResponse, body: string) {
  const url = new URL(req.url ?? '/', 'http://x')
  const cookie = req.headers.cookie ?? ''
  switch (url.pathname) {
    case '/login':
      return redirect(res, '/authorize?state=s', ['tx=abc; Path=/callback; HttpOnly; SameSite=Lax'])
    case '/authorize':
      return redirect(res, `${origin}/callback?code=c&state=s`)
    case '/callback':
      return cookie.includes('tx=abc')
        ? redirect(res, '/me', ['tx=; Max-Age=0; Path=/callback', 'session=s1; Path=/; HttpOnly'], 303)
        : html(res, 'no transaction cookie', {})
    case '/me':
      return html(res, `<h1>Hello &amp; welcome</h1><p>${cookie}</p>`)
    case '/loop':
      return redirect(res, '/loop')
    case '/form':
      return html(
        res,
        `<form method="post" action="/submit"><input type="hidden" name="csrf" value="k1"><input type="hidden" name="lang" value="vi"></form>`,
      )
    case '/submit':
    case '/echo':
      return html(
        res,
        JSON.stringify({ body, origin: req.headers.origin, site: req.headers['sec-fetch-site'] }),
      )
    case '/consent-screen':
      return html(
        res,
        `<form method="post" action="/interaction/u1/consent"><input type="hidden" name="csrf" value="c1"><input type="hidden" name="lang" value="en"><input type="checkbox" name="attributes" value="identity"><input type="checkbox" name="attributes" value="phone"></form>`,
      )
    case '/interaction/u1/consent':
      return redirect(res, '/auto', [], 303)
    case '/auto':
      return html(
        res,
        `<form method="post" action="/auto-done"><input type="hidden" name="xsrf" value="x1"/></form><script>document.forms[0].submit()</script>`,
      )
    case '/auto-done':
      return redirect(res, `/result?${new URLSearchParams(body)}`, [], 303)
    case '/result':
      return html(res, `done ${url.search}`)
    case '/logout-question':
      return html(
        res,
        `<form id="op.logoutForm" method="post" action="/session/end/confirm"><input type="hidden" name="xsrf" value="q9"/></form>`,
      )
    case '/session/end/confirm':
      return redirect(res, `/result?${new URLSearchParams(body)}`, [], 303)
    default:
      res.writeHead(404)
      res.end('not found')
  }
}

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = ''
    req.on('data', (chunk: Buffer) => {
      body += chunk.toString()
    })
    req.on('end', () => {
      seen.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body })
      route(req, res, body)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(async () => {
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
})

describe('Browser', () => {
  it('follows redirects with its cookies, records the chain, and keeps what the server cleared cleared', async () => {
    const browser = new Browser()
    const page = await browser.follow(`${origin}/login`)
    expect(page.status).toBe(200)
    expect(page.trail.map((url) => url.pathname)).toEqual(['/login', '/authorize', '/callback', '/me'])
    expect(page.text).toBe('Hello & welcome session=s1')
    expect(browser.cookieNames(origin)).toEqual(['session'])
    expect(browser.cookies(`${origin}/me`)[0]).toMatchObject({ name: 'session', httpOnly: true })
  })

  it('does not follow by itself, and stops at a redirect that stopAt matches without requesting it', async () => {
    const browser = new Browser()
    const login = await browser.get(`${origin}/login`)
    expect(login.status).toBe(302)
    expect(login.location?.href).toBe(`${origin}/authorize?state=s`)
    const before = seen.length
    const stopped = await browser.follow(login, { stopAt: `${origin}/callback` })
    expect(stopped.location?.pathname).toBe('/callback')
    expect(seen.slice(before).map((request) => request.path)).toEqual(['/authorize?state=s'])
    const byPredicate = await browser.follow(`${origin}/login`, {
      stopAt: (url) => url.pathname === '/authorize',
    })
    expect(byPredicate.url.pathname).toBe('/login')
  })

  it('gives up after maxRedirects', async () => {
    await expect(new Browser({ maxRedirects: 3 }).follow(`${origin}/loop`)).rejects.toThrow(
      /too many redirects \(over 3\)/,
    )
  })

  it('posts forms as a same-origin browser does unless told otherwise, and submits a form with its hidden fields', async () => {
    const browser = new Browser()
    const same = (await browser.post(`${origin}/echo`, { a: '1', list: ['x', 'y'] })).json()
    expect(same).toEqual({ body: 'a=1&list=x&list=y', origin, site: 'same-origin' })
    const cross = (
      await browser.post(
        `${origin}/echo`,
        { a: '1' },
        { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
      )
    ).json()
    expect(cross).toMatchObject({ origin: 'https://evil.example', site: 'cross-site' })
    const submitted = await browser.submit(await browser.get(`${origin}/form`), '/submit', {
      lang: 'en',
      decision: 'allow',
    })
    expect(submitted.json()).toMatchObject({
      body: 'csrf=k1&lang=en&decision=allow',
      origin,
      site: 'same-origin',
    })
  })

  it('maps a public origin to a loopback address, keeping cookies and Origin on the public one', async () => {
    const browser = new Browser({ hosts: { 'https://bank.example': origin } })
    const page = await browser.follow('https://bank.example/login', {
      stopAt: (url) => url.pathname === '/callback',
    })
    expect(page.url.href).toBe('https://bank.example/authorize?state=s')
    expect(browser.cookieHeader('https://bank.example/callback')).toBe('tx=abc')
    expect(browser.cookieHeader(`${origin}/callback`)).toBeUndefined()
    const echo = (await browser.post('https://bank.example/echo', {})).json()
    expect(echo).toMatchObject({ origin: 'https://bank.example' })
    const second = browser.withHost('https://bank.example', 'http://127.0.0.1:9')
    expect(second.cookieHeader('https://bank.example/callback')).toBe('tx=abc')
  })

  it('sends through `send` when given, and through globalThis.fetch as it is at request time otherwise', async () => {
    const sent: string[] = []
    const viaSend = new Browser({
      send: (url, init) => {
        sent.push(url.pathname)
        return fetch(url, init)
      },
    })
    await viaSend.get(`${origin}/me`)
    expect(sent).toEqual(['/me'])
    const browser = new Browser()
    const real = globalThis.fetch
    globalThis.fetch = ((input: string | URL | Request, init?: RequestInit) => {
      sent.push('patched')
      return real(input, init)
    }) as typeof fetch
    try {
      await browser.get(`${origin}/me`)
    } finally {
      globalThis.fetch = real
    }
    expect(sent).toEqual(['/me', 'patched'])
  })

  it('refuses a non-loopback address when loopbackOnly', async () => {
    await expect(new Browser({ loopbackOnly: true }).get('https://example.com/')).rejects.toThrow(
      /refuses to leave loopback/,
    )
  })
})

describe('journeys', () => {
  it('followToRedirectUri returns the callback URL unrequested and keeps the cookies in the jar', async () => {
    const jar = new CookieJar()
    const before = seen.length
    const callback = await followToRedirectUri(`${origin}/login`, `${origin}/callback`, jar)
    expect(callback).toBe(`${origin}/callback?code=c&state=s`)
    expect(seen.slice(before).some((request) => request.path.startsWith('/callback'))).toBe(false)
    expect(jar.header(new URL(callback))).toBe('tx=abc')
  })

  it('followToRedirectUri throws with the status and body of a page that is not a redirect', async () => {
    await expect(followToRedirectUri(`${origin}/me`, `${origin}/callback`)).rejects.toThrow(
      /expected a redirect from \/me, got HTTP 200: <h1>Hello/,
    )
  })

  it('throughProvider allows every attribute on the consent screen and posts a self-submitting form', async () => {
    const { page, trail, consentShown } = await throughProvider(new Browser(), `${origin}/consent-screen`)
    expect(consentShown).toEqual(['identity', 'phone'])
    const consent = seen.findLast((request) => request.path === '/interaction/u1/consent')
    expect(new URLSearchParams(consent?.body)).toEqual(
      new URLSearchParams('csrf=c1&lang=en&decision=allow&attributes=identity&attributes=phone'),
    )
    expect(page.text).toBe('done ?xsrf=x1')
    expect(trail.map((url) => url.pathname)).toEqual([
      '/consent-screen',
      '/interaction/u1/consent',
      '/auto',
      '/auto-done',
      '/result',
    ])
  })

  it('confirmProviderLogout posts the logout form with its xsrf and follows on', async () => {
    const browser = new Browser()
    const page = await confirmProviderLogout(browser, await browser.get(`${origin}/logout-question`))
    expect(page.text).toBe('done ?xsrf=q9&logout=yes')
    await expect(confirmProviderLogout(browser, await browser.get(`${origin}/me`))).rejects.toThrow(
      /no logout form/,
    )
  })
})

import { describe, expect, it } from 'vitest'
import { CookieJar, MAX_COOKIE_BYTES, parseSetCookie } from './cookie-jar.js'

const NOW = Date.parse('2026-07-01T00:00:00Z')
const at = (href: string) => new URL(href)

describe('parseSetCookie', () => {
  it('reads the pair and every attribute (lower-cased for assertions, typed for the jar)', () => {
    const cookie = parseSetCookie(
      'eid_tx.ab=v=1; Max-Age=600; Path=/auth/callback; Domain=.Example.test; HttpOnly; Secure; SameSite=Lax',
    )
    expect(cookie).toMatchObject({
      name: 'eid_tx.ab',
      value: 'v=1',
      path: '/auth/callback',
      domain: 'example.test',
      maxAge: 600,
      secure: true,
      httpOnly: true,
      sameSite: 'Lax',
    })
    expect(cookie.attributes).toEqual(
      new Set([
        'max-age=600',
        'path=/auth/callback',
        'domain=.example.test',
        'httponly',
        'secure',
        'samesite=lax',
      ]),
    )
  })

  it('refuses a header without a name, and ignores a Path that does not start with /', () => {
    expect(parseSetCookie('=value; Path=/').name).toBe('')
    expect(parseSetCookie('no-equals-sign').name).toBe('')
    const jar = new CookieJar()
    jar.store(at('http://127.0.0.1:3000/'), ['=value; Path=/', 'no-equals-sign'])
    expect(jar.names('http://127.0.0.1:3000')).toEqual([])
    expect(parseSetCookie('a=1; Path=relative')?.path).toBeUndefined()
  })
})

describe('CookieJar', () => {
  it('defaults the path to the directory of the setting URL and matches paths on / boundaries', () => {
    const jar = new CookieJar()
    jar.store(at('http://127.0.0.1:3000/auth/login'), ['tx=1', 'root=2; Path=/'])
    expect(jar.header(at('http://127.0.0.1:3000/auth/callback'))).toBe('tx=1; root=2')
    expect(jar.header(at('http://127.0.0.1:3000/authx'))).toBe('root=2')
    expect(jar.header(at('http://127.0.0.1:3000/'))).toBe('root=2')
  })

  it('sends longer paths first, and replaces a cookie of the same name and path', () => {
    const jar = new CookieJar()
    const url = at('http://127.0.0.1:3000/')
    jar.store(url, ['a=1; Path=/', 'a=2; Path=/auth/callback', 'a=3; Path=/'])
    expect(jar.header(at('http://127.0.0.1:3000/auth/callback'))).toBe('a=2; a=3')
  })

  it('keeps cookies per origin: another port or scheme gets none', () => {
    const jar = new CookieJar()
    jar.store(at('http://127.0.0.1:3000/'), ['s=1; Path=/'])
    expect(jar.header(at('http://127.0.0.1:3001/'))).toBeUndefined()
    expect(jar.header(at('https://127.0.0.1:3000/'))).toBeUndefined()
    expect(jar.header(at('http://localhost:3000/'))).toBeUndefined()
  })

  it("with scope 'host', ignores scheme and port as browsers do (Secure still only over https)", () => {
    const jar = new CookieJar({ scope: 'host' })
    jar.store(at('http://127.0.0.1:3000/'), ['s=1; Path=/'])
    jar.store(at('https://127.0.0.1:3443/'), ['t=2; Path=/; Secure'])
    expect(jar.header(at('http://127.0.0.1:3001/'))).toBe('s=1')
    expect(jar.header(at('https://127.0.0.1:3002/'))).toBe('s=1; t=2')
    expect(jar.header(at('http://localhost:3000/'))).toBeUndefined()
    expect(jar.clone().header(at('http://127.0.0.1:9/'))).toBe('s=1')
  })

  it('widens a Domain cookie to that domain and refuses a Domain the host is not in', () => {
    const jar = new CookieJar()
    jar.store(at('https://login.example.test/'), [
      'wide=1; Domain=example.test; Path=/',
      'other=1; Domain=evil.test',
    ])
    expect(jar.header(at('https://shop.example.test/'))).toBe('wide=1')
    expect(jar.header(at('https://example.test/'))).toBe('wide=1')
    expect(jar.header(at('https://notexample.test/'))).toBeUndefined()
    expect(jar.names('https://evil.test')).toEqual([])
  })

  it('refuses a Secure cookie from http and sends Secure ones only over https', () => {
    const jar = new CookieJar()
    jar.store(at('http://127.0.0.1:3000/'), ['s=1; Secure; Path=/'])
    expect(jar.names('http://127.0.0.1:3000')).toEqual([])
    jar.store(at('https://bank.example/'), ['s=1; Secure; Path=/'])
    expect(jar.header(at('https://bank.example/me'))).toBe('s=1')
  })

  it('with loopbackIsSecure, keeps and sends Secure cookies over http on loopback only, as Chrome does', () => {
    const jar = new CookieJar({ scope: 'host', loopbackIsSecure: true })
    for (const origin of ['http://127.0.0.1:3000', 'http://localhost:3000', 'http://[::1]:3000'])
      jar.store(at(`${origin}/`), ['s=1; Secure; Path=/'])
    expect(jar.header(at('http://127.0.0.1:4000/'))).toBe('s=1')
    expect(jar.header(at('http://localhost:4000/'))).toBe('s=1')
    expect(jar.header(at('http://[::1]:4000/'))).toBe('s=1')
    jar.store(at('http://bank.example/'), ['s=1; Secure; Path=/'])
    expect(jar.names('http://bank.example')).toEqual([])
    expect(jar.clone().header(at('http://127.0.0.1:9/'))).toBe('s=1')
  })

  it('expires by Max-Age (which wins over Expires) or Expires, and deletes on an empty value or a past date', () => {
    const jar = new CookieJar()
    const url = at('http://127.0.0.1:3000/')
    jar.store(
      url,
      [
        'short=1; Max-Age=60; Expires=Wed, 01 Jan 2036 00:00:00 GMT',
        'long=1; Expires=Wed, 01 Jan 2036 00:00:00 GMT',
      ],
      NOW,
    )
    expect(jar.cookies(url, NOW + 59_000).map((c) => c.name)).toEqual(['short', 'long'])
    expect(jar.cookies(url, NOW + 61_000).map((c) => c.name)).toEqual(['long'])
    jar.store(url, ['long=1; Max-Age=0'], NOW)
    expect(jar.cookies(url, NOW).map((c) => c.name)).toEqual(['short'])
    jar.store(url, ['short=; Path=/'], NOW)
    expect(jar.cookies(url, NOW)).toEqual([])
  })

  it('refuses a cookie over 4096 bytes, as browsers do (why sessions are chunked)', () => {
    const jar = new CookieJar()
    const url = at('http://127.0.0.1:3000/')
    jar.store(url, [
      `big=${'x'.repeat(MAX_COOKIE_BYTES)}; Path=/`,
      `fits=${'x'.repeat(MAX_COOKIE_BYTES - 4)}; Path=/`,
    ])
    expect(jar.names(url)).toEqual(['fits'])
  })

  it('keeps HttpOnly and SameSite for assertions, and sends a SameSite=Strict cookie anyway', () => {
    const jar = new CookieJar()
    const url = at('http://127.0.0.1:3000/')
    jar.store(url, ['s=1; Path=/; HttpOnly; SameSite=Strict'])
    expect(jar.cookies(url)[0]).toMatchObject({ httpOnly: true, sameSite: 'Strict', hostOnly: true })
    expect(jar.get(url, 's')).toBe('1')
  })

  it('plants, clears an origin, and clones into an independent jar', () => {
    const jar = new CookieJar()
    jar.plant('http://127.0.0.1:3000', 'a', '1')
    jar.plant('http://127.0.0.1:4000', 'b', '2')
    const copy = jar.clone()
    jar.clear('http://127.0.0.1:3000')
    expect(jar.names('http://127.0.0.1:3000')).toEqual([])
    expect(jar.names('http://127.0.0.1:4000')).toEqual(['b'])
    expect(copy.header('http://127.0.0.1:3000/x')).toBe('a=1')
    jar.clear()
    expect(jar.names('http://127.0.0.1:4000')).toEqual([])
  })
})

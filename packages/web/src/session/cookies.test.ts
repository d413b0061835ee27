import { randomBytes } from 'node:crypto'
import { CookieJar } from '@dinhdanh/testing/browser'
import { describe, expect, it, vi } from 'vitest'
import { type CookieSink, collectCookies } from '../cookie-sink.js'
import {
  CHUNK_SIZE,
  type CookieOptions,
  clearChunkedCookie,
  MAX_COOKIES,
  parseCookies,
  readChunkedCookie,
  serializeCookie,
  writeChunkedCookie,
} from './cookies.js'

const options: CookieOptions = { httpOnly: true, sameSite: 'lax', secure: true, path: '/' }
const base64url = (length: number) => randomBytes(length).toString('base64url').slice(0, length)

/** Runs `handle` with a collecting sink and returns the Set-Cookie headers it produced. */
async function setCookies(
  cookieHeader: string | undefined,
  handle: (res: CookieSink, cookies: Map<string, string>) => void,
): Promise<string[]> {
  const sink = collectCookies()
  handle(sink, parseCookies(cookieHeader))
  return [...sink.pending()]
}

const SITE = new URL('https://app.example/')

/**
 * What a browser sends back after applying the Set-Cookie headers to the cookies it had: the one test
 * browser's jar (`@dinhdanh/testing/browser`), so Max-Age=0, paths and the 4096-byte limit apply as in
 * every other test.
 */
function browserAfter(previous: Map<string, string>, headers: string[]): Map<string, string> {
  const jar = new CookieJar()
  for (const [name, value] of previous) jar.plant(SITE, name, value)
  jar.store(SITE, headers)
  return parseCookies(jar.header(SITE))
}

const namesOf = (headers: string[]) => headers.map((header) => header.slice(0, header.indexOf('=')))

describe('parseCookies', () => {
  it('parses name=value pairs, trimming whitespace', () => {
    expect([...parseCookies('a=1; b=2;c=3 ;  d = 4 ')]).toEqual([
      ['a', '1'],
      ['b', '2'],
      ['c', '3'],
      ['d', '4'],
    ])
  })

  it('returns an empty map for no header', () => {
    expect(parseCookies(undefined).size).toBe(0)
    expect(parseCookies('').size).toBe(0)
    expect(parseCookies(';;; ').size).toBe(0)
  })

  it('keeps the first value of a repeated name', () => {
    expect(parseCookies('a=first; a=second').get('a')).toBe('first')
  })

  it('skips pairs without = or with a name that is not a token', () => {
    expect([...parseCookies('flag; a b=1; =2; (c)=3; d=4; ü=5')]).toEqual([['d', '4']])
  })

  it('keeps = inside values, empty values, and strips one pair of surrounding quotes', () => {
    const cookies = parseCookies('a=b=c; e=; q="quoted"; h="; j=""')
    expect(cookies.get('a')).toBe('b=c')
    expect(cookies.get('e')).toBe('')
    expect(cookies.get('q')).toBe('quoted')
    expect(cookies.get('h')).toBe('"')
    expect(cookies.get('j')).toBe('')
  })

  it('never percent-decodes (no surprises, no throwing on bad escapes)', () => {
    const cookies = parseCookies('a=%E1%BB%AB; b=%zz; c=%')
    expect(cookies.get('a')).toBe('%E1%BB%AB')
    expect(cookies.get('b')).toBe('%zz')
    expect(cookies.get('c')).toBe('%')
  })

  it('is safe with names like __proto__ and constructor', () => {
    const cookies = parseCookies('__proto__=x; constructor=y; toString=z')
    expect(cookies.get('__proto__')).toBe('x')
    expect(cookies.get('constructor')).toBe('y')
    expect(({} as Record<string, unknown>).x).toBeUndefined()
  })

  it('ignores a cookie over 8 KB and keeps the others', () => {
    const cookies = parseCookies(`big=${'x'.repeat(8_200)}; small=1; fits=${'y'.repeat(8_000)}`)
    expect(cookies.has('big')).toBe(false)
    expect(cookies.get('small')).toBe('1')
    expect(cookies.get('fits')).toHaveLength(8_000)
  })

  it(`keeps at most ${MAX_COOKIES} cookies`, () => {
    const header = Array.from({ length: 150 }, (_, index) => `c${index}=${index}`).join('; ')
    const cookies = parseCookies(header)
    expect(cookies.size).toBe(MAX_COOKIES)
    expect(cookies.has('c99')).toBe(true)
    expect(cookies.has('c100')).toBe(false)
  })
})

describe('serializeCookie', () => {
  it('writes every attribute', () => {
    const expires = new Date('2030-01-02T03:04:05Z')
    expect(serializeCookie('eid_session', 'abc.def', { ...options, maxAgeSec: 600.9, expires })).toBe(
      'eid_session=abc.def; Max-Age=600; Expires=Wed, 02 Jan 2030 03:04:05 GMT; Path=/; HttpOnly; Secure; SameSite=Lax',
    )
    expect(
      serializeCookie('tx', '', {
        httpOnly: false,
        sameSite: 'strict',
        secure: false,
        path: '/auth/callback',
        domain: 'example.vn',
        maxAgeSec: 0,
      }),
    ).toBe('tx=; Max-Age=0; Domain=example.vn; Path=/auth/callback; SameSite=Strict')
    expect(serializeCookie('n', 'v', { ...options, sameSite: 'none' })).toMatch(/; Secure; SameSite=None$/)
  })

  it('refuses invalid names, values and attributes without echoing the value', () => {
    const secretish = 'Nguyễn Văn A; admin=1'
    const attempts: [string, string, CookieOptions][] = [
      ['bad name', 'v', options],
      ['n', secretish, options],
      ['n', 'has space', options],
      ['n', 'a,b', options],
      ['n', 'a\\b', options],
      ['n', 'v', { ...options, path: '/a;Domain=evil.example' }],
      ['n', 'v', { ...options, path: 'relative' }],
      ['n', 'v', { ...options, domain: 'a\r\nb' }],
      ['n', 'v', { ...options, sameSite: 'none', secure: false }],
      ['__Secure-n', 'v', { ...options, secure: false }],
      ['__Host-n', 'v', { ...options, path: '/app' }],
      ['__Host-n', 'v', { ...options, domain: 'example.vn' }],
      ['n', 'v', { ...options, maxAgeSec: Number.NaN }],
      ['n', 'v', { ...options, expires: new Date(Number.NaN) }],
    ]
    for (const [name, value, attempt] of attempts) {
      let error: unknown
      try {
        serializeCookie(name, value, attempt)
      } catch (caught) {
        error = caught
      }
      expect(error, `${name} ${JSON.stringify(attempt)}`).toBeInstanceOf(TypeError)
      expect((error as Error).message).not.toContain('Nguyễn')
    }
  })
})

describe('chunked cookies', () => {
  it('writes a small value as one cookie and clears chunks the browser still has', async () => {
    const headers = await setCookies('sess.0=old; sess.1=old; other=keep', (res, cookies) =>
      writeChunkedCookie(res, 'sess', 'small-value', { ...options, maxAgeSec: 60 }, cookies),
    )
    expect(headers).toEqual([
      'sess.0=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/; HttpOnly; Secure; SameSite=Lax',
      'sess.1=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/; HttpOnly; Secure; SameSite=Lax',
      'sess=small-value; Max-Age=60; Path=/; HttpOnly; Secure; SameSite=Lax',
    ])
  })

  it('splits a 10 KB value into chunks, logs one warning without the value, and reads it back', async () => {
    const value = base64url(10 * 1024)
    const log = vi.fn()
    const before = parseCookies('sess=stale-unchunked; sess.7=planted; other=keep')
    const headers = await setCookies('sess=stale-unchunked; sess.7=planted; other=keep', (res, cookies) =>
      writeChunkedCookie(res, 'sess', value, options, cookies, log),
    )
    expect(namesOf(headers).sort()).toEqual(['sess', 'sess.0', 'sess.1', 'sess.2', 'sess.7'])
    for (const header of headers) {
      expect(header).toMatch(/; HttpOnly; Secure; SameSite=Lax$/)
      expect(Buffer.byteLength(header)).toBeLessThan(4_000)
    }
    expect(log).toHaveBeenCalledTimes(1)
    const message = String(log.mock.calls[0]?.[0])
    expect(message).toMatch(/"sess".*10240 bytes.*3 cookies/)
    expect(message).not.toContain(value.slice(0, 16))
    expect(message).not.toContain(value.slice(CHUNK_SIZE, CHUNK_SIZE + 16))

    const after = browserAfter(before, headers)
    expect(after.get('other')).toBe('keep')
    expect(after.has('sess')).toBe(false)
    expect(after.has('sess.7')).toBe(false)
    expect(readChunkedCookie(after, 'sess')).toBe(value)
  })

  it('clears the chunks a shorter value no longer needs', async () => {
    const before = parseCookies(
      Array.from({ length: 4 }, (_, index) => `sess.${index}=${base64url(CHUNK_SIZE)}`).join('; '),
    )
    const value = base64url(CHUNK_SIZE + 10)
    const headers = await setCookies(
      [...before].map(([name, v]) => `${name}=${v}`).join('; '),
      (res, cookies) => writeChunkedCookie(res, 'sess', value, options, cookies),
    )
    const after = browserAfter(before, headers)
    expect([...after.keys()].sort()).toEqual(['sess.0', 'sess.1'])
    expect(readChunkedCookie(after, 'sess')).toBe(value)
  })

  it('does not log when the value fits one cookie', async () => {
    const log = vi.fn()
    await setCookies(undefined, (res, cookies) =>
      writeChunkedCookie(res, 'sess', base64url(CHUNK_SIZE), options, cookies, log),
    )
    expect(log).not.toHaveBeenCalled()
  })

  it('keeps only the last write when a value is written twice in one response', async () => {
    const value = base64url(3 * CHUNK_SIZE)
    const headers = await setCookies(undefined, (res, cookies) => {
      res.append('unrelated=1; Path=/')
      writeChunkedCookie(res, 'sess', value, options, cookies)
      writeChunkedCookie(res, 'sess', 'short', options, cookies)
    })
    expect(namesOf(headers)).toEqual(['unrelated', 'sess'])
    expect(readChunkedCookie(browserAfter(new Map(), headers), 'sess')).toBe('short')
  })

  it('refuses to write a value that needs more than 10 chunks, before touching the response', async () => {
    const headers = await setCookies('sess=old', (res, cookies) => {
      expect(() => writeChunkedCookie(res, 'sess', base64url(10 * CHUNK_SIZE + 1), options, cookies)).toThrow(
        RangeError,
      )
    })
    expect(headers).toEqual([])
  })

  it('reads back nothing for more than 10 chunks, a missing first chunk or an empty chunk', () => {
    const chunks = (count: number) =>
      parseCookies(Array.from({ length: count }, (_, index) => `sess.${index}=x`).join('; '))
    expect(readChunkedCookie(chunks(10), 'sess')).toBe('x'.repeat(10))
    expect(readChunkedCookie(chunks(11), 'sess')).toBeUndefined()
    expect(readChunkedCookie(parseCookies('sess.1=x; sess.2=y'), 'sess')).toBeUndefined()
    expect(readChunkedCookie(parseCookies('sess.0=x; sess.1=; sess.2=y'), 'sess')).toBeUndefined()
    expect(readChunkedCookie(parseCookies('sess=; other=1'), 'sess')).toBeUndefined()
    expect(readChunkedCookie(parseCookies('other=1'), 'sess')).toBeUndefined()
  })

  it('prefers the unchunked cookie, and ignores look-alike names', () => {
    expect(readChunkedCookie(parseCookies('sess=whole; sess.0=part'), 'sess')).toBe('whole')
    expect(readChunkedCookie(parseCookies('sessx=1; sess.a=2; sess.0=ok'), 'sess')).toBe('ok')
  })

  it('clears the cookie and all its chunks, leaving other cookies alone', async () => {
    const headers = await setCookies('sess.0=a; sess.1=b; sessx=keep; other=keep', (res, cookies) => {
      res.append('other=new; Path=/')
      writeChunkedCookie(res, 'sess', 'pending', options, cookies)
      clearChunkedCookie(res, cookies, 'sess', { ...options, path: '/' })
    })
    expect(namesOf(headers)).toEqual(['other', 'sess.0', 'sess.1'])
    for (const header of headers.slice(1))
      expect(header).toMatch(/^sess\.\d=; Max-Age=0; Expires=Thu, 01 Jan 1970/)
  })
})
